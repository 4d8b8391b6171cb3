/**
 * What FTS5's bm25() counts in one row for a query of several words, a phrase or a NEAR group, computed
 * from the row's tokens outside the engine, so the top-k layer can score a few hundred candidate rows
 * without asking FTS5 (each `MATCH … AND rowid = ?` lookup opens every term's segments again: 0.15–0.2 ms
 * a row at 100k articles). The rules are SQLite's fts5_expr.c: a phrase is found where its words stand
 * one after another in one column; a NEAR group keeps only the instances that take part in a match, by
 * the engine's own walk (fts5ExprNearIsMatch); each instance counts its column's weight.
 */
import { tokens } from '../text/normalize.js';

/** The bm25() weights of the FTS columns (headline, body, byline, dateline place), as the index calls it. */
export const FTS5_WEIGHTS = [5, 1, 2, 2] as const;

/** The query shapes the layer scores in code: words ANDed, one phrase, or one NEAR group of words. */
export type QueryShape =
  | { kind: 'and'; words: string[] }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'near'; words: string[]; slop: number };

/** The query's FTS5 phrases in the engine's order (bm25() gives each its own idf). */
export function phrasesOf(shape: QueryShape): string[][] {
  return shape.kind === 'phrase' ? [shape.words] : shape.words.map((w) => [w]);
}

/** An FTS5 position: the column in the high 32 bits, the token's offset in the low. */
const COLUMN = 2 ** 32;
const EOF = 2 ** 62;

/** The start positions of a phrase in a row's columns, in order. */
function positions(phrase: string[], columns: string[][]): number[] {
  const out: number[] = [];
  for (const [c, toks] of columns.entries()) {
    for (let i = 0; i + phrase.length <= toks.length; i++) {
      let k = 0;
      while (k < phrase.length && toks[i + k] === phrase[k]) k++;
      if (k === phrase.length) out.push(c * COLUMN + i);
    }
  }
  return out;
}

/** fts5LookaheadReader: the current position and the next, EOF past the end. */
class Lookahead {
  private i = 0;
  pos = 0;
  next = 0;
  constructor(private readonly list: number[]) {
    this.advance();
    this.advance();
  }
  /** Moves on one position; true at the end. */
  advance(): boolean {
    this.pos = this.next;
    this.next = this.i < this.list.length ? this.list[this.i++]! : EOF;
    return this.pos === EOF;
  }
}

/**
 * fts5ExprNearIsMatch: walks the phrases' positions together and keeps, per phrase, the positions that take
 * part in a match found by the engine's walk (a window of `slop` tokens between phrases). Empty when none.
 */
function nearFilter(lists: number[][], sizes: number[], slop: number): number[][] {
  const readers = lists.map((l) => new Lookahead(l));
  const out: number[][] = lists.map(() => []);
  if (readers.some((r) => r.pos === EOF)) return out;
  for (;;) {
    let max = readers[0]!.pos;
    let match: boolean;
    do {
      match = true;
      for (const [i, r] of readers.entries()) {
        const min = max - sizes[i]! - slop;
        if (r.pos < min || r.pos > max) {
          match = false;
          while (r.pos < min) if (r.advance()) return out;
          if (r.pos > max) max = r.pos;
        }
      }
    } while (!match);
    for (const [i, r] of readers.entries()) {
      const o = out[i]!;
      if (o.length === 0 || o[o.length - 1] !== r.pos) o.push(r.pos);
    }
    let adv = 0;
    let least = readers[0]!.next;
    for (const [i, r] of readers.entries()) {
      if (r.next < least) {
        least = r.next;
        adv = i;
      }
    }
    if (readers[adv]!.advance()) return out;
  }
}

/**
 * A column's tokens as `text/normalize.tokens` makes them; plain ASCII (most text) skips the Unicode
 * decomposition, which is the identity there and most of the cost on a hot path of hundreds of rows.
 */
function columnTokens(text: string | null): string[] {
  if (!text) return [];
  if (/^[\x00-\x7f]*$/.test(text)) return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  return tokens(text);
}

/** Whether a character code is one FTS5's unicode61 keeps in a token, for ASCII text (lowercased). */
const isTokenChar = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * How often `word` (folded, as the query gives it) is a whole token of a column: ASCII text is searched in
 * place (a hot path: the merge and the date walk count hundreds of rows, and splitting a 2 KB body into
 * tokens cost most of a row's time), other text is tokenized as the index does.
 */
function tokenCount(word: string, text: string | null, lower: string | null): number {
  if (!text) return 0;
  if (lower === null) return columnTokens(text).reduce((n, t) => n + (t === word ? 1 : 0), 0);
  let n = 0;
  for (let i = lower.indexOf(word); i >= 0; i = lower.indexOf(word, i + 1)) {
    const end = i + word.length;
    if (
      (i === 0 || !isTokenChar(lower.charCodeAt(i - 1))) &&
      (end >= lower.length || !isTokenChar(lower.charCodeAt(end)))
    )
      n++;
  }
  return n;
}

/** Each column lowercased when it is plain ASCII (searched in place by tokenCount), else null. */
const asciiLower = (columns: (string | null)[]) =>
  columns.map((t) => (t && /^[\x00-\x7f]*$/.test(t) ? t.toLowerCase() : null));

/** Each word's weighted count over the columns (0 when absent). */
function weightedCounts(words: string[], columns: (string | null)[]): number[] {
  const lower = asciiLower(columns);
  return words.map((w) =>
    columns.reduce((n, text, c) => n + FTS5_WEIGHTS[c]! * tokenCount(w, text, lower[c]!), 0),
  );
}

/** Sums each position's column weight. */
const weighted = (list: number[]) => list.reduce((n, p) => n + FTS5_WEIGHTS[Math.floor(p / COLUMN)]!, 0);

/**
 * Each phrase's weighted instance count in a row whose columns are given as text (headline, body, byline,
 * place), as bm25() would add them up, or null when the row does not match the query.
 */
export function instanceCounts(shape: QueryShape, columns: (string | null)[]): number[] | null {
  if (shape.kind === 'and') {
    const counts = weightedCounts(shape.words, columns);
    return counts.some((n) => n === 0) ? null : counts;
  }
  const toks = columns.map(columnTokens);
  const phrases = phrasesOf(shape);
  const lists = phrases.map((p) => positions(p, toks));
  if (lists.some((l) => l.length === 0)) return null;
  if (shape.kind !== 'near') return lists.map(weighted);
  const kept = nearFilter(
    lists,
    phrases.map((p) => p.length),
    shape.slop,
  );
  return kept[0]!.length === 0 ? null : kept.map(weighted);
}

/**
 * Each word's weighted instance count in a row (headline, body, byline, place as text), as bm25() adds them up
 * for an OR of single words: one phrase per word, in the query's order; 0 for a word the row lacks.
 */
export function wordCounts(words: string[], columns: (string | null)[]): number[] {
  const at = new Map<string, number>();
  const counts = words.map(() => 0);
  for (const [i, w] of words.entries()) if (!at.has(w)) at.set(w, i);
  for (const [c, text] of columns.entries()) {
    for (const t of columnTokens(text)) {
      const i = at.get(t);
      if (i !== undefined) counts[i]! += FTS5_WEIGHTS[c]!;
    }
  }
  // A word asked twice is two phrases to bm25, each counting every instance.
  return words.map((w) => counts[at.get(w)!]!);
}
