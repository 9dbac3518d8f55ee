import { coreConfig, here, isObject, PURPOSE_ID } from './core-config.js';
import type { ConsentConfig, CookieInfo, LocalizedText, ResolvedConfig, ResolvedPurpose, VendorInfo } from './types.js';

export { checkEndpoint, type ConfigProblem } from './core-config.js';

/**
 * Presets for common analytics vendors, so a site need not retype their cookie lists. Their cookies
 * carry only a name (and GA4's a recipient): what each is for and how long it lives (in Dutch and English)
 * are built-in texts of the preferences (`cookiePurpose <name>`, `cookieLifetime <name>` in
 * `src/i18n/*-prefs.ts`), the only place that shows them, so that a first visit does not download them.
 */
export const VENDOR_PRESETS: Readonly<Record<string, VendorInfo>> = {
  ga4: {
    id: 'google-analytics',
    name: 'Google Analytics 4',
    recipient: 'Google Ireland Ltd.',
    ipMasking: true,
    cookies: [{ name: '_ga', recipient: 'Google Ireland Ltd.' }, { name: '_ga_*', recipient: 'Google Ireland Ltd.' }],
  },
  matomo: {
    id: 'matomo',
    name: 'Matomo',
    ipMasking: true,
    cookies: [{ name: '_pk_id.*' }, { name: '_pk_ses.*' }],
  },
};

/** The presets' own cookie objects: passed in as they are (`vendors: [VENDOR_PRESETS.ga4]`), they keep their built-in texts. */
const PRESET_COOKIES = Object.values(VENDOR_PRESETS).flatMap((v) => v.cookies);

/** @internal The preset named `name` (own keys only: `"constructor"` is no preset). */
export const preset = (name: string): VendorInfo | undefined => (Object.hasOwn(VENDOR_PRESETS, name) ? VENDOR_PRESETS[name] : undefined);

/** @internal Vendors that by their nature need consent: they can never be declared "necessary". */
export const NEVER_NECESSARY = ['google-analytics', 'matomo', 'analytics', 'marketing'];
/** @internal A text in one language, or one per language. */
export const isText = (v: unknown): v is LocalizedText => typeof v === 'string' || (isObject(v) && Object.values(v).every((x) => typeof x === 'string'));

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

const cache = new WeakMap<object, [ResolvedConfig, boolean]>();

/**
 * Resolves a whole configuration and fills in defaults, quietly: the core settings ({@link coreConfig},
 * taken as they are) plus the texts, purposes, vendors and cookies the UI and the consent records
 * need. Never throws. A detail that is wrong falls back to the safe choice (left out, or the default)
 * and calls `flag`; saying which field and why is `config-check.ts`'s job (its `resolveConfig` gives
 * this result and the problems), loaded only then, so a valid configuration never downloads the
 * checks' sentences or paths. Problems in the core settings are the core's to flag. The result for an
 * object is cached, since the UI, the outbox and the cookie cleanup all ask.
 */
