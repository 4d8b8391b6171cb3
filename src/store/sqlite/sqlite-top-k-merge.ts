/**
 * The top-k layer on FTS5 beyond one word (search/top-k-merge.ts, docs/adr/0010): several common words,
 * a phrase or NEAR group of them, and common words with a date range or in date order. Stored lists bound
 * every score (a word's list, or a phrase's own list, made like a word's), candidates are read from the
 * article table and scored in code by FTS5's own bm25 (search/fts5-instances.ts, search/fts5-bm25.ts), and
 * the match count is exact where it is cheap, else estimated from a sample and said to be "about".
 * (Past the house size limit: one class whose steps (lists, bounds, candidates scored, date walk, counts)
 * share the request and the lists read for it; the counting could move out to a file of its own first.)
 */
import { ceilingPart, idf, rowLength, rowPart } from '../../search/fts5-bm25.js';
import { instanceCounts, phrasesOf, type QueryShape } from '../../search/fts5-instances.js';
import {
  type ArchiveState,
  PATCH_LIMIT,
  type Ranked,
  type StoredList,
  type TopKSettings,
} from '../../search/top-k.js';
import { mergeShape, thresholdMerge, type WordBound } from '../../search/top-k-merge.js';
import { type FacetRow, facetsFrom } from '../facets.js';
import type { SearchRequest } from '../ports.js';
import { wordDf } from './fts5-idf.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import type { SqliteDb } from './sqlite-database.js';
import { walkInDateOrder } from './sqlite-date-walk.js';
import { groupable, groupKey, SqliteGroupLists } from './sqlite-group-lists.js';
import { INDEXED_BODY, type NearList, nearKey, nearMatch, SqliteNearLists } from './sqlite-near-lists.js';
import { toFts5 } from './sqlite-query-compiler.js';
import type { ScoreRow } from './sqlite-score-row.js';
import { SqliteYearLists } from './sqlite-year-lists.js';

/** A listed article as SqliteTopK keeps it: seq, the term's weighted count, its length, date, ordinal. */
type Entry = [number, number, number, string, number];
type List = StoredList<Entry, { rows: number; avgdl: number; floor: number }>;
type State = ArchiveState & { avgdl: number };
type Facets = { years: { year: number; count: number }[]; places: { place: string; count: number }[] };

/** The lists of the one-word layer (SqliteTopK in sqlite-search-index.ts); a phrase's list is keyed by its words. */
export interface ListSource {
  state(): Promise<ArchiveState>;
  read(term: string): Promise<List | null>;
  build(term: string, length: number, keep: boolean): Promise<List>;
  /** The list patched with the changes logged since it was made (top-k.ts TopKBackend.patched). */
  patched(term: string, list: List, state: ArchiveState, limit: number): Promise<List | null>;
}

/** What the merge gives the search index: the page's articles, the total and facets, exact or not. */
export interface MergedAnswer extends Facets {
  page: Ranked[];
  total: number;
  /** True when total and facets are estimated from a sample (shown as "about"). */
  estimated: boolean;
  via: 'merge' | 'date-walk' | 'year-lists';
}

/** Candidates scored exactly before the merge gives up and the engine ranks every match. */
const BUDGET = 1200;
/** Articles added since a list was built that are scored at search time; more and the lists are rebuilt. */
const ADDED = 2000;
/** The estimate's sample: this many runs of consecutive articles, this long, spread evenly over the archive. */
const RUNS = 20;
const RUN = 30;

/** A row read for scoring (the merge's and the OR route's, sqlite-or-top-k.ts). */
export interface Row extends ScoreRow {
  sz: Buffer;
}

/** A scored row: its per-phrase counts (null: no match), length and what ranks it. */
interface Counted {
  seq: number;
  date: string;
  ordinal: number;
  place: string | null;
  length: number;
  counts: number[] | null;
}

const ROWS = `SELECT a.seq, a.date, a.ordinal, a.headline, ${INDEXED_BODY}, a.byline, a.dateline_place AS place, d.sz
  FROM article a JOIN article_fts_docsize d ON d.id = a.seq`;

