import { trustedScriptURL } from './trusted-types.js';

let gtagUrl = 'https://www.googletagmanager.com/gtag/js';

/**
 * Changes where the GA4 preset loads gtag.js from (default `https://www.googletagmanager.com/gtag/js`),
 * for a first-party proxy or for tests, which have no internet. `id` (and `l` for a custom data layer)
 * are added as query parameters. Call it before the library starts.
 */
export function setGtagUrl(url: string): void {
  gtagUrl = url;
}

/**
 * The GA4 preset, called by the Consent Mode integration once analytics is granted (on the click, or
 * on a load with a stored grant): injects gtag.js, then queues `js` and `config` with Google signals
 * and ad personalisation signals off and no `user_id` (the Dutch DPA's privacy-friendly settings).
 *
 * Once per page: nothing happens when a script with the same URL is already in the document. The
 * script gets the page's nonce (from the first `script[nonce]`) and a Trusted Types URL.
 *
 * @param gtag pushes its arguments to the data layer as one Arguments object
 */
export function loadGa4(doc: Document, id: string, layerName: string, gtag: (...args: unknown[]) => void): void {
  const url = new URL(gtagUrl, doc.baseURI);
  url.searchParams.set('id', id);
  // gtag.js reads the data layer named by `l`; without it, it would look at window.dataLayer.
  if (layerName !== 'dataLayer') url.searchParams.set('l', layerName);
  const src = url.href;
  for (const s of doc.scripts) if (s.src === src) return;
  const script = doc.createElement('script');
  script.async = true;
  const nonce = doc.querySelector<HTMLScriptElement>('script[nonce]')?.nonce;
  if (nonce) script.nonce = nonce;
  script.src = trustedScriptURL(src);
  doc.head.append(script);
  gtag('js', new Date());
  gtag('config', id, { allow_google_signals: false, allow_ad_personalization_signals: false });
}
