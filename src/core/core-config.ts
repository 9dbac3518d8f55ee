import type { ConsentConfig, CoreConfig } from './types.js';

/**
 * What went wrong, as a code. The sentences live in `messages.ts`, which is loaded only when a
 * configuration has problems, so sites with a valid configuration never download them.
 */
export type ConfigProblem =
  | 'not-object' | 'not-string' | 'not-boolean' | 'not-array' | 'months' | 'months-max' | 'endpoint' | 'privacy-url'
  | 'purpose-id' | 'purpose-duplicate' | 'legal-basis' | 'text' | 'cookie-name' | 'vendor' | 'vendor-preset'
  | 'vendor-id' | 'necessary-vendor' | 'jurisdiction' | 'ga4' | 'unknown-key';

/** @internal Every configuration key. */
export const KEYS = 'endpoint policyVersion privacyUrl controller lang purposes validityMonths refusalMonths texts noSettingsButton consentMode dataLayerName ga4MeasurementId gpcRefuses refusalTrail jurisdiction'.split(' ');
/** @internal The fields of a vendor entry its key is made of (`CoreConfig.vendorKeys`): who gets the data. */
const VENDOR_KEY = 'recipient preset id'.split(' ');
/** @internal */
export const PURPOSE_ID = /^[a-z][a-z0-9_-]{0,31}$/;
/** @internal */
export const GA4_ID = /^G-[A-Z0-9]{4,20}$/;
/** @internal */
export const here = (): string | undefined => (typeof location !== 'undefined' ? location.href : undefined);
/** @internal */
export const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks an event endpoint: https, or plain http only on localhost / 127.0.0.1 (development).
 * Returns null when it is refused.
 */
export function checkEndpoint(value: string, base = here()): string | null {
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Resolves the settings the always-loaded core needs, quietly: a value that is wrong falls back to
 * the safe choice (nothing granted, no endpoint) and calls `flag`. Saying what is wrong, field by
 * field, is the full resolver's job (`config.ts`, a lazy chunk, which the runtime loads at once when
 * `flag` was called); it takes these values as they are, so the two never disagree.
 */
export function coreConfig(input: ConsentConfig | null | undefined, flag: () => void): CoreConfig {
  const raw: Record<string, unknown> = isObject(input) ? input : {};
  if ((input != null && raw !== input) || Object.keys(raw).some((k) => !KEYS.includes(k))) flag();
  /** The value of `key` when it has the type, `fallback` when absent (or an empty string); else flags. */
  const get = <T>(key: string, type: string, fallback: T, ok = (v: T) => true as unknown): T => {
    const v = raw[key] as T;
    if (v == null || v === '') return fallback;
    return typeof v == type && ok(v) ? v : (flag(), fallback);
  };
  const months = (key: string, fallback: number): number => {
    const v = get(key, 'number', fallback, (n) => n > 0 && Number.isFinite(n));
    return v > 13 ? (flag(), 13) : v;
  };
  const ep = get<string | null>('endpoint', 'string', null);
  const endpoint = ep && (checkEndpoint(ep) ?? (flag(), null));
  const texts: Record<string, Record<string, string>> = {};
  for (const [lang, table] of Object.entries(get<Record<string, unknown>>('texts', 'object', {}, isObject))) {
    if (!isObject(table)) { flag(); continue; }
    const clean: Record<string, string> = (texts[lang.toLowerCase()] = {});
    for (const [k, v] of Object.entries(table)) typeof v == 'string' ? (clean[k] = v) : flag();
  }
  const seen: string[] = [];
  // Per purpose: who gets the data (its vendors, by preset or id, and their recipients), not how it is
  // described, so a text edit keeps a stored decision and another vendor asks again (see `stateOf`).
  // Undefined for a purpose without vendors. Not checked here: `config.ts` reports bad vendor entries.
  const vendorKeys: Record<string, string | undefined> = {};
  for (const p of get<unknown[]>('purposes', 'object', [{ id: 'analytics' }], Array.isArray)) {
    const id = (p as { id?: unknown })?.id;
    typeof id == 'string' && PURPOSE_ID.test(id) && !seen.includes(id) && isObject(p)
      ? (seen.push(id), vendorKeys[id] = JSON.stringify(p.vendors, VENDOR_KEY))
      : flag();
  }
  const ga4MeasurementId = get<string | null>('ga4MeasurementId', 'string', null, (id) => GA4_ID.test(id!));
  return {
    endpoint,
    policyVersion: get('policyVersion', 'string', '1'),
    lang: get<string | null>('lang', 'string', null)?.toLowerCase() ?? null,
    purposeIds: seen.filter((id) => id != 'necessary'),
    validityMonths: months('validityMonths', 12),
    refusalMonths: months('refusalMonths', 6),
    texts,
    noSettingsButton: get('noSettingsButton', 'boolean', false),
    consentMode: get('consentMode', 'boolean', false) || !!ga4MeasurementId,
    dataLayerName: get('dataLayerName', 'string', 'dataLayer'),
    ga4MeasurementId,
    gpcRefuses: get('gpcRefuses', 'object', ['marketing'], (a) => Array.isArray(a) && a.every((x) => typeof x == 'string')),
    refusalTrail: get('refusalTrail', 'boolean', false),
    vendorKeys,
  };
}
