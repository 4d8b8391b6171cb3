/**
 * The top-k layer for several common words: words ANDed, a phrase or a NEAR group whose words all have
 * stored lists is answered by a threshold merge over those lists (Fagin's threshold algorithm, the idea
 * behind WAND): each listed article's score is bounded from the lists alone, the candidates are scored
 * exactly in order of their bound, a few dozen at a time, and the merge stops when the page's last
 * article beats every bound left, including the bound of an article in no list at all. When the lists run
 * out first they cannot prove the page, and the search is ranked by the engine as before.
 * Backend-neutral: the search index supplies the lists, the exact scorer and the counts (docs/adr/0010).
 */
import type { QueryShape } from './fts5-instances.js';
import type { ParsedQuery } from './query.js';
import { byRank, type Ranked } from './top-k.js';

/**
 * The shape the merge answers for, or null: every term positive, in any field, no prefix; two or more
 * single words, or one phrase (two or more words, with or without ~N), or — when `alone` allows it, for a
 * date filter or date order — one word.
 */
export function mergeShape(q: ParsedQuery, alone = false): QueryShape | null {
  if (q.groups.some((g) => g.length !== 1)) return null;
  const terms = q.groups.map((g) => g[0]!);
  if (terms.some((t) => t.negated || t.field !== 'all' || (t.kind === 'word' && t.prefix))) return null;
  if (terms.every((t) => t.kind === 'word' && t.words.length === 1)) {
    const words = terms.map((t) => t.words[0]!);
    return words.length >= 2 || (alone && words.length === 1) ? { kind: 'and', words } : null;
  }
  const [t] = terms;
  if (terms.length !== 1 || !t || t.kind !== 'phrase' || t.words.length < 2) return null;
  return t.slop === null
    ? { kind: 'phrase', words: t.words }
    : { kind: 'near', words: t.words, slop: t.slop };
}

/** One word's list as the merge sees it: each listed article's part of the score, and the most any other can have. */
export interface WordBound {
  /** The word's share of a score: idf × row part for bm25 (the phrase's idf for a phrase). */
  parts: Map<number, number>;
  /** The highest part an article outside the list can have; -Infinity when the list holds every match. */
  ceiling: number;
}

/** The highest score an article can have given its parts in the lists: AND and NEAR add, a phrase takes the least. */
export function bound(shape: QueryShape, words: WordBound[], seq: number): number {
  const parts = words.map((w) => w.parts.get(seq) ?? w.ceiling);
  if (parts.some((p) => p === -Infinity)) return -Infinity;
  return shape.kind === 'phrase' ? Math.min(...parts) : parts.reduce((a, b) => a + b, 0);
}

/** The highest score of an article found in no list. */
export function outsideBound(shape: QueryShape, words: WordBound[]): number {
  return bound(shape, words, -1);
}

/** Scores articles exactly (the engine's own formula); returns only those that match, in any order. */
export type ExactScorer = (seqs: number[]) => Promise<Ranked[]>;

export interface MergeAnswer {
  /** The best `need` articles, best first. */
  ranked: Ranked[];
  /** Candidates scored exactly. */
  scored: number;
}

/**
 * The best `need` of the candidates (and of the articles `always` names, scored first: those added since a
 * list was built), proven against every bound; null when the candidates (at most `budget` scored) cannot
 * prove them. `keep` narrows the candidates (a date range).
 */
export async function thresholdMerge(
  shape: QueryShape,
  words: WordBound[],
  score: ExactScorer,
  need: number,
  budget: number,
  always: number[] = [],
  keep: (seq: number) => boolean = () => true,
): Promise<MergeAnswer | null> {
  const outside = outsideBound(shape, words);
  const seen = new Set<number>(always);
  const queue: [number, number][] = [];
  for (const w of words) {
    for (const seq of w.parts.keys()) {
      if (seen.has(seq) || !keep(seq)) continue;
      seen.add(seq);
      const b = bound(shape, words, seq);
      if (b > -Infinity) queue.push([seq, b]);
    }
  }
  return provePage(queue, outside, score, need, budget, always);
}

/**
 * The best `need` of the candidates, each given with the most it can score (`queue`), and of those `always`
 * names (scored first), proven against the bounds left and `outside` (the most an article among no candidates
 * can score); null when scoring at most `budget` of them cannot prove the page.
 */
export async function provePage(
  queue: [number, number][],
  outside: number,
  score: ExactScorer,
  need: number,
  budget: number,
  always: number[] = [],
): Promise<MergeAnswer | null> {
  queue.sort((a, b) => b[1] - a[1]);
  // The page's last can score at most the need-th highest bound: when that is not above what an article in
  // no list may score, no candidate can prove the page, and scoring the budget would be spent in vain.
  if (always.length === 0 && outside > -Infinity && (queue[need - 1]?.[1] ?? -Infinity) <= outside)
    return null;
  const found: Ranked[] = always.length ? await score(always) : [];
  let scored = always.length;
  let next = 0;
  let batch = Math.max(32, need);
  for (;;) {
    found.sort(byRank);
    // Strictly above: an article whose bound equals the page's last score could tie with it and win on date.
    const left = Math.max(next < queue.length ? queue[next]![1] : -Infinity, outside);
    const last = found[need - 1];
    if (last && last.score > left) return { ranked: found.slice(0, need), scored };
    // Every list complete and read through: every match has been scored.
    if (next >= queue.length && outside === -Infinity) return { ranked: found.slice(0, need), scored };
    if (next >= queue.length || scored >= budget) return null;
    // What is left to score can score no more than an article in no list: it cannot prove the page either.
    if (queue[next]![1] <= outside) return null;
    // The page needs `need` articles above `outside`. Candidates come in falling order of their bounds, so
    // the share found above it so far is more than the rest will give: when even that share over the
    // budget left falls short, the page will not be proven, and the engine ranks it now (a choice of route
    // only; the page is the same either way).
    const tried = next;
    if (outside > -Infinity && tried >= 256) {
      const above = found.filter((f) => f.score > outside).length;
      const ahead = Math.min(budget - scored, queue.length - next);
      if (above + (above / tried) * ahead < need) return null;
    }
    const take = queue.slice(next, next + batch).map(([seq]) => seq);
    next += take.length;
    scored += take.length;
    found.push(...(await score(take)));
    batch = Math.min(batch * 2, 256);
  }
}
