/**
 * Pages that close, come back, or run side by side: the event still arrives exactly once.
 * Same-origin iframes stand in for tabs and visits; each runs its own runtime (test/transport/frame.ts).
 */
import { expect, waitUntil } from '@open-wc/testing';
import { Collector } from '../helpers/collector.js';
import { resolveConfig } from '../../src/core/config-check.js';
import { decisionEvent } from '../../src/transport/event.js';
import { createOutbox, type Outbox } from '../../src/transport/outbox.js';
import { createSink } from '../../src/transport/sink.js';
import type { FrameApi } from './frame.js';
import { FAST, NOTICE, expectExactlyOnce, spyFetch, storedIds, uniqueDb } from './util.js';

interface Frame {
  el: HTMLIFrameElement;
  api: FrameApi;
}

const frames: HTMLIFrameElement[] = [];

async function openFrame(): Promise<Frame> {
  const el = document.createElement('iframe');
  el.src = new URL('./frame.html', import.meta.url).href;
  frames.push(el);
  const loaded = new Promise((resolve) => el.addEventListener('load', resolve, { once: true }));
  document.body.append(el);
  await loaded;
  await waitUntil(() => el.contentWindow?.consentFrame, 'the frame did not start', { timeout: 5000 });
  return { el, api: el.contentWindow!.consentFrame! };
}

async function consentEvent() {
  return decisionEvent({
    eventId: crypto.randomUUID(), eventType: 'consent.given', previousEventId: null, method: 'accept_all', at: Date.now(),
    consentId: crypto.randomUUID(), policyVersion: '1',
    purposes: [{ id: 'analytics', state: 'granted', validUntil: Date.now() + 1e9 }],
    notice: NOTICE, gpc: false,
  }, resolveConfig({}).config, location.origin);
}

/** An event an earlier visit left waiting in the outbox `dbName` (a refused endpoint keeps, never sends). */
async function leftByEarlierVisit(dbName: string) {
  const box = createOutbox({ endpoint: null, dbName });
  try {
    const e = await consentEvent();
    await box.enqueue(e);
    return e;
  } finally {
    box.stop();
  }
}

/** A lock that is never granted: another tab holds it for as long as the test runs. */
const heldElsewhere = { request: () => new Promise(() => undefined), query: async () => ({ held: [], pending: [] }) } as unknown as LockManager;

