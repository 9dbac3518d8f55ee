import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import { start, type Runtime } from '../../src/runtime.js';
import { MemoryStore } from '../../src/core/store.js';
import { setGtagUrl } from '../../src/integrations/ga4.js';
import { loaders } from '../../src/integrations/consent-mode.js';
import type { ConsentConfig } from '../../src/core/types.js';
import { logged } from '../../src/core/log.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke at page globals */
const w = window as any;
const SEVEN = ['ad_storage', 'ad_user_data', 'ad_personalization', 'analytics_storage', 'functionality_storage',
  'personalization_storage', 'security_storage'];
const DENIED = Object.fromEntries(SEVEN.map((k) => [k, 'denied']));
const GRANTED = Object.fromEntries(SEVEN.map((k) => [k, 'granted']));
/** What an update says after a refusal of everything: only the strictly necessary security storage is granted (R-GCM-02). */
const REFUSED = { ...DENIED, security_storage: 'granted' };
const FAKE_GTAG = '/test/integrations/fixtures/gcm-fake-gtag.js';
const GA4_ID = 'G-TEST1234';
const PURPOSES = [{ id: 'analytics' }, { id: 'marketing' }, { id: 'functional' }];

const isArgs = (e: unknown) => Object.prototype.toString.call(e) === '[object Arguments]';
/** gtag commands in a data layer, as plain arrays (for deep comparison). */
const commands = (layer: unknown[] = w.dataLayer ?? []) => layer.filter(isArgs).map((a) => Array.from(a as IArguments));
const updates = (layer?: unknown[]) => commands(layer).filter(([a, b]) => a === 'consent' && b === 'update').map((c) => c[2]);
const defaults = (layer?: unknown[]) => commands(layer).filter(([a, b]) => a === 'consent' && b === 'default');
const events = (layer: unknown[] = w.dataLayer ?? []) => layer.filter((e: any) => !isArgs(e) && e?.event === 'consent_update') as any[];

/** Loads the real src/consent-default.ts (as the wtr server transpiles it) as a classic script, like a page does. */
async function loadDefault(attrs: Record<string, string> = {}, doc: Document = document): Promise<void> {
  const s = doc.createElement('script');
  for (const [k, v] of Object.entries(attrs)) s.setAttribute(k, v);
  s.src = '/src/consent-default.ts';
  const loaded = new Promise((resolve, reject) => { s.onload = resolve; s.onerror = reject; });
  doc.head.append(s);
  await loaded;
  s.remove();
}

/** Loads a page in an iframe and returns its window once loaded. */
async function frame(html: string): Promise<any> {
  const f = document.createElement('iframe');
  f.className = 'gcm-test-frame';
  const loaded = new Promise((resolve) => { f.onload = resolve; });
  f.srcdoc = html;
  document.body.append(f);
  await loaded;
  return f.contentWindow;
}

// Tests have no internet: gtag.js comes from a local fake that records each load. Each test gets its
// own URL, so that a script a previous test injected, and that loads late, is not counted.
let testNo = 0;
beforeEach(() => setGtagUrl(`${FAKE_GTAG}?test=${++testNo}`));
after(() => setGtagUrl('https://www.googletagmanager.com/gtag/js'));
const gtagScripts = () => [...document.querySelectorAll<HTMLScriptElement>('script[src*="gcm-fake-gtag"]')];
/** Waits until GA4 is injected: the GA4 module is fetched on demand, so this happens a little after the grant. */
const injected = () => waitUntil(() => gtagScripts().length > 0, 'gtag.js was not injected');
/** The loads of the fake gtag.js by this test. */
const fakeLoads = (): Array<{ src: string; nonce: string }> =>
  (w.gcmFakeGtag ?? []).filter((l: { src: string }) => new URL(l.src).searchParams.get('test') === String(testNo));

let runtime: Runtime | null = null;
function boot(config: ConsentConfig = {}, storage = new MemoryStore()): Runtime {
  runtime = start({ config: { consentMode: true, purposes: PURPOSES, ...config }, storage, channel: null, gpc: () => false });
  return runtime;
}
/** A new page view: the old runtime stops, the data layer starts empty, the default snippet runs again. */
async function reload(config: ConsentConfig, storage: MemoryStore): Promise<Runtime> {
  runtime?.stop();
  delete w.dataLayer;
  await loadDefault();
  const rt = boot(config, storage);
  await rt.api.ready;
  return rt;
}

