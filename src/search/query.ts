/**
 * The reader's query language, parsed once by this one parser and compiled for each search index:
 * words (all required), "phrases", "proximity"~N, a OR b, -exclude, prefix*, fields (headline:, byline:,
 * place:), and dates (date:1974, date:1974-12, date:1974-12-19, date:1970..1975, day:12-19).
 * See docs/search.md. Every mistake is an ArchiveError BAD_QUERY saying where and what.
 */
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { tokens } from '../text/normalize.js';

export type Field = 'all' | 'headline' | 'byline' | 'place';

export type Term =
  | { kind: 'word'; field: Field; words: string[]; prefix: boolean; negated: boolean }
  | { kind: 'phrase'; field: Field; words: string[]; negated: boolean; slop: number | null };

/** Groups of terms joined by OR; the groups are ANDed. Dates narrow the whole query. */
export interface ParsedQuery {
  groups: Term[][];
  /** Folded words to find, for highlighting and reports. */
  words: string[];
  /** Inclusive date range from date: terms, ISO. */
  from: string | null;
  to: string | null;
  /** MM-DD: the same day in any year (day: term). */
  day: string | null;
}

export const MAX_QUERY_LENGTH = 500;
export const MAX_TERMS = 32;
export const MAX_SLOP = 50;
const FIELDS = new Set(['headline', 'byline', 'place']);

function fail(message: string): never {
  throw new ArchiveError('BAD_QUERY', message);
}

