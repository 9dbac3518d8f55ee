// In-page instrumentation, injected with page.addInitScript() before any page script runs.
// Everything is measured on the page's own clock: performance.now() is 0 at navigation start.

/**
 * @param {string[]} bannerPath a selector for the banner, then one selector per shadow root to enter
 *   (e.g. ['consent-banner', 'dialog'] finds the <dialog> inside <consent-banner>'s shadow root).
 */
export function instrument(bannerPath) {
  const b = (window.__bench = { visibleAt: null, opaqueAt: null, clickAt: null, gatedAt: null, cls: 0, shifts: 0 });

  // Promises the harness awaits with a single evaluate() call, so that no polling script runs in the
  // page while it is measured (Playwright's waitForFunction polls every frame and would add to the
  // page's script time).
  let opaque, gated;
  b.whenOpaque = new Promise((resolve) => { opaque = resolve; });
  b.whenGated = new Promise((resolve) => { gated = resolve; });
  // The gated script assigns window.__gatedAt = performance.now().
  Object.defineProperty(window, '__gatedAt', {
    configurable: true,
    get: () => b.gatedAt,
    set: (v) => {
      if (b.gatedAt == null) {
        b.gatedAt = v;
        gated(v);
      }
    },
  });

  // CLS: the sum of layout-shift values not caused by recent input (a session-window-free sum; the
  // pages are short-lived, so this equals the CLS a field tool would report for them).
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.hadRecentInput) {
          b.cls += e.value;
          b.shifts++;
        }
      }
    }).observe({ type: 'layout-shift', buffered: true });
  } catch { /* not supported: cls stays 0 */ }

  // The accept click: the trusted click event's timestamp (when the browser received the input),
  // taken in the capture phase on window, before any library handler.
  addEventListener('click', (e) => {
    if (e.isTrusted && b.clickAt == null) b.clickAt = e.timeStamp;
  }, true);

  const find = () => {
    let el = document.querySelector(bannerPath[0]);
    for (const sel of bannerPath.slice(1)) el = el?.shadowRoot?.querySelector(sel) ?? null;
    return el;
  };
  const composedParent = (n) => {
    if (n.parentElement) return n.parentElement;
    const root = n.getRootNode();
    return root instanceof ShadowRoot ? root.host : null;
  };
  const deepHit = (x, y) => {
    let hit = document.elementFromPoint(x, y);
    while (hit?.shadowRoot) {
      const inner = hit.shadowRoot.elementFromPoint(x, y);
      if (!inner || inner === hit) break;
      hit = inner;
    }
    return hit;
  };
  const composedContains = (outer, n) => {
    for (; n; n = composedParent(n)) if (n === outer) return true;
    return false;
  };

  /** 0 when the banner is not on screen, else its effective opacity (product over composed ancestors). */
  const shown = () => {
    const el = find();
    if (!el) return 0;
    const r = el.getBoundingClientRect();
    const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
    const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
    if (right - left < 1 || bottom - top < 1) return 0; // no size, or off screen
    if (getComputedStyle(el).visibility !== 'visible') return 0;
    let opacity = 1;
    for (let n = el; n; n = composedParent(n)) opacity *= Number(getComputedStyle(n).opacity);
    if (opacity <= 0) return 0;
    // Something else covering it (an overlay, another dialog) means it is not what the visitor sees.
    if (!composedContains(el, deepHit((left + right) / 2, (top + bottom) / 2))) return 0;
    return opacity;
  };

  // Checked once per frame, just before the frame is painted.
  const tick = () => {
    const o = shown();
    const now = performance.now();
    if (o > 0 && b.visibleAt == null) b.visibleAt = now;
    if (o >= 0.99 && b.opaqueAt == null) {
      b.opaqueAt = now;
      opaque(now);
    }
    if (b.opaqueAt == null && now < 20000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}
