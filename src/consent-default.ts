/*
 * Google Consent Mode v2 default, built as the classic script `dist/consent-default.js`.
 *
 * Load it synchronously as the very first script in <head>, before gtag.js or Google Tag Manager:
 *
 *   <script src="/consent-default.js"></script>
 *   <script src="/consent-default.js" data-layer="myLayer"></script>   (a custom data layer name)
 *
 * It denies all seven consent types until the library has read the visitor's stored choice (which
 * then sends a `consent update`), asks Google tags to wait up to 500 ms for that update, and turns
 * ads data redaction on. docs/consent-mode.md has the same code as an inline snippet.
 *
 * This file must stay free of imports and exports: the tests load this very source as a classic
 * script, and `document.currentScript` (the data-layer attribute) only exists for classic scripts.
 * Everything sits in one function so that nothing leaks into the page's globals but `gtag`.
 */
((w: Record<string, unknown>, script: HTMLOrSVGScriptElement | null) => {
  const name = script?.dataset.layer || 'dataLayer';
  const layer = (w[name] ??= []);
  if (!Array.isArray(layer)) {
    // A typo such as data-layer="name" would otherwise throw, and leave Google tags with no default.
    console.error(`[consent-elements] window.${name} is not an array, so no Consent Mode default was set; choose another data-layer name`);
    return;
  }
  // gtag.js only acts on Arguments objects; an array pushed instead is silently ignored.
  const gtag = function (..._: unknown[]): void {
    layer.push(arguments);
  };
  w.gtag ??= gtag;
  gtag('consent', 'default', {
    ad_storage: 'denied',
    ad_user_data: 'denied',
    ad_personalization: 'denied',
    analytics_storage: 'denied',
    functionality_storage: 'denied',
    personalization_storage: 'denied',
    security_storage: 'denied',
    wait_for_update: 500,
  });
  gtag('set', 'ads_data_redaction', true);
})(window as unknown as Record<string, unknown>, document.currentScript);
