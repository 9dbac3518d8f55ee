/**
 * The outbox: a durable queue of CloudEvents in IndexedDB and the sender that empties it.
 *
 * Loaded lazily (a separate chunk) by `lazy.ts` at the first decision, or when a previous visit left
 * events behind. Rules it keeps:
 * - an event is written to IndexedDB (durability `strict`) before {@link Outbox.enqueue} resolves,
 *   and leaves the outbox only after a 2xx for it;
 * - one tab sends at a time (Web Lock `<dbName>`); the holder drains what every tab wrote;
 * - network errors, 408, 429 and 5xx are retried with exponential backoff and full jitter, never
 *   sooner than a `Retry-After` asks; the `online` event cuts a wait short;
 * - any other 4xx moves the batch to the dead-letter store: kept, reported, not retried;
 * - batches stay under the 64 KiB that keepalive requests may carry, so a send started just before
 *   the page closes still arrives; on `pagehide`/`visibilitychange: hidden` what is still waiting
 *   is sent with `keepalive` too (the collector dedupes by event id).
 * @module
 */
import { log } from '../core/log.js';
import type { Decision, ResolvedConfig } from '../core/types.js';
import { DEAD, OUTBOX_DB, PENDING, openOutboxDb, request } from './db.js';
import { BATCH_CONTENT_TYPE, decisionEvent } from './event.js';
import type {
  CloudEvent, DeadLetter, DeliveryDetail, DeliveryFailedDetail, DeliveryStatus, OutboxStorage,
} from './types.js';

export { decisionEvent, sha256Hex, sha256Js, BATCH_CONTENT_TYPE, SCHEMA_VERSION } from './event.js';
export { OUTBOX_DB } from './db.js';

/** Browsers refuse keepalive requests once their bodies in flight pass 64 KiB (per page). */
const KEEPALIVE_LIMIT = 65536;
const IDB_TIMEOUT_MS = 3000;

