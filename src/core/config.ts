import { coreConfig, here, isObject, PURPOSE_ID, type ConfigProblem } from './core-config.js';
import type { ConsentConfig, CookieInfo, LocalizedText, PurposeConfig, ResolvedConfig, ResolvedPurpose, VendorInfo } from './types.js';

export { checkEndpoint, type ConfigProblem } from './core-config.js';

/** Records a problem. */
export type Report = (path: string, problem: ConfigProblem, value?: unknown) => void;

/** @internal The raw configuration as an object (anything else is reported and replaced by `{}`). */
export function rawObject(input: unknown, err: Report): Record<string, unknown> {
  if (input != null && !isObject(input)) err('(root)', 'not-object');
  return isObject(input) ? input : {};
}

/** @internal Reads a string setting; `undefined` when absent, empty or not a string (reported). */
export function readString(raw: Record<string, unknown>, key: string, err: Report): string | undefined {
  const v = raw[key];
  if (v == null || v === '') return undefined;
  if (typeof v === 'string') return v;
  err(key, 'not-string', v);
}

/**
 * The site's purpose entries that count: objects with a valid, not yet seen id (`necessary` among
 * them when the site describes it). Invalid entries are reported and skipped, as the core skips them.
 */
function purposeEntries(raw: Record<string, unknown>, err: Report): Array<[Record<string, unknown>, string]> {
  if (raw.purposes != null && !Array.isArray(raw.purposes)) err('purposes', 'not-array');
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

/** A problem found in a configuration: the field's path, the problem, and the offending value. */
export class ConfigError {
  constructor(readonly path: string, readonly problem: ConfigProblem, readonly value?: unknown) {}
}

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

/** Vendors that by their nature need consent: they can never be declared "necessary". */
const NEVER_NECESSARY = ['google-analytics', 'matomo', 'analytics', 'marketing'];
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

const cache = new WeakMap<object, { config: ResolvedConfig; errors: ConfigError[] }>();

/**
 * Resolves a whole configuration and fills in defaults: the core settings ({@link coreConfig}, taken
 * as they are) plus the texts, purposes, vendors and cookies the UI and the consent records need.
 * Never throws. Problems in those details become {@link ConfigError}s and fall back to the safe
 * choice; problems in the core settings are not looked for here (the core has flagged them, and
 * `config-check.ts`, loaded only then, says which: its `resolveConfig` gives both). The result for
 * an object is cached, since the UI, the outbox and the cookie cleanup all ask.
 */
export function resolveDetails(input: ConsentConfig | null | undefined): { config: ResolvedConfig; errors: ConfigError[] } {
  const hit = input && typeof input === 'object' ? cache.get(input) : undefined;
  if (hit) return hit;
  const errors: ConfigError[] = [];
  const err = (path: string, problem: ConfigProblem, value?: unknown): void => { errors.push(new ConfigError(path, problem, value)); };
  const raw = rawObject(input, err);
  const core = coreConfig(input, () => {});
  const str = (key: string) => readString(raw, key, err);

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
  const purpose = (p: PurposeConfig & Record<string, unknown>, path: string): ResolvedPurpose => {
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

  const pu = str('privacyUrl');
  const privacyUrl = pu ? safeHttpUrl(pu) : null;
  if (pu && !privacyUrl) err('privacyUrl', 'privacy-url', pu);

  const entries = purposeEntries(raw, err).map(([p, path]) => purpose(p as PurposeConfig & Record<string, unknown>, path));
  let necessary = entries.find((p) => p.required) ?? { id: 'necessary', vendors: [], cookies: [], ipMasking: false, required: true };
  if (necessary.vendors.some((x) => NEVER_NECESSARY.includes(x.id))) {
    err('purposes[necessary]', 'necessary-vendor');
    necessary = { ...necessary, vendors: [], cookies: [] };
  }
  const jurisdiction = str('jurisdiction');
  const validJurisdiction = jurisdiction && /^[A-Z]{2}$/.test(jurisdiction) ? jurisdiction : undefined;
  if (jurisdiction && !validJurisdiction) err('jurisdiction', 'jurisdiction', jurisdiction);

  const result = {
    config: {
      ...core,
      privacyUrl,
      controller: str('controller') ?? (typeof location !== 'undefined' ? location.hostname : ''),
      purposes: [necessary, ...entries.filter((p) => !p.required)],
      jurisdiction: validJurisdiction ?? 'NL',
    },
    errors,
  };
  if (input && typeof input === 'object') cache.set(input, result);
  return result;
}