/** Captures one console level; `restore` waits for the library's pending messages first (see src/core/log.ts). */
function captureConsole(kind: 'warn' | 'error'): { messages: string[]; restore(): Promise<void> } {
  const original = console[kind];
  const messages: string[] = [];
  console[kind] = (...args: unknown[]) => { messages.push(args.map(String).join(' ')); };
  return { messages, restore: async () => { await logged(); console[kind] = original; } };
}

afterEach(() => {
  runtime?.stop();
  runtime = null;
  delete w.dataLayer;
  delete w.gcmLayer;
  delete w.gtag;
  delete w.gcmFakeGtag;
  document.querySelectorAll('script[src*="gcm-fake-gtag"], script[data-gcm-test], iframe.gcm-test-frame, consent-settings-button')
    .forEach((e) => e.remove());
});

describe('consent-default (the head snippet)', () => {
  it('denies all seven types with wait_for_update, then sets ads_data_redaction, as Arguments objects', async () => {
    w.dataLayer = [{ event: 'earlier' }];
    await loadDefault();
    expect(w.dataLayer).to.have.length(3);
    expect(w.dataLayer[0]).to.deep.equal({ event: 'earlier' });
    expect(isArgs(w.dataLayer[1]) && isArgs(w.dataLayer[2])).to.equal(true);
    expect(commands()).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
    // The gtag() it defines for the page pushes Arguments too.
    w.gtag('event', 'page_view');
    expect(isArgs(w.dataLayer[3])).to.equal(true);
    expect(Array.from(w.dataLayer[3])).to.deep.equal(['event', 'page_view']);
  });

  it('keeps a gtag() the page already has', async () => {
    const own = () => undefined;
    w.gtag = own;
    await loadDefault();
    expect(w.gtag).to.equal(own);
    expect(defaults()).to.have.length(1);
  });

  it('writes to the data layer named in its data-layer attribute', async () => {
    await loadDefault({ 'data-layer': 'gcmLayer' });
    expect(w.dataLayer).to.equal(undefined);
    expect(commands(w.gcmLayer)).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
  });

  it('logs an error and throws nothing when the data-layer name is taken by a non-array', async () => {
    const errors = captureConsole('error');
    try {
      await loadDefault({ 'data-layer': 'name' });
    } finally {
      await errors.restore();
    }
    expect(errors.messages.join()).to.contain('window.name is not an array');
    expect(w.name).to.be.a('string');
  });

  it('runs first in a page, before a Google tag queued after it', async () => {
    const win = await frame(`<!doctype html><head>
      <script src="/src/consent-default.ts"></script>
      <script>gtag('js', new Date()); gtag('config', 'G-PAGE1');</script></head>`);
    expect(commands(win.dataLayer).map((c) => c[0])).to.deep.equal(['consent', 'set', 'js', 'config']);
  });

  it('does the same as the inline snippet in docs/consent-mode.md', async () => {
    const md = await (await fetch('/docs/consent-mode.md')).text();
    const block = md.split('```html').map((b) => b.split('```')[0]!).find((b) => b.includes("gtag('consent', 'default'"));
    const inline = block?.match(/<script>([\s\S]*?)<\/script>/)?.[1];
    expect(inline, 'inline snippet in the docs').to.be.a('string');
    const fromDocs = await frame(`<!doctype html><head><script>${inline}</script></head>`);
    const shipped = await frame('<!doctype html><head><script src="/src/consent-default.ts"></script></head>');
    expect(commands(fromDocs.dataLayer)).to.have.length(2);
    expect(commands(fromDocs.dataLayer)).to.deep.equal(commands(shipped.dataLayer));
    expect(typeof fromDocs.gtag).to.equal('function');
  });
});