/** Options of {@link createOutbox}. Everything but `endpoint` has a sane default; tests inject the rest. */
export interface OutboxOptions {
  /** Where batches are POSTed. `null`: events are stored and kept, never sent (a refused endpoint). */
  endpoint: string | null;
  /** IndexedDB database (and Web Lock) name. Default `consent-elements-outbox`. */
  dbName?: string;
  /** The IndexedDB factory; `null` keeps events in memory (with a warning). Default `indexedDB`. */
  indexedDB?: IDBFactory | null;
  /** Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Cross-tab coordination; `null` sends from every tab (the collector still dedupes). Default `navigator.locks`. */
  locks?: LockManager | null;
  /** Where delivery events are dispatched and `visibilitychange` is watched. Default `document`. */
  document?: Document | null;
  /** Where `online` and `pagehide` are watched. Default: the document's window. */
  window?: Window | null;
  /** Epoch ms. Default `Date.now`. */
  clock?: () => number;
  /** A number in [0, 1) for the jitter. Default `Math.random`. */
  random?: () => number;
  /** First retry waits up to this long (full jitter). Default 1 000 ms. */
  baseDelayMs?: number;
  /** Retries never wait longer than this (except for a longer `Retry-After`). Default 300 000 ms (5 min). */
  maxDelayMs?: number;
  /** A `Retry-After` longer than this is cut to it. Default 3 600 000 ms (1 h). */
  maxRetryAfterMs?: number;
  /** A request without an answer after this long is aborted and retried. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Bound of the outbox (waiting plus dead-letter events). Default 500. See {@link Outbox.enqueue}. */
  maxEvents?: number;
  /** Largest request body. Default 60 000 bytes (under the 64 KiB keepalive limit). */
  maxBatchBytes?: number;
  /** Most events per request. Default 100. */
  maxBatchEvents?: number;
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

interface Entry {
  id: string;
  /** Order of arrival (epoch µs plus a counter): batches go out oldest first. */
  q: number;
  /** UTF-8 length of the event's JSON. */
  size: number;
  event: CloudEvent;
}

interface Backend {
  readonly kind: OutboxStorage;
  /** Adds the entry if `accept(count of stored events)` says so; resolves with whether it did. */
  add(entry: Entry, accept: (count: number) => boolean): Promise<boolean>;
  pending(): Promise<Entry[]>;
  remove(ids: string[]): Promise<void>;
  bury(entries: Entry[], status: number, at: number): Promise<void>;
  counts(): Promise<{ pending: number; deadLetter: number }>;
  dead(): Promise<DeadLetter[]>;
  close(): void;
}

const byArrival = (a: Entry, b: Entry): number => a.q - b.q;

class MemoryBackend implements Backend {
  readonly kind = 'memory' as const;
  #pending = new Map<string, Entry>();
  #dead = new Map<string, DeadLetter>();
  async add(entry: Entry, accept: (count: number) => boolean): Promise<boolean> {
    if (!accept(this.#pending.size + this.#dead.size)) return false;
    this.#pending.set(entry.id, entry);
    return true;
  }
  async pending(): Promise<Entry[]> {
    return [...this.#pending.values()].sort(byArrival);
  }
  async remove(ids: string[]): Promise<void> {
    for (const id of ids) this.#pending.delete(id);
  }
  async bury(entries: Entry[], status: number, at: number): Promise<void> {
    for (const e of entries) {
      this.#pending.delete(e.id);
      this.#dead.set(e.id, { event: e.event, status, at });
    }
  }
  async counts(): Promise<{ pending: number; deadLetter: number }> {
    return { pending: this.#pending.size, deadLetter: this.#dead.size };
  }
  async dead(): Promise<DeadLetter[]> {
    return [...this.#dead.values()].sort((a, b) => a.at - b.at);
  }
  close(): void {}
}

function done(t: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    t.oncomplete = () => resolve();
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error ?? new Error('IndexedDB transaction aborted'));
  });
}

class IdbBackend implements Backend {
  readonly kind = 'indexeddb' as const;
  constructor(private readonly db: IDBDatabase) {}

  async add(entry: Entry, accept: (count: number) => boolean): Promise<boolean> {
    // Count and put in one transaction, so two tabs cannot both slip past the bound unnoticed.
    const t = this.db.transaction([PENDING, DEAD], 'readwrite', { durability: 'strict' });
    const pending = t.objectStore(PENDING);
    const nPending = pending.count();
    const nDead = t.objectStore(DEAD).count();
    let added = false;
    nDead.onsuccess = () => {
      added = accept(nPending.result + nDead.result);
      if (added) pending.put(entry, entry.id);
    };
    await done(t);
    return added;
  }
  async pending(): Promise<Entry[]> {
    const all = await request(this.db.transaction(PENDING).objectStore(PENDING).getAll());
    return (all as Entry[]).sort(byArrival);
  }
  async remove(ids: string[]): Promise<void> {
    const t = this.db.transaction(PENDING, 'readwrite');
    for (const id of ids) t.objectStore(PENDING).delete(id);
    await done(t);
  }
  async bury(entries: Entry[], status: number, at: number): Promise<void> {
    const t = this.db.transaction([PENDING, DEAD], 'readwrite', { durability: 'strict' });
    for (const e of entries) {
      t.objectStore(DEAD).put({ event: e.event, status, at } satisfies DeadLetter, e.id);
      t.objectStore(PENDING).delete(e.id);
    }
    await done(t);
  }
  async counts(): Promise<{ pending: number; deadLetter: number }> {
    const t = this.db.transaction([PENDING, DEAD]);
    const [pending, deadLetter] = await Promise.all([request(t.objectStore(PENDING).count()), request(t.objectStore(DEAD).count())]);
    return { pending, deadLetter };
  }
  async dead(): Promise<DeadLetter[]> {
    const all = await request(this.db.transaction(DEAD).objectStore(DEAD).getAll());
    return (all as DeadLetter[]).sort((a, b) => a.at - b.at);
  }
  close(): void {
    this.db.close();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e: unknown) => { clearTimeout(t); reject(e); });
  });
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date. Returns milliseconds from `now`
 * (never negative), or `null` when the header is missing or unreadable.
 */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (value === null) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Exponential backoff with full jitter: a random wait between 0 and `min(cap, base · 2^(attempt−1))`.
 * Full jitter spreads the retries of many visitors after an outage, so they do not return in waves.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30)));
}

/** Whether a status means "try again later": 408, 429 and every 5xx. */
export const isRetryable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

let seq = 0;

/** The result of one request: `retry` holds the wait before the next try, when it failed softly. */
type Outcome = { retry: null } | { retry: number | undefined };