export class SqliteTopKMerge {
  private readonly near: SqliteNearLists;
  /** Groups of words ANDed with lists of their own (sqlite-group-lists.ts). */
  readonly groups: SqliteGroupLists;
  /** A common word's best articles of a year (sqlite-year-lists.ts). */
  readonly years: SqliteYearLists;
  private readonly log: SqliteChangeLog;
  /** NEAR groups' lists made (SqliteSearchIndex.listsMade). */
  nearMade = 0;
  /** Searches answered by each route (tests). */
  readonly answered = { merge: 0, dateWalk: 0, group: 0 };
  /** Rows read from the article table and counted in code (tests: the date walk reads only its page). */
  rowsCounted = 0;
  /** Sampled match ratios of recent searches, by query and archive state. */
  private readonly ratios = new Map<string, number>();

  constructor(
    private readonly db: SqliteDb,
    private readonly lists: ListSource,
    private readonly settings: TopKSettings,
    weights: string,
  ) {
    this.near = new SqliteNearLists(db);
    this.groups = new SqliteGroupLists(db);
    this.years = new SqliteYearLists(db, weights);
    this.log = new SqliteChangeLog(db);
  }

  /** Answers the search, or null to rank it as before (a shape the merge does not know, a rare word, a page it cannot prove). */
  async search(req: SearchRequest): Promise<MergedAnswer | null> {
    const q = req.query;
    if (req.day || req.facets === false || q.from || q.to || q.day) return null;
    const dated = Boolean(req.from || req.to);
    const shape = mergeShape(q, dated || req.sort !== 'relevance');
    const need = req.offset + req.limit;
    if (!shape || need > this.settings.length) return null;
    const state = (await this.lists.state()) as State;
    const words = [...new Set(shape.words)];
    const dfs = new Map(words.map((w) => [w, wordDf(this.db, w, state)]));
    // A rare word: the engine's own walk along it is fast already. Not in a NEAR group with a word in most
    // articles: the engine checks that word's positions at every match of the rare one ("kevisha bo"~5, words
    // in 4,362 and 1,000,000 articles: 29 ms at 1M). Such a group gets a list of its own, as common ones do,
    // when its rarer word is in more articles than a list is long (fewer, and the engine checks them quickly).
    const rare = words.some((w) => dfs.get(w)! <= this.settings.share * state.articles);
    const dense =
      shape.kind === 'near' &&
      Math.max(...dfs.values()) > state.articles / 2 &&
      Math.min(...dfs.values()) > this.settings.length;
    if (rare && !dense) return null;
    // Several words: when one is in at most `exactCount` articles, so are their matches, which the engine
    // counts and ranks quickly; the merge only pays where the matches are many (below: the estimate). A group
    // that more than the share of the articles hold together gets a list of its own (sqlite-group-lists.ts):
    // read when stored; else made when the merge over its words' lists cannot prove the page.
    const several = shape.kind === 'and' && words.length > 1;
    const rarest = words.reduce((a, b) => (dfs.get(a)! <= dfs.get(b)! ? a : b));
    const grouping = groupable(shape, req) && this.groups.has(shape.words);
    let tries = [grouping];
    if (several && !grouping) {
      const floor = this.settings.share * state.articles;
      // Words that met independently would match this many: well under both limits, no sample is needed.
      const independent = words.reduce((n, w) => (n * dfs.get(w)!) / state.articles, state.articles);
      const small = independent <= Math.min(floor, this.settings.exactCount / 2);
      const estimate = small ? 0 : dfs.get(rarest)! * this.sampleRatio(shape, rarest, state);
      const merging =
        Math.min(...dfs.values()) > this.settings.exactCount &&
        independent > this.settings.exactCount / 2 &&
        estimate > this.settings.exactCount;
      const own = groupable(shape, req) && estimate > floor;
      tries = merging ? (own ? [false, true] : [false]) : own ? [true] : [];
    }
    for (const own of tries) {
      const answer = await this.answer(req, shape, state, dfs, rarest, own);
      if (answer) return answer;
    }
    return null;
  }

