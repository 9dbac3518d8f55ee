/** Languages with built-in texts. */
export const BUILT_IN_LANGUAGES = ['nl', 'en'] as const;

/**
 * Picks the UI language: the configured `lang`, then `<html lang>`, then the browser's languages.
 * The first whose primary subtag has texts (built in, or supplied by the site) wins; otherwise English.
 */
export function pickLanguage(configured: string | null, doc: Document, extra: string[] = []): string {
  const known = new Set<string>([...BUILT_IN_LANGUAGES, ...extra.map((l) => l.toLowerCase())]);
  const nav = typeof navigator !== 'undefined' ? navigator.languages ?? [navigator.language] : [];
  for (const tag of [configured, doc.documentElement.lang, ...nav]) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    if (known.has(lower)) return lower;
    const primary = lower.split('-')[0]!;
    if (known.has(primary)) return primary;
  }
  return 'en';
}
