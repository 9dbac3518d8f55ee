/**
 * The chunk `sink.ts` loads: the outbox, and the step from a consent decision to its event. Only
 * what `sink.ts` uses is exported here, so the chunk carries no other export names.
 * @module
 */
import type { Decision, ResolvedConfig } from '../core/types.js';
import { decisionEvent } from './event.js';
import { createOutbox, type Outbox, type OutboxOptions } from './outbox.js';

/** An outbox that also records consent decisions. */
export interface DecisionOutbox extends Outbox {
  /** Builds the consent event of a decision and stores it durably. */
  write(decision: Decision): Promise<void>;
}

/** Creates the outbox that records consent decisions for a configuration, on `doc`'s page. */
export function decisionOutbox(config: ResolvedConfig, doc: Document, options: Omit<OutboxOptions, 'endpoint' | 'document'>): DecisionOutbox {
  const outbox = createOutbox({ ...options, endpoint: config.endpoint, document: doc }) as DecisionOutbox;
  outbox.write = async (decision) => outbox.enqueue(await decisionEvent(decision, config, doc.location?.origin ?? ''));
  return outbox;
}