  /** The search answered over the words' lists, or (`own`) a group's list of its own; null when it cannot be. */
  private async answer(
    req: SearchRequest,
    shape: QueryShape,
    state: State,
    dfs: Map<string, number>,
    rarest: string,
    own: boolean,
  ): Promise<MergedAnswer | null> {
    const dated = Boolean(req.from || req.to);
    const need = req.offset + req.limit;
    const words = [...new Set(shape.words)];
    // A phrase has a list of its own (its words' lists bound it too loosely); words have theirs.
    // A NEAR group too (sqlite-near-lists.ts), and a group of words ANDed when `own`.
    const units =
      shape.kind === 'phrase'
        ? [shape.words.join(' ')]
        : shape.kind === 'near'
          ? [nearKey(shape)]
          : own
            ? [groupKey(shape.words)]
            : words;
    let lists = await this.listsOf(shape, units, state, false, own);
    if (!lists) return null;
    let added = this.added(lists);
    if (added.length > ADDED) {
      lists = await this.listsOf(shape, units, state, true, own);
      state = (await this.lists.state()) as State;
      added = lists ? this.added(lists) : [];
      if (!lists || added.length > ADDED) return null;
    }
    const cache = new Map<number, Counted>();
    const count = (seqs: number[]) => this.counted(shape, seqs, cache, req);
    const addedRows = count(added).filter((r) => r.counts);
    const unit = lists.get(units[0]!)!;
    // bm25 gives each phrase its idf: a word's from FTS5's vocabulary, a phrase's from its list and what was added.
    const weights = phrasesOf(shape).map((p) =>
      shape.kind === 'phrase'
        ? idf(state.articles, unit.df + addedRows.length)
        : idf(state.articles, dfs.get(p[0]!)!),
    );
    const mismatch = { seen: false };
    const listed = new Map([...lists].map(([u, l]) => [u, new Map(l.entries.map((e) => [e[0], e[1]]))]));
    const score = async (seqs: number[]) =>
      this.scored(shape, count(seqs), weights, own ? null : listed, state, mismatch);
    // One word's counts are its list's, with the matches added since (exact, as a phrase's); a word in few
    // enough articles is counted exactly within the date range by counts().
    let counts =
      shape.kind !== 'and' || own || (words.length === 1 && dfs.get(rarest)! > this.settings.exactCount)
        ? this.listCounts(unit, addedRows, req)
        : this.counts(req, shape, rarest, dfs.get(rarest)!, lists.get(rarest)!, state);
    let page: Ranked[] | null;
    let via: MergedAnswer['via'] = 'merge';
    const yearly =
      req.sort === 'relevance' && dated && shape.kind === 'and' && words.length === 1
        ? await this.years.best(words[0]!, req, need, dfs.get(words[0]!)!, state, score)
        : null;
    if (yearly) {
      page = yearly;
      via = 'year-lists';
      // Within a year or two the word's matches are few: counted exactly, not scaled from its list's.
      counts = { ...this.years.counts(words[0]!, req), estimated: false };
    } else if (req.sort === 'relevance') {
      const bounds = this.bounds(shape, units, lists, weights, state, own);
      const inRange = this.dateTest(lists, req);
      const answer = await thresholdMerge(shape, bounds, score, need, BUDGET, added, inRange);
      page = answer?.ranked ?? null;
    } else {
      page = await this.dateWalk(req, score, need);
      via = 'date-walk';
    }
    if (!page || mismatch.seen) return null;
    if (via !== 'year-lists') this.answered[via === 'merge' ? 'merge' : 'dateWalk']++;
    if (own) this.answered.group++;
    return { ...counts, page: page.slice(req.offset, need), via };
  }

