import { expect } from '@open-wc/testing';
import { set as idbSet, createStore } from 'idb-keyval';
import { resolveConfig } from '../../src/core/config-check.js';
import { describeConfigErrors } from '../../src/core/messages.js';
import { ConsentStore, MemoryStore, DECISION_KEY } from '../../src/core/store.js';
import { addMonths } from '../../src/core/decide.js';
import { IdbStore } from '../../src/storage/idb.js';
import type { ConsentChangeDetail, ConsentConfig, Decision, KeyValueStore } from '../../src/core/types.js';
import { UUID_RE } from '../../src/core/store.js';
import { captureConsole } from '../helpers/console.js';

const T0 = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY = 24 * 3600 * 1000;

function clock(start = T0) {
  let now = start;
  const fn = () => now;
  fn.set = (t: number) => { now = t; };
  return fn as (() => number) & { set(t: number): void };
}

function makeStore(opts: { config?: ConsentConfig; storage?: KeyValueStore; clock?: () => number; sink?: { write(d: Decision): Promise<void> }; channel?: string | null; gpc?: () => boolean } = {}) {
  const { config } = resolveConfig(opts.config ?? { purposes: [{ id: 'analytics' }, { id: 'marketing' }] });
  return new ConsentStore({
    config, storage: opts.storage ?? new MemoryStore(), clock: opts.clock ?? clock(), sink: opts.sink,
    channel: opts.channel ?? null, gpc: opts.gpc ?? (() => false),
  });
}

const uniqueDb = () => `ce-test-${Math.random().toString(36).slice(2)}`;

