import { expect, waitUntil } from '@open-wc/testing';
import { start, type Runtime } from '../../src/runtime.js';
import { ConsentStore, MemoryStore } from '../../src/core/store.js';
import { resolveConfig } from '../../src/core/config-check.js';
import { uuid } from '../../src/core/uuid.js';
import { attachGating } from '../../src/integrations/gating.js';
import type { ConsentConfig, StoredDecision } from '../../src/core/types.js';
import { logged } from '../../src/core/log.js';

declare global {
  interface Window {
    gateLog?: string[];
  }
}

const config: ConsentConfig = {
  policyVersion: 'gate-1',
  purposes: [{ id: 'analytics', vendors: ['ga4'] }, { id: 'marketing' }],
};

/** A fixture URL with a unique query, so each test can see whether this very script was requested. */
const fresh = (file: string): string => `${new URL(`./fixtures/${file}`, import.meta.url).href}?${uuid()}`;
const requested = (url: string): boolean => performance.getEntriesByName(url).length > 0;
const log = (): string[] => window.gateLog ?? [];

/** A store that already holds a valid decision, as on a return visit. */
async function storeWith(purposes: Record<string, boolean>): Promise<MemoryStore> {
  const storage = new MemoryStore();
  const now = Date.now();
  const record: StoredDecision = {
    v: 1, consentId: uuid(), purposes, policyVersion: 'gate-1', decidedAt: now - 1000, expiresAt: now + 86_400_000,
    vendors: resolveConfig(config).config.vendorKeys,
  };
  await storage.set('decision', record);
  return storage;
}

let runtime: Runtime | null = null;
let box: HTMLElement | null = null;

function mount(markup: string): HTMLElement {
  box = document.createElement('div');
  box.innerHTML = markup;
  document.body.append(box);
  return box;
}

function run(storage = new MemoryStore()): Runtime {
  runtime = start({ config, storage, channel: null });
  return runtime;
}

/**
 * Waits until a necessary-only external script placed after the others has run. External gated scripts
 * keep document order, so anything activated before it would have run (and logged) first.
 */
async function settle(): Promise<void> {
  const marker = fresh('gate-b.js');
  mount(`<script type="text/plain" data-consent="necessary" src="${marker}"></script>`);
  await waitUntil(() => log().includes('b'), 'the necessary marker script did not run');
}

afterEach(() => {
  runtime?.stop();
  runtime = null;
  document.querySelectorAll('body > div, consent-settings-button').forEach((el) => el.remove());
  box = null;
  delete window.gateLog;
  localStorage.removeItem('gate-storage');
});

