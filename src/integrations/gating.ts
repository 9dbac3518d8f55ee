import { log } from '../core/log.js';
import type { ConsentStore } from '../core/store.js';
import { trustedScript, trustedScriptURL } from './trusted-types.js';

const GATED = 'script[type="text/plain"][data-consent],iframe[data-consent]';
/**
 * Attributes not copied to the running script: replaced (`type`; `data-type` is copied as `type`),
 * set through a sink (`src`), or hidden (`nonce`, which only the IDL property carries).
 */
const SKIP = /^(type|data-consent|src|nonce)$/;

/** The live scripts that gating started (they no longer carry `data-consent`). */
export const activated = new WeakSet<Element>();

/**
 * Runs the page's gated elements once their purposes are granted:
 * - `<script type="text/plain" data-consent="analytics">` (inline or `src`; `data-type="module"` sets the type)
 *   is replaced by a live copy, at most once;
 * - `<iframe data-consent="marketing" data-src="…">` gets its `src` while granted and loses it when revoked.
 *
 * Elements are checked now, when the stored decision is known, on every change and whenever nodes are
 * added to the document. `data-consent="a b"` needs every purpose listed; an unknown purpose is
 * reported once and the element never runs. A script that already ran cannot be unloaded: on
 * revocation the page learns it from `consent-change` (`detail.revoked`) and may reload.
 *
 * @returns a function that stops watching
 */
export function attachGating(store: ConsentStore, doc: Document): () => void {
  /** Scripts that ran, and elements refused for an unknown purpose: never looked at again. */
  const done = new WeakSet<Element>();
  /** Settles when the last in-order external script has run (or failed); null when none is loading. Inline scripts wait for it. */
  let last: Promise<unknown> | null = null;
  let on = 1;

  // Typed as both kinds: the iframe branch uses `src`/`dataset`, the script branch the rest.
  const handle = (el: HTMLScriptElement & HTMLIFrameElement): void => {
    if (done.has(el)) return;
    const ids = el.dataset.consent!.trim().split(/\s+/);
    const bad = ids.find((id) => id != 'necessary' && !store.switchable.includes(id));
    const granted = ids.every(store.isGranted, store);
    if (bad) {
      done.add(el);
      // Its start tag names the element (src, data-src, id, data-consent); the element follows in the console.
      log.error('gate-unknown', bad, el);
    } else if (el.localName == 'iframe') {
      // iframe src is no Trusted Types sink (only srcdoc is), so the plain string is right here.
      const url = el.dataset.src;
      granted ? url && (el.src ||= url) : el.removeAttribute('src');
    } else if (granted) {
      done.add(el);
      try {
        const s = doc.createElement('script');
        activated.add(s);
        for (const { name, value } of el.attributes) SKIP.test(name) || s.setAttribute(name == 'data-type' ? 'type' : name, value);
        // The nonce attribute reads as "" once the element is connected; the IDL property keeps it.
        s.nonce = el.nonce;
        if (el.src) {
          // Inserted scripts are async by default; async = false keeps document order among them.
          s.async = el.hasAttribute('async');
          s.src = trustedScriptURL(el.src);
          // Connected: the element came from the document's own querySelectorAll just now.
          el.replaceWith(s);
          if (!s.async) {
            const p: Promise<unknown> = (last = new Promise((r) => (s.onload = s.onerror = r)).then(() => { if (last == p) last = null; }));
          }
        } else {
          s.text = trustedScript(el.text);
          // An inline script must not overtake an external one placed before it; with none loading it runs now.
          last ? void last.then(() => el.replaceWith(s)) : el.replaceWith(s);
        }
      } catch (e) {
        // E.g. Trusted Types refused the value (the browser's message says so): the element stays
        // blocked, and the other gated elements must still be handled.
        log.error('gate-failed', e, el);
      }
    }
  };

  // Elements already handled are skipped, so every added batch of nodes can simply rescan the document.
  const rescan = (): unknown => on && doc.querySelectorAll<HTMLScriptElement & HTMLIFrameElement>(GATED).forEach(handle);
  const observer = new MutationObserver(rescan);
  observer.observe(doc, { childList: true, subtree: true });
  store.addEventListener('change', rescan);
  rescan();
  void store.ready.then(rescan);

  return () => {
    on = 0;
    observer.disconnect();
    store.removeEventListener('change', rescan);
  };
}
