/**
 * The built-in Dutch texts of the banner (the first layer), loaded only on pages that show Dutch;
 * the texts only the preferences show are in `./nl-prefs.ts`.
 * They address the visitor with "u", as housing corporations and other organisations address
 * their tenants and customers.
 * @module
 */
import type { BannerStrings } from './load.js';

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
  sharedWith: 'Gedeeld met: {names}.',
  ipMasking: 'Het laatste deel (octet) van uw IP-adres wordt gemaskeerd, zodat uw volledige adres niet wordt opgeslagen.',
  analyticsLabel: 'Statistieken',
  analyticsDescription: 'Bezoeken tellen en zien hoe de website wordt gebruikt, zodat we die kunnen verbeteren.',
  marketingLabel: 'Marketing',
  marketingDescription: 'Advertenties tonen en meten, ook op andere websites, op basis van uw bezoek.',
  functionalLabel: 'Functioneel',
  functionalDescription: "Extra functies zoals ingesloten video's, kaarten of een chat, die gegevens delen met hun aanbieder.",
} satisfies BannerStrings;
