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

/** Purposes that by their nature need consent: they can never be declared "necessary". */
const NEVER_NECESSARY = new Set(['analytics', 'marketing', 'advertising', 'statistics', 'tracking']);
const PURPOSE_ID = /^[a-z][a-z0-9_-]{0,31}$/;
const MAX_MONTHS = 13;

/** A problem found in a configuration. The message names the field and what was done instead. */
export class ConfigError {
  constructor(readonly path: string, readonly message: string) {}
  toString(): string {
    return `config ${this.path}: ${this.message}`;
  }
}

/**
 * Checks a URL the page will link to. Only http(s) is allowed: a `javascript:` or `data:` URL in a
 * privacy link would run code when clicked.
 */
export function safeHttpUrl(value: unknown, base?: string): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    const url = new URL(value.trim(), base ?? (typeof location !== 'undefined' ? location.href : undefined));
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Checks an event endpoint: https, or http only on localhost / 127.0.0.1 (development).
 * Returns the reason when it is refused.
 */
export function checkEndpoint(value: string, base?: string): { url: string } | { error: string } {
  let url: URL;
  try {
    url = new URL(value, base ?? (typeof location !== 'undefined' ? location.href : undefined));
  } catch {
    return { error: `"${value}" is not a URL` };
  }
  if (url.protocol === 'https:') return { url: url.href };
  if (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)) return { url: url.href };
  return { error: `"${value}" is not https (plain http is allowed only for localhost and 127.0.0.1); events are kept in the outbox and not sent` };
}

function isText(v: unknown): v is LocalizedText {
  if (typeof v === 'string') return true;
  return !!v && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string');
}

function months(raw: unknown, fallback: number, path: string, errors: ConfigError[]): number {
  if (raw === undefined) return fallback;
  if (typeof raw !== 'number' || !Number.isFinite(raw) || raw <= 0) {
    errors.push(new ConfigError(path, `must be a positive number of months; using ${fallback}`));
    return fallback;
  }
  if (raw > MAX_MONTHS) {
    errors.push(new ConfigError(path, `${raw} is more than the maximum of ${MAX_MONTHS} months; using ${MAX_MONTHS}`));
    return MAX_MONTHS;
  }
  return raw;
}

function cookies(raw: unknown, path: string, errors: ConfigError[]): CookieInfo[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    errors.push(new ConfigError(path, 'must be an array of { name, purpose, lifetime, recipient }'));
    return [];
  }
  const out: CookieInfo[] = [];
  raw.forEach((c, i) => {
    if (!c || typeof c !== 'object' || typeof c.name !== 'string' || !c.name) {
      errors.push(new ConfigError(`${path}[${i}]`, 'needs a "name"; entry ignored'));
      return;
    }
    out.push({
      name: c.name,
      purpose: isText(c.purpose) ? c.purpose : undefined,
      lifetime: isText(c.lifetime) ? c.lifetime : undefined,
      recipient: typeof c.recipient === 'string' ? c.recipient : undefined,
    });
  });
  return out;
}

function vendor(raw: unknown, path: string, errors: ConfigError[]): VendorInfo | null {
  if (typeof raw === 'string') {
    const preset = VENDOR_PRESETS[raw];
    if (!preset) errors.push(new ConfigError(path, `unknown vendor preset "${raw}" (known: ${Object.keys(VENDOR_PRESETS).join(', ')}); ignored`));
    return preset ?? null;
  }
  if (!raw || typeof raw !== 'object') {
    errors.push(new ConfigError(path, 'must be a preset name or { id, name }; ignored'));
    return null;
  }
  const v = raw as Record<string, unknown>;
  const base = typeof v.preset === 'string' ? VENDOR_PRESETS[v.preset] : undefined;
  if (typeof v.preset === 'string' && !base) errors.push(new ConfigError(`${path}.preset`, `unknown preset "${v.preset}"`));
  const id = typeof v.id === 'string' && v.id ? v.id : base?.id;
  const name = typeof v.name === 'string' && v.name ? v.name : base?.name ?? id;
  if (!id || !name) {
    errors.push(new ConfigError(path, 'needs an "id"; ignored'));
    return null;
  }
  return {
    id,
    name,
    recipient: typeof v.recipient === 'string' ? v.recipient : base?.recipient,
    ipMasking: typeof v.ipMasking === 'boolean' ? v.ipMasking : base?.ipMasking,
    cookies: v.cookies !== undefined ? cookies(v.cookies, `${path}.cookies`, errors) : base?.cookies ?? [],
  };
}

