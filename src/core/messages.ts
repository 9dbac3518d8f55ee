/**
 * Every sentence the library writes to the console, in a chunk of its own: `log.ts` loads it only
 * when there is something to say, so a page where all is well never downloads the prose. (The Consent
 * Mode default snippet, `consent-default.ts`, is a classic script of its own and keeps its one sentence.)
 * @module
 */
import type { ConfigError } from './config-check.js';
import type { ConfigProblem } from './core-config.js';

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v) ?? String(v));

/** One sentence per problem: what is wrong, and what the library does instead. */
const PROBLEMS: Record<ConfigProblem, (value: unknown) => string> = {
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
  return errors.map((e) => `config ${e.path}: ${PROBLEMS[e.problem](e.value)}`);
}

/** The message of an error, or the thrown value itself. */
const reason = (e: unknown): unknown => (e as Error)?.message ?? e;

/**
 * The library's console messages by code (see `log.ts`): each names the problem and what the library
 * did instead. One returns its sentence, or the sentence and more values for the console (an element,
 * to inspect).
 */
export const MESSAGES = {
  // Configuration
  'config': (line: string) => line,
  'json-config': (why: string) => `the JSON config in <consent-banner> ${why}; defaults used`,
  // The runtime and its elements
  'started-twice': () => 'the library was started twice on this page (is it loaded twice?); the first configuration is used',
  'defined-twice': (tag: string) => `<${tag}> is already defined on this page (is it loaded twice?)`,
  'consent-mode-load': (e: unknown) => `Consent Mode could not be loaded (${e}); no consent updates are pushed`,
  'prefs-open': (e: unknown) => `the preferences could not be opened (${e}); the banner is shown again`,
  'not-recorded': (e: unknown) => `the choice was not recorded (${e}); the dialog stays open`,
  // The stored decision
  'storage-failed': (e: unknown) => `IndexedDB is unavailable (${reason(e)}); the decision is kept in memory for this visit only and nothing is granted until the visitor decides`,
  'stored-unusable': (field: string) => `the stored consent decision is unusable (bad ${field}); nothing is granted and the visitor is asked again`,
  'decide-unknown': (id: string) => `decision names unknown purpose "${id}"; it is ignored`,
  'proof-missing': (eventId: string, e: unknown) => `the consent event ${eventId} could not be written to the outbox (${reason(e)}); the decision applies, but its proof may be missing`,
  // Gating and the page
  'gate-unknown': (purpose: string, el: Element) => [`unknown purpose "${purpose}": ${(el.cloneNode() as Element).outerHTML} never runs`, el],
  'gate-failed': (e: unknown, el: Element) => [`a gated element could not be started (${e}); it stays blocked`, el],
  'trusted-types': (e: unknown, policy: string) => `${e}: add ${policy} to the CSP's trusted-types`,
  'ungated': (found: string[]) => `${found.length} script(s)/iframe(s) from other hosts run without consent gating: ${found.join(', ')}. Gate those that track or set cookies with data-consent="<purpose>"`,
  'cookie-kept': (name: string) => `cookie "${name}" could not be deleted (set for another path or domain?); it is kept`,
  // Consent Mode
  'datalayer': (name: string) => `window.${name} is not an array; a Consent Mode entry was dropped. Choose another dataLayerName`,
  'no-default': (name: string) => `no Consent Mode default found in window.${name}; pushed a denied one now, too late for Google tags already running. Load consent-default.js first in <head>`,
  // The outbox
  'outbox-load': (e: unknown) => `the consent outbox could not be loaded (${e}); events are kept and sent once it loads, on this visit or a later one`,
  'outbox-memory': (why: unknown) => `the consent outbox cannot use IndexedDB (${why}); events are kept in memory, and lost if the page closes before they are sent`,
  'outbox-filling': (count: number, max: number) => `the consent outbox holds ${count} of at most ${max} events: is the endpoint reachable?`,
  'outbox-dropped': (id: string) => `the consent outbox is full: anonymous refusal ${id} dropped (proof events are kept)`,
  'outbox-over': (max: number, id: string) => `the consent outbox is over its limit of ${max} events: ${id} kept anyway, as proof of a decision`,
  'endpoint-refused': (ids: string[], status: number) => `the consent endpoint refused events ${ids} with HTTP ${status}: moved to the dead-letter store, not retried`,
  'send-stopped': (e: unknown) => `sending consent events stopped (${e}); they stay in the outbox for the next visit`,
} satisfies Record<string, (...args: never[]) => string | unknown[]>;
