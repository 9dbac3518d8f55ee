/** Registers the Lit elements. Loaded on demand by the drop-in, or imported by `define`. */
import { defineBanner } from './elements/banner.js';
import { definePreferences } from './elements/preferences.js';
import { reportUngatedTags } from './integrations/audit.js';

defineBanner();
definePreferences();
// The UI loads when a decision is needed: the moment to tell the site owner about tags from other
// hosts that run without asking (R-COOKIE-01). The drop-in's own folder is left out.
if (typeof document !== 'undefined') reportUngatedTags(document, new URL('..', import.meta.url).href);