  /** The units' lists, made when missing or stale (`fresh`: remade whatever their age); null if one cannot be. */
  private async listsOf(
    shape: QueryShape,
    units: string[],
    state: State,
    fresh: boolean,
    own: boolean,
  ): Promise<Map<string, List> | null> {
    const lists = new Map<string, List>();
    if (own && shape.kind === 'and') {
      // A group's list: made again when a logged change touches it, as a NEAR group's (sqlite-group-lists.ts).
      const floor = this.settings.share * state.articles;
      const list = fresh
        ? this.groups.make(shape, this.settings.length, floor)
        : this.groups.current(shape, state, this.settings.length, floor);
      if (!list || list.changes !== state.changes) return null;
      return lists.set(units[0]!, list);
    }
    if (shape.kind === 'near') {
      // A NEAR list keeps counts the change log does not give: a change that touches it makes it again.
      let list = fresh ? null : this.near.read(units[0]!);
      const match = nearMatch(shape);
      if (list && this.log.touches(match, list.changes, state.changes, list.builtSeq)) list = null;
      if (!list) {
        this.nearMade++;
        list = this.near.build(shape, match, this.settings.length);
      } else list = { ...list, changes: state.changes };
      if (!list || list.changes !== state.changes) return null;
      return lists.set(units[0]!, list);
    }
    for (const u of units) {
      let list = fresh ? null : await this.lists.read(u);
      // Changed articles are patched in from the change log (docs/adr/0013); too many, and it is made again.
      if (list && list.changes !== state.changes)
        list = await this.lists.patched(u, list, state, PATCH_LIMIT);
      if (!list) list = await this.lists.build(u, this.settings.length, true);
      if (list.changes !== state.changes) return null;
      lists.set(u, list);
    }
    return lists;
  }

  /** Articles added since the oldest of the lists was built (up to one more than the layer scores). */
  private added(lists: Map<string, List>): number[] {
    const since = Math.min(...[...lists.values()].map((l) => l.builtSeq));
    return this.db
      .prepare('SELECT seq FROM article WHERE seq > ? ORDER BY seq LIMIT ?')
      .pluck()
      .all(since, ADDED + 1) as number[];
  }

  /** Each phrase's share of a score per listed article, and the most an article outside its list can have. */
  private bounds(
    shape: QueryShape,
    units: string[],
    lists: Map<string, List>,
    weights: number[],
    state: State,
    own: boolean,
  ): WordBound[] {
    const per = (unit: string, w: number): WordBound => {
      const list = lists.get(unit)!;
      const parts = new Map<number, number>();
      for (const [seq, freq, length] of list.entries) parts.set(seq, w * rowPart(freq, length, state.avgdl));
      // A hair above the proven bound, as for one word: the engine's arithmetic may differ in the last bit.
      const ceiling = list.complete
        ? -Infinity
        : w * ceilingPart(list.extra.floor, list.extra.avgdl, state.avgdl) * (1 + 1e-9);
      return { parts, ceiling };
    };
    if (shape.kind === 'phrase') return [per(units[0]!, weights[0]!)];
    if (shape.kind === 'near' || own) {
      // A NEAR list (and a group's) keeps each article's counts: its score now is exact. An article outside it had at most
      // the last's score; each word's idf has grown by at most the largest ratio, its row parts as for one word.
      const list = lists.get(units[0]!)! as NearList;
      const parts = new Map<number, number>();
      for (const [k, [seq, , length]] of list.entries.entries()) {
        let s = 0;
        for (const [i, f] of list.extra.counts[k]!.entries())
          s += weights[i]! * rowPart(f, length, state.avgdl);
        parts.set(seq, s);
      }
      const grown = Math.max(...weights.map((w, i) => w / list.extra.idf[i]!));
      const ceiling = list.complete
        ? -Infinity
        : list.extra.floor * grown * Math.max(1, state.avgdl / list.extra.avgdl) * (1 + 1e-9);
      return [{ parts, ceiling }];
    }
    return shape.words.map((word, i) => per(word, weights[i]!));
  }

  /** Whether a listed article lies in the date range asked for (its date is in the list). */
  private dateTest(lists: Map<string, List>, req: SearchRequest): ((seq: number) => boolean) | undefined {
    if (!req.from && !req.to) return undefined;
    const dates = new Map<number, string>();
    for (const l of lists.values()) for (const e of l.entries) dates.set(e[0], e[3]);
    const from = req.from ?? '';
    const to = req.to ?? '\uffff';
    return (seq) => {
      const d = dates.get(seq);
      return d !== undefined && d >= from && d <= to;
    };
  }

