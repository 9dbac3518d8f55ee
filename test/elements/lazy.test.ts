/**
 * The drop-in's lazy UI: a first visit loads the banner only; `<consent-preferences>` is a chunk of its
 * own, fetched when the visitor heads for Settings and defined before they open it. This file imports
 * no element: the page starts with none registered, as with the drop-in (each test file is a page of
 * its own). The tests run in order and share that registry.
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryStore } from '../../src/core/store.js';
import type { ConsentBanner } from '../../src/elements/banner.js';
import type { ConsentPreferences } from '../../src/elements/preferences.js';
import { start, type Runtime } from '../../src/runtime.js';
import { $, deepActive, press, storedDecision } from '../helpers/dom.js';

/** What the runtime asked the loader for: `true` is "the preferences too". */
const asked: boolean[] = [];
/** The drop-in's loader (src/embed.ts): the banner chunk, and the preferences through it when asked for. */
const dropInLoader = (preferences?: boolean): Promise<unknown> => {
  asked.push(!!preferences);
  return import('../../src/ui.js').then((ui) => (preferences ? ui.loadPreferences() : undefined));
};

/** Whether the page fetched the module at `path` (from the dev server: one URL per source module). */
const fetched = (path: string) => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === path);

/** Tabs until `target` (in the banner's shadow root) has focus; fails after 12 presses. */
async function tabTo(el: Element, target: Element): Promise<void> {
  for (let i = 0; i < 12 && el.shadowRoot!.activeElement !== target; i++) await press('Tab');
  expect(el.shadowRoot!.activeElement, 'Tab never reached the control').to.equal(target);
}

describe('lazy UI (drop-in)', () => {
  let runtime: Runtime | undefined;
  afterEach(() => {
    runtime?.stop();
    runtime = undefined;
    document.querySelectorAll('consent-banner, consent-preferences, consent-settings-button').forEach((e) => e.remove());
    sessionStorage.clear();
    asked.length = 0;
  });

  it('an undecided visitor loads the banner only; focus on Settings fetches the preferences, Enter opens them, Escape brings the banner back (focus on Settings)', async () => {
    runtime = start({ config: { purposes: [{ id: 'analytics' }] }, storage: new MemoryStore(), channel: null, loadUi: dropInLoader });
    const el = await fixture<ConsentBanner>(html`<consent-banner></consent-banner>`);
    await waitUntil(() => el.shadowRoot?.querySelector('dialog')?.open, 'the banner did not open');

    // Only the banner: the preferences are neither defined nor fetched (also not at idle).
    expect(fetched('/src/ui.ts'), 'the resource check sees the UI module').to.equal(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(customElements.get('consent-preferences') === undefined, 'the preferences are defined before anyone asked for them').to.equal(true);
    expect(fetched('/src/elements/preferences.ts')).to.equal(false);
    expect(asked.length).to.be.above(0);
    expect(asked.every((p) => !p), `asked for ${asked}`).to.equal(true);

    // Keyboard: Tab to Settings. The focus alone starts the download (the visitor's intent).
    const settings = $(el, '[part~="settings"]');
    await tabTo(el, settings);
    await waitUntil(() => customElements.get('consent-preferences'), 'focus on Settings did not load the preferences');
    expect(el.shadowRoot!.querySelector('dialog')?.open, 'the banner stays until Settings is pressed').to.equal(true);

    await press('Enter');
    const find = () => document.querySelector<ConsentPreferences>('body > consent-preferences:not([inline])');
    await waitUntil(() => find()?.shadowRoot?.querySelector('dialog')?.open, 'the preferences did not open');
    const prefs = find()!;
    expect(el.shadowRoot!.querySelector('dialog'), 'the banner hides while the preferences are open').to.equal(null);
    expect(deepActive()).to.equal($(prefs, 'dialog'));
    expect(asked, 'the runtime asked for the preferences').to.include(true);

    await press('Escape');
    await waitUntil(() => el.shadowRoot!.querySelector('dialog')?.open, 'the banner did not come back');
    expect(prefs.shadowRoot!.querySelector('dialog')).to.equal(null);
    expect(deepActive() === $(el, '[part~="settings"]'), 'focus is back on Settings').to.equal(true);
    expect(runtime.store.state.status).to.equal('undecided');
  });

  it('openPreferences() from the API loads the preferences and opens them (return visit, no banner)', async () => {
    const storage = new MemoryStore();
    await storage.set('decision', storedDecision({ necessary: true, analytics: true }));
    runtime = start({ config: { purposes: [{ id: 'analytics' }] }, storage, channel: null, loadUi: dropInLoader });
    await runtime.store.ready;
    expect(asked, 'nothing loads on a return visit').to.deep.equal([]);
    await runtime.api.openPreferences();
    const prefs = document.querySelector<ConsentPreferences>('body > consent-preferences')!;
    expect(prefs.shadowRoot!.querySelector('dialog')?.open).to.equal(true);
    expect(asked).to.deep.equal([true]);
    prefs.close();
  });
});
