import { isText, NEVER_NECESSARY, preset, resolveDetails, safeHttpUrl } from './config.js';
import { checkEndpoint, GA4_ID, isObject, KEYS, PURPOSE_ID, type ConfigProblem } from './core-config.js';
import type { ConsentConfig, ResolvedConfig } from './types.js';

export * from './config.js';

/**
 * The configuration's problems as console lines, one per field. Should the sentences fail to load,
 * each line still names the field and the problem's code.
 */
export function describeProblems(input: ConsentConfig | null | undefined): Promise<string[]> {
  const { errors } = resolveConfig(input);
  return import('./messages.js').then(
    (m) => m.describeConfigErrors(errors),
    () => errors.map((e) => `${e.path}: ${e.problem} ${JSON.stringify(e.value) ?? ''}`),
  );
}

/** A problem found in a configuration: the field's path, the problem, and the offending value. */
export class ConfigError {
  constructor(readonly path: string, readonly problem: ConfigProblem, readonly value?: unknown) {}
}

/** Records a problem. */
export type Report = (path: string, problem: ConfigProblem, value?: unknown) => void;

/** Reads a string setting; `undefined` when absent, empty or not a string (reported). */
function readString(raw: Record<string, unknown>, key: string, err: Report): string | undefined {
  const v = raw[key];
  if (v == null || v === '') return undefined;
  if (typeof v === 'string') return v;
  err(key, 'not-string', v);
}

/**
 * Says what is wrong with the settings the core reads ({@link coreConfig} only notices that
 * something is, and falls back to the safe value). The checks mirror the core's, field by field.
 */
export function reportCore(raw: Record<string, unknown>, err: Report): void {
  for (const key of Object.keys(raw)) if (!KEYS.includes(key)) err(key, 'unknown-key');
  for (const key of ['policyVersion', 'lang', 'dataLayerName']) readString(raw, key, err);
  for (const key of ['noSettingsButton', 'consentMode', 'refusalTrail']) {
    if (raw[key] != null && typeof raw[key] !== 'boolean') err(key, 'not-boolean', raw[key]);
  }
  for (const key of ['validityMonths', 'refusalMonths']) {
    const v = raw[key];
    if (v == null) continue;
    if (typeof v !== 'number' || !(v > 0) || !Number.isFinite(v)) err(key, 'months', v);
    else if (v > 13) err(key, 'months-max', v);
  }
  const ep = readString(raw, 'endpoint', err);
  if (ep && !checkEndpoint(ep)) err('endpoint', 'endpoint', ep);
  if (raw.texts != null && !isObject(raw.texts)) err('texts', 'not-object');
  for (const [lang, table] of Object.entries(isObject(raw.texts) ? raw.texts : {})) {
    if (!isObject(table)) { err(`texts.${lang}`, 'not-object'); continue; }
    for (const [k, v] of Object.entries(table)) if (typeof v !== 'string') err(`texts.${lang}.${k}`, 'not-string', v);
  }
  const gpc = raw.gpcRefuses;
  if (gpc != null && !(Array.isArray(gpc) && gpc.every((x) => typeof x === 'string'))) err('gpcRefuses', 'not-array');
  const ga4 = readString(raw, 'ga4MeasurementId', err);
  if (ga4 && !GA4_ID.test(ga4)) err('ga4MeasurementId', 'ga4', ga4);
}

/**
 * Says what is wrong with the details ({@link resolveDetails} only notices that something is, and
 * leaves it out or takes the default): the purpose entries, their texts, vendors and cookies, and the
 * privacy URL, controller and jurisdiction. The checks mirror the resolver's, entry by entry.
 */
export function reportDetails(raw: Record<string, unknown>, err: Report): void {
  const cookies = (v: unknown, path: string): void => {
    if (v === undefined) return;
    if (!Array.isArray(v)) return err(path, 'not-array');
    v.forEach((c: unknown, i) => {
      if (!isObject(c) || typeof c.name !== 'string' || !c.name) err(`${path}[${i}]`, 'cookie-name');
    });
  };
  const vendor = (v: unknown, path: string): string | undefined => {
    const name = typeof v === 'string' ? v : isObject(v) && typeof v.preset === 'string' ? v.preset : undefined;
    const base = name === undefined ? undefined : preset(name);
    if (name !== undefined && !base) return void err(path, 'vendor-preset', name);
    if (typeof v === 'string') return base!.id;
    if (!isObject(v)) return void err(path, 'vendor');
    const id = typeof v.id === 'string' && v.id ? v.id : base?.id;
    if (!id) return void err(path, 'vendor-id');
    cookies(v.cookies, `${path}.cookies`);
    return id;
  };

  const pu = readString(raw, 'privacyUrl', err);
  if (pu && !safeHttpUrl(pu)) err('privacyUrl', 'privacy-url', pu);
  readString(raw, 'controller', err);
  const jurisdiction = readString(raw, 'jurisdiction', err);
  if (jurisdiction && !/^[A-Z]{2}$/.test(jurisdiction)) err('jurisdiction', 'jurisdiction', jurisdiction);

  if (raw.purposes != null && !Array.isArray(raw.purposes)) err('purposes', 'not-array');
  const seen = new Set<string>();
  (Array.isArray(raw.purposes) ? raw.purposes : []).forEach((p: unknown, i) => {
    const path = `purposes[${i}]`;
    if (!isObject(p)) return err(path, 'not-object');
    if (typeof p.id !== 'string' || !PURPOSE_ID.test(p.id)) return err(`${path}.id`, 'purpose-id', p.id);
    if (seen.has(p.id)) return err(`${path}.id`, 'purpose-duplicate', p.id);
    seen.add(p.id);
    // EDPB Cookie Banner Taskforce para 24: legitimate interest is never a basis for cookies.
    if (p.legalBasis !== undefined && p.legalBasis !== 'consent') err(`${path}.legalBasis`, 'legal-basis', p.legalBasis);
    for (const key of ['label', 'description']) if (p[key] !== undefined && !isText(p[key])) err(`${path}.${key}`, 'text');
    cookies(p.cookies, `${path}.cookies`);
    if (p.vendors !== undefined && !Array.isArray(p.vendors)) return err(`${path}.vendors`, 'not-array');
    const ids = (p.vendors ?? []).map((v: unknown, j: number) => vendor(v, `${path}.vendors[${j}]`));
    if (p.id === 'necessary' && ids.some((id: string | undefined) => id && NEVER_NECESSARY.includes(id))) err('purposes[necessary]', 'necessary-vendor');
  });
}

/**
 * Validates a whole configuration and fills in defaults. Never throws: each problem becomes a
 * {@link ConfigError} (a configuration that is no object first, then the core settings, then the
 * details), and the value falls back to the safe choice ({@link resolveDetails} gives the same
 * configuration). The drop-in loads this only when the core or the details resolver has noticed a
 * problem; a valid configuration never downloads it.
 */
export function resolveConfig(input: ConsentConfig | null | undefined): { config: ResolvedConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const err: Report = (path, problem, value) => { errors.push(new ConfigError(path, problem, value)); };
  if (input != null && !isObject(input)) err('(root)', 'not-object');
  const raw: Record<string, unknown> = isObject(input) ? input : {};
  reportCore(raw, err);
  reportDetails(raw, err);
  return { config: resolveDetails(input), errors };
}
