/**
 * Registers `<consent-banner>`. The drop-in loads this chunk when a decision is needed (or the
 * preferences are asked for); `define` imports it together with the preferences.
 *
 * `<consent-preferences>` is a chunk of its own in the drop-in ({@link loadPreferences}), fetched only
 * when the visitor opens the preferences, or when the page has an inline one. It imports lit-html and
 * the shared dialog base from this chunk.
 */
import { defineBanner } from './elements/banner.js';
import { reportUngatedTags } from './integrations/audit.js';

export { loadPreferences } from './elements/banner.js';

defineBanner();
// The UI loads when a decision is needed: the moment to tell the site owner about tags from other
// hosts that run without asking (R-COOKIE-01). The drop-in's own folder is left out.
if (typeof document !== 'undefined') reportUngatedTags(document, new URL('..', import.meta.url).href);
