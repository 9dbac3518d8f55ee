import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { start, type Runtime } from '../src/runtime.js';
import { MemoryStore } from '../src/core/store.js';
import type { ConsentChangeDetail, ConsentState } from '../src/core/types.js';
import { captureConsole } from './helpers/console.js';

// A stand-in for the real preferences dialog: this file tests the runtime, not the UI.
const opened: Array<Element | null> = [];
customElements.define('consent-preferences', class extends HTMLElement {
  async show(invoker: Element | null) { opened.push(invoker); }
});

describe('runtime', () => {
  let runtime: Runtime | undefined;
  afterEach(() => {
    runtime?.stop();
    runtime = undefined;
    document.querySelectorAll('consent-settings-button, consent-preferences, consent-banner').forEach((e) => e.remove());
    opened.length = 0;
  });
  const boot = (config = {}, extra = {}) => (runtime = start({ config: { purposes: [{ id: 'analytics' }, { id: 'marketing' }], ...config }, storage: new MemoryStore(), channel: null, ...extra }));

  it('fires consent-ready on document with the loaded state, and loads the UI when a decision is needed', async () => {
    let uiLoads = 0;
    const ready = oneEvent(document, 'consent-ready');
    boot({}, { loadUi: async () => { uiLoads++; } });
    const e = (await ready) as CustomEvent<ConsentState>;
    expect(e.detail.status).to.equal('undecided');
    expect(e.bubbles && e.composed).to.equal(true);
    await waitUntil(() => uiLoads > 0);
  });

  it('asks the UI loader for the banner alone when a decision is needed, and for the preferences when they are opened', async () => {
    const asked: Array<boolean | undefined> = [];
    const rt = boot({}, { loadUi: async (preferences?: boolean) => { asked.push(preferences); } });
    await rt.api.ready;
    await waitUntil(() => asked.length > 0);
    expect(asked.every((p) => !p), `asked for ${asked}`).to.equal(true);
    await rt.api.openPreferences();
    expect(asked.at(-1)).to.equal(true);
    expect(opened).to.have.length(1);
  });

  it('loads the preferences with the UI when the page has a <consent-preferences>, also with no decision needed', async () => {
    await fixture(html`<consent-preferences inline></consent-preferences>`);
    const storage = new MemoryStore();
    const now = Date.now();
    await storage.set('decision', {
      v: 1, consentId: '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b', purposes: { necessary: true, analytics: true, marketing: false },
      policyVersion: '1', decidedAt: now - 60_000, expiresAt: now + 3600_000, lastEventId: 'e1',
    });
    const asked: Array<boolean | undefined> = [];
    const rt = boot({}, { storage, loadUi: async (preferences?: boolean) => { asked.push(preferences); } });
    expect((await rt.api.ready).status).to.equal('decided');
    await waitUntil(() => asked.length > 0, 'the UI was not loaded for the inline preferences');
    expect(asked).to.deep.equal([true]);
  });

  it('grant, refuse and withdraw through the API, each firing one bubbling, composed consent-change', async () => {
    const api = boot().api;
    await api.ready;
    const changes: ConsentChangeDetail[] = [];
    const onChange = (e: Event) => changes.push((e as CustomEvent<ConsentChangeDetail>).detail);
    document.addEventListener('consent-change', onChange);
    try {
      await api.grant(['analytics']);
      expect(api.isGranted('analytics')).to.equal(true);
      expect(api.isGranted('marketing')).to.equal(false);
      await api.grant();
      expect(api.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: true });
      await api.refuse(['marketing']);
      expect(api.isGranted('marketing')).to.equal(false);
      await api.withdraw();
      expect(api.isGranted('analytics')).to.equal(false);
      expect(changes.map((c) => [c.granted, c.revoked, c.method])).to.deep.equal([
        [['analytics'], [], 'api'], [['marketing'], [], 'api'], [[], ['marketing'], 'api'], [[], ['analytics'], 'api'],
      ]);
    } finally {
      document.removeEventListener('consent-change', onChange);
    }
  });

  it('subscribe gets changes until unsubscribed; set replaces every choice', async () => {
    const api = boot().api;
    const seen: string[][] = [];
    const off = api.subscribe((d) => seen.push(d.granted));
    await api.set({ analytics: true, marketing: true });
    off();
    await api.set({ analytics: false });
    expect(seen).to.deep.equal([['analytics', 'marketing']]);
    expect(api.state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
  });

  it('adds the floating settings button after a decision, unless switched off', async () => {
    const api = boot().api;
    await api.ready;
    expect(document.querySelector('consent-settings-button')).to.equal(null);
    await api.grant();
    expect(document.querySelector('consent-settings-button')).to.not.equal(null);
    runtime!.stop();
    document.querySelector('consent-settings-button')?.remove();
    const api2 = boot({ noSettingsButton: true }).api;
    await api2.grant();
    expect(document.querySelector('consent-settings-button')).to.equal(null);
  });

  it('opens the preferences from any [data-consent-open] element, passing it as the invoker', async () => {
    boot();
    const link = await fixture(html`<a href="#cookies" data-consent-open><span>Cookie settings</span></a>`);
    const inner = link.querySelector('span') as HTMLElement;
    const click = new MouseEvent('click', { bubbles: true, cancelable: true, composed: true });
    inner.dispatchEvent(click);
    await waitUntil(() => opened.length === 1);
    expect(opened[0]).to.equal(link);
    expect(click.defaultPrevented).to.equal(true);
  });

  it('warns when started twice and keeps the first configuration', async () => {
    const first = boot({ policyVersion: 'a' });
    const con = captureConsole();
    try {
      const second = start({ config: { policyVersion: 'b' }, storage: new MemoryStore(), channel: null });
      expect(second).to.equal(first);
      expect(second.store.config.policyVersion).to.equal('a');
      await con.flush();
      expect(con.warn.join()).to.contain('started twice');
    } finally {
      await con.restore();
    }
  });

  it('logs each configuration problem as a console error naming the field, and grants nothing', async () => {
    const con = captureConsole();
    try {
      const rt = boot({ privacyUrl: 'javascript:alert(1)', endpoint: 'http://example.org/e' }, { configError: 'is invalid (Unexpected token)' });
      const lines = await rt.problems;
      expect(lines).to.have.length(2);
      expect(con.error.join('\n')).to.contain('the JSON config in <consent-banner> is invalid (Unexpected token); defaults used')
        .and.contain('config privacyUrl: "javascript:alert(1)" is not an http(s) URL')
        .and.contain('config endpoint: "http://example.org/e" is not https');
      expect((await rt.api.ready).purposes.analytics).to.equal(false);
    } finally {
      await con.restore();
    }
  });

  it('a valid configuration logs nothing', async () => {
    const con = captureConsole();
    try {
      const rt = boot({ privacyUrl: '/privacy', endpoint: 'https://collect.example/e' });
      expect(await rt.problems).to.deep.equal([]);
      await rt.api.ready;
      await con.flush();
      expect(con.error).to.deep.equal([]);
      expect(con.warn).to.deep.equal([]);
    } finally {
      await con.restore();
    }
  });
});

describe('runtime delivery status', () => {
  it('is null without an endpoint', async () => {
    const rt = start({ config: {}, storage: new MemoryStore(), channel: null });
    try {
      expect(await rt.api.delivery()).to.equal(null);
    } finally {
      rt.stop();
    }
  });
});