  /** Reads and counts the rows of `seqs` in the date range asked for (once each). */
  private counted(
    shape: QueryShape,
    seqs: number[],
    cache: Map<number, Counted>,
    req: SearchRequest,
  ): Counted[] {
    const missing = seqs.filter((s) => !cache.has(s));
    this.rowsCounted += missing.length;
    if (missing.length > 0) {
      const rows = this.db
        .prepare(
          `${ROWS} WHERE a.seq IN (SELECT value FROM json_each(@seqs)) AND a.date >= @from AND a.date <= @to`,
        )
        .all({ seqs: JSON.stringify(missing), from: req.from ?? '', to: req.to ?? '\uffff' }) as Row[];
      for (const r of rows) {
        const counts = instanceCounts(shape, [r.headline, r.body, r.byline, r.place]);
        const length = rowLength(r.sz);
        cache.set(r.seq, { seq: r.seq, date: r.date, ordinal: r.ordinal, place: r.place, length, counts });
      }
    }
    return seqs.flatMap((s) => cache.get(s) ?? []);
  }

  /**
   * FTS5's bm25 of each matching row: the phrases' idf times their row parts, added in the engine's order. A
   * listed article whose count differs from its list's marks a `mismatch` (the text would then be tokenized
   * unlike FTS5's tokenizer), and the merge is not used.
   */
  private scored(
    shape: QueryShape,
    rows: Counted[],
    weights: number[],
    listed: Map<string, Map<number, number>> | null,
    state: State,
    mismatch: { seen: boolean },
  ): Ranked[] {
    const out: Ranked[] = [];
    for (const r of rows) {
      if (!r.counts) continue;
      if (shape.kind !== 'near' && listed) {
        const units = shape.kind === 'phrase' ? [shape.words.join(' ')] : shape.words;
        for (const [i, u] of units.entries()) {
          const freq = listed.get(u)!.get(r.seq);
          if (freq !== undefined && freq !== r.counts[i]) mismatch.seen = true;
        }
      }
      let s = 0;
      for (const [i, f] of r.counts.entries()) s += weights[i]! * rowPart(f, r.length, state.avgdl);
      out.push({ seq: r.seq, date: r.date, ordinal: r.ordinal, score: s });
    }
    return out;
  }

  /**
   * The first `need` matches in date order: FTS5's matches walked by seq (sqlite-date-walk.ts), only the
   * page's articles scored (their text counted, as every candidate here). Null when the walk cannot be used
   * or a page article's count disagrees with FTS5's match (the engine then ranks as before).
   */
  private async dateWalk(
    req: SearchRequest,
    score: (seqs: number[]) => Promise<Ranked[]>,
    need: number,
  ): Promise<Ranked[] | null> {
    const seqs = this.db.transaction(() => walkInDateOrder(this.db, toFts5(req.query), req, need))();
    if (!seqs) return null;
    const scored = new Map((await score(seqs)).map((r) => [r.seq, r]));
    if (scored.size !== seqs.length) return null;
    return seqs.map((s) => scored.get(s)!);
  }

  /** A phrase's counts from its list (exact) and the matches added since; estimated within a date range. */
  private listCounts(
    list: List,
    added: Counted[],
    req: SearchRequest,
  ): Facets & { total: number; estimated: boolean } {
    const rows: FacetRow[] = [
      ...list.years.map(([year, count]) => ({ year, place: null, count })),
      ...added.map((r) => ({ year: Number(r.date.slice(0, 4)), place: r.place, count: 1 })),
    ];
    const { years } = facetsFrom(rows);
    const { places } = facetsFrom([
      ...list.places.map(([place, count]) => ({ year: 0, place, count })),
      ...added.map((r) => ({ year: 0, place: r.place, count: 1 })),
    ]);
    if (!req.from && !req.to)
      return { years, places, total: years.reduce((n, y) => n + y.count, 0), estimated: false };
    return this.narrowed(years, places, 1, req);
  }

