import type {
  ConsentConfig, CookieInfo, LocalizedText, PurposeConfig, ResolvedConfig, ResolvedPurpose, VendorInfo,
} from './types.js';

/** Presets for common analytics vendors, so a site need not retype their cookie lists. */
export const VENDOR_PRESETS: Readonly<Record<string, VendorInfo>> = {
  ga4: {
    id: 'google-analytics',
    name: 'Google Analytics 4',
    recipient: 'Google Ireland Ltd.',
    ipMasking: true,
    cookies: [
      { name: '_ga', lifetime: { nl: '2 jaar', en: '2 years' }, recipient: 'Google Ireland Ltd.',
        purpose: { nl: 'Onderscheidt bezoekers', en: 'Distinguishes visitors' } },
      { name: '_ga_*', lifetime: { nl: '2 jaar', en: '2 years' }, recipient: 'Google Ireland Ltd.',
        purpose: { nl: 'Bewaart de sessiestatus', en: 'Keeps the session state' } },
    ],
  },
  matomo: {
    id: 'matomo',
    name: 'Matomo',
    ipMasking: true,
    cookies: [
      { name: '_pk_id.*', lifetime: { nl: '13 maanden', en: '13 months' },
        purpose: { nl: 'Onderscheidt bezoekers', en: 'Distinguishes visitors' } },
      { name: '_pk_ses.*', lifetime: { nl: '30 minuten', en: '30 minutes' },
        purpose: { nl: 'Houdt een bezoek bij', en: 'Tracks one visit' } },
    ],
  },
};

/**
 * What went wrong, as a code. The sentences live in `messages.ts`, which is loaded only when a
 * configuration has problems, so sites with a valid configuration never download them.
 */
export type ConfigProblem =
  | 'not-object' | 'not-string' | 'not-boolean' | 'not-array' | 'months' | 'months-max' | 'endpoint' | 'privacy-url'
  | 'purpose-id' | 'purpose-duplicate' | 'legal-basis' | 'text' | 'cookie-name' | 'vendor' | 'vendor-preset'
  | 'vendor-id' | 'necessary-vendor' | 'jurisdiction' | 'ga4' | 'unknown-key';

/** A problem found in a configuration: the field's path, the problem, and the offending value. */
export class ConfigError {
  constructor(readonly path: string, readonly problem: ConfigProblem, readonly value?: unknown) {}
}

