/**
 * The outbox: a durable queue of CloudEvents in IndexedDB and the sender that empties it.
 *
 * Loaded lazily (a separate chunk) by `sink.ts` at the first decision, or when a previous visit left
 * events behind. Rules it keeps:
 * - an event is written to IndexedDB (durability `strict`) before {@link Outbox.enqueue} resolves,
 *   and leaves the outbox only after a 2xx for it;
 * - one tab sends at a time (Web Lock `<dbName>`); the holder drains what every tab wrote;
 * - network errors, 408, 429 and 5xx are retried with exponential backoff and full jitter, never
 *   sooner than a `Retry-After` asks; the `online` event cuts a wait short;
 * - any other 4xx moves the batch to the dead-letter store: kept, reported, not retried;
 * - batches stay under the 64 KiB that keepalive requests may carry, so a send started just before
 *   the page closes still arrives; on `pagehide`/`visibilitychange: hidden` what is still waiting
 *   is sent with `keepalive` too, through the same request path (the collector dedupes by event id).
 *
 * The code favours size over ceremony: it is downloaded by every visitor who decides.
 * @module
 */
import { log } from '../core/log.js';
import { promisifyRequest as request } from 'idb-keyval';
import { OUTBOX_DB } from './sink.js';
import type { CloudEvent, DeadLetter, DeliveryStatus, OutboxStorage } from './types.js';

export { decisionEvent } from './event.js';
export { OUTBOX_DB };

/** Object store of events waiting for a 2xx, keyed by event id (`sink.ts` counts it by name too). */
export const PENDING = 'outbox';
/** Object store of events the endpoint refused, keyed by event id. */
export const DEAD = 'dead';

/** Opens (and on first use creates) the outbox database with its two object stores. */
export function openOutboxDb(name: string, idb: IDBFactory): Promise<IDBDatabase> {
  const r = idb.open(name, 1);
  r.onupgradeneeded = () => [PENDING, DEAD].map((s) => r.result.createObjectStore(s));
  return request(r).then((db) => {
    // Another tab (or a test) deleting or upgrading the database must not be blocked by us.
    db.onversionchange = () => db.close();
    return db;
  });
}

/** Browsers refuse keepalive requests once their bodies in flight pass 64 KiB (per page). */
const KEEPALIVE_LIMIT = 65536;
/** Largest request body, under the keepalive limit. */
const MAX_BATCH_BYTES = 60_000;
/** Most events per request. */
const MAX_BATCH_EVENTS = 100;

/** Options of {@link createOutbox}. Everything but `endpoint` has a sane default; tests inject the rest. */
export interface OutboxOptions {
  /** Where batches are POSTed. `null`: events are stored and kept, never sent (a refused endpoint). */
  endpoint: string | null;
  /** IndexedDB database (and Web Lock) name. Default `consent-elements-outbox`. */
  dbName?: string;
  /** The IndexedDB factory; `null` keeps events in memory (with a warning). Default `indexedDB`. */
  indexedDB?: IDBFactory | null;
  /** Cross-tab coordination; `null` sends from every tab (the collector still dedupes). Default `navigator.locks`. */
  locks?: LockManager | null;
  /** Where delivery events are dispatched and `visibilitychange` is watched; its window gets `online` and `pagehide`. Default `document`. */
  document?: Document | null;
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /** First retry waits up to this long (full jitter). Default 1 000 ms. */
  baseDelayMs?: number;
  /** Retries never wait longer than this (except for a longer `Retry-After`, which is honoured up to 1 h). Default 300 000 ms (5 min). */
  maxDelayMs?: number;
  /** A request without an answer after this long is aborted and retried. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Bound of the outbox (waiting plus dead-letter events). Default 500. See {@link Outbox.enqueue}. */
  maxEvents?: number;
}

