/**
 * The built-in English texts that only the preferences (the second layer) show. A chunk of its own,
 * fetched with the preferences, so that a first visit downloads only the banner's texts
 * (`./en.ts`). English is also the base for languages a site adds through `config.texts`.
 * @module
 */
export default {
  prefsTitle: 'Cookie settings',
  prefsIntro: 'Choose for each purpose whether you give consent. Anything you do not switch on stays off. You can change your choice at any time.',
  closePrefs: 'Close without saving',
  save: 'Save choices',
  alwaysOn: 'Always on',
  cookies: 'Cookies ({count})',
  cookiePurpose: 'Purpose',
  cookieLifetime: 'Lifetime',
  cookieRecipient: 'Recipient',
  consentId: 'Your consent ID: {id}.',
  consentIdHelp: 'Quote this code if you want to see the choice we recorded, or want it deleted.',
  gpcNote: 'Your browser sends the Global Privacy Control signal.',
  gpcOff: 'Therefore these stay off unless you switch them on here: {purposes}.',
  saved: 'Your choice has been saved.',
  necessaryLabel: 'Necessary',
  necessaryDescription: 'Needed for the website to work and to remember your cookie choice.',
  // The vendor presets' cookies (`src/core/config.ts`), which carry no texts of their own: `<row> <cookie name>`.
  'cookiePurpose _ga': 'Distinguishes visitors',
  'cookieLifetime _ga': '2 years',
  'cookiePurpose _ga_*': 'Keeps the session state',
  'cookieLifetime _ga_*': '2 years',
  'cookiePurpose _pk_id.*': 'Distinguishes visitors',
  'cookieLifetime _pk_id.*': '13 months',
  'cookiePurpose _pk_ses.*': 'Tracks one visit',
  'cookieLifetime _pk_ses.*': '30 minutes',
};
