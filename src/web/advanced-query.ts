/**
 * The advanced-search form's fields written as one query in the reader's query language (src/search/query.ts),
 * so the result page shows, and the reader can edit, exactly what was searched.
 */
import { tokens } from '../text/normalize.js';

/** What the form sends; every field may be missing or blank. */
export interface AdvancedFields {
  /** All these words (a word may end in * for a prefix). */
  all?: string;
  /** This exact phrase. */
  phrase?: string;
  /** Any of these words. */
  any?: string;
  /** None of these words. */
  none?: string;
  /** Words in the headline. */
  headline?: string;
  /** A name in the byline. */
  byline?: string;
  /** The dateline's place. */
  place?: string;
  /** From and to: YYYY, YYYY-MM or YYYY-MM-DD. */
  from?: string;
  to?: string;
}

export const ADVANCED_FIELDS = [
  'all',
  'phrase',
  'any',
  'none',
  'headline',
  'byline',
  'place',
  'from',
  'to',
] as const satisfies readonly (keyof AdvancedFields)[];

const DATE = /^\d{4}(?:-\d{2}(?:-\d{2})?)?$/;

/**
 * A typed word as a plain word of the language: quotes, colons and brackets dropped (so nothing typed
 * becomes a field or a phrase by accident), no leading "-", "OR" as a word; a trailing * kept.
 */
function words(typed: string | undefined): string[] {
  return (typed ?? '')
    .replace(/["():~]/g, ' ')
    .split(/\s+/)
    .map((w) => {
      const prefix = /\*+$/.test(w);
      const bare = w.replace(/\*/g, '').replace(/^-+/, '');
      // Punctuation alone ("#", "&") is no word to the index, and after a field it is a mistake.
      if (tokens(bare).length === 0) return '';
      const word = bare === 'OR' ? 'or' : bare;
      return prefix ? `${word}*` : word;
    })
    .filter(Boolean);
}

/** Words as one field term: `place:warsaw`, or a phrase `place:"tel aviv"` for several. */
function fieldTerm(field: string, typed: string | undefined): string | null {
  const ws = words(typed).map((w) => w.replace(/\*$/, ''));
  if (ws.length === 0) return null;
  return ws.length === 1 ? `${field}:${ws[0]}` : `${field}:"${ws.join(' ')}"`;
}

export class AdvancedQueryError extends Error {
  override readonly name = 'AdvancedQueryError';
}

/**
 * The query for the fields, e.g. `refugees "displaced persons" (a OR b) -visa headline:camps
 * place:"tel aviv" date:1940..1949`. Dates: `from` alone runs to `last`, `to` alone from `first`
 * (the archive's first and last years). Throws AdvancedQueryError for a date it cannot use.
 */
export function advancedQuery(f: AdvancedFields, bounds: { first: string; last: string }): string {
  const parts: string[] = [...words(f.all)];
  const phrase = words(f.phrase).map((w) => w.replace(/\*$/, ''));
  if (phrase.length) parts.push(`"${phrase.join(' ')}"`);
  const any = words(f.any);
  if (any.length) parts.push(any.join(' OR '));
  for (const w of words(f.none)) parts.push(`-${w}`);
  for (const w of words(f.headline)) parts.push(`headline:${w}`);
  for (const t of [fieldTerm('byline', f.byline), fieldTerm('place', f.place)]) if (t) parts.push(t);
  const from = (f.from ?? '').trim();
  const to = (f.to ?? '').trim();
  for (const [name, v] of [
    ['From', from],
    ['To', to],
  ] as const) {
    if (v && !DATE.test(v))
      throw new AdvancedQueryError(
        `${name} “${v}” is not a date: write a year (1940), a month (1940-06) or a day (1940-06-14).`,
      );
  }
  if (from || to) {
    // An open end runs to the archive's first or last year, or to the other end's year when that lies outside.
    const start = from || String(Math.min(Number(bounds.first), Number(to.slice(0, 4))));
    const end = to || String(Math.max(Number(bounds.last), Number(from.slice(0, 4))));
    parts.push(start === end ? `date:${start}` : `date:${start}..${end}`);
  }
  return parts.join(' ');
}