  /**
   * The share of sampled articles holding the rarest word that match the query: 20 runs of 30 consecutive
   * articles spread over the archive (cached per search: the merge asks before and after making lists).
   */
  private sampleRatio(shape: QueryShape, rarest: string, state: State): number {
    const key = JSON.stringify([shape, rarest, state.maxSeq, state.changes]);
    const known = this.ratios.get(key);
    if (known !== undefined) return known;
    const step = Math.max(RUN, Math.floor(state.maxSeq / RUNS));
    const run = this.db.prepare(`${ROWS} WHERE a.seq >= ? ORDER BY a.seq LIMIT ${RUN}`);
    const rare: QueryShape = { kind: 'and', words: [rarest] };
    let r = 0;
    let m = 0;
    for (let start = 1; start <= state.maxSeq; start += step) {
      for (const row of run.all(start) as Row[]) {
        const cols = [row.headline, row.body, row.byline, row.place];
        if (!instanceCounts(rare, cols)) continue;
        r++;
        if (instanceCounts(shape, cols)) m++;
      }
    }
    const ratio = r > 0 ? m / r : 0;
    if (this.ratios.size > 100) this.ratios.clear();
    this.ratios.set(key, ratio);
    return ratio;
  }

  /**
   * Several words' total and facets: exact from one grouped pass when the rarest word is in at most
   * `exactCount` articles; else estimated: the share of the sampled articles holding the rarest word that
   * match the query, times the rarest word's exact counts per year from its list.
   */
  private counts(
    req: SearchRequest,
    shape: QueryShape,
    rarest: string,
    rarestDf: number,
    rarestList: List,
    state: State,
  ): Facets & { total: number; estimated: boolean } {
    const from = req.from ?? '';
    const to = req.to ?? '\uffff';
    if (rarestDf <= this.settings.exactCount) {
      const rows = this.db
        .prepare(
          `SELECT CAST(substr(a.date, 1, 4) AS INTEGER) AS year, a.dateline_place AS place, count(*) AS count
           FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid
           WHERE article_fts MATCH @match AND a.date >= @from AND a.date <= @to GROUP BY 1, 2`,
        )
        .all({ match: toFts5(req.query), from, to }) as FacetRow[];
      const facets = facetsFrom(rows);
      return { ...facets, total: facets.years.reduce((n, y) => n + y.count, 0), estimated: false };
    }
    const sampled = shape.words.some((w) => w !== rarest);
    const ratio = sampled ? this.sampleRatio(shape, rarest, state) : 1;
    const { years } = facetsFrom(rarestList.years.map(([year, count]) => ({ year, place: null, count })));
    const { places } = facetsFrom(rarestList.places.map(([place, count]) => ({ year: 0, place, count })));
    const narrowed = this.narrowed(years, places, ratio, req);
    return { ...narrowed, estimated: sampled || narrowed.estimated };
  }

  /**
   * Year and place counts scaled by `ratio` and narrowed to the date range asked for: whole years are kept
   * as they are, the years at the ends by their share of days; places follow the total. Estimated unless
   * nothing had to be scaled or cut (a range of whole years says nothing of places).
   */
  private narrowed(
    years: { year: number; count: number }[],
    places: { place: string; count: number }[],
    ratio: number,
    req: SearchRequest,
  ): Facets & { total: number; estimated: boolean } {
    const from = req.from ? Date.parse(req.from) : -Infinity;
    const to = req.to ? Date.parse(req.to) + 86_400_000 : Infinity;
    const part = (year: number) => {
      const start = Date.UTC(year, 0, 1);
      const end = Date.UTC(year + 1, 0, 1);
      return Math.max(0, (Math.min(end, to) - Math.max(start, from)) / (end - start));
    };
    const kept = years
      .map(({ year, count }) => ({ year, count: Math.round(count * ratio * part(year)) }))
      .filter((y) => y.count > 0);
    const before = years.reduce((n, y) => n + y.count, 0);
    const total = kept.reduce((n, y) => n + y.count, 0);
    const scale = before > 0 ? total / before : 0;
    const scaled = places
      .map(({ place, count }) => ({ place, count: Math.round(count * scale) }))
      .filter((x) => x.count > 0);
    return { years: kept, places: scaled, total, estimated: scale !== 1 || ratio !== 1 };
  }
}
