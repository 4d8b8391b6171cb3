/**
 * Snippets made from an article's text and the parsed query, without asking the search engine again.
 *
 * FTS5's snippet() re-runs the whole MATCH for the page's hits; for a prefix that means expanding it to
 * every indexed word it starts, which cost more than the ranking itself (docs/performance.md). The words
 * are folded as the index folds them (text/normalize), so what is marked here is what the index matched:
 * a word, a prefix (the last word of the term, as `soviet*`), a "phrase" as consecutive words, the words
 * of a "proximity"~N each. Excluded terms and terms limited to another field (headline:, byline:, place:)
 * mark nothing in the body.
 */

import { MARK_END, MARK_START } from '../store/ports.js';
import { fold } from '../text/normalize.js';
import type { ParsedQuery } from './query.js';

/** One word of a text: where it is and how the index folds it. */
interface Word {
  start: number;
  end: number;
  folded: string;
}

/** A sequence of words to find in order; the last one may be a prefix. */
interface Pattern {
  words: string[];
  prefix: boolean;
}

const LETTER = /[\p{L}\p{N}]/u;
const LETTER_OR_MARK = /[\p{L}\p{N}\p{M}]/u;

/** Whether the character code at `i` is a word character (a letter or digit; a mark inside a word). */
function wordChar(text: string, i: number, inside: boolean): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
  const ch = String.fromCodePoint(text.codePointAt(i)!);
  return (inside ? LETTER_OR_MARK : LETTER).test(ch);
}

/** The words of a text, found by one pass over its characters (a regex pass cost twice as much). */
function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  let i = 0;
  while (i < text.length) {
    if (!wordChar(text, i, false)) {
      i++;
      continue;
    }
    const start = i;
    let ascii = true;
    while (i < text.length && wordChar(text, i, true)) {
      const c = text.charCodeAt(i);
      if (c >= 128) ascii = false;
      // A character outside the basic plane takes two code units.
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    const word = text.slice(start, i);
    // Most words are plain ASCII, for which folding is lower-casing (and far cheaper).
    out.push({ start, end: i, folded: ascii ? word.toLowerCase() : fold(word) });
  }
  return out;
}

/** The body-searching patterns of a query: one per positive term, proximity terms split into words. */
function patternsOf(query: ParsedQuery): Pattern[] {
  const out: Pattern[] = [];
  for (const group of query.groups) {
    for (const t of group) {
      if (t.negated || t.field !== 'all' || t.words.length === 0) continue;
      if (t.kind === 'phrase' && t.slop !== null) {
        for (const w of t.words) out.push({ words: [w], prefix: false });
      } else out.push({ words: t.words, prefix: t.kind === 'word' && t.prefix });
    }
  }
  return out;
}

function matchesAt(words: Word[], i: number, p: Pattern): boolean {
  if (i + p.words.length > words.length) return false;
  for (let k = 0; k < p.words.length; k++) {
    const w = words[i + k]!.folded;
    const last = k === p.words.length - 1;
    if (last && p.prefix ? !w.startsWith(p.words[k]!) : w !== p.words[k]) return false;
  }
  return true;
}

/**
 * A window of about `size` words of `text` with the most distinct (then the most) matches of the
 * query, matches between MARK_START and MARK_END, with "…" where the text goes on; the text's start
 * when nothing matches in it.
 */
export function makeSnippet(text: string, query: ParsedQuery, size = 32): string {
  const words = wordsOf(text);
  if (words.length === 0) return '';
  const patterns = patternsOf(query);
  // Only a word that starts some pattern (or, for a one-word prefix, any word) needs a closer look.
  const firsts = new Set(patterns.map((p) => p.words[0]!));
  const anyPrefix = patterns.some((p) => p.prefix && p.words.length === 1);
  /** Matches in text order: the word they start at, their length in words, the pattern they match. */
  const found: { at: number; length: number; pattern: number }[] = [];
  /** For each word, the match it is inside (0 none; matches are numbered from 1). */
  const marked = new Int32Array(words.length);
  for (let i = 0; i < words.length; i++) {
    if (!anyPrefix && !firsts.has(words[i]!.folded)) continue;
    for (let p = 0; p < patterns.length; p++) {
      if (matchesAt(words, i, patterns[p]!)) {
        const length = patterns[p]!.words.length;
        found.push({ at: i, length, pattern: p });
        marked.fill(found.length, i, i + length);
        break;
      }
    }
  }
  // The best window starts at a match: most distinct patterns, then most matches, then earliest.
  const n = Math.min(size, words.length);
  let best = 0;
  let bestScore = -1;
  for (let f = 0; f < found.length; f++) {
    const from = found[f]!.at;
    const seen = new Set<number>();
    let count = 0;
    for (let g = f; g < found.length && found[g]!.at < from + n; g++) {
      seen.add(found[g]!.pattern);
      count++;
    }
    const score = seen.size * 10_000 + count;
    if (score > bestScore) {
      bestScore = score;
      best = from;
    }
  }
  // A few words of context before the first match, the window kept inside the text.
  if (found.length > 0) best = Math.max(0, Math.min(best - 3, words.length - n));
  const last = best + n - 1;
  let out = best > 0 ? '…' : '';
  let at = best === 0 ? 0 : words[best]!.start;
  for (let i = best; i <= last; i++) {
    const w = words[i]!;
    out += text.slice(at, w.start);
    const m = marked[i]!;
    // The words of one phrase share one mark, the spaces between them included.
    if (m && (i === best || marked[i - 1] !== m)) out += MARK_START;
    out += text.slice(w.start, w.end);
    if (m && (i === last || marked[i + 1] !== m)) out += MARK_END;
    at = w.end;
  }
  out += last < words.length - 1 ? '…' : text.slice(at);
  return out;
}

/**
 * Where the query matches in `text` (the whole text, not a window): [start, end) character ranges in text
 * order, a phrase as one range. The article page marks these, so what it marks is what the snippet marks.
 */
export function matchRanges(text: string, query: ParsedQuery): [number, number][] {
  const words = wordsOf(text);
  const patterns = patternsOf(query);
  const out: [number, number][] = [];
  for (let i = 0; i < words.length; i++) {
    const p = patterns.find((q) => matchesAt(words, i, q));
    if (!p) continue;
    out.push([words[i]!.start, words[i + p.words.length - 1]!.end]);
    i += p.words.length - 1;
  }
  return out;
}

/**
 * Whether one printed word (a word box on the scan) is one the query looks for in the text: any word of
 * a term, the last as a prefix where the term is one (a phrase's words are boxed each, wherever they stand).
 */
export function wordMatcher(query: ParsedQuery): (printed: string) => boolean {
  const patterns = patternsOf(query);
  return (printed) =>
    wordsOf(printed).some((w) =>
      patterns.some((p) =>
        p.words.some((pw, k) =>
          p.prefix && k === p.words.length - 1 ? w.folded.startsWith(pw) : w.folded === pw,
        ),
      ),
    );
}
