import type { ConsentConfig } from './types.js';

/** Attributes of `<consent-banner>` and the config keys they set. Objects never come from attributes. */
export const CONFIG_ATTRIBUTES = {
  endpoint: 'endpoint',
  'policy-version': 'policyVersion',
  'privacy-url': 'privacyUrl',
  controller: 'controller',
  lang: 'lang',
} as const;

/**
 * Reads the configuration of a `<consent-banner>` element: an optional `<script type="application/json">`
 * child, then a `config` JS property, then the attributes (each later one wins). Works before the
 * element is upgraded, so the gating core can start without loading the UI.
 */
export function readElementConfig(el: Element): { config: ConsentConfig; error: string | null } {
  let config: ConsentConfig = {};
  let error: string | null = null;
  const script = el.querySelector(':scope > script[type="application/json"]');
  if (script) {
    try {
      const parsed: unknown = JSON.parse(script.textContent ?? '');
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) config = parsed as ConsentConfig;
      else error = `the JSON config in <${el.localName}> must be an object; using defaults`;
    } catch (e) {
      error = `the JSON config in <${el.localName}> is invalid (${(e as Error).message}); using defaults`;
    }
  }
  // A `config` object set as a JS property before the library starts (frameworks, bundlers).
  const prop = (el as Element & { config?: unknown }).config;
  if (prop && typeof prop === 'object' && !Array.isArray(prop)) config = { ...config, ...(prop as ConsentConfig) };
  for (const [attr, key] of Object.entries(CONFIG_ATTRIBUTES)) {
    const v = el.getAttribute(attr);
    if (v !== null) (config as Record<string, unknown>)[key] = v;
  }
  if (el.hasAttribute('no-settings-button')) config.noSettingsButton = true;
  if (el.hasAttribute('consent-mode')) config.consentMode = true;
  return { config, error };
}