function purpose(raw: unknown, path: string, errors: ConfigError[]): ResolvedPurpose | null {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push(new ConfigError(path, 'must be an object with an "id"; ignored'));
    return null;
  }
  const p = raw as PurposeConfig & Record<string, unknown>;
  if (typeof p.id !== 'string' || !PURPOSE_ID.test(p.id)) {
    errors.push(new ConfigError(`${path}.id`, `${JSON.stringify(p.id)} is not a valid purpose id (lowercase letters, digits, - and _); ignored`));
    return null;
  }
  if (p.legalBasis !== undefined && p.legalBasis !== 'consent') {
    // EDPB Cookie Banner Taskforce para 24: legitimate interest is never a basis for cookies.
    errors.push(new ConfigError(`${path}.legalBasis`, `"${String(p.legalBasis)}" is not allowed: cookies and similar storage need consent; treated as consent`));
  }
  for (const key of ['label', 'description'] as const) {
    if (p[key] !== undefined && !isText(p[key])) errors.push(new ConfigError(`${path}.${key}`, 'must be a string or { lang: string }; default text used'));
  }
  const vendors: VendorInfo[] = [];
  if (p.vendors !== undefined && !Array.isArray(p.vendors)) errors.push(new ConfigError(`${path}.vendors`, 'must be an array; ignored'));
  else (p.vendors ?? []).forEach((v, i) => { const r = vendor(v, `${path}.vendors[${i}]`, errors); if (r) vendors.push(r); });
  const own = cookies(p.cookies, `${path}.cookies`, errors);
  const analytics = p.id === 'analytics';
  return {
    id: p.id,
    label: isText(p.label) ? p.label : undefined,
    description: isText(p.description) ? p.description : undefined,
    vendors,
    cookies: [...own, ...vendors.flatMap((v) => v.cookies ?? [])],
    // The masking sentence is on for analytics unless every vendor says it does not mask.
    ipMasking: analytics && (vendors.length === 0 || vendors.some((v) => v.ipMasking !== false)),
    required: false,
  };
}

/**
 * Validates a configuration and fills in defaults. Never throws: each problem becomes a
 * {@link ConfigError}, and the resolved config falls back to the safe choice (nothing granted,
 * no link, no endpoint).
 */