class OutboxImpl implements Outbox {
  readonly #endpoint: string | null;
  readonly #name: string;
  readonly #idb: IDBFactory | null;
  readonly #fetch: typeof fetch;
  readonly #locks: LockManager | null;
  readonly #doc: Document | null;
  readonly #win: Window | null;
  readonly #clock: () => number;
  readonly #random: () => number;
  readonly #base: number;
  readonly #cap: number;
  readonly #retryAfterCap: number;
  readonly #timeout: number;
  readonly #max: number;
  readonly #batchBytes: number;
  readonly #batchEvents: number;

  #backend: Promise<Backend> | null = null;
  #draining: Promise<void> | null = null;
  #again = false;
  #attempt = 0;
  #retryAt = 0;
  #wake: (() => void) | null = null;
  #nearFull = false;
  #warnedMemory = false;
  /** Waiting events this tab knows of: what it wrote and what its last read found. Sent on page hide. */
  #known = new Map<string, Entry>();
  #inflight = new Set<string>();
  #keepaliveBytes = 0;
  #stopped = new AbortController();

  constructor(o: OutboxOptions) {
    this.#endpoint = o.endpoint;
    this.#name = o.dbName ?? OUTBOX_DB;
    this.#idb = o.indexedDB === undefined ? (typeof indexedDB === 'undefined' ? null : indexedDB) : o.indexedDB;
    this.#fetch = o.fetch ?? ((input, init) => fetch(input, init));
    const nav = typeof navigator === 'undefined' ? null : navigator;
    // navigator.locks is missing outside secure contexts (plain-http sites): every tab then sends.
    this.#locks = o.locks === undefined ? nav?.locks ?? null : o.locks;
    this.#doc = o.document === undefined ? (typeof document === 'undefined' ? null : document) : o.document;
    this.#win = o.window === undefined ? this.#doc?.defaultView ?? null : o.window;
    this.#clock = o.clock ?? Date.now;
    this.#random = o.random ?? Math.random;
    this.#base = o.baseDelayMs ?? 1000;
    this.#cap = o.maxDelayMs ?? 300_000;
    this.#retryAfterCap = o.maxRetryAfterMs ?? 3_600_000;
    this.#timeout = o.requestTimeoutMs ?? 30_000;
    this.#max = o.maxEvents ?? 500;
    this.#batchBytes = Math.min(o.maxBatchBytes ?? 60_000, KEEPALIVE_LIMIT);
    this.#batchEvents = o.maxBatchEvents ?? 100;

    const signal = this.#stopped.signal;
    if (this.#endpoint) {
      this.#win?.addEventListener('online', this.#onOnline, { signal });
      this.#win?.addEventListener('pagehide', this.#onHide, { signal });
      this.#doc?.addEventListener('visibilitychange', this.#onVisibility, { signal });
    }
  }

