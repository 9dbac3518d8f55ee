import { log } from '../core/log.js';
import { activated } from './gating.js';

/**
 * Lists the scripts and iframes from other hosts that run without consent gating, so a site owner
 * sees the tags that may set cookies or track before anyone consents (EDPB Cookie Banner Taskforce
 * paras 26–29: every non-essential tag must be registered and blocked). The library's own files
 * (`ownBase`, the folder the drop-in was loaded from) are left out. Returns what it reported.
 */
export function reportUngatedTags(doc: Document, ownBase: string): string[] {
  const origin = doc.location?.origin;
  const found: string[] = [];
  for (const el of doc.querySelectorAll<HTMLScriptElement | HTMLIFrameElement>('script[src], iframe[src]')) {
    if (el.hasAttribute('data-consent') || activated.has(el)) continue; // gated, or started by gating
    if (el instanceof HTMLScriptElement && !/^(|text\/javascript|module|application\/javascript)$/i.test(el.type)) continue;
    const src = el.src;
    if (!/^https?:/.test(src) || new URL(src).origin === origin || src.startsWith(ownBase)) continue;
    found.push(src);
  }
  if (found.length) {
    log.warn('ungated', found);
  }
  return found;
}
