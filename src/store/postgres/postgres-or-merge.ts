/**
 * An OR of words (a word and its variants) or a NEAR group of two words, by relevance, on PostgreSQL
 * without ranking every match (issue #17, docs/adr/0015). ts_rank of a query whose top operator is OR (a
 * NEAR group is spelled out as ORed exact distances) is calc_rank_or: the mean over the query's distinct words
 * of each word's own part, which is that word's ts_rank alone. So the words' lists bound every article: a
 * listed article's part is its listed score, any other's at most the list's last (ADR 0008). Candidates are
 * checked and scored by the engine itself (`@@`, `ts_rank` of the whole query) in order of their bound until
 * the page's last beats every bound left, strictly; otherwise (too many candidates) the engine ranks every
 * match as before (null). The words' lists are read in one statement, the unlisted words counted in one and,
 * when rare, read whole in one; an OR's word with more than UNLISTED_MAX matches and no list gets its list
 * now (a word's variants: a pass over that word, which ranking the OR would have spent on it, and its later
 * searches read the list) where it used to send the query to the engine at every search. Counts: exact (one grouped pass, no ranking) up to `exactCount` estimated matches,
 * else estimated from the words' own counts as if they fell independently, for a NEAR group times the share
 * of a sample of the newest articles holding both words that hold them near ("about").
 */
import { byRank, PATCH_LIMIT, type Ranked, type TopKBackend, type TopKSettings } from '../../search/top-k.js';
import type { FacetRow } from '../facets.js';
import { facetsFrom } from '../facets.js';
import type { SearchResult } from '../ports.js';
import type { Row } from '../rows.js';

/** An unlisted word with more matches than this is too common to read whole: the engine ranks the query. */
export const UNLISTED_MAX = 2000;
/** Candidates checked at most before the engine answers instead. */
const MAX_CHECKED = 1024;
/** Articles holding several of an OR's words read at most (MergeDeps.several). */
export const SEVERAL_MAX = 1000;
/** Float4 rounding of ts_rank's sum: bounds are raised by this much, so none is ever below a true score. */
const SLACK = 1 + 2 ** -18;

/** One word's part: its matches' own scores where known, the most any other can have, and its counts. */
export interface Part {
  scores: Map<number, number>;
  /** The highest own score an article not in `scores` can have (0 when `scores` holds every match). */
  ceiling: number;
  df: number;
  years: Map<number, number>;
  places: Map<string, number>;
  /** Every match's year and place, when the part was read from all its matches (unlistedPart). */
  matches?: Map<number, [number, string | null]>;
}

export interface MergeDeps {
  /** The word's part from its list (patched and merged with added articles), or null without a usable list. */
  listed: (word: string) => Promise<Part | null>;
  /** Each word's matches, counted up to UNLISTED_MAX + 1 (through the index, no vector read), in one statement. */
  counts: (words: string[]) => Promise<Map<string, number>>;
  /** Each word's part from all its matches, read in one statement; null when one has more than UNLISTED_MAX. */
  unlisted: (words: string[]) => Promise<Map<string, Part> | null>;
  /**
   * An OR's word past UNLISTED_MAX without a usable list: its list made now (one pass over its matches, what
   * ranking the OR would spend on them) and kept, so that later searches read it; its part from that list.
   */
  made?: (word: string) => Promise<Part | null>;
  /**
   * The articles holding two or more of an OR's words (through the index, no vector read), or null past
   * SEVERAL_MAX: every other article holds one word at most, so its score is that word's part alone.
   */
  several?: (words: string[]) => Promise<number[] | null>;
  /** The matches above which a word is common (UNLISTED_MAX; lower in tests). */
  unlistedMax?: number;
  /** The candidates that match the whole query, with their ts_rank under it and their place. */
  check: (seqs: number[]) => Promise<Checked[]>;
  /** The exact year and place counts of the query (one grouped pass). */
  exactFacets: () => Promise<FacetRow[]>;
  /** The archive's articles per (year, place). */
  archive: () => Promise<FacetRow[]>;
  /** Of a sample of articles holding every word, how many match the whole query, and how many there were. */
  sample: () => Promise<{ both: number; matched: number }>;
}

