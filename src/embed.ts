/**
 * The drop-in entry (`dist/consent-elements.js`). Loading it starts the library for the page's
 * `<consent-banner>`: the stored decision is read and gated scripts run at once, while the banner UI
 * (Lit) is fetched only when a decision is needed or the preferences are opened.
 * @module
 */
import { bootFromPage } from './boot.js';

void bootFromPage(() => import('./ui.js'));