describe('Consent Mode updates and the dataLayer event', () => {
  it('pushes nothing without a stored decision, so the default stays', async () => {
    await loadDefault();
    const rt = boot();
    const state = await rt.api.ready;
    await aTimeout(30);
    expect(state.status).to.equal('undecided');
    expect(w.dataLayer).to.have.length(2);
    expect(defaults()).to.have.length(1);
  });

  it('pushes exactly one update and one event per decision, with all seven types each time', async () => {
    await loadDefault();
    const rt = boot();
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    expect(updates()).to.deep.equal([GRANTED]);
    await rt.store.rejectAll('reject_all');
    expect(updates()).to.deep.equal([GRANTED, REFUSED]);
    await rt.store.decide({ analytics: true }, 'preferences_save');
    await aTimeout(30);
    expect(updates()).to.have.length(3);
    expect(events()).to.have.length(3);
    for (const u of updates()) expect(Object.keys(u).sort()).to.deep.equal([...SEVEN].sort());
    // Each update is followed by its event.
    const kinds = w.dataLayer.slice(2).map((e: any) => (isArgs(e) ? e[1] : e.event));
    expect(kinds).to.deep.equal(['update', 'consent_update', 'update', 'consent_update', 'update', 'consent_update']);
  });

  it('maps analytics, marketing and functional to their consent types, and always grants security_storage', async () => {
    await loadDefault();
    const rt = boot();
    await rt.api.ready;
    const cases: Array<[Record<string, boolean>, string[]]> = [
      [{ analytics: true }, ['analytics_storage', 'security_storage']],
      [{ marketing: true }, ['ad_storage', 'ad_user_data', 'ad_personalization', 'security_storage']],
      [{ functional: true }, ['functionality_storage', 'personalization_storage', 'security_storage']],
      [{ analytics: true, functional: true }, ['analytics_storage', 'security_storage', 'functionality_storage', 'personalization_storage']],
      // A refusal of everything still grants the strictly necessary security storage (R-GCM-02).
      [{}, ['security_storage']],
    ];
    for (const [choices, granted] of cases) {
      await rt.store.decide(choices, 'preferences_save');
      const expected = Object.fromEntries(SEVEN.map((k) => [k, granted.includes(k) ? 'granted' : 'denied']));
      expect(updates().at(-1), JSON.stringify(choices)).to.deep.equal(expected);
    }
  });

  it('sends ad types denied when the site declares no marketing purpose', async () => {
    await loadDefault();
    const rt = boot({ purposes: [{ id: 'analytics' }] });
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    expect(updates()).to.deep.equal([{ ...DENIED, analytics_storage: 'granted', security_storage: 'granted' }]);
    expect(events()[0].consent_state).to.deep.equal({ analytics: 'granted' });
  });

  it('pushes one update and one event on each load with a stored decision, and no more', async () => {
    const storage = new MemoryStore();
    await loadDefault();
    const first = boot({}, storage);
    await first.api.ready;
    await first.store.decide({ analytics: true, marketing: false, functional: true }, 'preferences_save');
    const expected = { ...DENIED, analytics_storage: 'granted', security_storage: 'granted',
      functionality_storage: 'granted', personalization_storage: 'granted' };
    for (let page = 0; page < 2; page++) {
      const rt = await reload({}, storage);
      expect(rt.api.state.status).to.equal('decided');
      await aTimeout(50);
      expect(updates()).to.deep.equal([expected]);
      expect(events().map((e) => e.consent_state)).to.deep.equal([{ analytics: 'granted', marketing: 'denied', functional: 'granted' }]);
      // The update comes after the default on the new page.
      expect(commands().map((c) => c[1])).to.deep.equal(['default', 'ads_data_redaction', 'update']);
    }
  });

  it('pushes nothing on a load whose stored decision is outdated by a new policy version', async () => {
    const storage = new MemoryStore();
    await loadDefault();
    const first = boot({ policyVersion: '1' }, storage);
    await first.api.ready;
    await first.store.acceptAll('accept_all');
    const rt = await reload({ policyVersion: '2' }, storage);
    await aTimeout(30);
    expect(rt.api.state.status).to.equal('undecided');
    expect(updates()).to.deep.equal([]);
    expect(events()).to.deep.equal([]);
  });

  it('pushes a plain event with each purpose state and never the consent id', async () => {
    await loadDefault();
    const rt = boot();
    await rt.api.ready;
    await rt.store.decide({ marketing: true }, 'preferences_save');
    const consentId = rt.api.state.consentId!;
    expect(consentId).to.be.a('string').with.length(36);
    const [event] = events();
    expect(event).to.deep.equal({ event: 'consent_update', consent_state: { analytics: 'denied', marketing: 'granted', functional: 'denied' } });
    expect(isArgs(event)).to.equal(false);
    const text = JSON.stringify(w.dataLayer.map((e: unknown) => (isArgs(e) ? Array.from(e as IArguments) : e)));
    expect(text).not.to.contain(consentId);
    expect(text).not.to.contain('consent_id');
  });

  it('pushes every gtag command as an Arguments object, never as an array', async () => {
    const storage = new MemoryStore();
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID }, storage);
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => fakeLoads().length === 1, 'the fake gtag.js did not load');
    await rt.store.rejectAll('reject_all');
    for (const e of w.dataLayer) {
      expect(Array.isArray(e)).to.equal(false);
      expect(isArgs(e) || (typeof e === 'object' && typeof e.event === 'string'), String(e)).to.equal(true);
    }
    expect(commands().map((c) => c[0])).to.deep.equal(['consent', 'set', 'consent', 'js', 'config', 'consent']);
  });

  it('uses the configured dataLayerName', async () => {
    await loadDefault({ 'data-layer': 'gcmLayer' });
    const rt = boot({ dataLayerName: 'gcmLayer' });
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    expect(w.dataLayer).to.equal(undefined);
    expect(updates(w.gcmLayer)).to.deep.equal([GRANTED]);
    expect(events(w.gcmLayer)).to.have.length(1);
  });

  it('warns and pushes a denied default itself when consent-default.js is missing', async () => {
    const warnings = captureConsole('warn');
    let rt: Runtime;
    try {
      rt = boot();
      // Consent Mode is a lazy chunk: it has attached once `ready` resolves.
      await rt.api.ready;
    } finally {
      await warnings.restore();
    }
    expect(warnings.messages.join()).to.contain('no Consent Mode default found in window.dataLayer');
    expect(commands()).to.deep.equal([
      ['consent', 'default', { ...DENIED, wait_for_update: 500 }],
      ['set', 'ads_data_redaction', true],
    ]);
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    expect(commands().map((c) => c[1])).to.deep.equal(['default', 'ads_data_redaction', 'update']);
  });

  it('does not warn when the default is there', async () => {
    await loadDefault();
    const warnings = captureConsole('warn');
    try {
      await boot().api.ready;
    } finally {
      await warnings.restore();
    }
    expect(warnings.messages).to.deep.equal([]);
  });

  it('denies everything but security_storage again after a reset', async () => {
    await loadDefault();
    const rt = boot();
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    await rt.api.reset();
    expect(updates()).to.deep.equal([GRANTED, REFUSED]);
    expect(events()[1].consent_state).to.deep.equal({ analytics: 'denied', marketing: 'denied', functional: 'denied' });
  });

  it('pushes nothing once stopped', async () => {
    await loadDefault();
    const rt = boot();
    await rt.api.ready;
    rt.stop();
    runtime = null;
    await rt.store.acceptAll('accept_all');
    expect(w.dataLayer).to.have.length(2);
  });

  it('is switched on by a GA4 measurement id, and off without any setting', async () => {
    await loadDefault();
    let rt = start({ config: { purposes: PURPOSES }, storage: new MemoryStore(), channel: null, gpc: () => false });
    runtime = rt;
    await rt.api.ready;
    await rt.store.rejectAll('reject_all');
    expect(updates()).to.deep.equal([]);
    rt.stop();
    rt = start({ config: { purposes: PURPOSES, ga4MeasurementId: GA4_ID }, storage: new MemoryStore(), channel: null, gpc: () => false });
    runtime = rt;
    await rt.api.ready;
    await rt.store.rejectAll('reject_all');
    expect(updates()).to.deep.equal([REFUSED]);
  });
});

