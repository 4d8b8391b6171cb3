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
  /**
   * How many of the most frequent words (above `share`) `dateline reindex` and the refresh after an ingest
   * make lists for ahead of their first search (the default covers every such word of a news archive).
   */
  prebuild: number;
  /**
   * Several common words: when the rarest is in at most this many articles the match count and facets
   * are exact (one grouped pass); above it they are estimated from samples and shown as "about".
   */
  exactCount: number;
}

export const DEFAULT_TOPK: TopKSettings = { share: 0.005, length: 1000, prebuild: 5000, exactCount: 10_000 };

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
 * The key of the list the layer would answer from: one plain word in any field, not negated, sorted by
 * relevance, with no date or day narrowing; a prefix (`refug*`) is keyed by its letters and `*`, since both
 * engines score it as one term over every word it starts (docs/adr/0012). Anything else is searched as before.
 */
export function topKWord(req: SearchRequest): string | null {
  if (req.sort !== 'relevance' || req.from || req.to || req.day) return null;
  const q = req.query;
  if (q.from || q.to || q.day || q.groups.length !== 1 || q.groups[0]!.length !== 1) return null;
  const t = q.groups[0]![0]!;
  if (t.kind !== 'word' || t.field !== 'all' || t.negated || t.words.length !== 1) return null;
  return t.prefix ? `${t.words[0]!}*` : t.words[0]!;
}

/** A list's key read back: its word(s) and whether it is a prefix (`refug*`; no word holds `*`). */
export function listTerm(key: string): { words: string; prefix: boolean } {
  return key.endsWith('*') ? { words: key.slice(0, -1), prefix: true } : { words: key, prefix: false };
}

/**
 * Whether a stored list should be made again ahead of its next search: a change logged since it was made
 * touches its term (docs/adr/0013: the article held it before or after, or the log no longer reaches back to
 * the list), or more articles were added since than a list is long (its next search would score them all). A
 * list that is not is left alone by a rebuild, so an interrupted rebuild resumes.
 */
export function listIsStale(
  stored: { builtSeq: number; touched: boolean },
  state: ArchiveState,
  settings: TopKSettings,
): boolean {
  return stored.touched || state.maxSeq - stored.builtSeq > settings.length;
}

/**
 * The articles a word must be in for a rebuild to make its list ahead of its first search: more than the
 * share, and more than a list is long (the engine ranks fewer matches in milliseconds, and in a small archive
 * the share alone would take in nearly every word).
 */
export function frequentFloor(settings: TopKSettings, articles: number): number {
  return Math.max(settings.share * articles, settings.length);
}

/** What a rebuild or a refresh of the lists did. */
export interface TopKRebuild {
  /** Lists written. */
  made: number;
  /** Lists left as they were: made at the archive's state or since only a few articles were added. */
  current: number;
  /** Words and keys looked at: every stored list and the frequent words without one. */
  terms: number;
  /** True when a refresh stopped at its time budget before every stale list was made. */
  stopped: boolean;
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

/** More changed articles than this touching one list and it is made again rather than patched (two lookups each). */
export const PATCH_LIMIT = 100;

/**
 * A list patched with the articles changed or deleted since it was made (docs/adr/0013): their entries are
 * taken out and those that match now put back as they are now (`entries`, scored now), and each one's
 * (year, place) counts -1 when it matched when the list was made and +1 when it matches now (`facets`). The
 * result is what a list made now would hold of them, so the list's bound on the articles outside it, none of
 * which changed, still holds.
 */
export function applyChanges<E, X>(
  list: StoredList<E, X>,
  changed: Set<number>,
  entries: E[],
  facets: FacetRow[],
  seqOf: (e: E) => number,
): StoredList<E, X> {
  const years = new Map(list.years);
  const places = new Map(list.places);
  for (const f of facets) {
    years.set(f.year, (years.get(f.year) ?? 0) + f.count);
    if (f.place) places.set(f.place, (places.get(f.place) ?? 0) + f.count);
  }
  return {
    ...list,
    df: list.df + facets.reduce((n, f) => n + f.count, 0),
    years: [...years].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]),
    places: [...places].filter(([, n]) => n > 0),
    entries: [...list.entries.filter((e) => !changed.has(seqOf(e))), ...entries],
  };
}

/** A word's list as stored, generic over what a backend keeps per article (`E`) and per list (`X`). */
export interface StoredList<E, X> {
  /** The highest article seq when it was built: articles above it were added since. */
  builtSeq: number;
  /**
   * The archive's count of deleted or changed articles when it was built: the change log's position (each
   * logged change has the count after it as its id), so the changes since are those logged above it.
   */
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
  /**
   * The list patched with the changes logged since it was made, up to `state.changes` (applyChanges): only
   * those whose article held the term before or after touch it, and articles above `builtSeq` are left to
   * `since`. Null when the log cannot tell (pruned past the list's point) or more than `limit` articles
   * touch it: the list is stale.
   */
  patched(
    term: string,
    list: StoredList<E, X>,
    state: ArchiveState,
    limit: number,
  ): Promise<StoredList<E, X> | null>;
}

