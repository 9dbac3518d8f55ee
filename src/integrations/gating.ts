import type { ConsentStore } from '../core/store.js';
// PLACEHOLDER: replaced by the gating implementation.
export function attachGating(_store: ConsentStore, _doc: Document): () => void { return () => {}; }