describe('script gating', () => {
  it('runs inline and src scripts only after consent', async () => {
    const src = fresh('gate-a.js');
    const el = mount(`
      <script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('inline')</script>
      <script type="text/plain" data-consent="analytics" src="${src}"></script>`);
    const rt = run();
    await rt.store.ready;
    await settle();
    expect(log()).to.deep.equal(['b']);
    expect(requested(src), 'gated src fetched before consent').to.be.false;
    expect(el.querySelectorAll('script[type="text/plain"]')).to.have.length(2);

    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().includes('a') && log().includes('inline'), 'gated scripts did not run after accept');
    expect(requested(src)).to.be.true;
    expect(el.querySelectorAll('script[type="text/plain"]')).to.have.length(0);
  });

  it('runs an inline script within the decision itself when no external gated script is loading, before the settings button appears', async () => {
    mount(`<script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push(
      document.querySelector('consent-settings-button') ? 'after-button' : 'inline')</script>`);
    const rt = run();
    await rt.store.ready;
    let seen: string[] | null = null;
    // Listeners run in order of registration: gating's came first, so the script has run by this one.
    rt.store.addEventListener('change', () => { seen = [...log()]; });
    await rt.store.acceptAll('accept_all');
    expect(seen).to.deep.equal(['inline']);
  });

  it('runs scripts on load when a grant is stored', async () => {
    const src = fresh('gate-a.js');
    mount(`
      <script type="text/plain" data-consent="analytics" src="${src}"></script>
      <script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('inline')</script>
      <script type="text/plain" data-consent="marketing">(window.gateLog ||= []).push('marketing')</script>`);
    const rt = run(await storeWith({ analytics: true, marketing: false }));
    await rt.store.ready;
    expect(rt.store.state.status).to.equal('decided');
    await waitUntil(() => log().includes('inline'), 'stored grant did not run the scripts');
    await settle();
    expect(log()).to.deep.equal(['a', 'inline', 'b']);
  });

  it('runs each script exactly once, however often the decision changes', async () => {
    const src = fresh('gate-a.js');
    mount(`
      <script type="text/plain" data-consent="analytics" src="${src}"></script>
      <script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('inline')</script>`);
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');
    await rt.store.rejectAll('reject_all');
    await rt.store.acceptAll('accept_all');
    await settle();
    expect(log()).to.deep.equal(['a', 'inline', 'b']);
    expect(performance.getEntriesByName(src)).to.have.length(1);
  });

  it('does not run an element again when the page re-inserts it', async () => {
    const el = mount(`<script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('inline')</script>`);
    const original = el.querySelector('script')!;
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().includes('inline'));
    expect(original.isConnected).to.be.false;
    el.append(original);
    await rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');
    await settle();
    expect(log()).to.deep.equal(['inline', 'b']);
    expect(original.isConnected, 'the marked original stays inert where the page put it').to.be.true;
  });

  it('keeps document order between external and inline scripts', async () => {
    mount(`
      <script type="text/plain" data-consent="analytics" src="${fresh('gate-a.js')}"></script>
      <script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('inline')</script>
      <script type="text/plain" data-consent="analytics" src="${fresh('gate-b.js')}"></script>`);
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().length === 3, 'not all scripts ran');
    expect(log()).to.deep.equal(['a', 'inline', 'b']);
    const external = Array.from(box!.querySelectorAll<HTMLScriptElement>('script[src]'));
    expect(external.map((s) => s.async)).to.deep.equal([false, false]);
  });

  it('keeps a site-set async attribute', async () => {
    const el = mount(`<script type="text/plain" data-consent="analytics" async src="${fresh('gate-a.js')}"></script>`);
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().includes('a'));
    expect(el.querySelector('script')!.async).to.be.true;
  });

  it('runs data-type="module" scripts as modules', async () => {
    const el = mount(`
      <script type="text/plain" data-type="module" data-consent="analytics" src="${fresh('gate-module.js')}"></script>
      <script type="text/plain" data-type="module" data-consent="analytics">(window.gateLog ||= []).push('inline-module:' + typeof import.meta.url)</script>`);
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().length === 2, 'module scripts did not run');
    expect(log()).to.have.members(['module:string', 'inline-module:string']);
    expect(Array.from(el.querySelectorAll('script'), (s) => s.type)).to.deep.equal(['module', 'module']);
  });

  it('copies attributes and the nonce, and drops the gating attributes', async () => {
    const el = mount(`<script type="text/plain" data-consent="analytics" id="gated-nonce" class="x" data-site="kept" nonce="n0nce-123">(window.gateLog ||= []).push('nonce')</script>`);
    const rt = run();
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().includes('nonce'));
    const live = el.querySelector('#gated-nonce') as HTMLScriptElement;
    expect(live.nonce).to.equal('n0nce-123');
    expect(live.hasAttribute('type')).to.be.false;
    expect(live.hasAttribute('data-consent')).to.be.false;
    expect(live.className).to.equal('x');
    expect(live.dataset.site).to.equal('kept');
  });

  it('runs a nonce-carrying inline script under a nonce CSP, and not one without the nonce', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<meta http-equiv="Content-Security-Policy" content="script-src 'nonce-t3st-n0nce'">
      <script type="text/plain" data-consent="analytics" nonce="t3st-n0nce">parent.gateLog.push('with-nonce')</script>
      <script type="text/plain" data-consent="analytics">parent.gateLog.push('without-nonce')</script>`;
    window.gateLog = [];
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    (box = document.createElement('div')).append(frame);
    document.body.append(box);
    await loaded;
    const doc = frame.contentDocument!;
    const violations: string[] = [];
    doc.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const store = new ConsentStore({ config: resolveConfig(config).config, storage: new MemoryStore(), channel: null });
    const detach = attachGating(store, doc);
    try {
      await store.acceptAll('accept_all');
      await waitUntil(() => violations.length > 0 && log().length > 0, 'expected one run and one CSP violation');
      expect(log()).to.deep.equal(['with-nonce']);
      expect(violations[0]).to.match(/^script-src/);
    } finally {
      detach();
      store.close();
    }
  });

  it('needs every purpose listed in data-consent', async () => {
    mount(`<script type="text/plain" data-consent="analytics marketing">(window.gateLog ||= []).push('both')</script>`);
    const rt = run();
    await rt.store.decide({ analytics: true, marketing: false }, 'preferences_save');
    await settle();
    expect(log()).to.deep.equal(['b']);
    await rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');
    await waitUntil(() => log().includes('both'));
  });

  it('loads a gated iframe when granted and unloads it when revoked', async () => {
    const frameUrl = new URL('./fixtures/gate-frame.html', import.meta.url).href;
    const el = mount(`<iframe title="video" data-consent="marketing" data-src="${frameUrl}"></iframe>`);
    const frame = el.querySelector('iframe')!;
    const rt = run();
    await rt.store.ready;
    expect(frame.hasAttribute('src')).to.be.false;

    await rt.store.acceptAll('accept_all');
    expect(frame.getAttribute('src')).to.equal(frameUrl);
    await waitUntil(() => frame.contentDocument?.getElementById('frame-marker'), 'the frame did not load');

    await rt.store.decide({ analytics: true, marketing: false }, 'withdraw_control');
    expect(frame.hasAttribute('src')).to.be.false;
    await waitUntil(() => frame.contentWindow?.location.href === 'about:blank', 'the frame was not unloaded');
    expect(frame.contentDocument?.getElementById('frame-marker')).to.equal(null);

    await rt.store.acceptAll('accept_all');
    await waitUntil(() => frame.contentDocument?.getElementById('frame-marker'), 'the frame did not load again');
  });

  it('handles elements added after start', async () => {
    const rt = run();
    await rt.store.ready;
    mount(`<script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('early')</script>`);
    await settle();
    expect(log()).to.deep.equal(['b']);
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => log().includes('early'));
    // After the grant, a script added by a single-page app runs as soon as it is inserted.
    mount(`<section><script type="text/plain" data-consent="analytics" src="${fresh('gate-a.js')}"></script></section>`);
    await waitUntil(() => log().includes('a'), 'a script added after the grant did not run');
  });

  it('reports an unknown purpose once and never runs the element', async () => {
    const src = fresh('gate-a.js');
    mount(`<script type="text/plain" data-consent="analytics statistiek" src="${src}"></script>`);
    const errors: unknown[][] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    try {
      const rt = run();
      await rt.store.acceptAll('accept_all');
      await rt.store.decide({ analytics: true }, 'preferences_save');
      await settle();
      await logged();
    } finally {
      console.error = original;
    }
    expect(log()).to.deep.equal(['b']);
    expect(requested(src)).to.be.false;
    expect(errors).to.have.length(1);
    expect(String(errors[0]![0])).to.include('"statistiek"').and.include(src);
    // The element itself goes to the console too, to inspect.
    expect(errors[0]![1]).to.be.instanceOf(HTMLScriptElement);
  });

  it('reports an element it could not start, keeps it blocked, and starts the others', async () => {
    const src = fresh('gate-a.js');
    mount(`<script type="text/plain" data-consent="analytics" src="${src}"></script>`);
    const errors: unknown[][] = [];
    const original = { error: console.error, replaceWith: Element.prototype.replaceWith };
    console.error = (...args: unknown[]) => { errors.push(args); };
    // The first activation fails, as when Trusted Types or the page refuse the element.
    let refused: Element | null = null;
    Element.prototype.replaceWith = function (this: Element, ...nodes: (Node | string)[]) {
      if (refused) return original.replaceWith.apply(this, nodes);
      refused = this;
      throw new DOMException('refused by the page', 'NotAllowedError');
    };
    try {
      const rt = run();
      await rt.store.acceptAll('accept_all');
      await settle(); // the marker after it still runs
      await logged();
    } finally {
      console.error = original.error;
      Element.prototype.replaceWith = original.replaceWith;
    }
    expect(requested(src)).to.be.false;
    expect(errors).to.have.length(1);
    expect(String(errors[0]![0])).to.equal('[consent-elements] a gated element could not be started (NotAllowedError: refused by the page); it stays blocked');
    expect(errors[0]![1]).to.equal(refused);
    expect((refused as Element | null)?.getAttribute('type')).to.equal('text/plain');
  });

  it('does not let a registered script write localStorage before consent (R-COOKIE-04)', async () => {
    mount(`<script type="text/plain" data-consent="analytics" src="${fresh('gate-storage.js')}"></script>`);
    const rt = run();
    await rt.store.ready;
    await settle();
    expect(localStorage.getItem('gate-storage')).to.equal(null);
    await rt.store.acceptAll('accept_all');
    await waitUntil(() => localStorage.getItem('gate-storage') === 'written', 'the script did not run after accept');
  });

  it('stops watching after detach', async () => {
    const store = new ConsentStore({ config: resolveConfig(config).config, storage: new MemoryStore(), channel: null });
    await store.acceptAll('accept_all');
    attachGating(store, document)();
    mount(`<script type="text/plain" data-consent="analytics">(window.gateLog ||= []).push('detached')</script>`);
    await store.decide({ analytics: true, marketing: true }, 'api');
    const rt = run();
    await rt.store.ready;
    await settle();
    expect(log()).to.deep.equal(['b']);
    store.close();
  });
});
