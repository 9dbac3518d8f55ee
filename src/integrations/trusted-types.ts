import { log } from '../core/log.js';

/** The part of a Trusted Types policy this library uses (lib.dom does not declare the API everywhere). */
interface Policy {
  createScript(value: string): unknown;
  createScriptURL(value: string): unknown;
}

/** The policy name a site allows in its CSP: `trusted-types consent-elements`. */
export const POLICY_NAME = 'consent-elements';

let policy: Policy | null | undefined;

/**
 * Creates the `consent-elements` Trusted Types policy on first use and caches it; `null` without
 * Trusted Types, or when the CSP refuses the name (warned once).
 *
 * The policy passes values through unchanged, on purpose: it is not a sanitizer. The values it is
 * used for were written into the page by the site itself (the text or `src` of a gated
 * `<script type="text/plain">`, or a vendor URL the site configured), so they are as trusted as the
 * page's own markup; the library only defers them until consent. What keeps injected markup from
 * running is unchanged: an inline script still needs the page's nonce (copied from the element, never
 * invented), and a `src` still has to pass `script-src`.
 */
function getPolicy(): Policy | null {
  if (policy === undefined) {
    const tt = (globalThis as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } }).trustedTypes;
    const pass = (value: string): string => value;
    try {
      policy = tt?.createPolicy(POLICY_NAME, { createScript: pass, createScriptURL: pass }) ?? null;
    } catch (e) {
      // Thrown when the CSP's `trusted-types` directive omits the name, or forbids a second policy of
      // that name (the library loaded twice). Plain strings are used; Trusted Types may then block them.
      log.warn(`the Trusted Types policy "${POLICY_NAME}" could not be created (${(e as Error)?.message ?? e}); plain strings are used, which require-trusted-types-for blocks: add it to the trusted-types directive`);
      policy = null;
    }
  }
  return policy;
}

/**
 * Script text for `script.text`: a `TrustedScript` where Trusted Types exist, else the string itself.
 * Typed as `string` because that is what lib.dom's sinks accept; the object stringifies to `text`.
 */
export function trustedScript(text: string): string {
  const p = getPolicy();
  return p ? (p.createScript(text) as string) : text;
}

/**
 * A URL for `script.src`: a `TrustedScriptURL` where Trusted Types exist, else the string itself.
 * Typed as `string` for the same reason as {@link trustedScript}.
 */
export function trustedScriptURL(url: string): string {
  const p = getPolicy();
  return p ? (p.createScriptURL(url) as string) : url;
}
