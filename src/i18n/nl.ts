/**
 * The built-in Dutch texts of the banner and the preferences, loaded only on pages that show Dutch.
 * They address the visitor with "u", as housing corporations and other organisations address
 * their tenants and customers.
 * @module
 */
import type { Strings } from './load.js';

export default {
  bannerTitle: 'Cookies op deze website',
  bannerIntro: '{controller} vraagt uw toestemming om cookies en vergelijkbare technieken te gebruiken voor de doelen hieronder. Noodzakelijke cookies staan altijd aan; daarvoor is geen toestemming nodig.',
  withdrawButton: 'U kunt uw keuze altijd wijzigen of uw toestemming intrekken met de ronde cookieknop onderaan het scherm.',
  withdrawLink: 'U kunt uw keuze altijd wijzigen of uw toestemming intrekken met de link "Cookie-instellingen" op deze website.',
  closeInfo: 'Sluit u deze melding, dan accepteert u niets.',
  privacyLink: 'Lees meer in onze privacyverklaring',
  acceptAll: 'Alles accepteren',
  rejectAll: 'Alles weigeren',
  settings: 'Instellingen',
  close: 'Sluiten zonder te accepteren',
  prefsTitle: 'Cookie-instellingen',
  prefsIntro: 'Kies per doel of u toestemming geeft. Wat u niet zelf aanzet, blijft uit. U kunt uw keuze altijd wijzigen.',
  closePrefs: 'Sluiten zonder op te slaan',
  save: 'Keuze opslaan',
  alwaysOn: 'Altijd aan',
  sharedWith: 'Gedeeld met: {names}.',
  cookies: 'Cookies ({count})',
  cookiePurpose: 'Doel',
  cookieLifetime: 'Bewaartermijn',
  cookieRecipient: 'Ontvanger',
  consentId: 'Uw toestemmings-ID: {id}.',
  consentIdHelp: 'Noem deze code als u wilt weten welke keuze we hebben vastgelegd, of als u die wilt laten verwijderen.',
  gpcNote: 'Uw browser geeft het signaal Global Privacy Control door.',
  gpcOff: 'Daarom blijven deze uit, tenzij u ze hier zelf aanzet: {purposes}.',
  saved: 'Uw keuze is opgeslagen.',
  ipMasking: 'Het laatste deel (octet) van uw IP-adres wordt gemaskeerd, zodat uw volledige adres niet wordt opgeslagen.',
  necessaryLabel: 'Noodzakelijk',
  necessaryDescription: 'Nodig om de website te laten werken en om uw cookiekeuze te onthouden.',
  analyticsLabel: 'Statistieken',
  analyticsDescription: 'Bezoeken tellen en zien hoe de website wordt gebruikt, zodat we die kunnen verbeteren.',
  marketingLabel: 'Marketing',
  marketingDescription: 'Advertenties tonen en meten, ook op andere websites, op basis van uw bezoek.',
  functionalLabel: 'Functioneel',
  functionalDescription: "Extra functies zoals ingesloten video's, kaarten of een chat, die gegevens delen met hun aanbieder.",
} satisfies Strings;
