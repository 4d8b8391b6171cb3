/**
 * The reader's query language, parsed once and compiled for the search index:
 * words (all required), "phrases", OR between terms, -exclusions, prefix*.
 */
import { ArchiveError } from '../core/errors.js';
import { tokens } from '../text/normalize.js';

export type Term =
  | { kind: 'word'; words: string[]; prefix: boolean; negated: boolean }
  | { kind: 'phrase'; words: string[]; negated: boolean };

/** Groups of terms joined by OR; the groups are ANDed. */
export interface ParsedQuery {
  groups: Term[][];
  /** Folded words to find, for highlighting and reports. */
  words: string[];
}

export const MAX_QUERY_LENGTH = 500;
const MAX_TERMS = 32;

function fail(message: string): never {
  throw new ArchiveError('BAD_QUERY', message);
}

/** Parses what a reader typed; throws ArchiveError BAD_QUERY saying where and what is wrong. */
export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_LENGTH) {
    fail(`The search is ${input.length} characters long; the limit is ${MAX_QUERY_LENGTH}. Shorten it.`);
  }
  const groups: Term[][] = [];
  let pendingOr = false;
  let i = 0;
  const add = (t: Term) => {
    if (pendingOr && groups.length > 0) groups[groups.length - 1]!.push(t);
    else groups.push([t]);
    pendingOr = false;
  };
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const negated = ch === '-' && i + 1 < input.length && !/\s/.test(input[i + 1]!);
    const start = negated ? i + 1 : i;
    if (input[start] === '"') {
      const close = input.indexOf('"', start + 1);
      if (close < 0) {
        fail(`The quotation mark at position ${start + 1} is never closed. Add a closing " or remove it.`);
      }
      const words = tokens(input.slice(start + 1, close));
      if (words.length > 0) add({ kind: 'phrase', words, negated });
      i = close + 1;
      continue;
    }
    let end = start;
    while (end < input.length && !/[\s"]/.test(input[end]!)) end++;
    const raw = input.slice(start, end);
    i = end;
    if (raw === 'OR' && !negated) {
      if (groups.length === 0 || pendingOr) fail(`"OR" at position ${start + 1} needs a term on each side.`);
      pendingOr = true;
      continue;
    }
    const prefix = raw.endsWith('*');
    const words = tokens(raw);
    if (words.length === 0) continue;
    if (prefix && words.length === 1 && words[0]!.length < 2) {
      fail(`The prefix "${raw}" at position ${start + 1} is too short; give at least 2 letters before *.`);
    }
    add({ kind: 'word', words, prefix, negated });
  }
  if (pendingOr) fail('The search ends with "OR"; add a term after it or remove it.');
  const count = groups.reduce((n, g) => n + g.length, 0);
  if (count === 0) fail('The search has no words to look for. Type a word, a name or a "quoted phrase".');
  if (count > MAX_TERMS) fail(`The search has ${count} terms; the limit is ${MAX_TERMS}.`);
  for (const g of groups) {
    if (g.length > 1 && g.some((t) => t.negated)) fail('An excluded term (-word) cannot be part of an OR.');
  }
  if (groups.every((g) => g[0]!.negated)) {
    fail('The search only excludes words; add at least one word to look for.');
  }
  const words = groups.flat().flatMap((t) => (t.negated ? [] : t.words));
  return { groups, words };
}

function ftsString(words: string[]): string {
  return `"${words.join(' ').replaceAll('"', '""')}"`;
}

/** Compiles a parsed query to an FTS5 MATCH expression. */
export function toFts5(q: ParsedQuery): string {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const g of q.groups) {
    const parts = g.map((t) => {
      const s = ftsString(t.words);
      return t.kind === 'word' && t.prefix ? `${s}*` : s;
    });
    if (g[0]!.negated) negative.push(parts[0]!);
    else positive.push(parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0]!);
  }
  let expr = positive.join(' AND ');
  for (const n of negative) expr = `${expr} NOT ${n}`;
  return expr;
}
