/**
 * The built-in Dutch texts that only the preferences (the second layer) show, addressing the
 * visitor with "u" as `./nl.ts` does. A chunk of its own, fetched with the preferences.
 * @module
 */
import type { PrefsStrings } from './load.js';

export default {
  prefsTitle: 'Cookie-instellingen',
  prefsIntro: 'Kies per doel of u toestemming geeft. Wat u niet zelf aanzet, blijft uit. U kunt uw keuze altijd wijzigen.',
  closePrefs: 'Sluiten zonder op te slaan',
  save: 'Keuze opslaan',
  alwaysOn: 'Altijd aan',
  cookies: 'Cookies ({count})',
  cookiePurpose: 'Doel',
  cookieLifetime: 'Bewaartermijn',
  cookieRecipient: 'Ontvanger',
  consentId: 'Uw toestemmings-ID: {id}.',
  consentIdHelp: 'Noem deze code als u wilt weten welke keuze we hebben vastgelegd, of als u die wilt laten verwijderen.',
  gpcNote: 'Uw browser geeft het signaal Global Privacy Control door.',
  gpcOff: 'Daarom blijven deze uit, tenzij u ze hier zelf aanzet: {purposes}.',
  saved: 'Uw keuze is opgeslagen.',
  necessaryLabel: 'Noodzakelijk',
  necessaryDescription: 'Nodig om de website te laten werken en om uw cookiekeuze te onthouden.',
  // The vendor presets' cookies (`src/core/config.ts`), which carry no texts of their own: `<row> <cookie name>`.
  'cookiePurpose _ga': 'Onderscheidt bezoekers',
  'cookieLifetime _ga': '2 jaar',
  'cookiePurpose _ga_*': 'Bewaart de sessiestatus',
  'cookieLifetime _ga_*': '2 jaar',
  'cookiePurpose _pk_id.*': 'Onderscheidt bezoekers',
  'cookieLifetime _pk_id.*': '13 maanden',
  'cookiePurpose _pk_ses.*': 'Houdt een bezoek bij',
  'cookieLifetime _pk_ses.*': '30 minuten',
} satisfies PrefsStrings;
