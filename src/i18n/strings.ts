/**
 * The helpers that pick a UI text for the page's language, with the site's overrides
 * (`config.texts[lang][key]`), over the built-in tables. Each language is two modules, each its own
 * lazy chunk: the banner's texts (`./en.ts`, `./nl.ts`) and those only the preferences show
 * (`./en-prefs.ts`, `./nl-prefs.ts`), loaded by `loadTexts` (`./load.ts`), so a page downloads only
 * the language it shows, and a first visit only what the banner says.
 *
 * Wording is neutral on purpose (Dutch DPA rules of thumb): "accept" and "reject", never
 * "optimal experience" or other steering copy.
 * @module
 */
import type { LocalizedText, ResolvedConfig, ResolvedPurpose } from '../core/types.js';
import type en from './en.js';
import type enPrefs from './en-prefs.js';
import type { PrefsStrings, Strings } from './load.js';

/**
 * Every text key a site can override with `config.texts[lang][key]`. `settingsButton` (the name of
 * the floating button) is built into the small core, not into these tables.
 */
export type StringKey = keyof typeof en | keyof typeof enPrefs | 'settingsButton';

export { loadTexts, type BannerStrings, type PrefsStrings, type Strings } from './load.js';

/**
 * Loads the built-in texts only the preferences show, for `lang` (Dutch for `nl`, else English): a
 * chunk per language, fetched together with the preferences' own chunk.
 */
export function loadPrefsTexts(lang: string): Promise<PrefsStrings> {
  return (lang == 'nl' ? import('./nl-prefs.js') : import('./en-prefs.js')).then((m) => m.default);
}

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
 * `table` (from {@link loadTexts}). An unknown key yields `''`.
 */
export function translator(texts: ResolvedConfig['texts'], lang: string, table: Strings): Translate {
  const own = texts[lang];
  return (key, vars) =>
    (own?.[key] ?? (table as Record<string, string>)[key] ?? '').replace(/\{(\w+)\}/g, (m, name: string) => vars?.[name] ?? m);
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
