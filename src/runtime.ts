import { coreConfig } from './core/core-config.js';
import { setHost, getHost, type ConsentHost } from './core/host.js';
import { log, logged } from './core/log.js';
import { ConsentStore } from './core/store.js';
import type { ConsentChangeDetail, ConsentConfig, ConsentState, DecisionSink, KeyValueStore, ResolvedConfig } from './core/types.js';
import type { DeliveryStatus } from './transport/types.js';
import { IdbStore } from './storage/idb.js';
import { attachGating } from './integrations/gating.js';
import { pickLanguage } from './i18n/lang.js';
import { loadTexts } from './i18n/load.js';

declare global {
  interface GlobalEventHandlersEventMap {
    /** The stored decision has been read (every page load). */
    'consent-ready': CustomEvent<ConsentState>;
    /** A decision, in this tab or another one; not fired on load. */
    'consent-change': CustomEvent<ConsentChangeDetail>;
  }
}

/** The JS API, also on `window.consentElements` for script-tag users. */
export interface ConsentApi {
  /** Resolves with the state once the stored decision has been read. */
  readonly ready: Promise<ConsentState>;
  /** The current state. */
  readonly state: ConsentState;
  /** Whether a purpose is granted now. */
  isGranted(purpose: string): boolean;
  /** Grants the given purposes (default: all) and keeps the others as they are. */
  grant(purposes?: string[]): Promise<ConsentState>;
  /** Refuses the given purposes (default: all) and keeps the others as they are. */
  refuse(purposes?: string[]): Promise<ConsentState>;
  /** Withdraws consent for the given purposes (default: all); recorded as a withdrawal. */
  withdraw(purposes?: string[]): Promise<ConsentState>;
  /** Sets every purpose at once: `{ analytics: true, marketing: false }`. */
  set(choices: Record<string, boolean>): Promise<ConsentState>;
  /** Opens the preferences dialog. */
  openPreferences(): Promise<void>;
  /** Calls `listener` on every change (not on load); returns a function that unsubscribes. */
  subscribe(listener: (detail: ConsentChangeDetail) => void): () => void;
  /** Forgets the decision on this device; the banner shows again. */
  reset(): Promise<void>;
  /** Consent events waiting in the outbox, delivered and dead-lettered; `null` when no endpoint is configured. */
  delivery(): Promise<DeliveryStatus | null>;
}

export interface StartOptions {
  config?: ConsentConfig;
  /** What is wrong with the page's JSON config (`readElementConfig`'s `error`), reported as "the JSON config in <consent-banner> …; defaults used". */
  configError?: string | null;
  storage?: KeyValueStore;
  sink?: DecisionSink;
  clock?: () => number;
  /**
   * Loads the Lit elements (the drop-in loads them on demand): the banner, and with `preferences` also
   * `<consent-preferences>` (a chunk of its own in the drop-in).
   */
  loadUi?: (preferences?: boolean) => Promise<unknown>;
  /** Channel for cross-tab updates (tests isolate themselves with a unique name). */
  channel?: string | null;
  gpc?: () => boolean;
  /** Add a `<consent-banner>` to the page when a decision is needed and the page has none. */
  addBanner?: boolean;
  /** Where DOM events go and gated elements are looked for. */
  document?: Document;
}

export interface Runtime extends ConsentHost {
  readonly api: ConsentApi;
  /** The configuration problems, as logged to the console (resolves after they are logged; loads the full config). */
  readonly problems: Promise<string[]>;
  /** Detaches every listener and integration (tests; a page normally keeps one runtime for its life). */
  stop(): void;
}

const DISMISSED_KEY = 'consent-elements:dismissed';

/**
 * Starts the library on this page: reads the stored decision, gates scripts, bridges events to
 * `document` and shows the UI when a decision is needed. Starting twice returns the first runtime
 * with a warning (a page that loads the library twice).
 */