describe('pages that close, return, or run side by side', () => {
  let outbox: Outbox | null = null;
  afterEach(() => {
    for (const f of frames.splice(0)) {
      f.contentWindow?.consentFrame?.stop();
      f.remove();
    }
    outbox?.stop();
    outbox = null;
  });

  it('delivers an event whose page closed right after the click, and the next visit does not lose or double it', async () => {
    const c = await Collector.create();
    const dbName = uniqueDb();
    const f = await openFrame();
    await f.api.start({ endpoint: c.url, dbName });
    const id = await f.api.accept();
    f.el.remove(); // the tab closes as soon as the decision is confirmed
    const st = await c.waitFor([id]);
    expectExactlyOnce(st, [id], { allowRetransmits: true });
    // Next visit: whatever the closed page could not clear is sent again; the id dedupes it.
    const next = await openFrame();
    await next.api.start({ endpoint: c.url, dbName, decided: true });
    await waitUntil(async () => (await storedIds(dbName)).length === 0, 'the outbox did not empty on the next visit', { timeout: 5000 });
    expectExactlyOnce(await c.state(), [id], { allowRetransmits: true });
  });

  it('sends what a closed page left behind on the next visit', async () => {
    const c = await Collector.create();
    await c.down();
    const dbName = uniqueDb();
    const f = await openFrame();
    // One attempt only before the page closes (the next one would be a minute later).
    await f.api.start({ endpoint: c.url, dbName, baseDelayMs: 60_000 });
    const id = await f.api.accept();
    f.el.remove();
    expect(await storedIds(dbName)).to.deep.equal([id]);
    // That attempt (a send already under way, or the keepalive send at pagehide) outlives the page:
    // wait until the endpoint has turned it away, so that only the next visit can deliver.
    await waitUntil(async () => (await c.state()).refused > 0, 'the closed page made no attempt', { timeout: 5000 });
    await c.up();
    const next = await openFrame();
    await next.api.start({ endpoint: c.url, dbName, decided: true });
    const st = await c.waitFor([id]);
    expectExactlyOnce(st, [id]);
    await waitUntil(async () => (await storedIds(dbName)).length === 0, 'the outbox did not empty', { timeout: 5000 });
  });

  it('sends what an earlier visit left when the loader arrives after consent-ready (it is told the state by `ready`)', async () => {
    // The runtime imports the loader lazily, so the page's consent-ready event may be long gone by then.
    const c = await Collector.create();
    const dbName = uniqueDb();
    const e = await leftByEarlierVisit(dbName);
    const config = resolveConfig({ endpoint: c.url }).config;
    const late = createSink(config, c.url, document, { ...FAST, dbName, ready: Promise.resolve({ status: 'decided' }) });
    try {
      expectExactlyOnce(await c.waitFor([e.id]), [e.id]);
      await waitUntil(async () => (await storedIds(dbName)).length === 0, 'the outbox did not empty', { timeout: 5000 });
    } finally {
      late.stop();
    }
  });

  it('loads the sender on a return visit only when events are waiting, and ahead of a first decision', async () => {
    const c = await Collector.create();
    const dbName = uniqueDb();
    const quiet = await openFrame();
    await quiet.api.start({ endpoint: c.url, dbName, decided: true });
    expect(quiet.api.outboxLoaded(), 'sender loaded with an empty outbox').to.equal(false);
    const e = await leftByEarlierVisit(dbName);
    const busy = await openFrame();
    await busy.api.start({ endpoint: c.url, dbName, decided: true });
    expect(busy.api.outboxLoaded()).to.equal(true);
    expectExactlyOnce(await c.waitFor([e.id]), [e.id]);
    // A first visit (no decision yet) fetches the sender while idle, before the click needs it.
    const first = await openFrame();
    await first.api.start({ endpoint: c.url, dbName: uniqueDb() });
    expect(first.api.outboxLoaded()).to.equal(true);
  });

  it('looks for waiting events without creating the outbox database', async () => {
    const c = await Collector.create();
    const dbName = uniqueDb();
    const f = await openFrame();
    await f.api.start({ endpoint: c.url, dbName, decided: true });
    expect(f.api.outboxLoaded()).to.equal(false);
    expect((await indexedDB.databases()).map((d) => d.name)).not.to.include(dbName);
  });

  it('lets one tab send at a time when two decide at once', async () => {
    const c = await Collector.create();
    // Slow answers widen the window in which two senders would overlap.
    await c.fault({ delayMs: 250, times: 2 });
    const dbName = uniqueDb();
    const [a, b] = await Promise.all([openFrame(), openFrame()]);
    await Promise.all([a.api.start({ endpoint: c.url, dbName }), b.api.start({ endpoint: c.url, dbName })]);
    const ids = await Promise.all([a.api.accept(), b.api.accept()]);
    const st = await c.waitFor(ids);
    expectExactlyOnce(st, ids);
    expect(st.maxInflight, 'requests in flight at once').to.equal(1);
    await waitUntil(async () => (await storedIds(dbName)).length === 0, 'the shared outbox did not empty', { timeout: 5000 });
    expectExactlyOnce(await c.state(), ids);
  });

  it('sends waiting events with keepalive on pagehide', async () => {
    const c = await Collector.create();
    const spy = spyFetch();
    try {
      outbox = createOutbox({ endpoint: c.url, dbName: uniqueDb(), locks: heldElsewhere, ...FAST });
      const e = await consentEvent();
      await outbox.enqueue(e);
      expect(spy.calls, 'nothing is sent without the lock').to.have.length(0);
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(spy.calls).to.have.length(1);
      expect(spy.calls[0]!.init).to.include({ keepalive: true, credentials: 'omit' });
      expectExactlyOnce(await c.waitFor([e.id]), [e.id]);
      await waitUntil(async () => (await outbox!.status()).pending === 0, 'the 2xx did not clear the event', { timeout: 3000 });
    } finally {
      spy.restore();
    }
  });

  it('sends waiting events when the page is hidden (visibilitychange)', async () => {
    const c = await Collector.create();
    outbox = createOutbox({ endpoint: c.url, dbName: uniqueDb(), locks: heldElsewhere, ...FAST });
    const e = await consentEvent();
    await outbox.enqueue(e);
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    try {
      document.dispatchEvent(new Event('visibilitychange'));
    } finally {
      delete (document as unknown as Record<string, unknown>).visibilityState;
    }
    expect(document.visibilityState).to.equal('visible');
    expectExactlyOnce(await c.waitFor([e.id]), [e.id]);
  });

  it('does not send on pagehide while backing off (the endpoint asked to wait)', async () => {
    const c = await Collector.create();
    await c.fault({ status: 429, retryAfter: '60' });
    const spy = spyFetch();
    try {
      outbox = createOutbox({ endpoint: c.url, dbName: uniqueDb(), ...FAST });
      const e = await consentEvent();
      await outbox.enqueue(e);
      await waitUntil(async () => (await outbox!.status()).retryAt !== null, 'no backoff after the 429', { timeout: 3000 });
      const before = spy.calls.length;
      window.dispatchEvent(new PageTransitionEvent('pagehide'));
      expect(spy.calls.length).to.equal(before);
      expect(await outbox.status()).to.include({ pending: 1 });
    } finally {
      spy.restore();
    }
  });

  it('still delivers where Web Locks are missing', async () => {
    const c = await Collector.create();
    outbox = createOutbox({ endpoint: c.url, dbName: uniqueDb(), locks: null, ...FAST });
    const e = await consentEvent();
    await outbox.enqueue(e);
    expectExactlyOnce(await c.waitFor([e.id]), [e.id]);
  });
});
