import { expect, oneEvent } from '@open-wc/testing';
import { start, type Runtime } from '../../src/runtime.js';
import { ConsentStore, MemoryStore } from '../../src/core/store.js';
import { resolveConfig } from '../../src/core/config-check.js';
import { uuid } from '../../src/core/uuid.js';
import { attachCookieCleanup, cookieDomains, type CookiesRemovedDetail } from '../../src/integrations/cookies.js';
import type { ConsentConfig, StoredDecision } from '../../src/core/types.js';

const config: ConsentConfig = {
  policyVersion: 'cookie-1',
  purposes: [
    // ga4: _ga and _ga_*; matomo: _pk_id.* and _pk_ses.*
    { id: 'analytics', vendors: ['ga4', 'matomo'], cookies: [{ name: 'shared_id' }] },
    { id: 'marketing', cookies: [{ name: 'ads_*_id' }, { name: 'shared_id' }] },
  ],
};
/** Names the declared analytics patterns can match: only these may ever be listed as removed. */
const ANALYTICS_NAME = /^(_ga|_ga_.*|_pk_id\..*|_pk_ses\..*|shared_id)$/;

const names = (doc: Document = document): string[] =>
  doc.cookie.split(';').map((c) => c.split('=')[0]!.trim()).filter(Boolean);
const setCookies = (...list: string[]): void => list.forEach((c) => { document.cookie = `${c}=1; path=/`; });

const TEST_COOKIES = ['_ga', '_ga_ABC123', '_pk_id.1.abcd', '_gax', '_pk_idx', 'site_pref', 'ads_x_id', 'shared_id'];
/** The next `consent-cookies-removed` on `target`. */
const removal = (target: EventTarget = document) =>
  oneEvent(target, 'consent-cookies-removed') as Promise<CustomEvent<CookiesRemovedDetail>>;
const removedEvents: CookiesRemovedDetail[] = [];
const record = (e: CustomEvent<CookiesRemovedDetail>): void => { removedEvents.push(e.detail); };

let runtime: Runtime | null = null;
function run(storage = new MemoryStore(), cfg = config): Runtime {
  runtime = start({ config: cfg, storage, channel: null });
  return runtime;
}

beforeEach(() => {
  removedEvents.length = 0;
  document.addEventListener('consent-cookies-removed', record);
});
afterEach(() => {
  runtime?.stop();
  runtime = null;
  document.removeEventListener('consent-cookies-removed', record);
  document.querySelectorAll('consent-settings-button, body > div').forEach((el) => el.remove());
  for (const n of TEST_COOKIES) document.cookie = `${n}=; max-age=0; path=/`;
});

