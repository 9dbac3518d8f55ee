/**
 * Picks the UI language: the configured `lang`, then `<html lang>`, then the browser's languages.
 * The first whose full tag or primary subtag has texts (built in: `nl`, `en`; or supplied by the
 * site: `extra`, lower case as the core config keeps them) wins; otherwise English.
 */
export function pickLanguage(configured: string | null, doc: Document, extra: string[]): string {
  const known = ['nl', 'en', ...extra];
  for (const tag of [configured, doc.documentElement.lang, ...navigator.languages]) {
    const t = tag?.toLowerCase();
    for (const c of [t, t?.split('-')[0]]) if (c && known.includes(c)) return c;
  }
  return 'en';
}
