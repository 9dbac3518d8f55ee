/**
 * Fixtures for the element tests: a runtime with in-memory storage and a recording outbox, shadow
 * DOM queries, colour contrast and cleanup. Each test gets its own runtime; `cleanup()` stops it.
 */
import { fixture, html, waitUntil } from '@open-wc/testing';
import { emulateMedia } from '@web/test-runner-commands';
import { coreConfig } from '../../src/core/core-config.js';
import { MemoryStore } from '../../src/core/store.js';
import type { ConsentConfig, Decision, DecisionSink, StoredDecision } from '../../src/core/types.js';
import { start, type Runtime } from '../../src/runtime.js';
import '../../src/ui.js';
import { definePreferences } from '../../src/elements/preferences.js';
import { defineSettingsButton } from '../../src/elements/settings-button.js';
import type { ConsentBanner } from '../../src/elements/banner.js';
import type { ConsentPreferences } from '../../src/elements/preferences.js';

export { $, $$, collapse, deepActive, press, storedDecision } from './dom.js';

// Every element registered up front, as `define` does (test/elements/lazy.test.ts covers the drop-in's lazy loading).
definePreferences();
defineSettingsButton();

/** An outbox that keeps every decision, as the real one would send it. */
export class RecordingSink implements DecisionSink {
  readonly decisions: Decision[] = [];
  async write(decision: Decision): Promise<void> {
    this.decisions.push(decision);
  }
}

export interface Setup {
  runtime: Runtime;
  sink: RecordingSink;
  storage: MemoryStore;
}

let current: Runtime | null = null;

/**
 * Starts the library for one test. `stored` seeds the device with an earlier decision, made under the
 * vendors of `config` unless the record has a `vendors` field of its own.
 */
export async function startRuntime(
  config: ConsentConfig = {},
  options: { stored?: StoredDecision; gpc?: boolean } = {},
): Promise<Setup> {
  const storage = new MemoryStore();
  if (options.stored) await storage.set('decision', { vendors: coreConfig(config, () => {}).vendorKeys, ...options.stored });
  const sink = new RecordingSink();
  const runtime = start({
    config, storage, sink, channel: null, loadUi: async () => undefined, gpc: () => options.gpc === true,
  });
  current = runtime;
  await runtime.store.ready;
  return { runtime, sink, storage };
}

/** Stops the runtime and removes what it added to the page. */
export function cleanup(): void {
  current?.stop();
  current = null;
  document.querySelectorAll('consent-settings-button, body > consent-preferences').forEach((e) => e.remove());
  try {
    sessionStorage.clear();
  } catch { /* not available */ }
}

/** The two colour schemes the elements support. */
export const SCHEMES = ['light', 'dark'] as const;

/**
 * `<consent-banner>` for a started runtime, once its dialog is open. `scheme` pins the colour
 * scheme on the element (`color-scheme`), the way a site would; the dark palette is the same one
 * a visitor with a dark system setting gets.
 */
export async function bannerFixture(scheme?: 'light' | 'dark'): Promise<ConsentBanner> {
  const el = await fixture<ConsentBanner>(html`<consent-banner style=${scheme ? `color-scheme: ${scheme}` : ''}></consent-banner>`);
  await waitUntil(() => el.shadowRoot?.querySelector('dialog')?.open, 'the banner dialog did not open');
  return el;
}

/** The modal `<consent-preferences>` the runtime added to the page, once its dialog is open. */
export async function openedPreferences(): Promise<ConsentPreferences> {
  const find = () => document.querySelector<ConsentPreferences>('body > consent-preferences:not([inline])');
  await waitUntil(() => find()?.shadowRoot?.querySelector('dialog')?.open, 'the preferences dialog did not open');
  return find()!;
}

/** Opens the modal preferences the way the runtime does, from `invoker`. */
export async function openPreferences(runtime: Runtime, invoker: Element | null = null): Promise<ConsentPreferences> {
  await runtime.openPreferences(invoker);
  return openedPreferences();
}

/**
 * Emulates a system media setting where the browser driver can (Chromium over CDP). Returns false
 * where it cannot (Firefox over WebDriver BiDi has no media emulation).
 */
export async function emulate(media: { colorScheme?: 'light' | 'dark'; reducedMotion?: 'reduce' | 'no-preference' }): Promise<boolean> {
  // Firefox is driven over BiDi here; asking would only print the driver's stack trace.
  if (navigator.userAgent.includes('Firefox/')) return false;
  try {
    await emulateMedia(media);
    return true;
  } catch {
    return false;
  }
}

/** {@link emulate} for the colour scheme. */
export function emulateScheme(scheme: 'light' | 'dark'): Promise<boolean> {
  return emulate({ colorScheme: scheme });
}

function rgb(color: string): [number, number, number, number] {
  const m = color.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`cannot read colour ${color}`);
  const [r, g, b, a] = m[1]!.split(/[ ,/]+/).map(Number);
  return [r!, g!, b!, a ?? 1];
}

function luminance([r, g, b]: [number, number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two opaque CSS colours as `getComputedStyle` reports them. */
export function contrast(a: string, b: string): number {
  const [l1, l2] = [luminance(rgb(a)), luminance(rgb(b))].sort((x, y) => y - x);
  return (l1! + 0.05) / (l2! + 0.05);
}
