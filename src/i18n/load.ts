/**
 * Loads the built-in texts of one language. Its own module so that the small core can start the
 * download together with the UI chunk (`void loadTexts(lang)` next to `loadUi()`), without taking
 * in the text helpers; the module system runs each language chunk once, however often it is asked.
 * @module
 */
import type en from './en.js';

/** A complete table of built-in UI texts for one language. Placeholders such as `{controller}` are filled in as text. */
export type Strings = Readonly<Record<keyof typeof en, string>>;

/**
 * Loads the built-in table for `lang`: Dutch for `nl`, English for every other language (a site that
 * adds a language through `config.texts` gets English for the keys it leaves out). Each language is
 * a lazy chunk of its own, so a page downloads only the one it shows.
 */
export function loadTexts(lang: string): Promise<Strings> {
  return (lang === 'nl' ? import('./nl.js') : import('./en.js')).then((m) => m.default);
}
