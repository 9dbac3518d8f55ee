import { log } from '../core/log.js';
import type { ConsentStore } from '../core/store.js';

/**
 * Google Consent Mode v2: each consent type and the purposes that grant it (any one of them).
 *
 * `security_storage` (authentication, fraud prevention) is strictly necessary: every update grants
 * it, after a refusal too, as Google's category mapping does (requirement R-GCM-02). Only the default
 * (consent-default.js), sent before the stored decision is read, denies all seven.
 */
export const CONSENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  ad_storage: ['marketing'],
  ad_user_data: ['marketing'],
  ad_personalization: ['marketing'],
  analytics_storage: ['analytics'],
  functionality_storage: ['functional'],
  personalization_storage: ['functional'],
  security_storage: ['necessary'],
};

/** How the GA4 module is fetched; tests replace it to control when the module arrives. @internal */
export const loaders = { ga4: () => import('./ga4.js') };

/**
 * Connects the store to Google Consent Mode v2 and the tag-manager data layer
 * (`store.config.dataLayerName`, default `dataLayer`):
 *
 * - on each page load with a stored decision, and once per decision (in this tab or another, or a
 *   reset), it pushes `gtag('consent', 'update', {…all seven types…})` as an Arguments object, then
 *   the event `{ event: 'consent_update', consent_state: { analytics: 'granted', … } }` (no consent id);
 * - without a stored decision it pushes nothing, so the denied default stays;
 * - with `store.config.ga4MeasurementId`, it loads GA4 once analytics is granted (`loadGa4` in
 *   ga4.ts, a module fetched only then).
 *
 * When no `consent default` is in the data layer yet (consent-default.js missing), it warns and
 * pushes a denied default itself, before anything else it pushes.
 *
 * @returns a function that stops listening
 */
export function attachConsentMode(store: ConsentStore, win: Window): () => void {
  const { dataLayerName: name, ga4MeasurementId: ga4 } = store.config;
  const w = win as unknown as Record<string, unknown>;
  const push = (entry: unknown): void => {
    const layer = (w[name] ??= []);
    if (Array.isArray(layer)) layer.push(entry);
    else log.error('datalayer', name);
  };
  // gtag.js ignores entries that are not Arguments objects: this is the one way entries are made.
  const gtag = function (..._: unknown[]): void {
    push(arguments);
  };
  const types = (granted: (ids: readonly string[]) => boolean) =>
    Object.fromEntries(Object.entries(CONSENT_TYPES).map(([type, ids]) => [type, granted(ids) ? 'granted' : 'denied']));

  const layer = w[name];
  if (!(Array.isArray(layer) && layer.some((e) => Object.prototype.toString.call(e) === '[object Arguments]' && e[0] === 'consent' && e[1] === 'default'))) {
    log.warn('no-default', name);
    gtag('consent', 'default', { ...types(() => false), wait_for_update: 500 });
    gtag('set', 'ads_data_redaction', true);
  }

  const sync = (): void => {
    const { purposes } = store.state;
    gtag('consent', 'update', types((ids) => ids.some((id) => purposes[id] === true)));
    push({
      event: 'consent_update',
      consent_state: Object.fromEntries(store.switchable.map((id) => [id, purposes[id] ? 'granted' : 'denied'])),
    });
    // Loaded on demand: pages without the preset, or without consent, never fetch it. The grant
    // is checked again once it arrives, in case the visitor withdrew in the meantime.
    if (ga4 && purposes.analytics) {
      void loaders.ga4().then((m) => !stopped && store.isGranted('analytics') && m.loadGa4(win.document, ga4, name, gtag));
    }
  };
  // `done` stops the load-time update once a change has already pushed one (a GPC withdrawal made
  // while loading), and after detaching.
  let done = false;
  let stopped = false;
  const onChange = (): void => {
    done = true;
    sync();
  };
  store.addEventListener('change', onChange);
  void store.ready.then((state) => {
    if (!done && state.status === 'decided') sync();
  });
  return () => {
    done = stopped = true;
    store.removeEventListener('change', onChange);
  };
}