export function resolveDetails(input: ConsentConfig | null | undefined, flag: () => void = () => {}): ResolvedConfig {
  const key = input && typeof input === 'object' ? input : null;
  const hit = key && cache.get(key);
  if (hit) {
    if (hit[1]) flag();
    return hit[0];
  }
  let bad = false;
  const no = (): undefined => void (bad = true);
  const raw: Record<string, unknown> = isObject(input) ? input : {};
  /** A string detail; `undefined` when absent or empty, and when not a string (flagged). */
  const str = (key: string): string | undefined => {
    const v = raw[key];
    return v == null || v === '' ? undefined : typeof v === 'string' ? v : no();
  };
  const text = (v: unknown) => (isText(v) ? v : undefined);
  // A site's cookie without a purpose or lifetime gets '' (none), never `undefined`: that marks a preset's
  // cookie, whose texts the preferences take from their built-in ones (see VENDOR_PRESETS). A preset's own
  // cookie object, passed in as it is, stays one.
  const cookies = (v: unknown): CookieInfo[] => v === undefined ? [] : !Array.isArray(v) ? (no(), []) : v.flatMap((c: unknown) =>
    PRESET_COOKIES.includes(c as CookieInfo) ? [c as CookieInfo] : isObject(c) && typeof c.name === 'string' && c.name
      ? [{ name: c.name, purpose: text(c.purpose) ?? '', lifetime: text(c.lifetime) ?? '', recipient: typeof c.recipient === 'string' ? c.recipient : undefined }]
      : (no(), []));
  const vendor = (v: unknown): VendorInfo | undefined => {
    const name = typeof v === 'string' ? v : isObject(v) && typeof v.preset === 'string' ? v.preset : undefined;
    const base = name === undefined ? undefined : preset(name);
    if ((name !== undefined && !base) || !(typeof v === 'string' || isObject(v))) return no();
    if (typeof v === 'string') return base;
    const id = typeof v.id === 'string' && v.id ? v.id : base?.id;
    return !id ? no() : {
      id,
      name: typeof v.name === 'string' && v.name ? v.name : base?.name ?? id,
      recipient: typeof v.recipient === 'string' ? v.recipient : base?.recipient,
      ipMasking: typeof v.ipMasking === 'boolean' ? v.ipMasking : base?.ipMasking,
      cookies: v.cookies !== undefined ? cookies(v.cookies) : base?.cookies ?? [],
    };
  };
  const purpose = (p: Record<string, unknown>): ResolvedPurpose => {
    const id = p.id as string;
    // EDPB Cookie Banner Taskforce para 24: legitimate interest is never a basis for cookies.
    if ((p.legalBasis !== undefined && p.legalBasis !== 'consent') || [p.label, p.description].some((t) => t !== undefined && !isText(t))) no();
    const vendors = p.vendors === undefined ? [] : Array.isArray(p.vendors)
      ? p.vendors.map(vendor).filter((x): x is VendorInfo => !!x) : (no(), []);
    return {
      id,
      label: text(p.label),
      description: text(p.description),
      vendors,
      cookies: [...cookies(p.cookies), ...vendors.flatMap((x) => x.cookies ?? [])],
      // The masking sentence is on for analytics unless every vendor says it does not mask.
      ipMasking: id === 'analytics' && (!vendors.length || vendors.some((x) => x.ipMasking !== false)),
      required: id === 'necessary',
    };
  };

  const pu = str('privacyUrl');
  const privacyUrl = pu ? safeHttpUrl(pu) ?? no() ?? null : null;
  // The entries the core counts (objects with a valid, new id; the core flags the others), `necessary` among them.
  const seen = new Set<string>();
  const entries = (Array.isArray(raw.purposes) ? raw.purposes : [{ id: 'analytics' }])
    .filter((p): p is Record<string, unknown> => isObject(p) && typeof p.id === 'string' && PURPOSE_ID.test(p.id) && !seen.has(p.id) && !!seen.add(p.id))
    .map(purpose);
  let necessary = entries.find((p) => p.required) ?? { id: 'necessary', vendors: [], cookies: [], ipMasking: false, required: true };
  if (necessary.vendors.some((x) => NEVER_NECESSARY.includes(x.id))) {
    no();
    necessary = { ...necessary, vendors: [], cookies: [] };
  }
  const jurisdiction = str('jurisdiction');
  const config: ResolvedConfig = {
    ...coreConfig(input, () => {}),
    privacyUrl,
    controller: str('controller') ?? (typeof location !== 'undefined' ? location.hostname : ''),
    purposes: [necessary, ...entries.filter((p) => !p.required)],
    jurisdiction: !jurisdiction ? 'NL' : /^[A-Z]{2}$/.test(jurisdiction) ? jurisdiction : (no(), 'NL'),
  };
  if (key) cache.set(key, [config, bad]);
  if (bad) flag();
  return config;
}
