import { aTimeout, expect } from '@open-wc/testing';
import { start, type Runtime } from '../../src/runtime.js';
import { MemoryStore } from '../../src/core/store.js';
import type { ConsentChangeDetail, ConsentConfig, ConsentState, Decision } from '../../src/core/types.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- tests poke at page globals */
const w = window as any;
const PURPOSES = [{ id: 'analytics' }, { id: 'marketing' }, { id: 'functional' }];
const AD_TYPES = ['ad_storage', 'ad_user_data', 'ad_personalization'];

const isArgs = (e: unknown) => Object.prototype.toString.call(e) === '[object Arguments]';
const updates = () => ((w.dataLayer ?? []) as unknown[]).filter(isArgs).map((a) => Array.from(a as IArguments))
  .filter(([a, b]) => a === 'consent' && b === 'update').map((c) => c[2] as Record<string, string>);

/** One page view: a runtime with its own decision log (the outbox), changes and GPC signal. */
interface Page {
  rt: Runtime;
  decisions: Decision[];
  changes: ConsentChangeDetail[];
}

let runtime: Runtime | null = null;

/**
 * Starts the library like a page load. `gpc` is the signal as the browser would report it; leave it
 * out to let the store read `navigator.globalPrivacyControl` itself.
 */
function open(storage: MemoryStore, gpc: boolean | undefined, config: ConsentConfig = {}): Page {
  runtime?.stop();
  const decisions: Decision[] = [];
  const changes: ConsentChangeDetail[] = [];
  const rt = start({
    config: { purposes: PURPOSES, ...config },
    storage,
    channel: null,
    sink: { write: async (d) => { decisions.push(d); } },
    ...(gpc === undefined ? {} : { gpc: () => gpc }),
  });
  rt.store.addEventListener('change', (e) => changes.push((e as CustomEvent<ConsentChangeDetail>).detail));
  runtime = rt;
  return { rt, decisions, changes };
}

/** `store.ready`, failing fast (instead of at the test timeout) if it never settles. */
function ready(page: Page): Promise<ConsentState> {
  return Promise.race([
    page.rt.api.ready,
    aTimeout(2000).then(() => { throw new Error('store.ready did not settle within 2 s'); }),
  ]);
}

/** Defines `navigator.globalPrivacyControl` for one test, as a browser with the signal would. */
function setNavigatorGpc(value: unknown): void {
  Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true });
}

beforeEach(() => {
  // consent-default.js would have run first in <head>; this is what it leaves behind.
  w.dataLayer = [];
  w.gtag = function () { w.dataLayer.push(arguments); }; // eslint-disable-line prefer-rest-params
  w.gtag('consent', 'default', {});
});

afterEach(() => {
  runtime?.stop();
  runtime = null;
  delete w.dataLayer;
  delete w.gtag;
  // Removes only the own property defined above: the browser's own getter (Firefox) shows again.
  delete (navigator as any).globalPrivacyControl;
  document.querySelectorAll('consent-settings-button').forEach((e) => e.remove());
});