describe('GA4 preset', () => {
  const ga4Commands = () => commands().filter(([c]) => c === 'js' || c === 'config');

  it('loads nothing before consent, after a refusal, or with marketing alone', async () => {
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID });
    await rt.api.ready;
    await aTimeout(30);
    expect(gtagScripts()).to.deep.equal([]);
    await rt.store.rejectAll('reject_all');
    await rt.store.decide({ marketing: true, functional: true }, 'preferences_save');
    await aTimeout(50);
    expect(gtagScripts()).to.deep.equal([]);
    expect(ga4Commands()).to.deep.equal([]);
    expect(fakeLoads()).to.deep.equal([]);
  });

  it('loads gtag.js on the analytics grant, then js and config with signals off and no user_id', async () => {
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID });
    await rt.api.ready;
    await rt.store.decide({ analytics: true }, 'preferences_save');
    await injected();
    const [script, ...more] = gtagScripts();
    expect(more).to.deep.equal([]);
    const url = new URL(script!.src);
    expect(url.pathname).to.equal(FAKE_GTAG);
    expect(url.searchParams.get('id')).to.equal(GA4_ID);
    expect(url.searchParams.has('l')).to.equal(false);
    expect(script!.async).to.equal(true);
    const [js, config] = ga4Commands();
    expect(js![1]).to.be.instanceOf(Date);
    expect(config).to.deep.equal(['config', GA4_ID, { allow_google_signals: false, allow_ad_personalization_signals: false }]);
    // The default and the analytics update come before js/config.
    expect(commands().map((c) => c[1] instanceof Date ? 'date' : c[1])).to.deep.equal(['default', 'ads_data_redaction', 'update', 'date', GA4_ID]);
    await waitUntil(() => fakeLoads().length === 1, 'the fake gtag.js did not load');
  });

  it('keeps the default before any js, config or event entry', async () => {
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID });
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    await injected();
    w.gtag('event', 'sign_up');
    const names = commands().map((c) => c[0]);
    const firstDefault = commands().findIndex(([a, b]) => a === 'consent' && b === 'default');
    const firstTag = names.findIndex((n) => n === 'js' || n === 'config' || n === 'event');
    const firstUpdate = commands().findIndex(([a, b]) => a === 'consent' && b === 'update');
    expect(firstDefault).to.equal(0);
    expect(firstTag).to.be.greaterThan(firstUpdate);
    expect(firstUpdate).to.be.greaterThan(firstDefault);
  });

  it('loads gtag.js only once per page, whatever the visitor does next', async () => {
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID });
    await rt.api.ready;
    // Grants in quick succession, before the GA4 module has arrived...
    await rt.store.acceptAll('accept_all');
    await rt.store.decide({ analytics: true }, 'preferences_save');
    await injected();
    // ...and after gtag.js is in, with a withdrawal in between.
    await rt.store.rejectAll('reject_all');
    await rt.store.decide({ analytics: true }, 'preferences_save');
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => fakeLoads().length === 1, 'the fake gtag.js did not load');
    await aTimeout(50);
    expect(gtagScripts()).to.have.length(1);
    expect(fakeLoads()).to.have.length(1);
    expect(ga4Commands().map((c) => c[0])).to.deep.equal(['js', 'config']);
    expect(updates()).to.have.length(5);
  });

  it('does not load gtag.js when analytics is withdrawn before the GA4 module arrives', async () => {
    await loadDefault();
    const rt = boot({ ga4MeasurementId: GA4_ID });
    await rt.api.ready;
    // The GA4 module arrives only when the test lets it: after the refusal.
    const real = loaders.ga4;
    let arrive!: () => void;
    const gate = new Promise<void>((r) => { arrive = r; });
    let asked = 0;
    loaders.ga4 = () => { asked++; return gate.then(real); };
    try {
      await rt.store.acceptAll('accept_all');
      await rt.store.rejectAll('reject_all');
      expect(asked, 'the grant asked for the GA4 module').to.equal(1);
      arrive();
      await gate;
      await aTimeout(50);
    } finally {
      loaders.ga4 = real;
    }
    expect(updates().map((u) => u.analytics_storage)).to.deep.equal(['granted', 'denied']);
    expect(gtagScripts()).to.deep.equal([]);
    expect(ga4Commands()).to.deep.equal([]);
  });

  it('loads gtag.js on a later page load with a stored analytics grant, without a click', async () => {
    const storage = new MemoryStore();
    await loadDefault();
    const first = boot({ ga4MeasurementId: GA4_ID }, storage);
    await first.api.ready;
    await first.store.decide({ analytics: true }, 'preferences_save');
    await waitUntil(() => fakeLoads().length === 1, 'the fake gtag.js did not load');
    document.querySelectorAll('script[src*="gcm-fake-gtag"]').forEach((s) => s.remove()); // a new page
    await reload({ ga4MeasurementId: GA4_ID }, storage);
    await injected();
    expect(gtagScripts()).to.have.length(1);
    expect(commands().map((c) => c[0])).to.deep.equal(['consent', 'set', 'consent', 'js', 'config']);
    await waitUntil(() => fakeLoads().length === 2, 'the fake gtag.js did not load on the second page');
  });

  it('gives the script the page nonce and names a custom data layer', async () => {
    const marker = document.createElement('script');
    marker.type = 'application/json';
    marker.setAttribute('nonce', 'gcm-n0nce');
    marker.dataset.gcmTest = '';
    document.head.append(marker);
    await loadDefault({ 'data-layer': 'gcmLayer' });
    const rt = boot({ ga4MeasurementId: GA4_ID, dataLayerName: 'gcmLayer' });
    await rt.api.ready;
    await rt.store.acceptAll('accept_all');
    await injected();
    const [script, ...more] = gtagScripts();
    expect(more).to.deep.equal([]);
    expect(script!.nonce, script!.outerHTML).to.equal('gcm-n0nce');
    expect(new URL(script!.src).searchParams.get('l')).to.equal('gcmLayer');
    expect(commands(w.gcmLayer).map((c) => c[0])).to.deep.equal(['consent', 'set', 'consent', 'js', 'config']);
    await waitUntil(() => fakeLoads().length === 1, 'the fake gtag.js did not load');
    expect(fakeLoads()[0]!.nonce).to.equal('gcm-n0nce');
  });
});
