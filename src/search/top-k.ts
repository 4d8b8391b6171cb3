/**
 * The top-k layer for frequent words: a search for one common word, by relevance, is answered from a
 * stored list of the word's best-scoring articles and its stored year and place counts, instead of
 * scoring every match. This module holds what both backends share: which searches the layer answers,
 * its settings, and the rule that decides when a stored list still gives the exact answer. Each search
 * index keeps the lists in its own database and scores them under its own ranking (docs/performance.md).
 */
import { type FacetRow, facetsFrom } from '../store/facets.js';
import type { SearchIndex, SearchRequest } from '../store/ports.js';

export interface TopKSettings {
  /** A word found in more than this share of the articles gets a list (0.005 = 0.5 %). */
  share: number;
  /** How many best-scoring articles a list keeps: pages beyond it are searched as before. */
  length: number;
  /** How many of the most frequent words (above `share`) a rebuild makes lists for ahead of their first search. */
  prebuild: number;
  /**
   * Several common words: when the rarest is in at most this many articles the match count and facets
   * are exact (one grouped pass); above it they are estimated from samples and shown as "about".
   */
  exactCount: number;
}

export const DEFAULT_TOPK: TopKSettings = { share: 0.005, length: 1000, prebuild: 100, exactCount: 10_000 };

/**
 * The settings from the environment: `DATELINE_TOPK=off` turns the layer off; `DATELINE_TOPK_SHARE`,
 * `DATELINE_TOPK_LENGTH`, `DATELINE_TOPK_PREBUILD` and `DATELINE_TOPK_EXACT` change the defaults.
 */
export function topKSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): TopKSettings | null {
  if (env.DATELINE_TOPK === 'off') return null;
  const num = (v: string | undefined, d: number) =>
    v !== undefined && Number.isFinite(Number(v)) ? Number(v) : d;
  return {
    share: num(env.DATELINE_TOPK_SHARE, DEFAULT_TOPK.share),
    length: Math.max(20, Math.round(num(env.DATELINE_TOPK_LENGTH, DEFAULT_TOPK.length))),
    prebuild: Math.max(0, Math.round(num(env.DATELINE_TOPK_PREBUILD, DEFAULT_TOPK.prebuild))),
    exactCount: Math.max(0, Math.round(num(env.DATELINE_TOPK_EXACT, DEFAULT_TOPK.exactCount))),
  };
}

/**
 * The word the layer would answer for: one plain word in any field, not negated, not a prefix, sorted by
 * relevance, with no date or day narrowing. Anything else is searched as before.
 */
export function topKWord(req: SearchRequest): string | null {
  if (req.sort !== 'relevance' || req.from || req.to || req.day) return null;
  const q = req.query;
  if (q.from || q.to || q.day || q.groups.length !== 1 || q.groups[0]!.length !== 1) return null;
  const t = q.groups[0]![0]!;
  if (t.kind !== 'word' || t.field !== 'all' || t.prefix || t.negated || t.words.length !== 1) return null;
  return t.words[0]!;
}

/** An article in a list: its key and its tie-breakers, and its score now (higher is better). */
export interface Ranked {
  seq: number;
  date: string;
  ordinal: number;
  score: number;
}

/** Best first: score, then the older date, then the bulletin's order, as both indexes sort. */
export function byRank(a: Ranked, b: Ranked): number {
  return b.score - a.score || (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) || a.ordinal - b.ordinal;
}

/** A word's list as stored, generic over what a backend keeps per article (`E`) and per list (`X`). */
export interface StoredList<E, X> {
  /** The highest article seq when it was built: articles above it were added since. */
  builtSeq: number;
  /** The archive's count of deleted or changed articles when it was built. */
  changes: number;
  /** Matching articles when it was built. */
  df: number;
  /** True when the list holds every match (no article outside it can rank). */
  complete: boolean;
  years: [number, number][];
  places: [string, number][];
  entries: E[];
  extra: X;
}

/** What the archive is now, as far as the lists are concerned. */
export interface ArchiveState {
  changes: number;
  maxSeq: number;
  articles: number;
  /** The average article length in tokens, where the ranking depends on it (BM25). */
  avgdl?: number;
}

