import type { DecisionSink, ResolvedConfig } from '../core/types.js';
// PLACEHOLDER: replaced by the outbox wiring (issue 3).
export interface SinkHandle { sink?: DecisionSink; stop(): void }
export function createSink(_config: ResolvedConfig, _rawEndpoint: string | undefined, _doc: Document): SinkHandle {
  return { stop() {} };
}