describe('ConsentStore', () => {
  it('starts undecided with nothing but necessary granted', async () => {
    const store = makeStore();
    const state = await store.ready;
    expect(state.status).to.equal('undecided');
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: false, marketing: false });
    expect(store.isGranted('analytics')).to.equal(false);
    expect(store.isGranted('necessary')).to.equal(true);
    expect(store.isGranted('nonexistent')).to.equal(false);
  });

  it('accept all grants every purpose, creates a UUIDv4 consent id and expires after 12 months', async () => {
    const store = makeStore();
    const state = await store.acceptAll('accept_all');
    expect(state.status).to.equal('decided');
    expect(state.consentId).to.match(UUID_RE);
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: true });
    expect(state.decidedAt).to.equal(T0);
    expect(state.expiresAt).to.equal(Date.UTC(2027, 0, 15, 12, 0, 0));
  });

  it('two stores get different consent ids', async () => {
    const a = await makeStore().acceptAll();
    const b = await makeStore().acceptAll();
    expect(a.consentId).to.not.equal(b.consentId);
  });

  it('keeps the decision in IndexedDB across page loads', async () => {
    const db = uniqueDb();
    const first = makeStore({ storage: new IdbStore(db) });
    const decided = await first.decide({ analytics: true }, 'preferences_save');
    const second = makeStore({ storage: new IdbStore(db) });
    const loaded = await second.ready;
    expect(loaded.status).to.equal('decided');
    expect(loaded.storage).to.equal('indexeddb');
    expect(loaded.consentId).to.equal(decided.consentId);
    expect(loaded.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false });
  });

  it('asks again after the validity period, under a controlled clock', async () => {
    const storage = new MemoryStore();
    const c = clock();
    await makeStore({ storage, clock: c }).acceptAll();
    c.set(addMonths(T0, 12) - DAY);
    expect((await makeStore({ storage, clock: c }).ready).status).to.equal('decided');
    c.set(addMonths(T0, 12) + 1);
    const later = await makeStore({ storage, clock: c }).ready;
    expect(later.status).to.equal('undecided');
    expect(later.purposes.analytics).to.equal(false);
  });

  it('honours a shorter validity and clamps a longer one to 13 months', async () => {
    const c = clock();
    const short = makeStore({ config: { validityMonths: 3 }, clock: c });
    expect((await short.acceptAll()).expiresAt).to.equal(addMonths(T0, 3));
    const { config, errors } = resolveConfig({ validityMonths: 24 });
    expect(config.validityMonths).to.equal(13);
    expect(describeConfigErrors(errors).join()).to.contain('config validityMonths: 24 is more than the maximum of 13 months');
  });

  it('remembers a refusal for 6 months, then asks again', async () => {
    const storage = new MemoryStore();
    const c = clock();
    const refused = await makeStore({ storage, clock: c }).rejectAll('reject_all');
    expect(refused.expiresAt).to.equal(addMonths(T0, 6));
    c.set(addMonths(T0, 5));
    expect((await makeStore({ storage, clock: c }).ready).status).to.equal('decided');
    c.set(addMonths(T0, 6) + DAY);
    expect((await makeStore({ storage, clock: c }).ready).status).to.equal('undecided');
  });

  it('asks again when the policy version changes, keeping the consent id for the event chain', async () => {
    const storage = new MemoryStore();
    const first = await makeStore({ storage, config: { policyVersion: '2026-01' } }).acceptAll();
    const next = makeStore({ storage, config: { policyVersion: '2026-06' } });
    const state = await next.ready;
    expect(state.status).to.equal('undecided');
    expect(state.purposes.analytics).to.equal(false);
    expect(next.record?.consentId).to.equal(first.consentId);
  });

  it('asks again when a purpose is added', async () => {
    const storage = new MemoryStore();
    await makeStore({ storage, config: { purposes: [{ id: 'analytics' }] } }).acceptAll();
    const state = await makeStore({ storage, config: { purposes: [{ id: 'analytics' }, { id: 'marketing' }] } }).ready;
    expect(state.status).to.equal('undecided');
  });

  it('treats corrupt or foreign stored data as no decision, with a warning', async () => {
    for (const junk of ['granted', { v: 1, consentId: 'x', purposes: {} }, { v: 2 }, { v: 1, consentId: '5f0c2d9e-7a1b-4c3d-8e9f-0a1b2c3d4e5f', purposes: { analytics: 'yes' }, policyVersion: '1', decidedAt: 1, expiresAt: 2 }]) {
      const storage = new MemoryStore();
      await storage.set(DECISION_KEY, junk);
      const con = captureConsole();
      try {
        const state = await makeStore({ storage }).ready;
        expect(state.status).to.equal('undecided');
        expect(state.purposes.analytics).to.equal(false);
        await con.flush();
        expect(con.warn.join('\n')).to.contain('stored consent decision is unusable');
      } finally {
        await con.restore();
      }
    }
  });

  it('reads foreign data written to the real IndexedDB store as no decision', async () => {
    const db = uniqueDb();
    await idbSet(DECISION_KEY, { hello: 'world' }, createStore(db, 'kv'));
    const con = captureConsole();
    try {
      const state = await makeStore({ storage: new IdbStore(db) }).ready;
      expect(state.status).to.equal('undecided');
      await con.flush();
      expect(con.warn.join()).to.contain('unusable');
    } finally {
      await con.restore();
    }
  });

  it('works for the visit when IndexedDB is broken, grants nothing silently, and warns', async () => {
    const broken: KeyValueStore = {
      kind: 'indexeddb',
      get: () => Promise.reject(new DOMException('The operation failed', 'UnknownError')),
      set: () => Promise.reject(new DOMException('QuotaExceededError', 'QuotaExceededError')),
      del: () => Promise.reject(new Error('nope')),
    };
    const con = captureConsole();
    try {
      const store = makeStore({ storage: broken });
      const state = await store.ready;
      expect(state.status).to.equal('undecided');
      expect(state.purposes.analytics).to.equal(false);
      await con.flush();
      expect(con.warn.join()).to.contain('IndexedDB is unavailable');
      const decided = await store.decide({ analytics: true }, 'preferences_save');
      expect(decided.status).to.equal('decided');
      expect(decided.storage).to.equal('memory');
      expect(decided.purposes.analytics).to.equal(true);
    } finally {
      await con.restore();
    }
  });

  it('falls back to memory when a write fails after a good read', async () => {
    const mem = new MemoryStore();
    const flaky: KeyValueStore = { kind: 'indexeddb', get: (k) => mem.get(k), set: () => Promise.reject(new Error('QuotaExceededError')), del: (k) => mem.del(k) };
    const con = captureConsole();
    try {
      const store = makeStore({ storage: flaky });
      const state = await store.acceptAll();
      expect(state.storage).to.equal('memory');
      expect(state.purposes.analytics).to.equal(true);
      await con.flush();
      expect(con.warn.join()).to.contain('kept in memory');
    } finally {
      await con.restore();
    }
  });

  it('treats a same-named IndexedDB database of another script (no "kv" store) as unavailable', async () => {
    const db = uniqueDb();
    const req = indexedDB.open(db, 5);
    await new Promise((r) => { req.onsuccess = r; req.onupgradeneeded = () => req.result.createObjectStore('other'); });
    const con = captureConsole();
    try {
      const state = await makeStore({ storage: new IdbStore(db) }).ready;
      expect(state.status).to.equal('undecided');
      expect(state.storage).to.equal('memory');
      await con.flush();
      expect(con.warn.join()).to.contain('IndexedDB is unavailable');
    } finally {
      await con.restore();
      req.result.close();
    }
  });

  it('writes to the sink before storing and before telling listeners', async () => {
    const order: string[] = [];
    const mem = new MemoryStore();
    const storage: KeyValueStore = { kind: 'memory', get: (k) => mem.get(k), set: async (k, v) => { order.push('storage'); await mem.set(k, v); }, del: (k) => mem.del(k) };
    const sink = { write: async (d: Decision) => { order.push(`sink:${d.eventType}`); } };
    const store = makeStore({ storage, sink });
    store.addEventListener('change', () => order.push('change'));
    await store.acceptAll('accept_all');
    expect(order).to.deep.equal(['sink:consent.given', 'storage', 'change']);
  });

  it('chains events: given → updated → withdrawn, with previous event ids and per-purpose states', async () => {
    const seen: Decision[] = [];
    const store = makeStore({ sink: { write: async (d) => { seen.push(d); } } });
    await store.acceptAll('accept_all', { text: 'Cookies', language: 'en', layer: 1 });
    await store.decide({ analytics: true, marketing: false }, 'preferences_save');
    await store.rejectAll('withdraw_control');
    expect(seen.map((d) => d.eventType)).to.deep.equal(['consent.given', 'consent.updated', 'consent.withdrawn']);
    expect(seen[0]!.previousEventId).to.equal(null);
    expect(seen[1]!.previousEventId).to.equal(seen[0]!.eventId);
    expect(seen[2]!.previousEventId).to.equal(seen[1]!.eventId);
    expect(new Set(seen.map((d) => d.consentId)).size).to.equal(1);
    expect(seen[1]!.purposes).to.deep.include({ id: 'marketing', state: 'withdrawn', validUntil: addMonths(T0, 12) });
    expect(seen[2]!.purposes.map((p) => p.state)).to.deep.equal(['withdrawn', 'denied']);
    expect(seen[0]!.notice).to.deep.equal({ text: 'Cookies', language: 'en', layer: 1 });
    expect(seen[2]!.method).to.equal('withdraw_control');
  });

  it('does not link a later grant to an anonymous refusal', async () => {
    const seen: Decision[] = [];
    const store = makeStore({ sink: { write: async (d) => { seen.push(d); } } });
    await store.rejectAll('reject_all');
    expect(store.record?.lastEventId).to.equal(undefined);
    await store.acceptAll('accept_all');
    expect(seen.map((d) => d.eventType)).to.deep.equal(['consent.refused', 'consent.given']);
    expect(seen[1]!.previousEventId).to.equal(null);
  });

  it('reports an unknown purpose in a decision and ignores it', async () => {
    const con = captureConsole();
    try {
      const state = await makeStore().decide({ analytics: true, telemetry: true }, 'api');
      expect(state.purposes).to.not.have.property('telemetry');
      await con.flush();
      expect(con.error.join()).to.contain('unknown purpose "telemetry"');
    } finally {
      await con.restore();
    }
  });

  it('still applies a decision when the sink fails, and says the proof may be missing', async () => {
    const con = captureConsole();
    try {
      const store = makeStore({ sink: { write: () => Promise.reject(new Error('disk full')) } });
      const state = await store.acceptAll();
      expect(state.purposes.analytics).to.equal(true);
      await con.flush();
      expect(con.error.join()).to.contain('could not be written to the outbox (disk full)');
    } finally {
      await con.restore();
    }
  });

  it('applies a decision made in another tab at once', async () => {
    const channel = `ce-${Math.random()}`;
    const db = uniqueDb();
    const tabA = makeStore({ storage: new IdbStore(db), channel });
    const tabB = makeStore({ storage: new IdbStore(db), channel });
    await Promise.all([tabA.ready, tabB.ready]);
    const changed = new Promise<ConsentChangeDetail>((r) => tabB.addEventListener('change', (e) => r((e as CustomEvent<ConsentChangeDetail>).detail), { once: true }));
    await tabA.decide({ analytics: true }, 'preferences_save');
    const detail = await changed;
    expect(detail.source).to.equal('other-tab');
    expect(detail.granted).to.deep.equal(['analytics']);
    expect(tabB.isGranted('analytics')).to.equal(true);
    const revoked = new Promise<ConsentChangeDetail>((r) => tabB.addEventListener('change', (e) => r((e as CustomEvent<ConsentChangeDetail>).detail), { once: true }));
    await tabA.rejectAll('withdraw_control');
    expect((await revoked).revoked).to.deep.equal(['analytics']);
    expect(tabB.isGranted('analytics')).to.equal(false);
    tabA.close();
    tabB.close();
  });

  it('ignores malformed cross-tab messages', async () => {
    const channel = `ce-${Math.random()}`;
    const store = makeStore({ channel });
    await store.ready;
    const other = new BroadcastChannel(channel);
    other.postMessage({ type: 'decision', record: { v: 1, consentId: 'nope', purposes: { analytics: true } } });
    await new Promise((r) => setTimeout(r, 50));
    expect(store.isGranted('analytics')).to.equal(false);
    other.close();
    store.close();
  });

  it('reset forgets the decision', async () => {
    const store = makeStore();
    await store.acceptAll();
    await store.reset();
    expect(store.state.status).to.equal('undecided');
    expect(store.isGranted('analytics')).to.equal(false);
  });
});

describe('ConsentStore with Global Privacy Control', () => {
  it('turns a stored marketing grant made without GPC into a withdrawal before ready resolves', async () => {
    const storage = new MemoryStore();
    await makeStore({ storage }).acceptAll('accept_all');
    const seen: Decision[] = [];
    const store = makeStore({ storage, gpc: () => true, sink: { write: async (d) => { seen.push(d); } } });
    const state = await store.ready;
    expect(state.purposes).to.deep.equal({ necessary: true, analytics: true, marketing: false });
    expect(seen.map((d) => [d.eventType, d.method, d.gpc])).to.deep.equal([['consent.updated', 'gpc_signal', true]]);
  });
});