/** A checked candidate: ranked, and where it is counted. */
export type Checked = Ranked & { place: string | null };

/**
 * The page of an OR (`near` false) or NEAR group (`near` true) of `words` (distinct, as ts_rank counts them),
 * or null to leave it to the engine: no word listed, an unlisted word too common, or no proof in budget.
 */
export async function orMerge(
  words: string[],
  near: boolean,
  offset: number,
  limit: number,
  settings: TopKSettings,
  deps: MergeDeps,
): Promise<(SearchResult & { page: Ranked[] }) | null> {
  const need = offset + limit;
  const listed = new Map<string, Part>();
  for (const w of words) {
    const part = await deps.listed(w);
    if (part) listed.set(w, part);
  }
  const rest = words.filter((w) => !listed.has(w));
  const counted = rest.length > 0 ? await deps.counts(rest) : new Map<string, number>();
  const common = rest.filter((w) => (counted.get(w) ?? 0) > (deps.unlistedMax ?? UNLISTED_MAX));
  // No common word in a NEAR group: the engine checks the rare word's few matches. (An OR of rare words is
  // merged over their parts read whole, which are kept for its next search: deps.unlisted.)
  if (near && listed.size === 0 && common.length === 0) return null;
  // A common word without a list: the engine ranks the query, unless (an OR) the word's list is made now.
  if (common.length > 0 && !deps.made) return null;
  for (const w of common) {
    const part = await deps.made!(w);
    if (!part) return null;
    listed.set(w, part);
  }
  const rare = rest.filter((w) => !listed.has(w) && (counted.get(w) ?? 0) > 0);
  const read = rare.length > 0 ? await deps.unlisted(rare) : new Map<string, Part>();
  if (!read) return null;
  const parts: Part[] = words.map((w) => listed.get(w) ?? read.get(w) ?? unlistedPart([])!);
  const size = words.length;
  const bound = (seq: number) =>
    (parts.reduce((s, p) => s + (p.scores.get(seq) ?? p.ceiling), 0) / size) * SLACK;
  // A part whose matches are all known (ceiling 0): a NEAR match holds every word, so it is among them. The
  // smallest such part's matches (at most UNLISTED_MAX, or a list's length) are checked at once, ranked and
  // counted, in one statement that reads their vectors alone. Merging over the parts checked a few hundred
  // of them in several statements and then counted through the text index, which walked the common word's
  // whole index entry (at 1M: 5 checks and 64 ms for a count of 128 matches).
  const whole = near ? parts.filter((p) => p.ceiling === 0).sort((a, b) => a.df - b.df)[0] : undefined;
  if (whole) {
    const found = (await deps.check([...whole.scores.keys()])).sort(byRank);
    const { years, places } = facetsOf(found.map((r) => [Number(r.date.slice(0, 4)), r.place]));
    return { page: found.slice(offset, need), hits: [], total: found.length, years, places };
  }
  // An article in no part: every word at most its ceiling.
  let outside = (parts.reduce((s, p) => s + p.ceiling, 0) / size) * SLACK;
  const seqs = new Set<number>();
  for (const p of parts) for (const s of p.scores.keys()) seqs.add(s);
  let candidates = [...seqs].map((seq) => ({ seq, bound: bound(seq) })).sort((a, b) => b.bound - a.bound);
  const unproven = () => outside > 0 && !(candidates[need - 1] && candidates[need - 1]!.bound > outside);
  // An OR of words seldom found together (a word and its variants): the articles holding two or more of them
  // are few, and any other holds one word at most, whose part alone (over the words' number) is its score. So
  // an article outside the parts is bounded by the highest ceiling, not by their sum, and a listed article by
  // its known part alone (ADR 0019).
  // Tried once, when the bounds above cannot prove the page; the candidates already checked are not again.
  let tightened = near || !deps.several;
  const checked = new Set<number>();
  const tighten = async () => {
    tightened = true;
    const several = await deps.several!(words);
    if (!several) return false;
    const multi = new Set(several);
    const known = (seq: number) => (parts.reduce((s, p) => s + (p.scores.get(seq) ?? 0), 0) / size) * SLACK;
    outside = (Math.max(...parts.map((p) => p.ceiling)) / size) * SLACK;
    for (const seq of multi) seqs.add(seq);
    candidates = [...seqs]
      .filter((seq) => !checked.has(seq))
      .map((seq) => ({ seq, bound: multi.has(seq) ? bound(seq) : known(seq) }))
      .sort((a, b) => b.bound - a.bound);
    return true;
  };
  // The page's last must beat every article outside the parts: fewer candidates above that, and no proof.
  if (unproven() && (tightened || !(await tighten()) || unproven())) return null;
  const found: Ranked[] = [];
  let i = 0;
  let batch = 64;
  for (;;) {
    const next = candidates[i]?.bound ?? 0;
    found.sort(byRank);
    const last = found[need - 1];
    // Strictly: an article of equal score and an earlier date would come first.
    if (last && last.score > next && last.score > outside) break;
    // (No more batches once MAX_CHECKED were checked in all, before and after; the last may pass it, as before.)
    if ((i >= candidates.length || checked.size >= MAX_CHECKED) && !tightened && (await tighten())) {
      i = 0;
      continue;
    }
    if (i >= candidates.length) {
      if (outside > 0) return null;
      break;
    }
    if (checked.size >= MAX_CHECKED) return null;
    const slice = candidates.slice(i, i + batch).map((c) => c.seq);
    for (const seq of slice) checked.add(seq);
    i += slice.length;
    found.push(...(await deps.check(slice)));
    batch = Math.min(batch * 2, 512);
  }
  const page = found.slice(offset, need);
  return { page, hits: [], ...(await counts(parts, near, found, i, settings, deps)) };
}

