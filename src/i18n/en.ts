/**
 * The built-in English texts of the banner (the first layer), with the purpose names and
 * descriptions it lists. A separate module, so that a page downloads only the language it shows
 * (see `loadTexts` in `./load.ts`); the texts only the preferences show are in `./en-prefs.ts`.
 * English is also the base for languages a site adds through `config.texts`.
 * @module
 */
export default {
  bannerTitle: 'Cookies on this website',
  bannerIntro: '{controller} asks for your consent to use cookies and similar techniques for the purposes below. Necessary cookies are always on; they need no consent.',
  withdrawButton: 'You can change your choice or withdraw your consent at any time with the round cookie button at the bottom of the screen.',
  withdrawLink: 'You can change your choice or withdraw your consent at any time with the "Cookie settings" link on this website.',
  closeInfo: 'If you close this notice, nothing is accepted.',
  privacyLink: 'Read more in our privacy statement',
  acceptAll: 'Accept all',
  rejectAll: 'Reject all',
  settings: 'Settings',
  close: 'Close without accepting',
  sharedWith: 'Shared with: {names}.',
  ipMasking: 'The last part (octet) of your IP address is masked, so your full address is not stored.',
  analyticsLabel: 'Statistics',
  analyticsDescription: 'Count visits and see how the website is used, so that we can improve it.',
  marketingLabel: 'Marketing',
  marketingDescription: 'Show and measure advertisements, also on other websites, based on your visit.',
  functionalLabel: 'Functional',
  functionalDescription: 'Extra features such as embedded videos, maps or chat, which share data with their provider.',
};