describe('cookie cleanup', () => {
  it('deletes the refused purpose\'s declared cookies on refusal and says which', async () => {
    setCookies('_ga', '_ga_ABC123', '_pk_id.1.abcd', '_gax', '_pk_idx', 'site_pref');
    const rt = run();
    await rt.store.ready;
    expect(removedEvents, 'cleanup before any decision').to.have.length(0);

    const event = removal();
    await rt.store.rejectAll('reject_all');
    const { detail, bubbles, composed } = await event;
    expect(bubbles && composed).to.be.true;
    expect(detail.purposes).to.deep.equal(['analytics']);
    expect(detail.cookies).to.include.members(['_ga', '_ga_ABC123', '_pk_id.1.abcd']);
    // Other test files share this cookie jar, so only check that nothing undeclared is listed.
    expect(detail.cookies.every((n) => ANALYTICS_NAME.test(n)), detail.cookies.join()).to.be.true;

    const left = names();
    expect(left.filter((n) => ['_ga', '_ga_ABC123', '_pk_id.1.abcd'].includes(n))).to.deep.equal([]);
    // Undeclared cookies, including near misses of the patterns, are kept.
    expect(left).to.include.members(['_gax', '_pk_idx', 'site_pref']);
  });

  it('deletes on withdrawal and keeps the cookies of granted purposes', async () => {
    const rt = run();
    await rt.store.acceptAll('accept_all');
    setCookies('_ga', '_ga_ABC123', 'ads_x_id', 'shared_id', 'site_pref');
    await rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');
    expect(names()).to.include.members(['_ga', '_ga_ABC123', 'ads_x_id']);

    const event = removal();
    await rt.store.decide({ analytics: false, marketing: true }, 'withdraw_control');
    const { detail } = await event;
    expect(detail.purposes).to.deep.equal(['analytics']);
    expect(detail.cookies).to.include.members(['_ga', '_ga_ABC123']);
    expect(detail.cookies).to.not.include('shared_id');
    const left = names();
    expect(left).to.not.include('_ga').and.not.include('_ga_ABC123');
    // ads_x_id belongs to granted marketing; shared_id is declared by both, and marketing is granted.
    expect(left).to.include.members(['ads_x_id', 'shared_id', 'site_pref']);
  });

  it('deletes refused cookies on load when a refusal is stored', async () => {
    setCookies('_ga', '_ga_ABC123', 'ads_x_id');
    const storage = new MemoryStore();
    const now = Date.now();
    const stored: StoredDecision = {
      v: 1, consentId: uuid(), purposes: { analytics: false, marketing: true }, policyVersion: 'cookie-1',
      decidedAt: now - 1000, expiresAt: now + 86_400_000, vendors: resolveConfig(config).config.vendorKeys,
    };
    await storage.set('decision', stored);
    const event = removal();
    run(storage);
    const { detail } = await event;
    expect(detail.cookies).to.include.members(['_ga', '_ga_ABC123']);
    expect(names()).to.include('ads_x_id').and.not.include('_ga');
  });

  it('fires no event when nothing was removed', async () => {
    const own: ConsentConfig = { policyVersion: 'cookie-2', purposes: [{ id: 'analytics', cookies: [{ name: 'ce_only_here_*' }] }] };
    setCookies('site_pref');
    const rt = run(new MemoryStore(), own);
    await rt.store.rejectAll('reject_all');
    await rt.store.acceptAll('accept_all');
    // The cleanup runs synchronously inside the change event, so an event would have arrived by now.
    expect(removedEvents).to.have.length(0);
    expect(names()).to.include('site_pref');
  });

  it('deletes cookies set on the current path', async () => {
    const frame = document.createElement('iframe');
    const wrap = document.createElement('div');
    wrap.append(frame);
    const loaded = oneEvent(frame, 'load');
    frame.src = new URL('./fixtures/gate-frame.html', import.meta.url).href;
    document.body.append(wrap);
    await loaded;
    const doc = frame.contentDocument!;
    const dir = new URL('.', frame.src).pathname.replace(/\/$/, '');
    doc.cookie = `ads_path_id=1; path=${dir}`;
    expect(names(doc)).to.include('ads_path_id');
    expect(names(), 'the cookie is only visible on its path').to.not.include('ads_path_id');

    const store = new ConsentStore({ config: resolveConfig(config).config, storage: new MemoryStore(), channel: null });
    const detach = attachCookieCleanup(store, doc, resolveConfig(config).config);
    try {
      const event = removal(doc);
      await store.decide({ analytics: true, marketing: false }, 'preferences_save');
      const { detail } = await event;
      expect(detail).to.deep.equal({ purposes: ['marketing'], cookies: ['ads_path_id'] });
      expect(names(doc)).to.not.include('ads_path_id');
    } finally {
      detach();
      store.close();
    }
  });

  it('stops after detach', async () => {
    const store = new ConsentStore({ config: resolveConfig(config).config, storage: new MemoryStore(), channel: null });
    attachCookieCleanup(store, document, resolveConfig(config).config)();
    setCookies('_ga_ABC123');
    await store.rejectAll('reject_all');
    expect(names()).to.include('_ga_ABC123');
    expect(removedEvents).to.have.length(0);
    store.close();
  });
});

describe('cookieDomains', () => {
  it('lists the host and its parent domains down to, not including, the TLD', () => {
    expect(cookieDomains('www.woco.example.nl')).to.deep.equal(['.www.woco.example.nl', '.woco.example.nl', '.example.nl']);
    expect(cookieDomains('example.nl')).to.deep.equal(['.example.nl']);
    expect(cookieDomains('shop.example.co.uk')).to.deep.equal(['.shop.example.co.uk', '.example.co.uk', '.co.uk']);
  });

  it('has no domains for single-label hosts and IP addresses', () => {
    for (const host of ['localhost', 'nl', '127.0.0.1', '192.168.10.254', '[::1]', '::1', '2001:db8::1']) {
      expect(cookieDomains(host), host).to.deep.equal([]);
    }
  });
});
