/** Shared setup of the transport tests: a runtime wired to an isolated outbox, and small probes. */
import { expect } from '@open-wc/testing';
import { resolveConfig } from '../../src/core/config-check.js';
import { MemoryStore } from '../../src/core/store.js';
import type { ConsentConfig, Decision, DecisionSink, NoticeShown } from '../../src/core/types.js';
import { start, type Runtime } from '../../src/runtime.js';
import { promisifyRequest as request } from 'idb-keyval';
import { PENDING, DEAD, openOutboxDb } from '../../src/transport/outbox.js';
import { createSink, type SinkHandle, type SinkOptions } from '../../src/transport/sink.js';
import type { CollectorState } from '../helpers/collector.js';

/** A database (and lock) name no other test uses. */
export const uniqueDb = (): string => `ce-outbox-test-${Math.random().toString(36).slice(2)}`;

/** Short backoff for tests: retries after at most 20, 40, 80 … 200 ms. */
export const FAST = { baseDelayMs: 20, maxDelayMs: 200 } as const;

export const NOTICE: NoticeShown = {
  text: 'We use cookies to measure visits. You can withdraw your consent at any time via the cookie settings.',
  language: 'en',
  layer: 1,
};

export const PURPOSES: ConsentConfig['purposes'] = [
  { id: 'analytics', vendors: ['ga4'] },
  { id: 'marketing', vendors: [{ id: 'meta-pixel', name: 'Meta Pixel' }] },
];

export interface Booted {
  runtime: Runtime;
  handle: SinkHandle;
  /** Every decision the store handed to the sink, in order. */
  decisions: Decision[];
  /** The event id of the last decision. */
  lastId(): string;
  dbName: string;
  /** Decides and returns the event id of the decision. */
  accept(): Promise<string>;
  reject(): Promise<string>;
  stop(): void;
}

/**
 * Starts the real runtime with an outbox in its own database. The runtime is a page singleton,
 * so every test must call `stop()` (afterEach).
 */
export async function boot(endpoint: string | undefined, extra: ConsentConfig = {}, options: SinkOptions = {}): Promise<Booted> {
  const raw: ConsentConfig = { endpoint, purposes: PURPOSES, ...extra };
  const { config } = resolveConfig(raw);
  const dbName = options.dbName ?? uniqueDb();
  const handle = createSink(config, raw.endpoint, document, { ...FAST, ...options, dbName });
  const decisions: Decision[] = [];
  const sink: DecisionSink | undefined = handle.sink && {
    write: (d) => {
      decisions.push(d);
      return handle.sink!.write(d);
    },
  };
  const runtime = start({ config: raw, storage: new MemoryStore(), channel: null, sink, gpc: () => false });
  await runtime.store.ready;
  const lastId = (): string => {
    const d = decisions[decisions.length - 1];
    if (!d) throw new Error('no decision reached the sink');
    return d.eventId;
  };
  return {
    runtime, handle, dbName, decisions, lastId,
    accept: async () => { await runtime.store.acceptAll('accept_all', NOTICE); return lastId(); },
    reject: async () => { await runtime.store.rejectAll('reject_all', NOTICE); return lastId(); },
    stop() {
      runtime.stop();
      handle.stop();
    },
  };
}

/** Ids waiting in an outbox database (read directly, without the outbox). */
export async function storedIds(dbName: string, store: typeof PENDING | typeof DEAD = PENDING): Promise<string[]> {
  const db = await openOutboxDb(dbName, indexedDB);
  try {
    return (await request(db.transaction(store).objectStore(store).getAllKeys())).map(String);
  } finally {
    db.close();
  }
}

/** Every id in `ids` was accepted exactly once, nothing else arrived, and every event passed the schema. */
export function expectExactlyOnce(state: CollectorState, ids: string[], { allowRetransmits = false } = {}): void {
  expect(state.invalid, 'schema validation failures on the collector').to.deep.equal([]);
  expect([...state.ids].sort()).to.deep.equal([...ids].sort());
  if (!allowRetransmits) expect(state.duplicates, 'events received twice').to.deep.equal([]);
}

/** Records calls to `window.fetch` (still passing them on). */
export function spyFetch(): { calls: Array<{ url: string; init: RequestInit }>; restore(): void } {
  const original = window.fetch;
  const calls: Array<{ url: string; init: RequestInit }> = [];
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input instanceof Request ? input.url : input), init: init ?? {} });
    return original.call(window, input, init);
  };
  return { calls, restore() { window.fetch = original; } };
}

/** Resolves on the next `type` event on document that `match` accepts. */
export function nextEvent<T>(type: string, match: (detail: T) => boolean = () => true): Promise<T> {
  return new Promise((resolve) => {
    const h = (e: Event) => {
      const detail = (e as CustomEvent<T>).detail;
      if (!match(detail)) return;
      document.removeEventListener(type, h);
      resolve(detail);
    };
    document.addEventListener(type, h);
  });
}
