import { log } from '../core/log.js';

/** The part of a Trusted Types policy this library uses (lib.dom does not declare the API everywhere). */
interface Policy {
  createScript(value: string): unknown;
  createScriptURL(value: string): unknown;
}

/** The policy name a site allows in its CSP: `trusted-types consent-elements`. */
export const POLICY_NAME = 'consent-elements';

const pass = (value: string): string => value;
/** The policy's rules, and the stand-in where there is no policy: plain strings pass through. */
const rules: Policy = { createScript: pass, createScriptURL: pass };
let policy: Policy | undefined;

/**
 * Creates the `consent-elements` Trusted Types policy on first use and caches it; without Trusted
 * Types, or when the CSP refuses the name (warned once), plain strings are used.
 *
 * The policy passes values through unchanged, on purpose: it is not a sanitizer. The values it is
 * used for were written into the page by the site itself (the text or `src` of a gated
 * `<script type="text/plain">`, or a vendor URL the site configured), so they are as trusted as the
 * page's own markup; the library only defers them until consent. What keeps injected markup from
 * running is unchanged: an inline script still needs the page's nonce (copied from the element, never
 * invented), and a `src` still has to pass `script-src`.
 */
const getPolicy = (): Policy => {
  try {
    return (policy ??= (self as { trustedTypes?: { createPolicy(name: string, rules: Policy): Policy } }).trustedTypes?.createPolicy(POLICY_NAME, rules) ?? rules);
  } catch (e) {
    // Thrown when the CSP's `trusted-types` directive omits the name, or forbids a second policy of
    // that name (the library loaded twice). Plain strings are used; require-trusted-types-for blocks them.
    log.warn('trusted-types', e, POLICY_NAME);
    return (policy = rules);
  }
};

/**
 * Script text for `script.text`: a `TrustedScript` where Trusted Types exist, else the string itself.
 * Typed as `string` because that is what lib.dom's sinks accept; the object stringifies to `text`.
 */
export const trustedScript = (text: string): string => getPolicy().createScript(text) as string;

/**
 * A URL for `script.src`: a `TrustedScriptURL` where Trusted Types exist, else the string itself.
 * Typed as `string` for the same reason as {@link trustedScript}.
 */
export const trustedScriptURL = (url: string): string => getPolicy().createScriptURL(url) as string;