const KEYS = 'endpoint policyVersion privacyUrl controller lang purposes validityMonths refusalMonths texts noSettingsButton consentMode dataLayerName ga4MeasurementId gpcRefuses refusalTrail jurisdiction'.split(' ');
/** Purposes that by their nature need consent: their vendors can never be declared "necessary". */
const NEVER_NECESSARY = ['google-analytics', 'matomo', 'analytics', 'marketing'];
const PURPOSE_ID = /^[a-z][a-z0-9_-]{0,31}$/;
const GA4_ID = /^G-[A-Z0-9]{4,20}$/;
const here = (): string | undefined => (typeof location !== 'undefined' ? location.href : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const isText = (v: unknown): v is LocalizedText => typeof v === 'string' || (isObject(v) && Object.values(v).every((x) => typeof x === 'string'));

/**
 * Checks a URL the page will link to. Only http(s) is allowed: a `javascript:` or `data:` URL in a
 * privacy link would run code when clicked.
 */
export function safeHttpUrl(value: unknown, base = here()): string | null {
  try {
    const url = new URL(String(value).trim(), base);
    return typeof value === 'string' && /^https?:$/.test(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

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
 * Validates a configuration and fills in defaults. Never throws: each problem becomes a
 * {@link ConfigError}, and the resolved config falls back to the safe choice (nothing granted,
 * no link, no endpoint). `describeConfigErrors` (messages.ts) turns the errors into sentences.
 */
export function resolveConfig(input: ConsentConfig | null | undefined): { config: ResolvedConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const err = (path: string, problem: ConfigProblem, value?: unknown): void => { errors.push(new ConfigError(path, problem, value)); };
  if (input != null && !isObject(input)) err('(root)', 'not-object');
  const raw: Record<string, unknown> = isObject(input) ? input : {};
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) err(key, 'unknown-key');

  const str = (key: string): string | undefined => {
    const v = raw[key];
    if (v == null || v === '') return undefined;
    if (typeof v === 'string') return v;
    err(key, 'not-string', v);
  };
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
  const cookies = (v: unknown, path: string): CookieInfo[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v)) return err(path, 'not-array'), [];
    const out: CookieInfo[] = [];
    v.forEach((c: Record<string, unknown>, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || !c.name) return err(`${path}[${i}]`, 'cookie-name');
      out.push({
        name: c.name,
        purpose: isText(c.purpose) ? c.purpose : undefined,
        lifetime: isText(c.lifetime) ? c.lifetime : undefined,
        recipient: typeof c.recipient === 'string' ? c.recipient : undefined,
      });
    });
    return out;
  };
  const vendor = (v: unknown, path: string): VendorInfo | undefined => {
    const name = typeof v === 'string' ? v : isObject(v) && typeof v.preset === 'string' ? v.preset : undefined;
    const base = name === undefined ? undefined : VENDOR_PRESETS[name];
    if (name !== undefined && !base) return err(path, 'vendor-preset', name), undefined;
    if (typeof v === 'string') return base;
    if (!isObject(v)) return err(path, 'vendor'), undefined;
    const id = typeof v.id === 'string' && v.id ? v.id : base?.id;
    if (!id) return err(path, 'vendor-id'), undefined;
    return {
      id,
      name: typeof v.name === 'string' && v.name ? v.name : base?.name ?? id,
      recipient: typeof v.recipient === 'string' ? v.recipient : base?.recipient,
      ipMasking: typeof v.ipMasking === 'boolean' ? v.ipMasking : base?.ipMasking,
      cookies: v.cookies !== undefined ? cookies(v.cookies, `${path}.cookies`) : base?.cookies ?? [],
    };
  };
  const purpose = (v: unknown, path: string): ResolvedPurpose | undefined => {
    if (!isObject(v)) return err(path, 'not-object'), undefined;
    const p = v as PurposeConfig & Record<string, unknown>;
    if (typeof p.id !== 'string' || !PURPOSE_ID.test(p.id)) return err(`${path}.id`, 'purpose-id', p.id), undefined;
    // EDPB Cookie Banner Taskforce para 24: legitimate interest is never a basis for cookies.
    if (p.legalBasis !== undefined && p.legalBasis !== 'consent') err(`${path}.legalBasis`, 'legal-basis', p.legalBasis);
    for (const key of ['label', 'description'] as const) if (p[key] !== undefined && !isText(p[key])) err(`${path}.${key}`, 'text');
    let vendors: VendorInfo[] = [];
    if (p.vendors !== undefined && !Array.isArray(p.vendors)) err(`${path}.vendors`, 'not-array');
    else vendors = (p.vendors ?? []).map((x, i) => vendor(x, `${path}.vendors[${i}]`)).filter((x): x is VendorInfo => !!x);
    return {
      id: p.id,
      label: isText(p.label) ? p.label : undefined,
      description: isText(p.description) ? p.description : undefined,
      vendors,
      cookies: [...cookies(p.cookies, `${path}.cookies`), ...vendors.flatMap((x) => x.cookies ?? [])],
      // The masking sentence is on for analytics unless every vendor says it does not mask.
      ipMasking: p.id === 'analytics' && (!vendors.length || vendors.some((x) => x.ipMasking !== false)),
      required: p.id === 'necessary',
    };
  };

  const ep = str('endpoint');
  const endpoint = ep ? checkEndpoint(ep) : null;
  if (ep && !endpoint) err('endpoint', 'endpoint', ep);
  const pu = str('privacyUrl');
  const privacyUrl = pu ? safeHttpUrl(pu) : null;
  if (pu && !privacyUrl) err('privacyUrl', 'privacy-url', pu);

  let necessary: ResolvedPurpose = { id: 'necessary', vendors: [], cookies: [], ipMasking: false, required: true };
  const purposes: ResolvedPurpose[] = [];
  if (raw.purposes !== undefined && !Array.isArray(raw.purposes)) err('purposes', 'not-array');
  const list: unknown[] = Array.isArray(raw.purposes) ? raw.purposes : [{ id: 'analytics' }];
  list.forEach((v, i) => {
    const p = purpose(v, `purposes[${i}]`);
    if (!p) return;
    if (p.required) necessary = p;
    else if (purposes.some((x) => x.id === p.id)) err(`purposes[${i}].id`, 'purpose-duplicate', p.id);
    else purposes.push(p);
  });
  if (necessary.vendors.some((x) => NEVER_NECESSARY.includes(x.id))) {
    err('purposes[necessary]', 'necessary-vendor');
    necessary = { ...necessary, vendors: [], cookies: [] };
  }

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
  const jurisdiction = str('jurisdiction');
  const validJurisdiction = jurisdiction && /^[A-Z]{2}$/.test(jurisdiction) ? jurisdiction : undefined;
  if (jurisdiction && !validJurisdiction) err('jurisdiction', 'jurisdiction', jurisdiction);
  const ga4 = str('ga4MeasurementId');
  const ga4MeasurementId = ga4 && GA4_ID.test(ga4) ? ga4 : null;
  if (ga4 && !ga4MeasurementId) err('ga4MeasurementId', 'ga4', ga4);

  const config: ResolvedConfig = {
    endpoint,
    policyVersion: str('policyVersion') ?? '1',
    privacyUrl,
    controller: str('controller') ?? (typeof location !== 'undefined' ? location.hostname : ''),
    lang: str('lang')?.toLowerCase() ?? null,
    purposes: [necessary, ...purposes],
    validityMonths: months('validityMonths', 12),
    refusalMonths: months('refusalMonths', 6),
    texts,
    noSettingsButton: bool('noSettingsButton'),
    consentMode: bool('consentMode') || ga4MeasurementId !== null,
    dataLayerName: str('dataLayerName') ?? 'dataLayer',
    ga4MeasurementId,
    gpcRefuses,
    refusalTrail: bool('refusalTrail'),
    jurisdiction: validJurisdiction ?? 'NL',
  };
  return { config, errors };
}

/** Adds calendar months in UTC (12 months from 31 Jan lands on 31 Jan; from 29 Feb on 1 Mar). */
export function addMonths(epochMs: number, n: number): number {
  const d = new Date(epochMs);
  const whole = Math.floor(n);
  d.setUTCMonth(d.getUTCMonth() + whole);
  return d.getTime() + Math.round((n - whole) * 30 * 24 * 3600 * 1000);
}
