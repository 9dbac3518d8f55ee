// End-to-end: the demo site in the real system Chromium, driven by playwright-core.
// Issue 2: first visit → reject → reload → settings → grant → withdraw, by mouse and by keyboard.
// Issue 4: no request to another host before a decision, nor after a refusal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSite } from './helpers/demo.mjs';

const site = demoSite();

/** A fresh visitor: new context (no cookies, no IndexedDB), every request and console error recorded. */
async function visitor() {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, requests, errors };
}

const bannerDialog = (page) => page.locator('consent-banner dialog');
const analyticsRuns = (page) => page.evaluate(() => window.__fakeAnalyticsRuns ?? 0);
const gaCookies = async (context) => (await context.cookies()).filter((c) => c.name === '_ga' || c.name.startsWith('_ga_')).map((c) => c.name);
const foreign = (requests) => requests.filter((u) => !u.startsWith(site.base) && !u.startsWith('data:') && !u.startsWith('blob:'));

/** The deepest focused element, through shadow roots: its tag, part, role and text. */
const focused = (page) => page.evaluate(() => {
  let el = document.activeElement;
  while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
  return el ? { tag: el.localName, part: el.getAttribute('part') ?? '', role: el.getAttribute('role') ?? '', text: (el.textContent ?? '').trim(), label: el.getAttribute('aria-label') ?? '', labelledby: el.getAttribute('aria-labelledby') ?? '', host: el.getRootNode()?.host?.localName ?? '' } : null;
});

/** Presses Tab (at most `max` times) until the focused element matches; fails the test otherwise. */
async function tabTo(page, match, what, max = 40) {
  for (let i = 0; i < max; i++) {
    const f = await focused(page);
    if (f && match(f)) return f;
    await page.keyboard.press('Tab');
  }
  assert.fail(`keyboard: could not reach ${what} with Tab`);
}
const hasPart = (p) => (f) => f.part.split(/\s+/).includes(p);

/** After a refusal: the banner closes, nothing ran, no _ga cookie; after a reload no banner, only the settings button. */
async function refusedThenReloaded(page, context) {
  await bannerDialog(page).waitFor({ state: 'hidden' });
  assert.equal(await analyticsRuns(page), 0);
  assert.deepEqual(await gaCookies(context), []);
  await page.reload();
  await page.locator('consent-settings-button').waitFor({ state: 'visible' });
  assert.equal(await bannerDialog(page).isVisible().catch(() => false), false);
  assert.equal(await analyticsRuns(page), 0);
}

