/**
 * Helpers that register no element and start nothing: keyboard input, shadow DOM queries, a stored
 * decision. For test files that must control which elements get defined;
 * `./elements.ts` re-exports them.
 */
import { waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import type { StoredDecision } from '../../src/core/types.js';

/** A decision record granting `purposes`, made a minute ago and valid for a year. */
export function storedDecision(purposes: Record<string, boolean>, extra: Partial<StoredDecision> = {}): StoredDecision {
  const now = Date.now();
  return {
    v: 1, consentId: '3f2b8c1e-9a4d-4e6f-8b2a-1c3d5e7f9a0b', purposes, policyVersion: '1',
    decidedAt: now - 60_000, expiresAt: now + 365 * 24 * 3600_000, lastEventId: 'e1', ...extra,
  };
}

/**
 * Presses one key, like a keyboard user. With two test pages open at once, Firefox gives keyboard
 * input (activation, :focus-visible) only to the window in front, and opening the next test file's
 * window takes that away: bring this window back first.
 */
export async function press(key: 'Tab' | 'Shift+Tab' | 'Enter' | ' ' | 'Escape' | 'Shift'): Promise<void> {
  if (!document.hasFocus()) {
    window.focus();
    await waitUntil(() => document.hasFocus(), 'the test window could not take the keyboard focus');
  }
  // Puppeteer's `press` knows single keys only: a chord is Shift held around the key.
  if (key === 'Shift+Tab') {
    await sendKeys({ down: 'Shift' });
    try {
      await sendKeys({ press: 'Tab' });
    } finally {
      await sendKeys({ up: 'Shift' });
    }
  } else await sendKeys({ press: key });
}

/** Every element matching `selector` in the shadow root of `el`. */
export function $$<E extends Element = HTMLElement>(el: Element, selector: string): E[] {
  return [...(el.shadowRoot?.querySelectorAll<E>(selector) ?? [])];
}

/** The first element matching `selector` in the shadow root of `el`; throws when there is none. */
export function $<E extends Element = HTMLElement>(el: Element, selector: string): E {
  const found = el.shadowRoot?.querySelector<E>(selector);
  if (!found) throw new Error(`no ${selector} in <${el.localName}>`);
  return found;
}

/** The focused element, looking through open shadow roots. */
export function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Whitespace-collapsed text. */
export function collapse(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