/** The per-backend half of the layer. */
export interface TopKBackend<E, X> {
  state(): Promise<ArchiveState>;
  read(term: string): Promise<StoredList<E, X> | null>;
  /** Articles added after `seq` that match the word, and their facet rows. */
  since(term: string, seq: number): Promise<{ entries: E[]; facets: FacetRow[] }>;
  /**
   * The list's and the new articles' scores now, best first, and the highest score any article outside
   * the list can have now (-Infinity when the list is complete).
   */
  rank(
    list: StoredList<E, X>,
    added: E[],
    df: number,
    state: ArchiveState,
  ): { ranked: Ranked[]; ceiling: number };
  /** Scores every match once (what a search cost before) and returns the list; stores it when `keep`. */
  build(term: string, length: number, keep: boolean): Promise<StoredList<E, X>>;
}

/** The part of a search result the layer gives: the page's articles in order, the total and the facets. */
export interface TopKAnswer {
  page: Ranked[];
  total: number;
  years: { year: number; count: number }[];
  places: { place: string; count: number }[];
  /** How it was answered, for tests and the benchmark. */
  via: 'list' | 'list+new' | 'built';
}

/** The facets from a list's stored counts and the added articles' (year, place) rows. */
function facets(list: StoredList<unknown, unknown>, added: FacetRow[]) {
  const { years } = facetsFrom([
    ...list.years.map(([year, count]) => ({ year, place: null, count })),
    ...added,
  ]);
  const { places } = facetsFrom([
    ...list.places.map(([place, count]) => ({ year: 0, place, count })),
    ...added,
  ]);
  return { years, places };
}

/** A list's counts from the (year, place) rows of every match: years oldest first, every place. */
export function countsOf(rows: FacetRow[]): { years: [number, number][]; places: [string, number][] } {
  const years = new Map<number, number>();
  const places = new Map<string, number>();
  for (const r of rows) {
    years.set(r.year, (years.get(r.year) ?? 0) + r.count);
    if (r.place) places.set(r.place, (places.get(r.place) ?? 0) + r.count);
  }
  return { years: [...years].sort((a, b) => a[0] - b[0]), places: [...places] };
}

/**
 * Answers one page of a one-word search from the word's list, or returns null to search as before:
 * no list yet (the caller builds one after a search that found the word frequent), a page beyond the
 * list, or a list that cannot prove its order any more. A stale list (an article deleted or changed
 * since, more new matches than the list is long, or scores drifted past what it can prove) is rebuilt.
 */
export async function answerFromList<E, X>(
  backend: TopKBackend<E, X>,
  settings: TopKSettings,
  term: string,
  offset: number,
  limit: number,
): Promise<TopKAnswer | null> {
  const need = offset + limit;
  if (need > settings.length) return null;
  // At most two tries: the stored list, then (when it cannot answer) a list built afresh. The state is
  // read after the list, so it is never older than the list.
  for (let attempt = 0; attempt < 2; attempt++) {
    const list = attempt === 0 ? await backend.read(term) : await backend.build(term, settings.length, true);
    if (!list) return null;
    const state = await backend.state();
    if (list.changes !== state.changes) continue;
    const added =
      state.maxSeq > list.builtSeq ? await backend.since(term, list.builtSeq) : { entries: [], facets: [] };
    if (added.entries.length > settings.length) continue;
    const { ranked, ceiling } = backend.rank(list, added.entries, list.df + added.entries.length, state);
    // Exact when no article outside the candidates can outrank the page's last.
    const last = ranked[need - 1];
    if (list.complete || (last && last.score > ceiling)) {
      const { years, places } = facets(list, added.facets);
      const total = years.reduce((n, y) => n + y.count, 0);
      const via = attempt > 0 ? 'built' : added.entries.length > 0 ? 'list+new' : 'list';
      return { page: ranked.slice(offset, need), total, years, places, via };
    }
  }
  return null;
}

/** Whether a search index has the layer (both SQL indexes do). */
export interface TopKIndex {
  /** The same index over the same database with other settings (null: the layer off). */
  withTopK(settings: TopKSettings | null): SearchIndex & TopKIndex;
  /**
   * Rebuilds every stored list and makes lists for the `prebuild` most frequent words above the share;
   * returns how many lists it wrote.
   */
  rebuildTopK(progress?: (done: number, total: number, term: string) => void): Promise<number>;
  /** The words that have a stored list, in order. */
  listedWords(): Promise<string[]>;
  /**
   * True when the layer also answers several common words, a phrase or NEAR of them, and common words with
   * dates or in date order (search/top-k-merge.ts); false: one common word by relevance only.
   */
  readonly merges: boolean;
}

export function hasTopK(index: SearchIndex): index is SearchIndex & TopKIndex {
  return typeof (index as Partial<TopKIndex>).withTopK === 'function';
}
