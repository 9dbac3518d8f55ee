import type { ConsentConfig, CoreConfig } from './types.js';

/**
 * What went wrong, as a code. The sentences live in `messages.ts`, which is loaded only when a
 * configuration has problems, so sites with a valid configuration never download them.
 */
export type ConfigProblem =
  | 'not-object' | 'not-string' | 'not-boolean' | 'not-array' | 'months' | 'months-max' | 'endpoint' | 'privacy-url'
  | 'purpose-id' | 'purpose-duplicate' | 'legal-basis' | 'text' | 'cookie-name' | 'vendor' | 'vendor-preset'
  | 'vendor-id' | 'necessary-vendor' | 'jurisdiction' | 'ga4' | 'unknown-key';

/** Records a problem. */
export type Report = (path: string, problem: ConfigProblem, value?: unknown) => void;

const KEYS = 'endpoint policyVersion privacyUrl controller lang purposes validityMonths refusalMonths texts noSettingsButton consentMode dataLayerName ga4MeasurementId gpcRefuses refusalTrail jurisdiction'.split(' ');
const PURPOSE_ID = /^[a-z][a-z0-9_-]{0,31}$/;
const GA4_ID = /^G-[A-Z0-9]{4,20}$/;
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

/** The raw configuration as an object (anything else is reported and replaced by `{}`). */
export function rawObject(input: unknown, err: Report): Record<string, unknown> {
  if (input != null && !isObject(input)) err('(root)', 'not-object');
  return isObject(input) ? input : {};
}

/** Reads a string setting; `undefined` when absent, empty or not a string (reported). */
export function readString(raw: Record<string, unknown>, key: string, err: Report): string | undefined {
  const v = raw[key];
  if (v == null || v === '') return undefined;
  if (typeof v === 'string') return v;
  err(key, 'not-string', v);
}

/**
 * The site's purpose entries that count: objects with a valid, not yet seen id. `necessary` is
 * among them when the site describes it. Invalid entries are reported and skipped. Both the core
 * and the full resolver use this, so they always agree on which purposes exist.
 */
export function purposeEntries(raw: Record<string, unknown>, err: Report): Array<[Record<string, unknown>, string]> {
  if (raw.purposes !== undefined && !Array.isArray(raw.purposes)) err('purposes', 'not-array');
  const list: unknown[] = Array.isArray(raw.purposes) ? raw.purposes : [{ id: 'analytics' }];
  const seen = new Set<string>();
  const out: Array<[Record<string, unknown>, string]> = [];
  list.forEach((p, i) => {
    const path = `purposes[${i}]`;
    if (!isObject(p)) return err(path, 'not-object');
    if (typeof p.id !== 'string' || !PURPOSE_ID.test(p.id)) return err(`${path}.id`, 'purpose-id', p.id);
    if (seen.has(p.id)) return err(`${path}.id`, 'purpose-duplicate', p.id);
    seen.add(p.id);
    out.push([p, path]);
  });
  return out;
}

/**
 * Resolves the settings the core needs. Never throws: each problem is reported with `err`, and the
 * value falls back to the safe choice (nothing granted, no endpoint).
 */
export function coreConfig(input: ConsentConfig | null | undefined, err: Report): CoreConfig {
  const raw = rawObject(input, err);
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) err(key, 'unknown-key');
  const str = (key: string) => readString(raw, key, err);
  const bool = (key: string): boolean => {
    const v = raw[key];
    if (v !== undefined && typeof v !== 'boolean') err(key, 'not-boolean', v);
    return v === true;
  };
  const months = (key: string, fallback: number): number => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) return err(key, 'months', v), fallback;
    if (v > 13) return err(key, 'months-max', v), 13;
    return v;
  };

  const ep = str('endpoint');
  const endpoint = ep ? checkEndpoint(ep) : null;
  if (ep && !endpoint) err('endpoint', 'endpoint', ep);

  const texts: Record<string, Record<string, string>> = {};
  if (raw.texts !== undefined && !isObject(raw.texts)) err('texts', 'not-object');
  for (const [lang, table] of Object.entries(isObject(raw.texts) ? raw.texts : {})) {
    if (!isObject(table)) { err(`texts.${lang}`, 'not-object'); continue; }
    const clean: Record<string, string> = (texts[lang.toLowerCase()] = {});
    for (const [k, v] of Object.entries(table)) {
      if (typeof v === 'string') clean[k] = v;
      else err(`texts.${lang}.${k}`, 'not-string', v);
    }
  }

  let gpcRefuses = ['marketing'];
  if (raw.gpcRefuses !== undefined) {
    if (Array.isArray(raw.gpcRefuses) && raw.gpcRefuses.every((x) => typeof x === 'string')) gpcRefuses = raw.gpcRefuses;
    else err('gpcRefuses', 'not-array');
  }
  const ga4 = str('ga4MeasurementId');
  const ga4MeasurementId = ga4 && GA4_ID.test(ga4) ? ga4 : null;
  if (ga4 && !ga4MeasurementId) err('ga4MeasurementId', 'ga4', ga4);

  return {
    endpoint,
    policyVersion: str('policyVersion') ?? '1',
    lang: str('lang')?.toLowerCase() ?? null,
    purposeIds: purposeEntries(raw, err).map(([p]) => p.id as string).filter((id) => id !== 'necessary'),
    validityMonths: months('validityMonths', 12),
    refusalMonths: months('refusalMonths', 6),
    texts,
    noSettingsButton: bool('noSettingsButton'),
    consentMode: bool('consentMode') || ga4MeasurementId !== null,
    dataLayerName: str('dataLayerName') ?? 'dataLayer',
    ga4MeasurementId,
    gpcRefuses,
    refusalTrail: bool('refusalTrail'),
  };
}
