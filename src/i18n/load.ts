/**
 * Loads the built-in banner texts of one language. Its own module so that the small core can start
 * the download together with the UI chunk (`void loadTexts(lang)` next to `loadUi()`), without taking
 * in the text helpers; the module system runs each language chunk once, however often it is asked.
 * @module
 */
import type en from './en.js';
import type enPrefs from './en-prefs.js';

/** The built-in texts of the banner (the first layer) in one language. */
export type BannerStrings = Readonly<Record<keyof typeof en, string>>;
/** The built-in texts only the preferences (the second layer) show, in one language. */
export type PrefsStrings = Readonly<Record<keyof typeof enPrefs, string>>;
/** A complete table of built-in UI texts for one language. Placeholders such as `{controller}` are filled in as text. */
export type Strings = BannerStrings & PrefsStrings;

/**
 * Loads the built-in banner texts for `lang`: Dutch for `nl`, English for every other language (a
 * site that adds a language through `config.texts` gets English for the keys it leaves out). Each
 * language is a lazy chunk of its own, so a page downloads only the one it shows. The texts only the
 * preferences show are two more chunks, loaded with the preferences (`loadPrefsTexts` in `./strings.ts`).
 */
export function loadTexts(lang: string): Promise<BannerStrings> {
  return (lang === 'nl' ? import('./nl.js') : import('./en.js')).then((m) => m.default);
}
