import { log } from '../core/log.js';
import type { ConsentStore } from '../core/store.js';
import { trustedScript, trustedScriptURL } from './trusted-types.js';

const GATED = 'script[type="text/plain"][data-consent],iframe[data-consent]';
/** Attributes not copied to the running script: replaced (`type`, `data-type`), set through a sink (`src`), or hidden (`nonce`). */
const SKIP = /^(type|data-type|data-consent|src|nonce)$/;

/**
 * Runs the page's gated elements once their purposes are granted:
 * - `<script type="text/plain" data-consent="analytics">` (inline or `src`; `data-type="module"` sets the type)
 *   is replaced by a live copy, at most once;
 * - `<iframe data-consent="marketing" data-src="…">` gets its `src` while granted and loses it when revoked.
 *
 * Elements are checked now, when the stored decision is known, on every change and when they are added
 * to the document later. `data-consent="a b"` needs every purpose listed; an unknown purpose is reported
 * once and the element never runs. A script that already ran cannot be unloaded: on revocation the page
 * learns it from `consent-change` (`detail.revoked`) and may reload.
 *
 * @returns a function that stops watching
 */
export function attachGating(store: ConsentStore, doc: Document): () => void {
  /** Scripts that ran, and elements refused for an unknown purpose: never looked at again. */
  const done = new WeakSet<Element>();
  /** Settles when the last in-order external script has run (or failed): inline scripts wait for it. */
  let last: Promise<unknown> = Promise.resolve();
  let on = true;

  const run = (old: HTMLScriptElement): void => {
    const s = doc.createElement('script');
    for (const { name, value } of old.attributes) if (!SKIP.test(name)) s.setAttribute(name, value);
    const type = old.getAttribute('data-type');
    if (type) s.type = type;
    // The nonce attribute reads as "" once the element is connected; the IDL property keeps it.
    s.nonce = old.nonce;
    if (old.hasAttribute('src')) {
      // Inserted scripts are async by default; async = false keeps document order among them.
      s.async = old.hasAttribute('async');
      s.src = trustedScriptURL(old.src);
      old.replaceWith(s);
      if (!s.async && s.isConnected) last = new Promise((r) => { s.addEventListener('load', r); s.addEventListener('error', r); });
    } else {
      s.text = trustedScript(old.text);
      // An inline script must not overtake an external one placed before it.
      void last.then(() => old.replaceWith(s));
    }
  };

  const handle = (el: Element): void => {
    if (done.has(el)) return;
    const ids = el.getAttribute('data-consent')!.trim().split(/\s+/);
    const unknown = ids.filter((id) => id !== 'necessary' && !store.switchable.includes(id));
    const what = () => `<${el.localName}> ${el.id ? `#${el.id}` : el.getAttribute('src') ?? el.getAttribute('data-src') ?? 'inline'}`;
    if (unknown.length) {
      done.add(el);
      log.error(`${what()} names unknown purpose "${unknown.join('", "')}" in data-consent (known: necessary, ${store.switchable.join(', ')}); it will never run`, el);
      return;
    }
    const granted = ids.every((id) => store.isGranted(id));
    if (el.localName === 'iframe') {
      const url = el.getAttribute('data-src');
      if (!granted) el.removeAttribute('src');
      // iframe src is no Trusted Types sink (only srcdoc is), so the plain string is right here.
      else if (url && !el.hasAttribute('src')) (el as HTMLIFrameElement).src = url;
    } else if (granted) {
      done.add(el);
      try {
        run(el as HTMLScriptElement);
      } catch (e) {
        // E.g. Trusted Types refused the value: the other gated elements must still be handled.
        log.error(`${what()} could not be started (${(e as Error)?.message ?? e}); it stays blocked`, el);
      }
    }
  };

  const scan = (root: ParentNode): void => {
    if ((root as Element).matches?.(GATED)) handle(root as Element);
    root.querySelectorAll(GATED).forEach(handle);
  };
  const rescan = (): void => scan(doc);
  const observer = new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach((n) => n.nodeType === 1 && scan(n as Element));
  });
  observer.observe(doc, { childList: true, subtree: true });
  store.addEventListener('change', rescan);
  rescan();
  void store.ready.then(() => on && rescan());

  return () => {
    on = false;
    observer.disconnect();
    store.removeEventListener('change', rescan);
  };
}
