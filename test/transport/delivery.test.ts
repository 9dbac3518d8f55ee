/**
 * Delivery against a real local endpoint with injected faults. After every scenario: each decision
 * arrived exactly once by id, nothing is left waiting, and the collector found no schema errors.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { Collector } from '../helpers/collector.js';
import { captureConsole } from '../helpers/console.js';
import { resolveConfig } from '../../src/core/config-check.js';
import { MemoryStore } from '../../src/core/store.js';
import type { Decision } from '../../src/core/types.js';
import { start, type Runtime } from '../../src/runtime.js';
import { promisifyRequest as request } from 'idb-keyval';
import { OUTBOX_DB, PENDING, openOutboxDb } from '../../src/transport/outbox.js';
import { decisionEvent } from '../../src/transport/event.js';
import { createSink } from '../../src/transport/sink.js';
import { backoffDelay, createOutbox, parseRetryAfter, type Outbox } from '../../src/transport/outbox.js';
import type { DeliveryDetail, DeliveryFailedDetail } from '../../src/transport/types.js';
import { FAST, NOTICE, boot, expectExactlyOnce, nextEvent, spyFetch, storedIds, uniqueDb, type Booted } from './util.js';

describe('delivery with faults', () => {
  let b: Booted | null = null;
  afterEach(() => {
    b?.stop();
    b = null;
  });

  /** The outbox empties once the sender has read the 2xx (the collector commits before it answers). */
  async function expectDrained(): Promise<void> {
    await waitForDrained(b!);
    expect(await b!.handle.status!()).to.include({ pending: 0, deadLetter: 0 });
    expect(await storedIds(b!.dbName)).to.deep.equal([]);
  }

  it('sends at once, with the batch media type, no cookies and no Referer', async () => {
    const c = await Collector.create();
    // Same site as the page (cookies ignore ports), so a credentialed request would carry this cookie.
    document.cookie = 'ce_wire=1; path=/';
    const spy = spyFetch();
    try {
      // Control: the setup does deliver the cookie when a request asks for credentials.
      await fetch(c.localhostUrl, { method: 'POST', credentials: 'include', headers: { 'content-type': 'application/cloudevents-batch+json' }, body: '[]' });
      b = await boot(c.localhostUrl);
      const delivered = nextEvent<DeliveryDetail>('consent-delivery');
      const id = await b.accept();
      const st = await c.waitFor([id]);
      expectExactlyOnce(st, [id]);
      expect(st.requests[0]!.cookie).to.contain('ce_wire=1');
      const mine = st.requests.filter((r) => r.ids.includes(id));
      expect(mine).to.have.length(1);
      expect(mine[0]).to.include({ contentType: 'application/cloudevents-batch+json', cookie: null, referer: null, origin: location.origin });
      expect(st.preflights).to.be.greaterThan(0);
      const call = spy.calls.find((x) => x.url === c.localhostUrl && String(x.init.body).includes(id))!;
      expect(call.init).to.include({ method: 'POST', credentials: 'omit', keepalive: true, mode: 'cors', referrerPolicy: 'no-referrer' });
      expect(await delivered).to.deep.equal({ ids: [id], status: 200 });
      await expectDrained();
    } finally {
      spy.restore();
      document.cookie = 'ce_wire=; path=/; max-age=0';
    }
  });

  it('keeps retrying while the endpoint is down, then delivers once', async () => {
    const c = await Collector.create();
    await c.down(700);
    b = await boot(c.url);
    const ids = [await b.accept()];
    await b.runtime.store.decide({ analytics: true, marketing: false }, 'preferences_save', NOTICE);
    ids.push(b.lastId());
    const st = await c.waitFor(ids);
    expectExactlyOnce(st, ids);
    expect(st.refused, 'connections cut while down').to.be.greaterThan(1);
    await expectDrained();
  });

  it('retries 500s with backoff until a 2xx', async () => {
    const c = await Collector.create();
    await c.fault({ status: 500, times: 3 });
    b = await boot(c.url);
    const id = await b.accept();
    const st = await c.waitFor([id]);
    expectExactlyOnce(st, [id]);
    expect(st.requests.map((r) => r.status)).to.deep.equal([500, 500, 500, 200]);
    await expectDrained();
  });

  it('waits as long as Retry-After says after a 429', async () => {
    const c = await Collector.create();
    await c.fault({ status: 429, retryAfter: '1' });
    b = await boot(c.url); // backoff alone would retry within 20 ms
    const id = await b.accept();
    const st = await c.waitFor([id], 6000);
    expectExactlyOnce(st, [id]);
    expect(st.requests.map((r) => r.status)).to.deep.equal([429, 200]);
    expect(st.requests[1]!.at - st.requests[0]!.at).to.be.at.least(950);
    await expectDrained();
  });

  it('treats 408 and 503 as temporary', async () => {
    const c = await Collector.create();
    await c.fault({ status: 408 });
    await c.fault({ status: 503 });
    b = await boot(c.url);
    const id = await b.accept();
    const st = await c.waitFor([id]);
    expectExactlyOnce(st, [id]);
    expect(st.requests.map((r) => r.status)).to.deep.equal([408, 503, 200]);
  });

  it('resends when the answer is lost, and the collector dedupes by id', async () => {
    const c = await Collector.create();
    await c.fault({ lost: true });
    b = await boot(c.url);
    const id = await b.accept();
    await c.waitFor([id]);
    // The retry reaches the collector as a duplicate; the outbox empties only after its 2xx.
    await waitForDrained(b);
    const st = await c.state();
    expectExactlyOnce(st, [id], { allowRetransmits: true });
    expect(st.duplicates).to.deep.equal([id]);
    expect(st.requests.map((r) => r.status)).to.deep.equal([-1, 200]);
  });

  it('gives up on a reply that takes too long and tries again', async () => {
    const c = await Collector.create();
    await c.fault({ delayMs: 1500 });
    b = await boot(c.url, {}, { requestTimeoutMs: 300 });
    const id = await b.accept();
    await c.waitFor([id]);
    await waitForDrained(b);
    expectExactlyOnce(await c.state(), [id], { allowRetransmits: true });
  });

  it('resumes at once when the browser comes back online', async () => {
    const c = await Collector.create();
    await c.down();
    // After the first failure the next try would be ~59 s away; only the online event can bring it forward.
    b = await boot(c.url, {}, { baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 0.99 });
    const id = await b.accept();
    await waitUntil(async () => (await c.state()).refused > 0, 'no attempt reached the collector', { timeout: 3000 });
    await waitUntil(async () => (await b!.handle.status!()).retryAt !== null, 'the sender is not backing off', { timeout: 3000 });
    await c.up();
    window.dispatchEvent(new Event('online'));
    const st = await c.waitFor([id], 3000);
    expectExactlyOnce(st, [id]);
    await expectDrained();
  });

  it('moves events the endpoint refuses (400) to the dead-letter store, reports them and goes on', async () => {
    const c = await Collector.create();
    await c.fault({ status: 400 });
    const con = captureConsole();
    try {
      b = await boot(c.url);
      const failed = nextEvent<DeliveryFailedDetail>('consent-delivery-failed');
      const refused = await b.accept();
      const detail = await failed;
      expect(detail).to.deep.equal({ ids: [refused], status: 400 });
      await con.flush();
      expect(con.error.some((m) => m.includes('HTTP 400') && m.includes(refused) && m.includes('dead-letter'))).to.equal(true);
      expect(await b.handle.status!()).to.include({ pending: 0, deadLetter: 1 });
      expect(await storedIds(b.dbName, 'dead')).to.deep.equal([refused]);
      // The next decision is delivered; the refused one is never retried.
      const next = await b.reject();
      const st = await c.waitFor([next]);
      expectExactlyOnce(st, [next]);
      expect(st.requests.filter((r) => r.ids.includes(refused))).to.have.length(1);
      expect(st.requests.map((r) => r.status)).to.deep.equal([400, 200]);
    } finally {
      await con.restore();
    }
  });

  it('splits large backlogs into requests that fit the keepalive limit', async () => {
    const c = await Collector.create();
    await c.down();
    const dbName = uniqueDb();
    const outbox = createOutbox({ endpoint: c.url, dbName, ...FAST, maxDelayMs: 50 });
    try {
      const config = resolveConfig({ purposes: Array.from({ length: 20 }, (_, i) => ({ id: `purpose-${i}`, vendors: [{ id: `vendor-with-a-long-name-${i}`, name: 'x' }] })) }).config;
      const ids: string[] = [];
      for (let i = 0; i < 150; i++) {
        const e = await decisionEvent(decision({ purposes: config.purposes.slice(1).map((p) => ({ id: p.id, state: 'granted' as const, validUntil: Date.now() + 1e9 })) }), config, location.origin);
        ids.push(e.id);
        await outbox.enqueue(e);
      }
      await c.up();
      const st = await c.waitFor(ids, 10000);
      expectExactlyOnce(st, ids);
      const sizes = st.requests.filter((r) => r.status === 200).map((r) => new TextEncoder().encode(r.body).length);
      expect(sizes.length).to.be.at.least(3);
      for (const s of sizes) expect(s).to.be.at.most(60_000);
      expect(st.ids).to.deep.equal(ids, 'oldest first');
    } finally {
      outbox.stop();
    }
  });
});

