declare const __VERSION__: string;
/** The library version, put in every consent record. Replaced at build time; `0.0.0-dev` in tests. */
export const VERSION: string = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';
