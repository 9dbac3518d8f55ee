/**
 * R-CONSENT-10: a material change (another vendor or recipient of a purpose) makes an earlier decision
 * no longer current: the banner shows again and nothing is granted until the visitor decides again.
 * A text edit (labels, cookie lifetimes) keeps the decision.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config-check.js';
import { ConsentStore, DECISION_KEY, MemoryStore } from '../../src/core/store.js';
import { IdbStore } from '../../src/storage/idb.js';
import type { ConsentChangeDetail, ConsentConfig, KeyValueStore, PurposeConfig, StoredDecision } from '../../src/core/types.js';
import { $, bannerFixture, cleanup, startRuntime, storedDecision } from '../helpers/elements.js';

declare global {
  interface Window {
    vendorGateLog?: string[];
  }
}

function makeStore(config: ConsentConfig, storage: KeyValueStore = new MemoryStore(), channel: string | null = null): ConsentStore {
  return new ConsentStore({ config: resolveConfig(config).config, storage, channel, gpc: () => false });
}

const withAnalytics = (analytics: Partial<PurposeConfig>): ConsentConfig => ({
  purposes: [{ id: 'analytics', ...analytics }, { id: 'marketing' }],
});

const GA4 = withAnalytics({ vendors: ['ga4'] });

/** Accepts everything under `before`, then loads the same device under `after` (a later page load). */
async function reload(before: ConsentConfig, after: ConsentConfig, storage: KeyValueStore = new MemoryStore()): Promise<ConsentStore> {
  expect((await makeStore(before, storage).acceptAll('accept_all')).status).to.equal('decided');
  const next = makeStore(after, storage);
  await next.ready;
  return next;
}

