/** Registers the Lit elements. Loaded on demand by the drop-in, or imported by `define`. */
import { defineBanner } from './elements/banner.js';
import { definePreferences } from './elements/preferences.js';

defineBanner();
definePreferences();
