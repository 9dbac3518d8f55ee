// A stand-in for an analytics tag. It runs only after analytics consent: it sets the cookies a GA4
// tag would set and shows a badge, so a visitor (and the end-to-end test) can see that it ran.
(function () {
  const week = 7 * 24 * 3600;
  document.cookie = `_ga=GA1.1.${Math.floor(Math.random() * 1e9)}.${Math.floor(Date.now() / 1000)}; path=/; max-age=${week}; SameSite=Lax`;
  document.cookie = `_ga_DEMO123=GS1.1.${Math.floor(Date.now() / 1000)}; path=/; max-age=${week}; SameSite=Lax`;
  window.__fakeAnalyticsRuns = (window.__fakeAnalyticsRuns || 0) + 1;
  const badge = document.getElementById('analytics-status');
  if (badge) {
    badge.textContent = badge.dataset.running;
    badge.dataset.state = 'running';
  }
})();