  async enqueue(event: CloudEvent): Promise<void> {
    const json = JSON.stringify(event);
    const entry: Entry = { id: event.id, q: this.#clock() * 1000 + (seq++ % 1000), size: utf8Length(json), event };
    const anonymous = event.type === 'consent.refused' && !event.subject;
    const added = await this.#use((b) => b.add(entry, (count) => this.#admit(count, anonymous, event.id)));
    if (!added) return;
    this.#known.set(entry.id, entry);
    void this.flush();
  }

  /** The bound policy: see {@link Outbox.enqueue}. */
  #admit(count: number, anonymous: boolean, id: string): boolean {
    if (count + 1 >= this.#max * 0.8 && !this.#nearFull) {
      this.#nearFull = true;
      log.warn(`the consent outbox holds ${count + 1} of at most ${this.#max} events (is the endpoint reachable?); proof events are kept past the limit, anonymous refusal counts are dropped there`);
    }
    if (count < this.#max) return true;
    if (anonymous) {
      log.warn(`the consent outbox is full (${count} events); the anonymous refusal count ${id} was dropped (it identifies no one); proof events are still kept`);
      return false;
    }
    log.error(`the consent outbox is over its limit (${count} of ${this.#max} events, endpoint unreachable or refusing); event ${id} is kept anyway, because it is proof of a decision`);
    return true;
  }

  flush(): Promise<void> {
    if (!this.#endpoint || this.#stopped.signal.aborted) return Promise.resolve();
    if (this.#draining) {
      this.#again = true;
      return this.#draining;
    }
    const run = async () => {
      do {
        this.#again = false;
        await this.#drain();
      } while (this.#again && !this.#stopped.signal.aborted);
    };
    const locks = this.#locks;
    const job = locks
      // Waiting for the lock is "leaving it to the holder": the holder drains every tab's events,
      // and this tab only sends what is left once the holder is done.
      ? locks.request(this.#name, { signal: this.#stopped.signal }, run)
      : run();
    this.#draining = job
      .catch((e: unknown) => {
        if (!this.#stopped.signal.aborted) log.error(`sending consent events stopped (${messageOf(e)}); they stay in the outbox and are sent on the next visit`);
      })
      .finally(() => { this.#draining = null; });
    return this.#draining;
  }

  async status(): Promise<DeliveryStatus> {
    const counts = await this.#use((b) => b.counts());
    const backend = await this.#open();
    return { ...counts, storage: backend.kind, retryAt: this.#retryAt > this.#clock() ? this.#retryAt : null };
  }

  deadLetters(): Promise<DeadLetter[]> {
    return this.#use((b) => b.dead());
  }

  stop(): void {
    if (this.#stopped.signal.aborted) return;
    this.#stopped.abort();
    this.#wake?.();
    void this.#backend?.then((b) => b.close());
  }

  /** Sends batches, oldest first, until the outbox is empty. Runs while holding the lock. */
  async #drain(): Promise<void> {
    while (!this.#stopped.signal.aborted) {
      const entries = await this.#use((b) => b.pending());
      this.#known = new Map(entries.map((e) => [e.id, e]));
      const batch = this.#batch(entries.filter((e) => !this.#inflight.has(e.id)), this.#batchBytes);
      if (!batch.length) return;
      const outcome = await this.#send(batch);
      if (outcome.retry !== null) await this.#backOff(outcome.retry);
    }
  }

  /** The oldest entries whose batch body fits in `budget` bytes (at least one unless none fits). */
  #batch(entries: Entry[], budget: number): Entry[] {
    const out: Entry[] = [];
    let bytes = 2;
    for (const e of entries) {
      if (out.length >= this.#batchEvents) break;
      const next = bytes + e.size + (out.length ? 1 : 0);
      // A single event above the budget still goes out alone (without keepalive).
      if (next > budget && (out.length || budget < this.#batchBytes)) break;
      out.push(e);
      bytes = next;
    }
    return out;
  }

  async #send(batch: Entry[]): Promise<Outcome> {
    const ids = batch.map((e) => e.id);
    const body = `[${batch.map((e) => JSON.stringify(e.event)).join(',')}]`;
    const bytes = utf8Length(body);
    const keepalive = this.#keepaliveBytes + bytes <= KEEPALIVE_LIMIT;
    if (keepalive) this.#keepaliveBytes += bytes;
    for (const id of ids) this.#inflight.add(id);
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.#timeout);
    const onStop = () => abort.abort();
    this.#stopped.signal.addEventListener('abort', onStop);
    let res: Response;
    try {
      res = await this.#fetch(this.#endpoint!, {
        method: 'POST',
        headers: { 'content-type': BATCH_CONTENT_TYPE },
        body,
        keepalive,
        mode: 'cors',
        // No cookies, and no Referer (the page URL may carry a query string with personal data).
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        signal: abort.signal,
      });
    } catch {
      // A network error, CORS failure, timeout, or the page going away.
      return { retry: undefined };
    } finally {
      clearTimeout(timer);
      this.#stopped.signal.removeEventListener('abort', onStop);
      for (const id of ids) this.#inflight.delete(id);
      if (keepalive) this.#keepaliveBytes -= bytes;
    }
    const status = res.status;
    if (res.ok) {
      await this.#use((b) => b.remove(ids)).catch(() => undefined);
      for (const id of ids) this.#known.delete(id);
      this.#attempt = 0;
      this.#retryAt = 0;
      this.#fire<DeliveryDetail>('consent-delivery', { ids, status });
      return { retry: null };
    }
    if (isRetryable(status)) {
      const after = parseRetryAfter(res.headers.get('retry-after'), this.#clock());
      return { retry: after === null ? undefined : Math.min(after, this.#retryAfterCap) };
    }
    await this.#use((b) => b.bury(batch, status, this.#clock()));
    for (const id of ids) this.#known.delete(id);
    log.error(`the consent endpoint refused ${ids.length} event(s) with HTTP ${status}; they were moved to the dead-letter store and will not be retried (ids: ${ids.join(', ')})`);
    this.#fire<DeliveryFailedDetail>('consent-delivery-failed', { ids, status });
    return { retry: null };
  }

  /**
   * Waits before the next attempt: exponential backoff with full jitter, and never less than a
   * `Retry-After` (which also keeps a server that answers `Retry-After: 0` from being hammered).
   */
  async #backOff(retryAfter: number | undefined): Promise<void> {
    this.#attempt++;
    const delay = Math.max(retryAfter ?? 0, backoffDelay(this.#attempt, this.#base, this.#cap, this.#random));
    this.#retryAt = this.#clock() + delay;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.#wake?.(), delay);
      this.#wake = () => {
        clearTimeout(timer);
        this.#wake = null;
        resolve();
      };
      if (this.#stopped.signal.aborted) this.#wake();
    });
    this.#retryAt = 0;
  }

  readonly #onOnline = (): void => {
    // Back online: try now instead of at the end of the backoff.
    if (this.#wake) this.#wake();
    else void this.flush();
  };

  readonly #onVisibility = (): void => {
    if (this.#doc?.visibilityState === 'hidden') this.#onHide();
  };

  /**
   * The page may be going away: send what this tab knows is waiting and not already on its way,
   * with keepalive, in chunks that fit the keepalive budget. Skipped while backing off (the
   * endpoint asked us to wait, or is down); the next visit sends those.
   */
  readonly #onHide = (): void => {
    if (this.#retryAt > this.#clock()) return;
    const todo = [...this.#known.values()].filter((e) => !this.#inflight.has(e.id)).sort(byArrival);
    while (todo.length) {
      const batch = this.#batch(todo, Math.min(this.#batchBytes, KEEPALIVE_LIMIT - this.#keepaliveBytes));
      if (!batch.length || this.#keepaliveBytes + batch.reduce((n, e) => n + e.size + 1, 1) > KEEPALIVE_LIMIT) break;
      todo.splice(0, batch.length);
      // If the page stays (a tab switch) and this send fails, the drain retries it with backoff.
      void this.#send(batch).then((o) => { if (o.retry !== null) void this.flush(); });
    }
  };

  #fire<T>(type: string, detail: T): void {
    this.#doc?.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  #open(): Promise<Backend> {
    return (this.#backend ??= (async (): Promise<Backend> => {
      if (!this.#idb) {
        this.#warnMemory('this browser has no IndexedDB');
        return new MemoryBackend();
      }
      try {
        return new IdbBackend(await withTimeout(openOutboxDb(this.#name, this.#idb), IDB_TIMEOUT_MS, 'IndexedDB'));
      } catch (e) {
        this.#warnMemory(messageOf(e));
        return new MemoryBackend();
      }
    })());
  }

  /** Runs a storage operation; when IndexedDB fails, switches to memory (once, with a warning) and retries there. */
  async #use<T>(op: (b: Backend) => Promise<T>): Promise<T> {
    const b = await this.#open();
    try {
      return await op(b);
    } catch (e) {
      if (b.kind === 'memory' || this.#stopped.signal.aborted) throw e;
      this.#warnMemory(messageOf(e));
      const memory = new MemoryBackend();
      this.#backend = Promise.resolve(memory);
      b.close();
      return op(memory);
    }
  }

  #warnMemory(reason: string): void {
    if (this.#warnedMemory) return;
    this.#warnedMemory = true;
    log.warn(`the consent outbox cannot use IndexedDB (${reason}); events are kept in memory for this visit only and sent from there, so an event not delivered before the page closes is lost`);
  }
}

/** Creates an outbox. Nothing is opened or sent until the first call. */
export function createOutbox(options: OutboxOptions): Outbox {
  return new OutboxImpl(options);
}

/** What `lazy.ts` needs from this chunk: an outbox for consent decisions. */
export interface DecisionOutbox {
  readonly outbox: Outbox;
  /** Builds the consent event of a decision and stores it durably. */
  write(decision: Decision): Promise<void>;
}

/** Creates the outbox that records consent decisions for a configuration. */
export function createDecisionOutbox(config: ResolvedConfig, origin: string, options: Omit<OutboxOptions, 'endpoint'>): DecisionOutbox {
  const outbox = createOutbox({ ...options, endpoint: config.endpoint });
  return {
    outbox,
    write: async (decision) => outbox.enqueue(await decisionEvent(decision, config, origin)),
  };
}