/** The part of a search result the layer gives: the page's articles in order, the total and the facets. */
export interface TopKAnswer {
  page: Ranked[];
  total: number;
  years: { year: number; count: number }[];
  places: { place: string; count: number }[];
  /** How it was answered, for tests and the benchmark: `patched` when logged changes touched the list. */
  via: 'list' | 'list+new' | 'patched' | 'built';
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
 * list, or a list that cannot prove its order any more. Articles changed or deleted since the list was made
 * are patched in from the change log when they held the word before or after (docs/adr/0013); a stale list
 * (the log cannot tell, more new or changed matches than the list is long, or scores drifted past what it
 * can prove) is rebuilt.
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
    const current =
      list.changes === state.changes ? list : await backend.patched(term, list, state, PATCH_LIMIT);
    if (!current) continue;
    const added =
      state.maxSeq > list.builtSeq ? await backend.since(term, list.builtSeq) : { entries: [], facets: [] };
    if (added.entries.length > settings.length) continue;
    const df = current.df + added.entries.length;
    const { ranked, ceiling } = backend.rank(current, added.entries, df, state);
    // Exact when no article outside the candidates can outrank the page's last.
    const last = ranked[need - 1];
    if (list.complete || (last && last.score > ceiling)) {
      const { years, places } = facets(current, added.facets);
      const total = years.reduce((n, y) => n + y.count, 0);
      const patched = current.df !== list.df || current.entries !== list.entries;
      const via =
        attempt > 0 ? 'built' : patched ? 'patched' : added.entries.length > 0 ? 'list+new' : 'list';
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
   * Makes lists for the `prebuild` most frequent words above the share and remakes every stale stored
   * list (listIsStale), each in a transaction of its own: stopped, it loses one list at most, and run again
   * it goes on where it stopped. `progress` is told of every term, made or left current; `reading`, of
   * the articles read by a pass that makes many words' lists at once (PostgreSQL, docs/adr/0020), before.
   */
  rebuildTopK(
    progress?: (done: number, total: number, term: string) => void,
    reading?: (done: number, total: number) => void,
  ): Promise<TopKRebuild>;
  /**
   * For after an ingest (never inside its transaction): remakes the stale stored lists, most matches first,
   * and stops starting lists once `budgetMs` have passed (`stopped`), leaving the rest to the next refresh
   * or to their next search. It does not look for newly frequent words (reading the whole vocabulary costs
   * seconds, tens of them at 1M): a rebuild does, or their first search.
   */
  refreshTopK(budgetMs: number): Promise<TopKRebuild>;
  /** The words that have a stored list, in order. */
  listedWords(): Promise<string[]>;
  /**
   * What a stored list was made at (its highest article seq and the change count), or null: a list remade
   * shows a new change count, one read or patched keeps its own (for tests and the benchmark).
   */
  storedList(term: string): Promise<{ builtSeq: number; changes: number } | null>;
  /** How many lists this index has made (scored every match of a term for) since it was opened: for tests and the benchmark. */
  listsMade(): number;
  /**
   * True when the layer also answers several common words, a phrase or NEAR of them, and common words with
   * dates or in date order (search/top-k-merge.ts); false: one common word by relevance only.
   */
  readonly merges: boolean;
}

/** The lists a rebuild looks at: the frequent words and the stored keys, with what each stored list was made at. */
export interface ListCatalogue {
  terms: string[];
  /** `touched`: a change logged since the list was made up to `at` touches its term (or the log no longer reaches back). */
  stored: Map<string, { builtSeq: number; changes: number; touched: boolean }>;
  /** The change count the logged changes were read up to. */
  at: number;
}

/** What a rebuild needs of a backend: besides making lists, moving an untouched list's point on and pruning the log. */
export interface ListMaker {
  state(): Promise<ArchiveState>;
  build(term: string, length: number, keep: boolean): Promise<unknown>;
  /**
   * Records that the changes logged from `from` to `to` leave the list as it is (none touches its term): its
   * point moves to `to`, so the log below it can be pruned. Nothing is written if the list was remade meanwhile.
   */
  advance(term: string, from: number, to: number): Promise<void>;
  /** Drops the logged changes every stored list is past (and the oldest beyond the log's cap). */
  prune(): Promise<void>;
}

/**
 * Makes or remakes the catalogue's lists that are missing or stale, one at a time (each backend's `build`
 * is one transaction and one write), oldest state first as given; stops starting new ones after `budgetMs`.
 * A list that no logged change touches has its point moved on, and the log is pruned at the end.
 */
export async function remakeLists(
  lists: ListMaker,
  catalogue: ListCatalogue,
  settings: TopKSettings,
  progress?: (done: number, total: number, term: string) => void,
  budgetMs = Number.POSITIVE_INFINITY,
): Promise<TopKRebuild> {
  const started = performance.now();
  const out: TopKRebuild = { made: 0, current: 0, terms: catalogue.terms.length, stopped: false };
  let state = await lists.state();
  for (const [i, term] of catalogue.terms.entries()) {
    const stored = catalogue.stored.get(term);
    if (stored && !listIsStale(stored, state, settings)) {
      out.current++;
      if (stored.changes < catalogue.at) await lists.advance(term, stored.changes, catalogue.at);
    } else if (performance.now() - started > budgetMs) {
      out.stopped = true;
      break;
    } else {
      await lists.build(term, settings.length, true);
      out.made++;
      // Ingest may go on meanwhile: later lists are judged against the archive as it is then.
      state = await lists.state();
    }
    progress?.(i + 1, catalogue.terms.length, term);
  }
  await lists.prune();
  return out;
}

export function hasTopK(index: SearchIndex): index is SearchIndex & TopKIndex {
  return typeof (index as Partial<TopKIndex>).withTopK === 'function';
}
