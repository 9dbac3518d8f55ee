/**
 * A page of the same site inside an iframe: one "tab" or one "visit" for the lifecycle tests. It
 * runs its own runtime (the runtime is a per-window singleton) over an outbox database the test names.
 */
import { resolveConfig } from '../../src/core/config-check.js';
import { MemoryStore, DECISION_KEY } from '../../src/core/store.js';
import type { StoredDecision } from '../../src/core/types.js';
import { uuid } from '../../src/core/uuid.js';
import { start, type Runtime } from '../../src/runtime.js';
import { createSink, type SinkHandle } from '../../src/transport/sink.js';

export interface FrameOptions {
  endpoint: string;
  dbName: string;
  /** Start as a return visit: a valid decision is already stored. */
  decided?: boolean;
  /** First retry delay (default 20 ms). */
  baseDelayMs?: number;
}

export interface FrameApi {
  /** Starts the runtime; resolves once the stored decision is read and the idle-time work (look for left-over events, prefetch) is done. */
  start(options: FrameOptions): Promise<void>;
  /** Accepts all; resolves with the event id once the event is durable (as the banner would). */
  accept(): Promise<string>;
  /** Whether this page has fetched the outbox module. */
  outboxLoaded(): boolean;
  stop(): void;
}

declare global {
  interface Window {
    consentFrame?: FrameApi;
  }
}

let runtime: Runtime | null = null;
let handle: SinkHandle | null = null;
let lastId = '';

window.consentFrame = {
  async start({ endpoint, dbName, decided, baseDelayMs = 20 }) {
    const storage = new MemoryStore();
    if (decided) {
      const now = Date.now();
      const record: StoredDecision = {
        v: 1, consentId: uuid(), purposes: { analytics: true }, policyVersion: '1', decidedAt: now - 1000,
        expiresAt: now + 1e9, lastEventId: uuid(), gpc: false,
      };
      await storage.set(DECISION_KEY, record);
    }
    const raw = { endpoint };
    const { config } = resolveConfig(raw);
    // "Idle" at once, and remember the tasks so that start() can wait for them.
    const idleTasks: Array<Promise<void>> = [];
    handle = createSink(config, endpoint, document, {
      dbName, baseDelayMs, maxDelayMs: Math.max(200, baseDelayMs),
      idle: (task) => { idleTasks.push(task()); },
    });
    const sink = handle.sink!;
    runtime = start({
      config: raw, storage, channel: null, gpc: () => false,
      sink: { write: (d) => { lastId = d.eventId; return sink.write(d); } },
    });
    await runtime.store.ready;
    // consent-ready (which may schedule the sender prefetch) is dispatched right after ready.
    await new Promise((r) => setTimeout(r, 0));
    await Promise.all(idleTasks);
  },
  async accept() {
    await runtime!.store.acceptAll('accept_all', { text: 'We use cookies for statistics.', language: 'en', layer: 1 });
    return lastId;
  },
  outboxLoaded() {
    return performance.getEntriesByType('resource').some((e) => e.name.includes('/src/transport/outbox.'));
  },
  stop() {
    runtime?.stop();
    handle?.stop();
  },
};