export function resolveConfig(input: ConsentConfig | null | undefined): { config: ResolvedConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const raw = (input && typeof input === 'object' ? input : {}) as ConsentConfig & Record<string, unknown>;
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    errors.push(new ConfigError('(root)', 'must be an object; using defaults'));
  }
  const str = (key: keyof ConsentConfig): string | undefined => {
    const v = raw[key];
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') {
      errors.push(new ConfigError(key, 'must be a string; ignored'));
      return undefined;
    }
    return v;
  };

  let endpoint: string | null = null;
  const ep = str('endpoint');
  if (ep) {
    const checked = checkEndpoint(ep);
    if ('error' in checked) errors.push(new ConfigError('endpoint', checked.error));
    else endpoint = checked.url;
  }

  let privacyUrl: string | null = null;
  const pu = str('privacyUrl');
  if (pu) {
    privacyUrl = safeHttpUrl(pu);
    if (!privacyUrl) errors.push(new ConfigError('privacyUrl', `"${pu}" is not an http(s) URL; the privacy link is left out`));
  }

  const purposes: ResolvedPurpose[] = [{
    id: 'necessary', vendors: [], cookies: [], ipMasking: false, required: true,
  }];
  const list: unknown[] = raw.purposes === undefined ? [{ id: 'analytics' }] : Array.isArray(raw.purposes) ? raw.purposes : [];
  if (raw.purposes !== undefined && !Array.isArray(raw.purposes)) errors.push(new ConfigError('purposes', 'must be an array; using the default [analytics]'));
  list.forEach((p, i) => {
    const path = `purposes[${i}]`;
    if (p && typeof p === 'object' && (p as PurposeConfig).id === 'necessary') {
      // Site-supplied texts and cookies for the necessary purpose are welcome; analytics vendors are not.
      const r = purpose(p, path, errors);
      if (r) {
        const first = purposes[0]!;
        Object.assign(first, { label: r.label, description: r.description, cookies: r.cookies, vendors: r.vendors });
      }
      return;
    }
    const r = purpose(p, path, errors);
    if (!r) return;
    if (purposes.some((x) => x.id === r.id)) {
      errors.push(new ConfigError(`${path}.id`, `duplicate purpose "${r.id}"; ignored`));
      return;
    }
    purposes.push(r);
  });
  const necessary = purposes[0]!;
  const presetIds = new Set(Object.values(VENDOR_PRESETS).map((v) => v.id));
  if (necessary.vendors.some((v) => presetIds.has(v.id) || NEVER_NECESSARY.has(v.id))) {
    errors.push(new ConfigError('purposes[necessary]', 'analytics vendors cannot be necessary; they were removed from it'));
    necessary.vendors = [];
    necessary.cookies = [];
  }

  const texts: Record<string, Record<string, string>> = {};
  if (raw.texts !== undefined) {
    if (!raw.texts || typeof raw.texts !== 'object' || Array.isArray(raw.texts)) {
      errors.push(new ConfigError('texts', 'must be { lang: { key: text } }; ignored'));
    } else {
      for (const [lang, table] of Object.entries(raw.texts)) {
        if (!table || typeof table !== 'object') {
          errors.push(new ConfigError(`texts.${lang}`, 'must be an object of strings; ignored'));
          continue;
        }
        const clean: Record<string, string> = {};
        for (const [k, v] of Object.entries(table)) {
          if (typeof v === 'string') clean[k] = v;
          else errors.push(new ConfigError(`texts.${lang}.${k}`, 'must be a string; ignored'));
        }
        texts[lang.toLowerCase()] = clean;
      }
    }
  }

  const gpcRaw = raw.gpcRefuses;
  let gpcRefuses = ['marketing'];
  if (gpcRaw !== undefined) {
    if (Array.isArray(gpcRaw) && gpcRaw.every((x) => typeof x === 'string')) gpcRefuses = gpcRaw;
    else errors.push(new ConfigError('gpcRefuses', 'must be an array of purpose ids; using ["marketing"]'));
  }

  const jurisdiction = str('jurisdiction');
  if (jurisdiction && !/^[A-Z]{2}$/.test(jurisdiction)) errors.push(new ConfigError('jurisdiction', `"${jurisdiction}" is not an ISO 3166-1 alpha-2 code; using NL`));
  const bool = (key: keyof ConsentConfig, fallback: boolean): boolean => {
    const v = raw[key];
    if (v === undefined) return fallback;
    if (typeof v === 'boolean') return v;
    errors.push(new ConfigError(key, `must be true or false; using ${fallback}`));
    return fallback;
  };

  const ga4 = str('ga4MeasurementId');
  if (ga4 && !/^G-[A-Z0-9]{4,20}$/.test(ga4)) errors.push(new ConfigError('ga4MeasurementId', `"${ga4}" is not a GA4 measurement id (G-XXXXXXX); GA4 is not loaded`));
  const ga4Id = ga4 && /^G-[A-Z0-9]{4,20}$/.test(ga4) ? ga4 : null;

  const config: ResolvedConfig = {
    endpoint,
    policyVersion: str('policyVersion') ?? '1',
    privacyUrl,
    controller: str('controller') ?? (typeof location !== 'undefined' ? location.hostname : ''),
    lang: str('lang')?.toLowerCase() ?? null,
    purposes,
    validityMonths: months(raw.validityMonths, 12, 'validityMonths', errors),
    refusalMonths: months(raw.refusalMonths, 6, 'refusalMonths', errors),
    texts,
    noSettingsButton: bool('noSettingsButton', false),
    consentMode: bool('consentMode', false) || ga4Id !== null,
    dataLayerName: str('dataLayerName') ?? 'dataLayer',
    ga4MeasurementId: ga4Id,
    gpcRefuses,
    refusalTrail: bool('refusalTrail', false),
    jurisdiction: jurisdiction && /^[A-Z]{2}$/.test(jurisdiction) ? jurisdiction : 'NL',
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