describe('the outbox bound, storage fallback and endpoint rules', () => {
  let runtime: Runtime | null = null;
  let outbox: Outbox | null = null;
  afterEach(() => {
    runtime?.stop();
    runtime = null;
    outbox?.stop();
    outbox = null;
  });

  it('warns at 80 %, keeps proof events past the bound and drops only anonymous refusal counts, loudly', async () => {
    const con = captureConsole();
    try {
      outbox = createOutbox({ endpoint: null, dbName: uniqueDb(), maxEvents: 5 });
      const config = resolveConfig({}).config;
      const given = async () => decisionEvent(decision(), config, location.origin);
      for (let i = 0; i < 3; i++) await outbox.enqueue(await given());
      await con.flush();
      expect(con.warn).to.deep.equal([]);
      await outbox.enqueue(await given());
      await con.flush();
      expect(con.warn).to.have.length(1);
      expect(con.warn[0]).to.contain('4 of at most 5');
      await outbox.enqueue(await given());
      const proof = await given();
      await outbox.enqueue(proof);
      await con.flush();
      expect(con.error.filter((m) => m.includes(proof.id) && m.includes('kept'))).to.have.length(1);
      const refusal = await decisionEvent(decision({ eventType: 'consent.refused', purposes: [{ id: 'analytics', state: 'denied', validUntil: Date.now() + 1e9 }] }), config, location.origin);
      expect(refusal.subject).to.equal(undefined);
      await outbox.enqueue(refusal);
      await con.flush();
      expect(con.warn.filter((m) => m.includes(refusal.id) && m.includes('dropped'))).to.have.length(1);
      expect(con.warn).to.have.length(2);
      expect(await outbox.status()).to.include({ pending: 6, deadLetter: 0, storage: 'indexeddb' });
    } finally {
      await con.restore();
    }
  });

  it('falls back to memory with one warning when IndexedDB is broken, and still sends', async () => {
    const c = await Collector.create();
    const con = captureConsole();
    try {
      const broken = { open() { throw new DOMException('The operation is insecure.', 'SecurityError'); } } as unknown as IDBFactory;
      outbox = createOutbox({ endpoint: c.url, indexedDB: broken, locks: null, ...FAST });
      const config = resolveConfig({}).config;
      const events = [await decisionEvent(decision(), config, location.origin), await decisionEvent(decision(), config, location.origin)];
      for (const e of events) await outbox.enqueue(e);
      const ids = events.map((e) => e.id);
      expectExactlyOnce(await c.waitFor(ids), ids);
      await con.flush();
      expect(con.warn).to.have.length(1);
      expect(con.warn[0]).to.contain('cannot use IndexedDB').and.contain('in memory');
      await waitUntil(async () => (await outbox!.status()).pending === 0, 'the memory outbox did not empty', { timeout: 3000 });
      expect((await outbox.status()).storage).to.equal('memory');
    } finally {
      await con.restore();
    }
  });

  it('keeps events for a refused http endpoint and sends nothing', async () => {
    const con = captureConsole();
    const spy = spyFetch();
    try {
      // The runtime's own wiring (default database), as a site would get it.
      runtime = start({ config: { endpoint: 'http://example.org/consent' }, storage: new MemoryStore(), channel: null });
      await runtime.store.ready;
      await runtime.store.acceptAll('accept_all', NOTICE);
      const id = runtime.store.record!.lastEventId!;
      // Config problems may be described by a lazily loaded module: wait until they are logged.
      await (runtime as { problems?: Promise<unknown> }).problems;
      expect(con.error.filter((m) => m.includes('http://example.org/consent') && m.includes('not https'))).to.have.length(1);
      expect(await storedIds(OUTBOX_DB)).to.include(id);
      // Give a sender every chance to try.
      window.dispatchEvent(new Event('online'));
      await new Promise((r) => setTimeout(r, 300));
      expect(spy.calls.filter((x) => x.url.includes('example.org'))).to.deep.equal([]);
      expect(spy.calls).to.deep.equal([]);
      runtime.stop();
      runtime = null;
      // Leave the shared default database as we found it.
      const db = await openOutboxDb(OUTBOX_DB, indexedDB);
      const t = db.transaction(PENDING, 'readwrite');
      await request(t.objectStore(PENDING).delete(id));
      db.close();
    } finally {
      spy.restore();
      await con.restore();
    }
  });

  it('records nothing when no endpoint is configured', () => {
    const handle = createSink(resolveConfig({}).config, undefined, document);
    expect(handle.sink).to.equal(undefined);
    handle.stop();
  });

  it('reads Retry-After as seconds or an HTTP-date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('120', now)).to.equal(120_000);
    expect(parseRetryAfter(' 0 ', now)).to.equal(0);
    expect(parseRetryAfter(new Date(now + 5000).toUTCString(), now)).to.equal(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', now)).to.equal(0);
    expect(parseRetryAfter('soon', now)).to.equal(null);
    expect(parseRetryAfter(null, now)).to.equal(null);
  });

  it('backs off exponentially with full jitter, capped', () => {
    const waits = (random: () => number) => [1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelay(n, 1000, 8000, random));
    expect(waits(() => 0.5)).to.deep.equal([500, 1000, 2000, 4000, 4000, 4000, 4000]);
    expect(waits(() => 0)).to.deep.equal([0, 0, 0, 0, 0, 0, 0]);
    expect(waits(() => 0.999999)).to.deep.equal([999, 1999, 3999, 7999, 7999, 7999, 7999]);
  });
});

async function waitForDrained(b: Booted): Promise<void> {
  await waitUntil(async () => (await b.handle.status!()).pending === 0, 'the outbox did not empty', { timeout: 5000 });
}

function decision(over: Partial<Decision> = {}): Decision {
  return {
    eventId: crypto.randomUUID(), eventType: 'consent.given', previousEventId: null, method: 'accept_all', at: Date.now(),
    consentId: crypto.randomUUID(), policyVersion: '1',
    purposes: [{ id: 'analytics', state: 'granted', validUntil: Date.now() + 1e9 }],
    notice: NOTICE, gpc: false, ...over,
  };
}
