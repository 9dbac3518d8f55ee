import type { ConfigError } from './config-check.js';
import type { ConfigProblem } from './core-config.js';

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** One sentence per problem: what is wrong, and what the library does instead. */
const MESSAGES: Record<ConfigProblem, (value: unknown) => string> = {
  'not-object': () => 'must be an object; ignored, defaults used',
  'not-string': (v) => `must be a string, not ${show(v)}; ignored`,
  'not-boolean': (v) => `must be true or false, not ${show(v)}; false used`,
  'not-array': () => 'must be an array; ignored, the default used',
  months: (v) => `${show(v)} is not a positive number of months; the default used`,
  'months-max': (v) => `${show(v)} is more than the maximum of 13 months; 13 used`,
  endpoint: (v) => `${show(v)} is not https (plain http is allowed only for localhost and 127.0.0.1); events are kept in the outbox and not sent`,
  'privacy-url': (v) => `${show(v)} is not an http(s) URL; the privacy link is left out`,
  'purpose-id': (v) => `${show(v)} is not a valid purpose id (lowercase letters, digits, - and _, starting with a letter); the purpose is ignored`,
  'purpose-duplicate': (v) => `duplicate purpose ${show(v)}; the second one is ignored`,
  'legal-basis': (v) => `${show(v)} is not allowed: cookies and similar storage need consent (ePrivacy art. 5(3), Tw 11.7a); treated as consent`,
  text: () => 'must be a string or { "<lang>": string }; the built-in text is used',
  'cookie-name': () => 'needs a "name"; the entry is ignored',
  vendor: () => 'must be a preset name ("ga4", "matomo") or { id, name }; ignored',
  'vendor-preset': (v) => `unknown vendor preset ${show(v)} (known: ga4, matomo); ignored`,
  'vendor-id': () => 'needs an "id"; the vendor is ignored',
  'necessary-vendor': () => 'analytics and marketing vendors cannot be necessary; they were removed from it',
  jurisdiction: (v) => `${show(v)} is not an ISO 3166-1 alpha-2 code such as "NL"; NL used`,
  ga4: (v) => `${show(v)} is not a GA4 measurement id ("G-XXXXXXX"); GA4 is not loaded`,
  'unknown-key': () => 'is not a known setting (a typo?); ignored',
};

/** Turns configuration errors into console sentences that name the field. */
export function describeConfigErrors(errors: readonly ConfigError[]): string[] {
  return errors.map((e) => `config ${e.path}: ${MESSAGES[e.problem](e.value)}`);
}