describe('a change of vendors or recipients (R-CONSENT-10)', () => {
  it('asks again after another vendor replaces one, granting nothing and keeping the consent id', async () => {
    const db = `ce-test-${Math.random().toString(36).slice(2)}`;
    const first = await makeStore(GA4, new IdbStore(db)).acceptAll('accept_all');
    const next = makeStore(withAnalytics({ vendors: ['matomo'] }), new IdbStore(db));
    const state = await next.ready;
    expect(state.status).to.equal('undecided');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(next.isGranted('analytics')).to.equal(false);
    expect(next.isGranted('marketing'), 'every purpose is asked again, not only the changed one').to.equal(false);
    expect(state.consentId, 'the consent id stays for the event chain').to.equal(first.consentId);
  });

  it('asks again for an added vendor, a removed one, a changed recipient and a vendor given another id', async () => {
    const changes: Array<[Partial<PurposeConfig>, Partial<PurposeConfig>]> = [
      [{ vendors: ['ga4'] }, { vendors: ['ga4', 'matomo'] }],
      [{ vendors: ['ga4', 'matomo'] }, { vendors: ['ga4'] }],
      [{ vendors: ['ga4'] }, {}],
      [{}, { vendors: ['matomo'] }],
      [{ vendors: ['ga4'] }, { vendors: [{ preset: 'ga4', recipient: 'Google LLC' }] }],
      [{ vendors: [{ id: 'tracker', name: 'Tracker', recipient: 'A Ltd.' }] }, { vendors: [{ id: 'tracker', name: 'Tracker', recipient: 'B Inc.' }] }],
      [{ vendors: [{ id: 'tracker', name: 'Tracker' }] }, { vendors: [{ id: 'tracker', name: 'Tracker', recipient: 'B Inc.' }] }],
      [{ vendors: [{ id: 'tracker', name: 'Tracker' }] }, { vendors: [{ id: 'other', name: 'Tracker' }] }],
    ];
    for (const [before, after] of changes) {
      const next = await reload(withAnalytics(before), withAnalytics(after));
      expect(next.state.status, `${JSON.stringify(before)} → ${JSON.stringify(after)}`).to.equal('undecided');
      expect(next.isGranted('analytics')).to.equal(false);
    }
  });

  it('keeps the decision when only texts change: labels, vendor names, cookie lifetimes and descriptions', async () => {
    const before: ConsentConfig = {
      purposes: [
        { id: 'analytics', label: 'Statistics', vendors: [{ preset: 'ga4' }, { id: 'tracker', name: 'Tracker', recipient: 'A Ltd.', cookies: [{ name: 't', lifetime: '1 day' }] }] },
        { id: 'marketing', cookies: [{ name: 'ad', lifetime: '1 month' }] },
      ],
    };
    const after: ConsentConfig = {
      purposes: [
        {
          id: 'analytics', label: { en: 'Statistics', nl: 'Statistieken' }, description: 'Counting visits',
          vendors: [
            { preset: 'ga4', name: 'Google Analytics', cookies: [{ name: '_ga', lifetime: '13 months' }] },
            { recipient: 'A Ltd.', name: 'The Tracker', id: 'tracker', cookies: [{ name: 't', lifetime: '2 days', purpose: 'Counts' }] },
          ],
        },
        { id: 'marketing', label: 'Ads', cookies: [{ name: 'ad', lifetime: '2 months' }] },
      ],
    };
    const next = await reload(before, after);
    expect(next.state.status).to.equal('decided');
    expect(next.state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: true });
  });

  it('stores the vendor keys only when a purpose has vendors, and a purpose without vendors stays decided', async () => {
    const storage = new MemoryStore();
    await makeStore(GA4, storage).decide({ marketing: true }, 'preferences_save');
    const record = await storage.get<StoredDecision>(DECISION_KEY);
    expect(Object.keys(record!.vendors!)).to.deep.equal(['analytics', 'marketing']);
    expect(record!.vendors!.analytics).to.be.a('string');
    expect(record!.vendors!.marketing).to.equal(undefined);
    const again = makeStore({ ...GA4, purposes: [...GA4.purposes!.slice(0, 1), { id: 'marketing', label: 'Ads' }] }, storage);
    expect((await again.ready).status).to.equal('decided');
    expect(again.isGranted('marketing')).to.equal(true);

    const plain = new MemoryStore();
    const noVendors = withAnalytics({});
    await makeStore(noVendors, plain).acceptAll();
    expect(await plain.get<StoredDecision>(DECISION_KEY)).to.not.have.property('vendors');
    expect((await makeStore(noVendors, plain).ready).status).to.equal('decided');
  });

  it('keeps a record from before vendors were recorded when no purpose has vendors, and asks again when one has', async () => {
    const storage = new MemoryStore();
    const old = storedDecision({ analytics: true, marketing: false });
    expect(old).to.not.have.property('vendors');
    await storage.set(DECISION_KEY, old);
    const plain = makeStore(withAnalytics({}), storage);
    expect((await plain.ready).status).to.equal('decided');
    expect(plain.isGranted('analytics')).to.equal(true);
    const withVendors = makeStore(GA4, storage);
    expect((await withVendors.ready).status).to.equal('undecided');
    expect(withVendors.isGranted('analytics')).to.equal(false);
  });

  it('never grants a purpose with vendors from a malformed vendors field', async () => {
    const key = (await reload(GA4, GA4)).record!.vendors!.analytics!;
    const malformed: unknown[] = [null, 'x', 5, true, [key], { analytics: 5 }, { analytics: [key] }, { analytics: null }, { marketing: key }, { analytics: `${key} ` }];
    for (const vendors of malformed) {
      const storage = new MemoryStore();
      await storage.set(DECISION_KEY, storedDecision({ analytics: true, marketing: true }, { vendors: vendors as StoredDecision['vendors'] }));
      const store = makeStore(GA4, storage);
      const state = await store.ready;
      expect(state.status, JSON.stringify(vendors)).to.equal('undecided');
      expect(store.isGranted('analytics'), JSON.stringify(vendors)).to.equal(false);
    }
    // The same well-formed record is honoured (the loop above failed for the field alone).
    const storage = new MemoryStore();
    await storage.set(DECISION_KEY, storedDecision({ analytics: true, marketing: true }, { vendors: { analytics: key } }));
    expect((await makeStore(GA4, storage).ready).status).to.equal('decided');
  });

  it('a decision from another tab made under other vendors does not apply here', async () => {
    const channel = `ce-${Math.random()}`;
    const here = makeStore(GA4, new MemoryStore(), channel);
    const oldTab = makeStore(withAnalytics({ vendors: ['matomo'] }), new MemoryStore(), channel);
    const sameTab = makeStore(GA4, new MemoryStore(), channel);
    await Promise.all([here.ready, oldTab.ready, sameTab.ready]);
    const next = () => new Promise<ConsentChangeDetail>((r) => here.addEventListener('change', (e) => r((e as CustomEvent<ConsentChangeDetail>).detail), { once: true }));
    try {
      let changed = next();
      await oldTab.acceptAll('accept_all');
      expect((await changed).source).to.equal('other-tab');
      expect(here.state.status).to.equal('undecided');
      expect(here.isGranted('analytics')).to.equal(false);
      changed = next();
      await sameTab.acceptAll('accept_all');
      expect((await changed).granted).to.deep.equal(['analytics', 'marketing']);
      expect(here.state.status).to.equal('decided');
    } finally {
      [here, oldTab, sameTab].forEach((s) => s.close());
    }
  });
});

describe('a change of vendors on the page (R-CONSENT-10)', () => {
  let box: HTMLElement | null = null;
  afterEach(() => {
    cleanup();
    box?.remove();
    box = null;
    delete window.vendorGateLog;
    document.querySelectorAll('consent-banner').forEach((e) => e.remove());
  });

  it('shows the banner again and runs a gated script only after a new accept', async () => {
    // Accepted on an earlier visit, when the site used GA4.
    const earlier = new MemoryStore();
    await makeStore(GA4, earlier).acceptAll('accept_all');
    const record = (await earlier.get<StoredDecision>(DECISION_KEY))!;
    box = document.createElement('div');
    box.innerHTML = '<script type="text/plain" data-consent="analytics">(window.vendorGateLog ||= []).push("analytics")</script>';
    document.body.append(box);

    const { runtime, sink } = await startRuntime(withAnalytics({ vendors: ['matomo'] }), { stored: record });
    expect(runtime.api.state.status).to.equal('undecided');
    expect(runtime.api.isGranted('analytics')).to.equal(false);
    const el = await bannerFixture();
    expect(window.vendorGateLog, 'the gated script ran before a new decision').to.equal(undefined);

    $(el, '[part~="accept"]').click();
    await waitUntil(() => window.vendorGateLog?.length, 'the gated script did not run after the new accept');
    expect(window.vendorGateLog).to.deep.equal(['analytics']);
    expect(runtime.api.state.status).to.equal('decided');
    expect(sink.decisions.map((d) => [d.eventType, d.consentId])).to.deep.equal([['consent.given', record.consentId]]);
  });
});