/** A durable queue of CloudEvents with its sender. Create one with {@link createOutbox}. */
export interface Outbox {
  /**
   * Stores an event durably, then starts sending. Resolves once the event is in IndexedDB (or in
   * memory when IndexedDB fails). Enqueuing an id that is already waiting replaces it.
   *
   * At the bound (`maxEvents`) nothing that proves a decision is dropped: such events are kept and
   * every one past the bound is reported with `log.error`. Only anonymous refusal counts
   * (`consent.refused` without a subject), which prove nothing about anyone, are dropped there,
   * each with a `log.warn`. A warning is also logged once when the outbox reaches 80 %.
   */
  enqueue(event: CloudEvent): Promise<void>;
  /** Sends what is waiting now (if this tab gets the lock). Resolves when the outbox is empty, or on stop. */
  flush(): Promise<void>;
  /** Counts of waiting and dead-letter events. */
  status(): Promise<DeliveryStatus>;
  /** The events the endpoint refused, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  /** Stops sending and listening, and closes the database. Events stay stored for the next visit. */
  stop(): void;
}

/** A waiting event as stored (this shape is persisted: keep it readable by older and newer versions). */
interface Entry {
  id: string;
  /** Order of arrival (epoch µs plus a counter): batches go out oldest first. */
  q: number;
  /** UTF-8 length of the event's JSON. */
  size: number;
  event: CloudEvent;
}

/** The part of an object store both backends offer; IndexedDB answers with requests, memory with values. */
interface Store {
  count(): unknown;
  getAll(): unknown;
  put(value: unknown, key: string): unknown;
  delete(key: string): unknown;
}

/** The value of an IndexedDB request, or a memory store's plain value. */
const value = <T>(r: unknown): T | Promise<T> => ((r as IDBRequest | null)?.readyState ? request(r as IDBRequest<T>) : r as T);

/** A memory object store: the fallback when IndexedDB is missing or fails (this visit only). */
class MemoryStore extends Map<string, unknown> implements Store {
  count(): number { return this.size; }
  getAll(): unknown[] { return [...this.values()]; }
  put(v: unknown, k: string): void { this.set(k, v); }
}

interface Backend {
  kind: OutboxStorage;
  /** Runs `f` on the two stores in one transaction; resolves with its result once that commits. */
  tx<R>(write: boolean, f: (pending: Store, dead: Store) => R | Promise<R>): Promise<R>;
  close?(): void;
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date. Returns milliseconds from `now`
 * (never negative), or `null` when the header is missing or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  // Digits only: `Date.parse('120')` would read a year.
  const at = /^\d+$/.test(v) ? now + 1000 * Number(v) : Date.parse(v);
  return isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a random wait between 0 and `min(cap, base · 2^(attempt−1))`.
 * Full jitter spreads the retries of many visitors after an outage, so they do not return in waves.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30)));
}

