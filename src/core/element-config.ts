import { isObject } from './core-config.js';
import type { ConsentConfig } from './types.js';

/** Config keys that `<consent-banner>` attributes set (`policyVersion` ← `policy-version`); the last two are boolean. */
const KEYS = 'endpoint policyVersion privacyUrl controller lang noSettingsButton consentMode'.split(' ');

/**
 * Reads the configuration of a `<consent-banner>` element: an optional `<script type="application/json">`
 * child, then a `config` JS property, then the attributes (each later one wins; objects never come
 * from attributes). Works before the element is upgraded, so the gating core can start without the UI.
 * Without an element (`null`), the defaults: `{ config: {}, error: null }`. `error` says what is wrong
 * with the JSON child ("is invalid (…)", "is not an object"), which is then left out.
 */
export function readElementConfig(el: Element | null): { config: ConsentConfig; error: string | null } {
  let config: ConsentConfig = {};
  let error: string | null = null;
  const script = el?.querySelector(':scope>script[type="application/json"]');
  if (script) {
    try {
      const parsed: unknown = JSON.parse((script as HTMLScriptElement).text);
      if (isObject(parsed)) config = parsed as ConsentConfig;
      else error = 'is not an object';
    } catch (e) {
      error = `is invalid (${(e as Error).message})`;
    }
  }
  // A `config` object set as a JS property before the library starts (frameworks, bundlers).
  const prop = (el as Element & { config?: unknown } | null)?.config;
  if (isObject(prop)) Object.assign(config, prop);
  KEYS.forEach((key, i) => {
    const v = el?.getAttribute(key.replace(/[A-Z]/g, '-$&').toLowerCase());
    if (v != null) (config as Record<string, unknown>)[key] = i > 4 || v;
  });
  return { config, error };
}
