import type { ConsentStore } from '../core/store.js';
// PLACEHOLDER: replaced by Google Consent Mode v2 / dataLayer (issue 3).
export function attachConsentMode(_store: ConsentStore, _win: Window): () => void { return () => {}; }
