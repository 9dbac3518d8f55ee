/**
 * The small part of the transport that a page with an endpoint always loads (the runtime imports it
 * lazily, and only when an endpoint is configured): it loads the outbox and sender (`outbox-sink.ts`
 * with `outbox.ts` and `event.ts`, a separate chunk) only when they are needed: at the first
 * decision, when the banner is about to ask for one, or when a previous visit left events waiting.
 * It stays tiny (the IndexedDB helper is idb-keyval's, which the decision store loads anyway).
 * @module
 */
import type { CoreConfig, DecisionSink, ResolvedConfig } from '../core/types.js';
import { log } from '../core/log.js';
import { promisifyRequest } from 'idb-keyval';
import type { OutboxOptions } from './outbox.js';
import type { DecisionOutbox } from './outbox-sink.js';
import type { CloudEvent, DeliveryStatus } from './types.js';

/** Default name of the outbox database (apart from the decision store, so each can be cleared on its own). */
export const OUTBOX_DB = 'consent-elements-outbox';

/** Options of {@link createSink}; tests use them for short delays, their own database and a fake lock. */
export interface SinkOptions extends Omit<OutboxOptions, 'endpoint' | 'document'> {
  /**
   * Runs `task` once the page is idle (it is scheduled on `consent-ready`); the task looks for events
   * a previous visit could not deliver, and fetches the sender ahead of a first decision (it resolves
   * when that look, and any sending it starts, is under way).
   * Default: `requestIdleCallback`, else at once (a zero-delay timer).
   */
  idle?: (task: () => Promise<void>) => void;
  /** The whole configuration, which the consent records need; default: `config` itself, when it is a full one. */
  full?: () => Promise<ResolvedConfig>;
  /** The consent state once known; default: the page's `consent-ready` event (the runtime, which loads this module lazily, may come after it). */
  ready?: Promise<{ status?: string }>;
}

/** What {@link createSink} returns to the runtime. */
export interface SinkHandle {
  /** Makes each decision's event durable; absent when no endpoint is configured (nothing is recorded). */
  sink?: DecisionSink;
  /** Counts of waiting and dead-letter events (loads the outbox). */
  status?(): Promise<DeliveryStatus>;
  /** Sends what is waiting now. */
  flush?(): Promise<void>;
  /** Stores any CloudEvent (newsletter, erasure request) in the same outbox and sends it. */
  enqueue?(event: CloudEvent): Promise<void>;
  /** Stops sending and listening. Stored events stay for the next visit. */
  stop(): void;
}

/**
 * Creates the decision sink for a page.
 *
 * - No endpoint written at all: returns no sink; no events are recorded.
 * - An endpoint that was refused (`config.endpoint` is null, `rawEndpoint` is set): events are still
 *   written to the outbox and kept, but never sent (config validation has logged why).
 * - A valid endpoint: events are written, then sent.
 *
 * Once the page's `consent-ready` event has told the consent state, at idle time, it loads the
 * sender when events wait from an earlier visit (and sends them) or when the visitor is undecided.
 *
 * @param rawEndpoint the endpoint as the site wrote it, before validation
 */
export function createSink(config: CoreConfig, rawEndpoint: string | undefined, doc: Document, options: SinkOptions = {}): SinkHandle {
  if (!rawEndpoint && !config.endpoint) return { stop() {} };
  const {
    // Called unbound: Web IDL runs window functions called without `this` on the global object.
    idle = self.requestIdleCallback ?? setTimeout,
    indexedDB: idb = self.indexedDB,
    dbName = OUTBOX_DB,
    full = async () => config as ResolvedConfig,
  } = options;
  let stopped: unknown;
  let box: DecisionOutbox | undefined;
  let loading: Promise<DecisionOutbox> | undefined;
  const load = (): Promise<DecisionOutbox> => (loading ??= Promise.all([import('./outbox-sink.js'), full()]).then(
    ([{ decisionOutbox }, resolved]) => {
      box = decisionOutbox(resolved, doc, options);
      if (stopped) box.stop();
      return box;
    },
    (e: unknown) => {
      // The chunk could not be fetched (offline?): let the next call try again.
      loading = undefined;
      throw e;
    },
  ));

  // Once the consent state is known, at idle time: a visitor who is about to be asked will likely
  // decide, so fetch the sender chunk ahead of the click (which then works even if the connection
  // drops); and when a previous visit left events waiting, load it and send them.
  const whenKnown = (state: { status?: string }) => idle(async () => {
    let waiting = 0;
    // A refused endpoint never sends, so its kept events are no reason to load the sender.
    if (config.endpoint) {
      try {
        // Open the outbox database without creating it: an upgrade means it does not exist (abort).
        const r = idb!.open(dbName);
        r.onupgradeneeded = () => r.transaction!.abort();
        const db = await promisifyRequest(r);
        const count = db.transaction('outbox').objectStore('outbox').count();
        db.close(); // closes once the count is done
        waiting = await promisifyRequest(count);
      } catch { /* no outbox database (or no IndexedDB); or one this page cannot read, which the outbox could not use either */ }
    }
    if (!stopped && (waiting || state.status == 'undecided')) {
      // Not awaited: sending may take a while.
      await load().then((o) => { if (waiting) void o.flush(); }, (x) => log.warn('outbox-load', x));
    }
  });
  if (options.ready) void options.ready.then(whenKnown);
  else doc.addEventListener('consent-ready', (e) => whenKnown((e as CustomEvent<{ status?: string }>).detail), { once: true });

  // Each method loads the outbox and calls its namesake. The handle is its own sink (it has write()).
  const handle: Record<string, unknown> = {
    stop() {
      stopped = 1;
      box?.stop();
    },
  };
  for (const k of ['write', 'status', 'flush', 'enqueue'] as const) {
    handle[k] = (arg?: never) => load().then((o) => (o[k] as (a?: never) => unknown)(arg));
  }
  handle.sink = handle;
  return handle as unknown as SinkHandle;
}
