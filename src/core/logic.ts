/**
 * The logic a decision needs and a return visit does not: the details resolver (`config.ts`) and the
 * decision writer (`decide.ts`). The core imports this one module lazily for both, so the drop-in's
 * `logic` chunk exposes them directly, without a namespace object per module.
 * @module
 */
export { resolveDetails } from './config.js';
export { forget, record } from './decide.js';
