/**
 * For bundler users: `import 'consent-elements/define'` registers every element. The first
 * `<consent-banner>` to connect starts the library with its configuration.
 * @module
 */
import './ui.js';
import { defineSettingsButton } from './elements/settings-button.js';

defineSettingsButton();
