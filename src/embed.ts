/**
 * The drop-in entry (`dist/consent-elements.js`). Loading it starts the library for the page's
 * `<consent-banner>`: the stored decision is read and gated scripts run at once, while the banner UI
 * (Lit) is fetched only when a decision is needed, and the preferences only when they are opened
 * (or shown inline on the page).
 * @module
 */
import { bootFromPage } from './boot.js';

// The preferences chunk is imported from the banner chunk, so it shares lit-html and the dialog base with it.
void bootFromPage((preferences) => import('./ui.js').then((ui) => (preferences ? ui.loadPreferences() : undefined)));
