import type { ConsentStore } from '../core/store.js';
// PLACEHOLDER: replaced by the cookie cleanup implementation.
export function attachCookieCleanup(_store: ConsentStore, _doc: Document): () => void { return () => {}; }
