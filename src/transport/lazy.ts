/**
 * The small part of the transport that is always loaded: it decides whether events are recorded
 * at all, and loads the outbox and sender (`outbox.ts`, a separate chunk) only when they are
 * needed: at the first decision, when the banner is about to ask for one, or when a previous visit
 * left events waiting.
 * @module
 */
import type { DecisionSink, ResolvedConfig } from '../core/types.js';
import { log } from '../core/log.js';
import { OUTBOX_DB, countPending } from './pending.js';
import type { DecisionOutbox, OutboxOptions } from './outbox.js';
import type { CloudEvent, DeliveryStatus } from './types.js';

/** Options of {@link createSink}; tests use them for short delays, their own database and a fake fetch. */
export interface SinkOptions extends Omit<OutboxOptions, 'endpoint' | 'document'> {
  /**
   * Runs `task` once the page is idle; the task looks for events a previous visit could not deliver
   * (and resolves when that look, and any sending it starts, is under way).
   * Default: `requestIdleCallback` (5 s timeout), else a 2 s timer.
   */
  idle?: (task: () => Promise<void>) => void;
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
 * @param rawEndpoint the endpoint as the site wrote it, before validation
 */
export function createSink(config: ResolvedConfig, rawEndpoint: string | undefined, doc: Document, options: SinkOptions = {}): SinkHandle {
  if (!rawEndpoint && !config.endpoint) return { stop() {} };
  const win = doc.defaultView;
  let stopped = false;
  let loading: Promise<DecisionOutbox> | null = null;
  const load = (): Promise<DecisionOutbox> => (loading ??= import('./outbox.js').then(
    (m) => {
      const o = m.createDecisionOutbox(config, win?.location.origin ?? '', { ...options, document: doc });
      if (stopped) o.outbox.stop();
      return o;
    },
    (e: unknown) => {
      // The chunk could not be fetched (offline?): let the next call try again.
      loading = null;
      throw e;
    },
  ));

  const idle = options.idle
    ?? ((task: () => unknown) => (win && 'requestIdleCallback' in win ? win.requestIdleCallback(task, { timeout: 5000 }) : setTimeout(task, 2000)));

  // A visitor who is about to be asked will likely decide: fetch the sender chunk while the page is
  // idle, so the click is not kept waiting on the network (and still works if the connection drops).
  const onReady = (e: Event): void => {
    if ((e as CustomEvent<{ status?: string } | null>).detail?.status === 'undecided') {
      idle(async () => { if (!stopped) await load().then(() => undefined, () => undefined); });
    }
  };
  doc.addEventListener('consent-ready', onReady, { once: true });

  const idb = options.indexedDB === undefined ? win?.indexedDB ?? null : options.indexedDB;
  if (config.endpoint && idb) {
    idle(async () => {
      if (stopped) return;
      try {
        // Only when something waits is the sender loaded (not awaited: sending may take a while).
        if (await countPending(options.dbName ?? OUTBOX_DB, idb) && !stopped) void (await load()).outbox.flush();
      } catch (e) {
        log.warn(`could not check the consent outbox (${e}); waiting events go out with the next decision`);
      }
    });
  }

  return {
    sink: { write: (decision) => load().then((o) => o.write(decision)) },
    status: () => load().then((o) => o.outbox.status()),
    flush: () => load().then((o) => o.outbox.flush()),
    enqueue: (event) => load().then((o) => o.outbox.enqueue(event)),
    stop() {
      stopped = true;
      doc.removeEventListener('consent-ready', onReady);
      void loading?.then((o) => o.outbox.stop(), () => undefined);
    },
  };
}