let seq = 0;
const byArrival = (a: Entry, b: Entry): number => a.q - b.q;
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** Creates an outbox. Nothing is opened or sent until the first call. */
export function createOutbox(o: OutboxOptions): Outbox {
  const {
    endpoint,
    dbName = OUTBOX_DB,
    indexedDB: idb = indexedDB,
    // navigator.locks is missing outside secure contexts (plain-http sites): every tab then sends.
    locks = navigator.locks,
    document: doc = document,
    random = Math.random,
    baseDelayMs = 1000,
    maxDelayMs = 300_000,
    requestTimeoutMs = 30_000,
    maxEvents = 500,
  } = o;
  const stopper = new AbortController();
  const signal = stopper.signal;
  let backend: Promise<Backend> | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let attempt = 0;
  let retryAt = 0;
  let wake: (() => void) | undefined;
  let nearFull = false;
  let warned = false;
  /** Waiting events this tab knows of: what it wrote and what its last read found. Sent on page hide. */
  let known = new Map<string, Entry>();
  const inflight = new Set<string>();
  let keepaliveBytes = 0;

  const memory = (reason: unknown): Backend => {
    if (!warned) log.warn('outbox-memory', reason);
    warned = true;
    const pending = new MemoryStore();
    const dead = new MemoryStore();
    return { kind: 'memory', tx: async (_, f) => f(pending, dead) };
  };

  const open = (): Promise<Backend> => (backend ??= (async (): Promise<Backend> => {
    try {
      if (!idb) throw 'this browser has no IndexedDB';
      const db = await Promise.race([
        openOutboxDb(dbName, idb),
        new Promise<never>((_, reject) => setTimeout(reject, 3000, 'no answer within 3 s')),
      ]);
      return {
        kind: 'indexeddb',
        tx: <R>(write: boolean, f: (pending: Store, dead: Store) => R | Promise<R>): Promise<R> => {
          const t = db.transaction([PENDING, DEAD], write ? 'readwrite' : 'readonly', { durability: 'strict' });
          // idb-keyval's helper also waits for a transaction: it resolves once that commits.
          return Promise.all([f(t.objectStore(PENDING), t.objectStore(DEAD)), request(t)]).then((all) => all[0]);
        },
        close: () => db.close(),
      };
    } catch (e) {
      return memory(e);
    }
  })());

  /** Runs a storage transaction; when IndexedDB fails, switches to memory (once, with a warning) and retries there. */
  const run = async <R>(write: boolean, f: (pending: Store, dead: Store) => R | Promise<R>): Promise<R> => {
    const current = open();
    const b = await current;
    try {
      return await b.tx(write, f);
    } catch (e) {
      if (!b.close || signal.aborted) throw e;
      if (backend === current) {
        b.close();
        backend = Promise.resolve(memory(e));
      }
      return run(write, f);
    }
  };

  /** The bound policy: see {@link Outbox.enqueue}. `count` is the number of stored events. */
  const admit = (count: number, event: CloudEvent): boolean => {
    if (count + 1 >= maxEvents * 0.8 && !nearFull) {
      nearFull = true;
      log.warn('outbox-filling', count + 1, maxEvents);
    }
    if (count < maxEvents) return true;
    if (event.type === 'consent.refused' && !event.subject) {
      log.warn('outbox-dropped', event.id);
      return false;
    }
    log.error('outbox-over', maxEvents, event.id);
    return true;
  };

  /**
   * The oldest entries not already on their way whose batch body (`[a,b]`) fits in `budget` bytes;
   * `solo`: one event larger than that may go alone (without keepalive).
   */
  const pick = (entries: Entry[], budget: number, solo?: boolean): Entry[] => {
    const out: Entry[] = [];
    let bytes = 1;
    for (const e of entries) {
      if (inflight.has(e.id)) continue;
      bytes += e.size + 1;
      if (out.length >= MAX_BATCH_EVENTS || (bytes > budget && (out.length || !solo))) break;
      out.push(e);
    }
    return out;
  };

  /** Both counts, in one transaction. */
  const counts = (pending: Store, dead: Store) => Promise.all([value<number>(pending.count()), value<number>(dead.count())]);

  /**
   * Sends one batch; every request goes through here. Resolves with `undefined` when the batch is
   * settled (2xx: removed; other 4xx: dead-lettered), or with the least wait before a retry.
   */
  const send = async (batch: Entry[]): Promise<number | undefined> => {
    const ids = batch.map((e) => e.id);
    const body = `[${batch.map((e) => JSON.stringify(e.event))}]`;
    const bytes = utf8Length(body);
    const keepalive = keepaliveBytes + bytes <= KEEPALIVE_LIMIT;
    if (keepalive) keepaliveBytes += bytes;
    ids.forEach((id) => inflight.add(id));
    // Aborted by the timeout or by stop(); and once answered, which drops its stop listener.
    const controller = new AbortController();
    const abort = () => controller.abort();
    setTimeout(abort, requestTimeoutMs);
    signal.addEventListener('abort', abort, { signal: controller.signal });
    let res: Response;
    try {
      // (No `cache` mode: a POST is never answered from the HTTP cache.)
      res = await fetch(endpoint!, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents-batch+json' },
        body,
        keepalive,
        mode: 'cors',
        // No cookies, and no Referer (the page URL may carry a query string with personal data).
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        signal: controller.signal,
      });
    } catch {
      // A network error, CORS failure, timeout, or the page going away.
      return 0;
    } finally {
      abort();
      ids.forEach((id) => inflight.delete(id));
      if (keepalive) keepaliveBytes -= bytes;
    }
    const { ok, status } = res;
    if (!ok && (status === 408 || status === 429 || status >= 500)) {
      return Math.min(parseRetryAfter(res.headers.get('retry-after'), Date.now()) ?? 0, 3_600_000);
    }
    await run(true, (pending, dead) => batch.map((e) => {
      if (!ok) dead.put({ event: e.event, status, at: Date.now() } satisfies DeadLetter, e.id);
      pending.delete(e.id);
    }));
    ids.forEach((id) => known.delete(id));
    if (ok) attempt = 0;
    else log.error('endpoint-refused', ids, status);
    doc?.dispatchEvent(new CustomEvent(ok ? 'consent-delivery' : 'consent-delivery-failed', { detail: { ids, status }, bubbles: true, composed: true }));
    return undefined;
  };

  /**
   * Waits before the next attempt: exponential backoff with full jitter, and never less than a
   * `Retry-After` (which also keeps a server that answers `Retry-After: 0` from being hammered).
   */
  const backOff = (least: number): Promise<void> => new Promise((resolve) => {
    const delay = Math.max(least, backoffDelay(++attempt, baseDelayMs, maxDelayMs, random));
    retryAt = Date.now() + delay;
    const timer = setTimeout(wake = () => {
      clearTimeout(timer);
      wake = undefined;
      retryAt = 0;
      resolve();
    }, delay);
    if (signal.aborted) wake();
  });

  /**
   * Sends batches, oldest first, until the outbox is empty (and no flush was asked for since it
   * last looked). Runs while holding the lock.
   */
  const drain = async (): Promise<void> => {
    while (!signal.aborted) {
      again = false;
      const entries = (await run(false, (pending) => value<Entry[]>(pending.getAll()))).sort(byArrival);
      known = new Map(entries.map((e) => [e.id, e]));
      const batch = pick(entries, MAX_BATCH_BYTES, true);
      if (batch.length) {
        const wait = await send(batch);
        if (wait !== undefined) await backOff(wait);
      } else if (!again) return;
    }
  };

  const flush = async (): Promise<void> => {
    if (!endpoint || signal.aborted) return;
    if (draining) {
      again = true;
      return draining;
    }
    // Waiting for the lock is "leaving it to the holder": the holder drains every tab's events,
    // and this tab only sends what is left once the holder is done.
    return (draining = (locks ? locks.request(dbName, { signal }, drain) : drain())
      .catch((e: unknown) => {
        if (!signal.aborted) log.error('send-stopped', e);
      })
      .finally(() => { draining = undefined; }));
  };

  /**
   * The page may be going away: send what this tab knows is waiting and not already on its way,
   * with keepalive, in batches that fit what is left of the keepalive budget. Skipped while backing
   * off (the endpoint asked us to wait, or is down); the next visit sends those.
   */
  const onHide = (): void => {
    if (retryAt > Date.now()) return;
    const todo = [...known.values()].sort(byArrival);
    // send() marks its batch in flight at once, so the next pick takes the events after it.
    for (let batch; (batch = pick(todo, Math.min(MAX_BATCH_BYTES, KEEPALIVE_LIMIT - keepaliveBytes))).length;) {
      // If the page stays (a tab switch) and this send fails, the drain retries it with backoff.
      void send(batch).then((wait) => { if (wait !== undefined) void flush(); });
    }
  };

  if (endpoint) {
    const win = doc?.defaultView;
    // Back online: try now instead of at the end of the backoff.
    win?.addEventListener('online', () => (wake ? wake() : void flush()), { signal });
    win?.addEventListener('pagehide', onHide, { signal });
    doc?.addEventListener('visibilitychange', () => doc.visibilityState === 'hidden' && onHide(), { signal });
  }

  return {
    async enqueue(event) {
      const entry: Entry = { id: event.id, q: Date.now() * 1000 + (seq++ % 1000), size: utf8Length(JSON.stringify(event)), event };
      // Count and put in one transaction, so two tabs cannot both slip past the bound unnoticed.
      const added = await run(true, async (pending, dead) => {
        const [nPending, nDead] = await counts(pending, dead);
        const ok = admit(nPending + nDead, event);
        if (ok) pending.put(entry, entry.id);
        return ok;
      });
      if (!added) return;
      known.set(entry.id, entry);
      void flush();
    },
    flush,
    async status() {
      const [pending, deadLetter] = await run(false, counts);
      return { pending, deadLetter, storage: (await open()).kind, retryAt: retryAt > Date.now() ? retryAt : null };
    },
    async deadLetters() {
      return (await run(false, (_, dead) => value<DeadLetter[]>(dead.getAll()))).sort((a, b) => a.at - b.at);
    },
    stop() {
      stopper.abort();
      wake?.();
      void backend?.then((b) => b.close?.());
    },
  };
}
