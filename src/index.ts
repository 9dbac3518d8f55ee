/**
 * consent-elements: the public API and types. Importing this module registers nothing and does no I/O.
 * @module
 */
export type * from './core/types.js';
export { resolveConfig, ConfigError, VENDOR_PRESETS, checkEndpoint, safeHttpUrl } from './core/config-check.js';
export { readElementConfig } from './core/element-config.js';
export { ConsentStore, MemoryStore, type ConsentStoreOptions } from './core/store.js';
export { getHost, whenHost, type ConsentHost } from './core/host.js';
export { IdbStore } from './storage/idb.js';
export { start, type ConsentApi, type StartOptions, type Runtime } from './runtime.js';
export { attachGating } from './integrations/gating.js';
export { attachCookieCleanup, cookieDomains, type CookiesRemovedDetail } from './integrations/cookies.js';
export { trustedScript, trustedScriptURL, POLICY_NAME } from './integrations/trusted-types.js';
export { attachConsentMode, CONSENT_TYPES } from './integrations/consent-mode.js';
export { setGtagUrl } from './integrations/ga4.js';
export type * from './transport/types.js';
export { createSink, type SinkHandle, type SinkOptions } from './transport/sink.js';
export { createOutbox, decisionEvent, parseRetryAfter, backoffDelay, OUTBOX_DB, type Outbox, type OutboxOptions } from './transport/outbox.js';
export { bootFromPage } from './boot.js';
