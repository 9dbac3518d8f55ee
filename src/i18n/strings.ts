/**
 * The built-in texts of the banner and the preferences, in Dutch and English, and the helpers
 * that pick a text for the UI language with the site's overrides (`config.texts[lang][key]`).
 *
 * Wording is neutral on purpose (Dutch DPA rules of thumb): "accept" and "reject", never
 * "optimal experience" or other steering copy.
 * @module
 */
import type { LocalizedText, ResolvedConfig, ResolvedPurpose } from '../core/types.js';

const en = {
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
  prefsTitle: 'Cookie settings',
  prefsIntro: 'Choose for each purpose whether you give consent. Anything you do not switch on stays off. You can change your choice at any time.',
  closePrefs: 'Close without saving',
  save: 'Save choices',
  alwaysOn: 'Always on',
  sharedWith: 'Shared with: {names}.',
  cookies: 'Cookies ({count})',
  cookiePurpose: 'Purpose',
  cookieLifetime: 'Lifetime',
  cookieRecipient: 'Recipient',
  consentId: 'Your consent ID: {id}.',
  consentIdHelp: 'Quote this code if you want to see the choice we recorded, or want it deleted.',
  gpcNote: 'Your browser sends the Global Privacy Control signal.',
  gpcOff: 'Therefore these stay off unless you switch them on here: {purposes}.',
  saved: 'Your choice has been saved.',
  settingsButton: 'Cookie settings',
  ipMasking: 'The last part (octet) of your IP address is masked, so your full address is not stored.',
  necessaryLabel: 'Necessary',
  necessaryDescription: 'Needed for the website to work and to remember your cookie choice.',
  analyticsLabel: 'Statistics',
  analyticsDescription: 'Count visits and see how the website is used, so that we can improve it.',
  marketingLabel: 'Marketing',
  marketingDescription: 'Show and measure advertisements, also on other websites, based on your visit.',
  functionalLabel: 'Functional',
  functionalDescription: 'Extra features such as embedded videos, maps or chat, which share data with their provider.',
};

/** Every built-in text key. Sites override any of them with `config.texts[lang][key]`. */
export type StringKey = keyof typeof en;

/** A complete table of UI texts for one language. Placeholders such as `{controller}` are filled in as text. */
export type Strings = Readonly<Record<StringKey, string>>;

const nl: Strings = {
  bannerTitle: 'Cookies op deze website',
  bannerIntro: '{controller} vraagt je toestemming om cookies en vergelijkbare technieken te gebruiken voor de doelen hieronder. Noodzakelijke cookies staan altijd aan; daarvoor is geen toestemming nodig.',
  withdrawButton: 'Je kunt je keuze op elk moment wijzigen of je toestemming intrekken met de ronde cookieknop onderaan het scherm.',
  withdrawLink: 'Je kunt je keuze op elk moment wijzigen of je toestemming intrekken met de link "Cookie-instellingen" op deze website.',
  closeInfo: 'Sluit je deze melding, dan accepteer je niets.',
  privacyLink: 'Lees meer in onze privacyverklaring',
  acceptAll: 'Alles accepteren',
  rejectAll: 'Alles weigeren',
  settings: 'Instellingen',
  close: 'Sluiten zonder te accepteren',
  prefsTitle: 'Cookie-instellingen',
  prefsIntro: 'Kies per doel of je toestemming geeft. Wat je niet zelf aanzet, blijft uit. Je kunt je keuze altijd wijzigen.',
  closePrefs: 'Sluiten zonder op te slaan',
  save: 'Keuze opslaan',
  alwaysOn: 'Altijd aan',
  sharedWith: 'Gedeeld met: {names}.',
  cookies: 'Cookies ({count})',
  cookiePurpose: 'Doel',
  cookieLifetime: 'Bewaartermijn',
  cookieRecipient: 'Ontvanger',
  consentId: 'Je toestemmings-ID: {id}.',
  consentIdHelp: 'Noem deze code als je wilt weten welke keuze we hebben vastgelegd, of als je die wilt laten verwijderen.',
  gpcNote: 'Je browser geeft het signaal Global Privacy Control door.',
  gpcOff: 'Daarom blijven deze uit, tenzij je ze hier zelf aanzet: {purposes}.',
  saved: 'Je keuze is opgeslagen.',
  settingsButton: 'Cookie-instellingen',
  ipMasking: 'Het laatste deel (octet) van je IP-adres wordt gemaskeerd, zodat je volledige adres niet wordt opgeslagen.',
  necessaryLabel: 'Noodzakelijk',
  necessaryDescription: 'Nodig om de website te laten werken en om je cookiekeuze te onthouden.',
  analyticsLabel: 'Statistieken',
  analyticsDescription: 'Bezoeken tellen en zien hoe de website wordt gebruikt, zodat we die kunnen verbeteren.',
  marketingLabel: 'Marketing',
  marketingDescription: 'Advertenties tonen en meten, ook op andere websites, op basis van je bezoek.',
  functionalLabel: 'Functioneel',
  functionalDescription: "Extra functies zoals ingesloten video's, kaarten of een chat, die gegevens delen met hun aanbieder.",
};

/** The built-in tables. Other languages fall back to English unless the site supplies every text. */
export const STRINGS: Readonly<Record<'nl' | 'en', Strings>> = { nl, en };

/**
 * Picks one language from a {@link LocalizedText}: the exact tag, then its primary subtag, then
 * English, Dutch, or the first one given. Returns `''` for `undefined`.
 */
export function text(value: LocalizedText | undefined, lang: string): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value[lang] ?? value[lang.split('-')[0]!] ?? value.en ?? value.nl ?? Object.values(value)[0] ?? '';
}

/** Looks up one UI text. `vars` fill `{name}` placeholders; the result is plain text, never HTML. */
export type Translate = (key: string, vars?: Readonly<Record<string, string>>) => string;

/**
 * Returns a lookup for `lang`: the site's override from `texts[lang][key]` wins, then the built-in
 * table for the language, then English. An unknown key yields `''`.
 */
export function translator(texts: ResolvedConfig['texts'], lang: string): Translate {
  const own = texts[lang];
  const table: Record<string, string> = STRINGS[lang as 'nl'] ?? en;
  return (key, vars) =>
    (own?.[key] ?? table[key] ?? (en as Record<string, string>)[key] ?? '').replace(/\{(\w+)\}/g, (m, name: string) => vars?.[name] ?? m);
}

/** The name of a purpose: the configured label, then the `<id>Label` text, then the id itself. */
export function purposeLabel(p: ResolvedPurpose, lang: string, t: Translate): string {
  return text(p.label, lang) || t(`${p.id}Label`) || p.id;
}

/**
 * What a purpose is for, in plain words: the configured description (or the `<id>Description`
 * text), the IP-masking sentence when the purpose's vendors mask the address, and who receives
 * the data ("Shared with: Google Analytics 4 (Google Ireland Ltd.).").
 */
export function purposeDescription(p: ResolvedPurpose, lang: string, t: Translate): string {
  const names = [...new Set(p.vendors.map((v) => v.recipient && v.recipient !== v.name ? `${v.name} (${v.recipient})` : v.name))].join(', ');
  return [
    text(p.description, lang) || t(`${p.id}Description`),
    p.ipMasking ? t('ipMasking') : '',
    names ? t('sharedWith', { names }) : '',
  ].filter(Boolean).join(' ');
}
