/** Text normalising shared by segmentation, indexing, querying and highlighting. */

/** Folds case and strips diacritics, the way the search index does (unicode61, remove_diacritics 2). */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** Words of a text as the index sees them: letters and digits, folded. */
export function tokens(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Number of words in a text. */
export function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu)?.length ?? 0;
}

/** A URL slug from a headline: lowercase ASCII words joined by hyphens, at most `max` characters. */
export function slugify(text: string, max = 60): string {
  const words = fold(text)
    .replace(/['’]/g, '')
    .match(/[a-z0-9]+/g);
  if (!words) return 'article';
  let out = '';
  for (const w of words) {
    const next = out ? `${out}-${w}` : w;
    if (next.length > max) break;
    out = next;
  }
  return out || words[0]!.slice(0, max);
}

/** Collapses runs of white space into one space and trims. */
export function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
