import { resolveDetails, readString, rawObject, ConfigError, type Report } from './config.js';
import { checkEndpoint, GA4_ID, isObject, KEYS } from './core-config.js';
import type { ConsentConfig, ResolvedConfig } from './types.js';

export * from './config.js';

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
 * Validates a whole configuration and fills in defaults. Never throws: each problem becomes a
 * {@link ConfigError} (those in the core settings first), and the value falls back to the safe
 * choice. The drop-in loads this only when the core has noticed a problem; a valid configuration
 * never downloads it.
 */
export function resolveConfig(input: ConsentConfig | null | undefined): { config: ResolvedConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const err: Report = (path, problem, value) => { errors.push(new ConfigError(path, problem, value)); };
  reportCore(rawObject(input, () => {}), err);
  const { config, errors: more } = resolveDetails(input);
  // A configuration that is no object at all is said first.
  const root = (e: ConfigError) => e.path == '(root)';
  return { config, errors: [...more.filter(root), ...errors, ...more.filter((e) => !root(e))] };
}