describe('Global Privacy Control', () => {
  it('leaves the purposes GPC refuses out of "accept all", and records the signal', async () => {
    const page = open(new MemoryStore(), true);
    await ready(page);
    const state = await page.rt.store.acceptAll('accept_all');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false, functional: true });
    const [decision] = page.decisions;
    expect(decision!.gpc).to.equal(true);
    expect(decision!.purposes.find((p) => p.id === 'marketing')!.state).to.equal('denied');
    expect(page.rt.store.record!.gpc).to.equal(true);
  });

  it('records gpc: false on decisions made without the signal', async () => {
    const page = open(new MemoryStore(), false);
    await ready(page);
    const state = await page.rt.store.acceptAll('accept_all');
    expect(state.purposes.marketing).to.equal(true);
    expect(page.decisions.map((d) => d.gpc)).to.deep.equal([false]);
    expect(page.rt.store.record!.gpc).to.equal(false);
  });

  it('keeps the ad consent types denied after "accept all" under GPC', async () => {
    const page = open(new MemoryStore(), true, { consentMode: true });
    await ready(page);
    await page.rt.store.acceptAll('accept_all');
    const [update, ...more] = updates();
    expect(more).to.deep.equal([]);
    for (const t of AD_TYPES) expect(update![t], t).to.equal('denied');
    expect(update!.analytics_storage).to.equal('granted');
    const event = w.dataLayer.find((e: any) => e?.event === 'consent_update');
    expect(event.consent_state.marketing).to.equal('denied');
  });

  it('refuses the purposes listed in gpcRefuses', async () => {
    const page = open(new MemoryStore(), true, { gpcRefuses: ['marketing', 'functional'] });
    await ready(page);
    const state = await page.rt.store.acceptAll('accept_all');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false, functional: false });
  });

  it('honours an explicit opt-in made while GPC is on, and records the signal with it', async () => {
    const page = open(new MemoryStore(), true, { consentMode: true });
    await ready(page);
    const state = await page.rt.store.decide({ analytics: false, marketing: true }, 'preferences_save');
    expect(state.purposes.marketing).to.equal(true);
    expect(page.decisions.map((d) => [d.method, d.gpc])).to.deep.equal([['preferences_save', true]]);
    for (const t of AD_TYPES) expect(updates()[0]![t], t).to.equal('granted');
  });

  it('withdraws a stored marketing grant made without GPC when a later load has GPC', async () => {
    const storage = new MemoryStore();
    const before = open(storage, false);
    await ready(before);
    await before.rt.store.acceptAll('accept_all');
    const granted = before.decisions[0]!;

    const page = open(storage, true);
    const state = await ready(page);
    expect(state.status).to.equal('decided');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false, functional: true });
    expect(page.decisions).to.have.length(1);
    const [withdrawal] = page.decisions;
    expect(withdrawal!.method).to.equal('gpc_signal');
    expect(withdrawal!.eventType).to.equal('consent.updated');
    expect(withdrawal!.gpc).to.equal(true);
    expect(withdrawal!.previousEventId).to.equal(granted.eventId);
    expect(withdrawal!.consentId).to.equal(granted.consentId);
    expect(Object.fromEntries(withdrawal!.purposes.map((p) => [p.id, p.state])))
      .to.deep.equal({ analytics: 'granted', marketing: 'withdrawn', functional: 'granted' });
    expect(page.changes.map((c) => [c.method, c.revoked])).to.deep.equal([['gpc_signal', ['marketing']]]);
  });

  it('records the GPC withdrawal as consent.withdrawn when marketing was the only grant', async () => {
    const storage = new MemoryStore();
    const before = open(storage, false);
    await ready(before);
    await before.rt.store.decide({ marketing: true }, 'preferences_save');
    const page = open(storage, true);
    const state = await ready(page);
    expect(state.purposes.marketing).to.equal(false);
    expect(page.decisions.map((d) => [d.eventType, d.method])).to.deep.equal([['consent.withdrawn', 'gpc_signal']]);
  });

  it('sends Consent Mode a single update, ads denied, on the load that withdraws', async () => {
    const storage = new MemoryStore();
    const before = open(storage, false, { consentMode: true });
    await ready(before);
    await before.rt.store.acceptAll('accept_all');
    w.dataLayer.length = 0;
    w.gtag('consent', 'default', {});

    const page = open(storage, true, { consentMode: true });
    await ready(page);
    await aTimeout(50);
    const [update, ...more] = updates();
    expect(more, 'one update for the load').to.deep.equal([]);
    for (const t of AD_TYPES) expect(update![t], t).to.equal('denied');
    expect(update!.analytics_storage).to.equal('granted');
  });

  it('follows the conflict rule end to end: withdrawn by GPC, then granted again explicitly, then kept', async () => {
    const storage = new MemoryStore();
    const first = open(storage, false);
    await ready(first);
    await first.rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');

    const second = open(storage, true);
    expect((await ready(second)).purposes.marketing).to.equal(false);
    const state = await second.rt.store.decide({ analytics: true, marketing: true }, 'preferences_save');
    expect(state.purposes.marketing).to.equal(true);
    expect(second.decisions.map((d) => [d.method, d.gpc])).to.deep.equal([['gpc_signal', true], ['preferences_save', true]]);

    const third = open(storage, true);
    const later = await ready(third);
    expect(later.purposes.marketing).to.equal(true);
    await aTimeout(30);
    expect(third.decisions).to.deep.equal([]);
    expect(third.changes).to.deep.equal([]);
  });

  it('settles a decision requested while loading, after the GPC withdrawal', async () => {
    const storage = new MemoryStore();
    const first = open(storage, false);
    await ready(first);
    await first.rt.store.acceptAll('accept_all');

    const page = open(storage, true);
    // The JS API's set() goes straight to store.decide(), before the stored decision has been read.
    const explicit = page.rt.api.set({ analytics: true, marketing: true });
    const [loaded, after] = await Promise.race([
      Promise.all([page.rt.api.ready, explicit]),
      aTimeout(2000).then(() => { throw new Error('ready or the early decision did not settle within 2 s'); }),
    ]);
    expect(loaded.purposes.marketing).to.equal(false);
    expect(after.purposes.marketing).to.equal(true);
    expect(page.decisions.map((d) => [d.method, d.gpc])).to.deep.equal([['gpc_signal', true], ['api', true]]);
  });

  it('does not touch a stored refusal, or grants GPC does not cover, when GPC appears', async () => {
    const storage = new MemoryStore();
    const first = open(storage, false);
    await ready(first);
    await first.rt.store.decide({ analytics: true }, 'preferences_save');
    const page = open(storage, true);
    const state = await ready(page);
    await aTimeout(30);
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false, functional: false });
    expect(page.decisions).to.deep.equal([]);
  });

  it('never reads a missing signal as consent: undecided, nothing granted, nothing recorded', async () => {
    const page = open(new MemoryStore(), false, { consentMode: true });
    const state = await ready(page);
    await aTimeout(30);
    expect(state.status).to.equal('undecided');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false, functional: false });
    expect(page.decisions).to.deep.equal([]);
    expect(updates()).to.deep.equal([]);
  });

  it('never reads the signal being on as consent either', async () => {
    const page = open(new MemoryStore(), true, { consentMode: true });
    const state = await ready(page);
    await aTimeout(30);
    expect(state.status).to.equal('undecided');
    expect(Object.entries(state.purposes).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
    expect(page.decisions).to.deep.equal([]);
  });

  describe('reading navigator.globalPrivacyControl (no gpc option)', () => {
    it('treats true as the signal', async () => {
      setNavigatorGpc(true);
      const page = open(new MemoryStore(), undefined);
      const state = await ready(page);
      expect(state.status).to.equal('undecided');
      expect(page.rt.store.gpc).to.equal(true);
      const after = await page.rt.store.acceptAll('accept_all');
      expect(after.purposes.marketing).to.equal(false);
      expect(page.decisions[0]!.gpc).to.equal(true);
    });

    for (const value of [false, undefined, 'true', 1, null]) {
      it(`treats ${JSON.stringify(value) ?? 'undefined'} as no signal, and not as a choice`, async () => {
        setNavigatorGpc(value);
        const page = open(new MemoryStore(), undefined);
        const state = await ready(page);
        expect(page.rt.store.gpc).to.equal(false);
        expect(state.status).to.equal('undecided');
        expect(Object.entries(state.purposes).filter(([, v]) => v).map(([k]) => k)).to.deep.equal(['necessary']);
        const after = await page.rt.store.acceptAll('accept_all');
        expect(after.purposes.marketing).to.equal(true);
        expect(page.decisions[0]!.gpc).to.equal(false);
      });
    }

    it('withdraws a stored marketing grant once the browser starts sending the signal', async () => {
      const storage = new MemoryStore();
      const first = open(storage, undefined);
      await ready(first);
      setNavigatorGpc(false);
      await first.rt.store.acceptAll('accept_all');
      setNavigatorGpc(true);
      const page = open(storage, undefined);
      const state = await ready(page);
      expect(state.purposes.marketing).to.equal(false);
      expect(page.decisions.map((d) => d.method)).to.deep.equal(['gpc_signal']);
    });
  });
});