async function waitForEvents(types) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await (await fetch(`${site.base}/collect`)).json();
    const seen = events.map((e) => e.type);
    if (types.every((t) => seen.filter((s) => s === t).length >= types.filter((x) => x === t).length)) return events;
    if (Date.now() > deadline) assert.fail(`collector saw ${JSON.stringify(seen)}, expected ${JSON.stringify(types)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('mouse: first visit, reject, reload, grant in settings, withdraw', async () => {
  const { context, page, requests, errors } = await visitor();
  // 1. First visit: the banner shows and the gated script has not run.
  await page.goto(`${site.base}/demo/`);
  await bannerDialog(page).waitFor({ state: 'visible' });
  assert.equal(await analyticsRuns(page), 0);
  assert.match(await bannerDialog(page).innerText(), /Woonstichting De Linde/);
  assert.deepEqual(foreign(requests), [], 'no request to another host before a decision');

  // 2. Reject: nothing runs, no _ga cookie. 3. Reload: no banner, still nothing runs.
  await page.locator('consent-banner [part~=reject]').click();
  await refusedThenReloaded(page, context);
  assert.deepEqual(foreign(requests), [], 'no request to another host after a refusal');

  // 4. "Cookie settings" in the footer → grant analytics: the script runs.
  await page.getByRole('button', { name: 'Cookie-instellingen' }).first().click();
  const prefs = page.locator('consent-preferences dialog');
  await prefs.waitFor({ state: 'visible' });
  await page.locator('consent-preferences [role=switch][aria-labelledby=l-analytics]').click();
  await page.locator('consent-preferences [part~=save]').click();
  await prefs.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__fakeAnalyticsRuns === 1);
  assert.deepEqual((await gaCookies(context)).sort(), ['_ga', '_ga_DEMO123']);
  assert.equal(await page.locator('#analytics-status').getAttribute('data-state'), 'running');

  // 5. Withdraw through the floating settings button: the _ga cookies are gone.
  await page.locator('consent-settings-button').click();
  await prefs.waitFor({ state: 'visible' });
  await page.locator('consent-preferences [part~=reject]').click();
  await prefs.waitFor({ state: 'hidden' });
  await page.waitForFunction(() => !document.cookie.includes('_ga'));
  assert.deepEqual(await gaCookies(context), []);

  // The decisions reached the demo endpoint as consent events.
  await waitForEvents(['consent.refused', 'consent.given', 'consent.withdrawn']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('keyboard only: reject, then grant and withdraw through the footer link', async () => {
  const { context, page, errors } = await visitor();
  await page.goto(`${site.base}/demo/en.html`);
  await bannerDialog(page).waitFor({ state: 'visible' });
  // Focus is inside the banner (a modal dialog) from the start.
  const start = await focused(page);
  assert.equal(start.host === 'consent-banner' || start.tag === 'consent-banner', true, `focus starts in the banner, not ${JSON.stringify(start)}`);

  // Reject with the keyboard.
  await tabTo(page, hasPart('reject'), 'the Reject all button');
  await page.keyboard.press('Enter');
  await refusedThenReloaded(page, context);

  // Tab to the footer's "Cookie settings", open with Enter, switch analytics on with Space, save.
  await tabTo(page, (f) => f.tag === 'button' && f.text === 'Cookie settings', 'the footer Cookie settings link', 60);
  await page.keyboard.press('Enter');
  await page.locator('consent-preferences dialog').waitFor({ state: 'visible' });
  await tabTo(page, (f) => f.role === 'switch' && f.labelledby === 'l-analytics', 'the analytics switch');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('consent-preferences [role=switch][aria-labelledby=l-analytics]').getAttribute('aria-checked'), 'true');
  await tabTo(page, hasPart('save'), 'the Save button');
  await page.keyboard.press('Enter');
  await page.locator('consent-preferences dialog').waitFor({ state: 'hidden' });
  await page.waitForFunction(() => window.__fakeAnalyticsRuns === 1);
  // Focus went back to the footer button that opened the dialog.
  assert.equal((await focused(page)).text, 'Cookie settings');

  // Withdraw by keyboard: open again, Reject all.
  await page.keyboard.press('Enter');
  await page.locator('consent-preferences dialog').waitFor({ state: 'visible' });
  await tabTo(page, (f) => hasPart('reject')(f) && f.host === 'consent-preferences', 'the Reject all button in the preferences');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !document.cookie.includes('_ga'));
  assert.deepEqual(await gaCookies(context), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('first visit loads the banner only; the preferences chunk comes with Settings (keyboard), and the banner comes back after', async () => {
  const { context, page, requests, errors } = await visitor();
  // Chunk names without their hash: `en-prefs-AbCd1234.js` is `en-prefs`.
  const chunks = () => requests.filter((u) => u.includes('/dist/chunks/')).map((u) => u.split('/').pop().replace(/-[\w-]{8}\.js$/, ''));
  await page.goto(`${site.base}/demo/en.html`);
  await bannerDialog(page).waitFor({ state: 'visible' });
  await page.waitForTimeout(300); // nothing more may arrive at idle
  assert.ok(chunks().includes('ui'), `chunks: ${chunks()}`);
  assert.ok(chunks().includes('en'), `chunks: ${chunks()}`);
  assert.ok(!chunks().includes('preferences'), `the first visit fetched the preferences: ${chunks()}`);
  assert.ok(!chunks().includes('en-prefs'), `the first visit fetched the preferences' texts: ${chunks()}`);
  assert.ok(!chunks().includes('messages'), `the first visit fetched the console messages: ${chunks()}`);
  assert.equal(await page.evaluate(() => !!customElements.get('consent-preferences')), false);

  await tabTo(page, (f) => hasPart('settings')(f) && f.host === 'consent-banner', 'the banner Settings button');
  await page.keyboard.press('Enter');
  const prefs = page.locator('consent-preferences dialog');
  await prefs.waitFor({ state: 'visible' });
  assert.ok(chunks().includes('preferences') && chunks().includes('en-prefs'), `chunks: ${chunks()}`);
  assert.equal((await focused(page)).host, 'consent-preferences', 'focus is in the preferences');
  assert.equal(await bannerDialog(page).isVisible().catch(() => false), false);

  await page.keyboard.press('Escape');
  await prefs.waitFor({ state: 'hidden' });
  await bannerDialog(page).waitFor({ state: 'visible' });
  const back = await focused(page);
  assert.equal(back.host === 'consent-banner' || back.tag === 'consent-banner', true, `focus is back in the banner, not ${JSON.stringify(back)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('privacy page: the inline preferences work without the banner in the way', async () => {
  const { context, page } = await visitor();
  await page.goto(`${site.base}/demo/`);
  await page.locator('consent-banner [part~=accept]').click();
  await page.waitForFunction(() => window.__fakeAnalyticsRuns === 1);
  await page.goto(`${site.base}/demo/privacy.html`);
  const inline = page.locator('consent-preferences[inline]');
  await inline.locator('[role=switch][aria-labelledby=l-analytics]').waitFor({ state: 'visible' });
  assert.equal(await inline.locator('[role=switch][aria-labelledby=l-analytics]').getAttribute('aria-checked'), 'true');
  await inline.locator('[part~=reject]').click();
  await page.waitForFunction(() => !document.cookie.includes('_ga'));
  assert.equal(await inline.locator('[role=switch][aria-labelledby=l-analytics]').getAttribute('aria-checked'), 'false');
  await context.close();
});