/** The year and place counts of articles, each given by its year and place. */
function facetsOf(articles: Iterable<[number, string | null]>) {
  const rows = new Map<string, FacetRow>();
  for (const [year, place] of articles) {
    const key = `${year}\u0000${place ?? ''}`;
    const row = rows.get(key) ?? { year, place, count: 0 };
    row.count++;
    rows.set(key, row);
  }
  return facetsFrom([...rows.values()]);
}

/** Exact counts when the estimate is small enough to count, else the estimate ("about"). */
async function counts(
  parts: Part[],
  near: boolean,
  found: Ranked[],
  checked: number,
  settings: TopKSettings,
  deps: MergeDeps,
): Promise<Omit<SearchResult, 'hits'>> {
  // An OR of words whose every match is known: its counts are those of the union of their matches.
  if (!near && parts.every((p) => p.matches)) {
    const union = new Map<number, [number, string | null]>();
    for (const p of parts) for (const [seq, at] of p.matches!) union.set(seq, at);
    const { years, places } = facetsOf(union.values());
    return { total: union.size, years, places };
  }
  const archive = await deps.archive();
  let nearShare = 1;
  if (near) {
    // The share of articles holding both words that hold them near: from a sample of the newest articles,
    // or (too few there) from the candidates checked, which favours articles holding the words often.
    const { both, matched } = await deps.sample();
    nearShare = both >= 10 ? matched / both : found.length / Math.max(1, checked);
  }
  const about = estimate(parts, near, archive, nearShare);
  // Counting reads each match (an OR) or checks each article holding both words (a NEAR group).
  const cost = near ? estimate(parts, near, archive).total : about.total;
  if (cost <= settings.exactCount) {
    const { years, places } = facetsFrom(await deps.exactFacets());
    return { total: years.reduce((n, y) => n + y.count, 0), years, places };
  }
  return { ...about, total: Math.max(about.total, found.length), estimated: true };
}