/** Reads date:VALUE into an inclusive range. */
function dateRange(value: string, at: number): [string, string] {
  const one = (v: string, end: boolean): string | null => {
    if (/^\d{4}$/.test(v)) return end ? `${v}-12-31` : `${v}-01-01`;
    if (/^\d{4}-\d{2}$/.test(v) && isIsoDate(`${v}-01`)) {
      if (!end) return `${v}-01`;
      const [y, m] = v.split('-').map(Number) as [number, number];
      return `${v}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    }
    if (isIsoDate(v)) return v;
    return null;
  };
  const parts = value.split('..');
  if (parts.length > 2) fail(`The date at position ${at} has more than one "..": write date:1970..1975.`);
  const from = one(parts[0]!, false);
  const to = one(parts[parts.length - 1]!, true);
  if (!from || !to) {
    fail(
      `"date:${value}" at position ${at} is not a date: write date:1974, date:1974-12, date:1974-12-19 or date:1970..1975.`,
    );
  }
  if (from > to) fail(`"date:${value}" at position ${at} ends before it starts.`);
  return [from, to];
}

interface Cursor {
  i: number;
}

/** Reads a quoted phrase starting at c.i (on the quote), with an optional ~N after it. */
function readPhrase(input: string, c: Cursor): { words: string[]; slop: number | null } {
  const start = c.i;
  const close = input.indexOf('"', start + 1);
  if (close < 0)
    fail(`The quotation mark at position ${start + 1} is never closed. Add a closing " or remove it.`);
  const words = tokens(input.slice(start + 1, close));
  c.i = close + 1;
  let slop: number | null = null;
  if (input[c.i] === '~') {
    const m = /^~(\d{1,3})/.exec(input.slice(c.i));
    if (!m) fail(`"~" at position ${c.i + 1} needs a number of words: "soviet emigration"~10.`);
    slop = Number(m[1]);
    if (slop < 1 || slop > MAX_SLOP)
      fail(`The proximity ~${slop} at position ${c.i + 1} must be from 1 to ${MAX_SLOP}.`);
    if (words.length < 2) fail(`The proximity at position ${c.i + 1} needs two or more words in the quotes.`);
    c.i += m[0].length;
  }
  return { words, slop };
}

/** A query for articles holding any of `words` (each a plain word, no field, prefix or date): the related-articles query. */
export function anyOfWords(words: string[]): ParsedQuery {
  return {
    groups: [words.map((w) => ({ kind: 'word', field: 'all', words: [w], prefix: false, negated: false }))],
    words,
    from: null,
    to: null,
    day: null,
  };
}

/** Parses what a reader typed; throws ArchiveError BAD_QUERY saying where and what is wrong. */
export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    fail(`The search is ${input.length} characters long; the limit is ${MAX_QUERY_LENGTH}. Shorten it.`);
  }
  const groups: Term[][] = [];
  let from = null as string | null;
  let to = null as string | null;
  let day = null as string | null;
  let pendingOr = false;
  const c: Cursor = { i: 0 };
  const add = (t: Term, at: number) => {
    if (pendingOr) {
      if (groups.length === 0) fail(`"OR" needs a term before it (position ${at}).`);
      groups[groups.length - 1]!.push(t);
    } else groups.push([t]);
    pendingOr = false;
  };
  while (c.i < input.length) {
    const ch = input[c.i]!;
    if (/\s/.test(ch)) {
      c.i++;
      continue;
    }
    const at = c.i + 1;
    const negated = ch === '-' && c.i + 1 < input.length && !/\s/.test(input[c.i + 1]!);
    if (negated) c.i++;
    // A field prefix (headline:, byline:, place:) or a date term.
    const fm = /^([A-Za-z]+):(?=\S)/.exec(input.slice(c.i));
    let field: Field = 'all';
    if (fm && (FIELDS.has(fm[1]!.toLowerCase()) || ['date', 'day'].includes(fm[1]!.toLowerCase()))) {
      const name = fm[1]!.toLowerCase();
      c.i += fm[0].length;
      if (name === 'date' || name === 'day') {
        const m = /^\S+/.exec(input.slice(c.i))!;
        c.i += m[0].length;
        if (negated || pendingOr)
          fail(`"${name}:" at position ${at} narrows the whole search; it cannot be excluded or OR'ed.`);
        if (name === 'day') {
          if (!/^\d{2}-\d{2}$/.test(m[0]) || !isIsoDate(`2000-${m[0]}`)) {
            fail(`"day:${m[0]}" at position ${at} must be a month and day, like day:12-19.`);
          }
          day = m[0];
        } else {
          const [f, t] = dateRange(m[0], at);
          from = from && from > f ? from : f;
          to = to && to < t ? to : t;
          if (from > to) fail(`The date terms do not overlap (${from} is after ${to}).`);
        }
        continue;
      }
      field = name as Field;
    }
    if (input[c.i] === '"') {
      const { words, slop } = readPhrase(input, c);
      if (words.length > 0) add({ kind: 'phrase', field, words, negated, slop }, at);
      continue;
    }
    const start = c.i;
    while (c.i < input.length && !/[\s"]/.test(input[c.i]!)) c.i++;
    const raw = input.slice(start, c.i);
    if (raw === 'OR' && !negated && field === 'all') {
      if (groups.length === 0 || pendingOr) fail(`"OR" at position ${at} needs a term on each side.`);
      pendingOr = true;
      continue;
    }
    const prefix = raw.endsWith('*');
    const words = tokens(raw);
    if (words.length === 0) {
      if (field !== 'all') fail(`"${field}:" at position ${at} needs a word after it.`);
      continue;
    }
    if (prefix && words[words.length - 1]!.length < 2) {
      fail(`The prefix "${raw}" at position ${at} is too short; give at least 2 letters before *.`);
    }
    add({ kind: 'word', field, words, prefix, negated }, at);
  }
  if (pendingOr) fail('The search ends with "OR"; add a term after it or remove it.');
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (count === 0) fail('The search has no words to look for. Type a word, a name or a "quoted phrase".');
  if (count > MAX_TERMS) fail(`The search has ${count} terms; the limit is ${MAX_TERMS}.`);
  for (const g of groups) {
    if (g.length > 1 && g.some((t) => t.negated)) fail('An excluded term (-word) cannot be part of an OR.');
  }
  if (groups.every((g) => g[0]!.negated))
    fail('The search only excludes words; add at least one word to look for.');
  const words = groups.flat().flatMap((t) => (t.negated ? [] : t.words));
  return { groups, words, from, to, day };
}
