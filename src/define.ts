/**
 * For bundler users: `import 'consent-elements/define'` registers every element and starts the
 * library with the configuration of the page's first `<consent-banner>` once the document is parsed.
 * To configure from code instead, import `start` from `consent-elements` and do not import this module.
 * @module
 */
import './ui.js';
import { definePreferences } from './elements/preferences.js';
import { bootFromPage } from './boot.js';

// Eagerly, unlike the drop-in, which loads the preferences on demand.
definePreferences();
void bootFromPage();