export function start(options: StartOptions = {}): Runtime {
  const existing = getHost() as Runtime | null;
  if (existing) {
    log.warn('started-twice');
    return existing;
  }
  const doc = options.document ?? document;
  if (options.configError) log.error('json-config', options.configError);
  // The core resolves only what it needs. The rest (texts, purposes in detail, vendors, cookies) and
  // the sentences that explain problems are lazy chunks, loaded when the UI, the outbox or the cookie
  // cleanup need them, or at once when the core settings already show a problem.
  let suspect = false;
  const config = coreConfig(options.config, () => { suspect = true; });
  let full: Promise<{ config: ResolvedConfig; lines: string[] }> | undefined;
  const resolveFull = () => (full ??= import('./core/logic.js').then(async ({ resolveDetails }) => {
    const config = resolveDetails(options.config, () => { suspect = true; });
    // Which fields are wrong, and why, is looked up only when the core or the details resolver noticed a problem.
    // It never fails: the configuration itself is resolved already, and the UI waits for it.
    const lines = suspect ? await import('./core/config-check.js').then((c) => c.describeProblems(options.config), (e) => [`${e}`]) : [];
    lines.forEach((line) => log.error('config', line));
    return { config, lines };
  }));
  const fullConfig = () => resolveFull().then((r) => r.config);
  if (suspect) void resolveFull();

  let stopped = false;
  const detachers: Array<() => void> = [() => { stopped = true; }];
  // Consent Mode is a lazy chunk. The store's `ready` waits for it, and so does every decision, so its
  // `consent update` is pushed for every decision and before any tag that a gated script pushes.
  let store: ConsentStore;
  const consentMode = config.consentMode
    ? import('./integrations/consent-mode.js').then(({ attachConsentMode }) => {
      if (!stopped) detachers.push(attachConsentMode(store, doc.defaultView ?? window));
    }, (e) => log.error('consent-mode-load', e))
    : undefined;
  // The outbox: made durable before a decision is confirmed, sent in the background.
  // A lazy chunk, loaded only when the site configured an endpoint (a site without one records nothing).
  const rawEndpoint = options.config?.endpoint;
  const sinkHandle = options.sink || !(rawEndpoint || config.endpoint) ? null
    : import('./transport/sink.js').then(({ createSink }) => createSink(config, rawEndpoint, doc, { full: fullConfig, ready: store.ready }));
  store = new ConsentStore({
    config, storage: options.storage ?? new IdbStore(), clock: options.clock,
    sink: options.sink ?? (sinkHandle ? { write: (d) => sinkHandle.then((h) => h.sink!.write(d)) } : undefined),
    channel: options.channel, gpc: options.gpc, until: consentMode,
  });
  detachers.push(() => sinkHandle?.then((h) => h.stop()));
  const lang = pickLanguage(config.lang, doc, Object.keys(config.texts));
  const loadElements = options.loadUi ?? (() => Promise.resolve());
  // The texts of the page's language are a chunk of their own: fetch them alongside the UI.
  const loadUi = (preferences?: boolean) => { void loadTexts(lang); void store.prepare(); return loadElements(preferences); };
  // Read when first needed: a visit with a stored decision never asks (each storage access is a
  // synchronous round trip to the browser, ahead of gating).
  let dismissed: boolean | undefined;
  const isDismissed = (): boolean => (dismissed ??= (() => {
    try {
      return sessionStorage.getItem(DISMISSED_KEY) === '1';
    } catch {
      return false; // storage blocked: the banner shows again on the next page
    }
  })());

  const fire = (type: string, detail: unknown) =>
    doc.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  const onChange = (e: Event) => fire('consent-change', (e as CustomEvent<ConsentChangeDetail>).detail);
  store.addEventListener('change', onChange);
  // Gated scripts run before the rest of the page's chrome is updated (the settings button, the cookie check).
  const gate = () => { if (!stopped) detachers.push(attachGating(store, doc)); };
  if (consentMode) void consentMode.then(gate);
  else gate();
  const onChrome = () => syncChrome();
  store.addEventListener('change', onChrome);

  const onClick = (e: Event) => {
    const opener = (e.target as Element | null)?.closest?.('[data-consent-open]');
    if (!opener) return;
    e.preventDefault();
    void runtime.openPreferences(opener);
  };
  doc.addEventListener('click', onClick);

  // Cookie cleanup is a lazy chunk, needed once something is refused and cookies exist (or appear).
  let cleaning: Promise<void> | undefined;
  const cleanCookies = () => {
    if (cleaning || stopped || store.state.status !== 'decided' || store.switchable.every((id) => store.isGranted(id))) return;
    cleaning = Promise.all([import('./integrations/cookies.js'), fullConfig()]).then(([{ attachCookieCleanup }, full]) => {
      if (!stopped) detachers.push(attachCookieCleanup(store, doc, full));
    });
  };
  store.addEventListener('change', cleanCookies);
  detachers.push(() => store.removeEventListener('change', cleanCookies));
  void store.ready.then(() => doc.cookie && cleanCookies());

  /** Shows the floating settings button once a choice exists (or the banner was closed), and the banner when one is needed. */
  const syncChrome = () => {
    const st = store.state;
    if (st.status === 'loading') return;
    // The UI is needed when a decision is, or when the page shows the preferences inline (a privacy page).
    const needBanner = st.status === 'undecided' && !isDismissed();
    // A page without a banner element still gets one when a decision is needed (drop-in and define entries).
    if (options.addBanner && needBanner && !doc.querySelector('consent-banner')) doc.body.append(doc.createElement('consent-banner'));
    const onPage = !!doc.querySelector('consent-preferences');
    if (needBanner || onPage) void loadUi(onPage);
    const wantButton = !config.noSettingsButton && (st.status === 'decided' || isDismissed());
    if (wantButton && !doc.querySelector('consent-settings-button')) doc.body.append(doc.createElement('consent-settings-button'));
  };

  /** Sets `ids` (default: every purpose) to `value` and keeps the others as they are. */
  const choose = (ids: string[] | undefined, value: boolean) => store.ready.then(() => {
    const next: Record<string, boolean> = { ...store.state.purposes };
    for (const id of ids ?? store.switchable) next[id] = value;
    delete next.necessary;
    return store.decide(next, 'api');
  });

  const api: ConsentApi = {
    get ready() { return store.ready; },
    get state() { return store.state; },
    isGranted: (p) => store.isGranted(p),
    grant: (purposes) => choose(purposes, true),
    refuse: (purposes) => choose(purposes, false),
    // A refusal of something granted is recorded as a withdrawal (the store sees what was granted).
    withdraw: (purposes) => choose(purposes, false),
    set: (choices) => store.decide(choices, 'api'),
    openPreferences: () => runtime.openPreferences(null),
    subscribe(listener) {
      const h = (e: Event) => listener((e as CustomEvent<ConsentChangeDetail>).detail);
      store.addEventListener('change', h);
      return () => store.removeEventListener('change', h);
    },
    reset: () => store.reset(),
    delivery: () => sinkHandle ? sinkHandle.then((h) => h.status!()) : Promise.resolve(null),
  };

  const runtime: Runtime = {
    store,
    api,
    get problems() { return resolveFull().then(async (r) => (await logged(), r.lines)); },
    fullConfig,
    lang,
    get dismissed() { return isDismissed(); },
    dismissBanner() {
      dismissed = true;
      try { sessionStorage.setItem(DISMISSED_KEY, '1'); } catch { /* best effort */ }
      syncChrome();
    },
    async openPreferences(invoker) {
      await loadUi(true);
      let dialog = doc.querySelector('consent-preferences:not([inline])') as (HTMLElement & { show?(invoker?: Element | null): Promise<void> }) | null;
      if (!dialog) {
        dialog = doc.createElement('consent-preferences');
        doc.body.append(dialog);
      }
      await customElements.whenDefined('consent-preferences');
      await dialog.show?.(invoker ?? (doc.activeElement as Element | null));
    },
    stop() {
      store.removeEventListener('change', onChange);
      store.removeEventListener('change', onChrome);
      doc.removeEventListener('click', onClick);
      detachers.forEach((d) => d());
      store.close();
      setHost(null);
    },
  };
  setHost(runtime);

  void store.ready.then((state) => {
    fire('consent-ready', state);
    syncChrome();
  });
  return runtime;
}