/**
 * Counts as if the words fell independently within each year and each place: an OR matches where any word
 * does, a NEAR group (an upper estimate) where both words do.
 */
export function estimate(
  parts: Part[],
  near: boolean,
  archive: FacetRow[],
  nearShare = 1,
): Omit<SearchResult, 'hits'> {
  const yearsAll = new Map<number, number>();
  const placesAll = new Map<string, number>();
  for (const r of archive) {
    yearsAll.set(r.year, (yearsAll.get(r.year) ?? 0) + r.count);
    if (r.place) placesAll.set(r.place, (placesAll.get(r.place) ?? 0) + r.count);
  }
  const share = (n: number, of: (p: Part) => number) => {
    if (n <= 0) return 0;
    const ps = parts.map((p) => Math.min(1, of(p) / n));
    return near ? nearShare * ps.reduce((x, p) => x * p, 1) : 1 - ps.reduce((x, p) => x * (1 - p), 1);
  };
  const rows: FacetRow[] = [];
  for (const [year, n] of yearsAll) {
    const count = Math.round(n * share(n, (p) => p.years.get(year) ?? 0));
    if (count > 0) rows.push({ year, place: null, count });
  }
  for (const [place, n] of placesAll) {
    const count = Math.round(n * share(n, (p) => p.places.get(place) ?? 0));
    if (count > 0) rows.push({ year: 0, place, count });
  }
  const { years } = facetsFrom(rows.filter((r) => r.year !== 0));
  const { places } = facetsFrom(rows.filter((r) => r.year === 0));
  return { total: years.reduce((n, y) => n + y.count, 0), years, places };
}

/**
 * A listed word's part, read as a relevance search reads its list (`answerFromList`): patched with the
 * logged changes, the articles added since merged in; null when there is no list or it is stale.
 */
export async function listedPart<E, X>(
  backend: TopKBackend<E, X>,
  settings: TopKSettings,
  term: string,
): Promise<Part | null> {
  const list = await backend.read(term);
  if (!list) return null;
  const state = await backend.state();
  const current =
    list.changes === state.changes ? list : await backend.patched(term, list, state, PATCH_LIMIT);
  if (!current) return null;
  const added =
    state.maxSeq > list.builtSeq ? await backend.since(term, list.builtSeq) : { entries: [], facets: [] };
  if (added.entries.length > settings.length) return null;
  const df = current.df + added.entries.length;
  const { ranked, ceiling } = backend.rank(current, added.entries, df, state);
  const years = new Map(current.years);
  const places = new Map(current.places);
  for (const f of added.facets) {
    years.set(f.year, (years.get(f.year) ?? 0) + f.count);
    if (f.place) places.set(f.place, (places.get(f.place) ?? 0) + f.count);
  }
  return {
    scores: new Map(ranked.map((r) => [r.seq, r.score])),
    ceiling: Math.max(0, ceiling),
    df,
    years,
    places,
  };
}

/** An unlisted word's part from all its matches (rows of seq, date, ordinal, place, score); null if too many. */
export function unlistedPart(rows: Row[], max = UNLISTED_MAX): Part | null {
  if (rows.length > max) return null;
  const part: Part = {
    scores: new Map(),
    ceiling: 0,
    df: rows.length,
    years: new Map(),
    places: new Map(),
    matches: new Map(),
  };
  for (const r of rows) {
    const seq = Number(r.seq);
    const year = Number((r.date as string).slice(0, 4));
    part.scores.set(seq, r.score as number);
    part.matches!.set(seq, [year, (r.place as string | null) ?? null]);
    part.years.set(year, (part.years.get(year) ?? 0) + 1);
    const place = (r.place as string | null) ?? null;
    if (place) part.places.set(place, (part.places.get(place) ?? 0) + 1);
  }
  return part;
}
