/**
 * The drop-in's lazy UI on a privacy page: an inline `<consent-preferences>` loads its chunk and renders,
 * on a return visit (no banner needed). A page of its own with no element registered up front (see
 * ./lazy.test.ts).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { MemoryStore } from '../../src/core/store.js';
import type { ConsentPreferences } from '../../src/elements/preferences.js';
import { start } from '../../src/runtime.js';
import { $, storedDecision } from '../helpers/dom.js';

describe('lazy UI (drop-in), privacy page', () => {
  it('an inline <consent-preferences> on the page is loaded and rendered with the decision in force', async () => {
    expect(customElements.get('consent-preferences') === undefined, 'the preferences are defined before anyone asked for them').to.equal(true);
    const inline = await fixture<ConsentPreferences>(html`<consent-preferences inline></consent-preferences>`);
    const storage = new MemoryStore();
    await storage.set('decision', storedDecision({ necessary: true, analytics: true }));
    const asked: boolean[] = [];
    // The drop-in's loader (src/embed.ts).
    const runtime = start({
      config: { purposes: [{ id: 'analytics' }] }, storage, channel: null,
      loadUi: (preferences) => {
        asked.push(!!preferences);
        return import('../../src/ui.js').then((ui) => (preferences ? ui.loadPreferences() : undefined));
      },
    });
    try {
      await waitUntil(() => inline.shadowRoot?.querySelector('section [role=switch][aria-labelledby=l-analytics]'), 'the inline preferences did not render');
      expect($(inline, '[role=switch][aria-labelledby=l-analytics]').getAttribute('aria-checked')).to.equal('true');
      expect(asked).to.include(true);
      expect(document.querySelector('consent-banner')).to.equal(null);
    } finally {
      runtime.stop();
    }
  });
});
