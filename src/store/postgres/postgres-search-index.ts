/**
 * SearchIndex on PostgreSQL: tsvector with GIN, headline weighted A and body D, ts_rank with ties broken by
 * date, the page's bodies given for the search service's snippets. Differs from FTS5's BM25 in ranking (see
 * `capabilities`). One common word by relevance is answered from its top-k list (search/top-k.ts).
 * (Past the house size limit: the layer's SQL, class PostgresTopK, stays beside the search statement it
 * mirrors; it is the part to move out to a file of its own when this one grows again.)
 */
import { ArchiveError } from '../../core/errors.js';
import type { ParsedQuery } from '../../search/query.js';
import {
  type ArchiveState,
  answerFromList,
  applyChanges,
  byRank,
  countsOf,
  frequentFloor,
  type ListCatalogue,
  listIsStale,
  listTerm,
  type Ranked,
  remakeLists,
  type StoredList,
  type TopKBackend,
  type TopKIndex,
  type TopKRebuild,
  type TopKSettings,
  topKSettingsFromEnv,
  topKWord,
} from '../../search/top-k.js';
import { fold } from '../../text/normalize.js';
import { type FacetRow, facetsFrom } from '../facets.js';
import type {
  IndexVerification,
  SearchCapabilities,
  SearchHit,
  SearchIndex,
  SearchRequest,
  SearchResult,
} from '../ports.js';
import { type Row, toHit } from '../rows.js';
import { searchedBody, TSV_SQL } from './postgres-archive-store.js';
import { PostgresChangeLog } from './postgres-change-log.js';
import type { PgPool } from './postgres-database.js';
import {
  ArchiveCounts,
  dateWalk,
  type Facets,
  listedCounts,
  type Query,
  walks,
} from './postgres-date-walk.js';
import { generationOf } from './postgres-generation.js';
import { listsInOnePass } from './postgres-list-pass.js';
import {
  listedPart,
  orMerge,
  type Part,
  SEVERAL_MAX,
  UNLISTED_MAX,
  unlistedPart,
} from './postgres-or-merge.js';
import { PG_MAX_SLOP, toTsQuery } from './postgres-query-compiler.js';

/** Weights for {D, C, B, A} = body, place, byline, headline: the body counts a fifth of the headline, as in FTS5. */
export const WEIGHTS = "'{0.2, 0.4, 0.4, 1.0}'";
/** Stale or missing word lists a rebuild makes in one pass over the articles rather than one at a time. */
export const ONE_PASS_WORDS = 20;
/** A list's key the pass can make: a plain word that to_tsquery keeps as one lexeme. */
const ONE_LEXEME = /^[\p{L}\p{N}]+$/u;

/** The search vector computed from an unnest() row `u` of folded fields (see eachBatch). */
const TSV_FROM_U = TSV_SQL.replace('$A', 'u.h')
  .replace('$B', 'u.y')
  .replace('$C', 'u.p')
  .replace('$D', 'u.b');

const ORDER = {
  relevance: 'score DESC, a.date, a.ordinal',
  // Articles of one date and ordinal (two titles) by seq, as the date walk orders them (postgres-date-walk.ts).
  date: 'a.date, a.ordinal, a.seq',
  '-date': 'a.date DESC, a.ordinal, a.seq',
} as const;

/**
 * The limit of a list made in the background after a stopped search (PostgresSearchIndex.later): long enough for
 * a full pass at 1M articles (10–20 s), bounded so that a stopping server's pool, which waits for it, ends.
 */
const BACKGROUND_LIST_MS = 120_000;

/** The longest the articles holding several of an OR's words are looked for (MergeDeps.several). */
const SEVERAL_MS = 1_000;

/** Groups remembered as under the share (about 100 bytes each); past this many all are forgotten. */
const UNDER_SHARE_KEPT = 10_000;

/**
 * Matches of rare words kept in memory with their scores (RareParts), at most this many in all (about 100 bytes
 * each): a few hundred words' worth.
 */
const RARE_MATCHES_KEPT = 200_000;

/**
 * The parts of an OR's rare unlisted words (each word's every match with its own ts_rank, read whole: the
 * vectors read out of line, 15–60 µs a match), kept in memory for as long as the archive is as it was when
 * they were read (its last seq and change count), so that the same word and its variants searched again, or
 * another page of them, read nothing but the few candidates checked. Oldest read first out past
 * RARE_MATCHES_KEPT matches.
 */
class RareParts {
  private readonly kept = new Map<string, Part>();
  private at = '';
  private matches = 0;

  /** The parts kept for `state`, forgetting every part of another. */
  get(word: string, state: ArchiveState): Part | undefined {
    const at = `${state.maxSeq}:${state.changes}`;
    if (at !== this.at) {
      this.kept.clear();
      this.matches = 0;
      this.at = at;
    }
    const part = this.kept.get(word);
    if (part) {
      this.kept.delete(word);
      this.kept.set(word, part);
    }
    return part;
  }

  /** Keeps a part read at `state` (the state `get` was last asked with). */
  set(word: string, part: Part, state: ArchiveState): void {
    if (`${state.maxSeq}:${state.changes}` !== this.at || part.df > RARE_MATCHES_KEPT / 10) return;
    this.kept.set(word, part);
    this.matches += part.df;
    for (const [w, p] of this.kept) {
      if (this.matches <= RARE_MATCHES_KEPT) break;
      this.kept.delete(w);
      this.matches -= p.df;
    }
  }
}

/** How long one search may run on the server before it is stopped and the reader asked to narrow it. */
export const SEARCH_TIMEOUT_MS = 10_000;

/** A listed article: seq, ts_rank score, date, ordinal. */
type Entry = [number, number, string, number];

/**
 * A list's query: one plain word or prefix as the reader's query compiles it, or a phrase's or NEAR group's
 * own tsquery (groupKey), which is its key; so is several words' ANDed.
 */
const tsQueryOf = (key: string) => {
  if (key.startsWith('(')) return key;
  // A prefix's list (`refug*`) is matched as the reader's prefix is: ts_rank scores it as one query item.
  const { words, prefix } = listTerm(key);
  return toTsQuery({
    groups: [[{ kind: 'word', field: 'all', words: [words], prefix, negated: false }]],
    words: [words],
    from: null,
    to: null,
    day: null,
  } satisfies ParsedQuery);
};

/** A `search_topk` row as the list it stores. */
function storedList(r: Row): StoredList<Entry, { floor: number }> {
  return {
    builtSeq: Number(r.built_seq),
    changes: Number(r.changes),
    df: Number(r.df),
    ...JSON.parse(r.body as string),
  };
}

/**
 * The top-k lists on PostgreSQL. ts_rank (normalization 0) depends on the article's own vector alone, so
 * a listed score never drifts: new articles are merged in, and nothing outside a list can beat its last.
 */
export class PostgresTopK implements TopKBackend<Entry, { floor: number }> {
  private readonly log: PostgresChangeLog;
  /** Lists made by this index (PostgresSearchIndex.listsMade). */
  made = 0;

  constructor(
    private readonly pool: PgPool,
    private readonly timed: (sql: string, params: unknown[]) => Promise<Row[]>,
  ) {
    this.log = new PostgresChangeLog(pool);
  }

  async state(): Promise<ArchiveState> {
    const { rows } = await this.pool.query(
      `SELECT (SELECT value FROM archive_meta WHERE key = 'article_changes') AS changes,
         (SELECT coalesce(max(seq), 0) FROM article) AS max_seq,
         (SELECT reltuples FROM pg_class WHERE oid = 'article'::regclass) AS estimate`,
    );
    const r = rows[0];
    // The row count is only for the share threshold: the planner's estimate, counted when there is none yet.
    let articles = Number(r.estimate);
    if (!(articles > 0))
      articles = Number((await this.pool.query('SELECT count(*) AS n FROM article')).rows[0].n);
    return { changes: Number(r.changes), maxSeq: Number(r.max_seq), articles };
  }

  async read(term: string): Promise<StoredList<Entry, { floor: number }> | null> {
    const { rows } = await this.pool.query(
      'SELECT built_seq, changes, df, body FROM search_topk WHERE term = $1',
      [term],
    );
    return rows[0] ? storedList(rows[0]) : null;
  }

  /**
   * The stored lists of several terms in one statement, then the archive's state (read after them, so never
   * older than a list), as a backend that answers `read` and `state` from them: for one merge over several
   * words' lists, where each word's list and the state had been a statement of their own.
   */
  async reading(terms: string[]): Promise<TopKBackend<Entry, { floor: number }>> {
    const { rows } = await this.pool.query(
      'SELECT term, built_seq, changes, df, body FROM search_topk WHERE term = ANY($1::text[])',
      [terms],
    );
    const stored = new Map(rows.map((r) => [r.term as string, storedList(r)]));
    const state = await this.state();
    return {
      state: async () => state,
      read: async (term) => stored.get(term) ?? null,
      since: (term, seq) => this.since(term, seq),
      rank: (list, added) => this.rank(list, added),
      build: (term, length, keep) => this.build(term, length, keep),
      patched: (term, list, at, limit) => this.patched(term, list, at, limit),
    };
  }

  async since(term: string, seq: number) {
    return this.entriesOf(term, 'a.seq > $2', seq);
  }

  /** The matching articles `where` names ($2), as a list holds them, and their facet rows. */
  private async entriesOf(term: string, where: string, value: unknown) {
    const rows = await this.timed(
      `SELECT a.seq, ts_rank(${WEIGHTS}, a.tsv, q) AS score, a.date, a.ordinal, a.dateline_place AS place
       FROM article a, to_tsquery('simple', $1) q WHERE ${where} AND a.tsv @@ q`,
      [tsQueryOf(term), value],
    );
    return {
      entries: rows.map(
        (r): Entry => [Number(r.seq), r.score as number, r.date as string, r.ordinal as number],
      ),
      facets: rows.map((r) => ({
        year: Number((r.date as string).slice(0, 4)),
        place: (r.place as string | null) ?? null,
        count: 1,
      })),
    };
  }

  async patched(
    term: string,
    list: StoredList<Entry, { floor: number }>,
    state: ArchiveState,
    limit: number,
  ) {
    const touched = await this.log.touching(tsQueryOf(term), list.changes, state.changes, list.builtSeq);
    if (!touched || touched.size > limit) return null;
    if (touched.size === 0) return { ...list, changes: state.changes };
    const facets: FacetRow[] = [];
    for (const then of touched.values())
      if (then.matched) facets.push({ year: Number(then.date!.slice(0, 4)), place: then.place, count: -1 });
    // ts_rank depends on the article alone: the changed articles that match now, scored now.
    const now = await this.entriesOf(term, 'a.seq = ANY($2::bigint[])', [...touched.keys()]);
    const patched = applyChanges(
      list,
      new Set(touched.keys()),
      now.entries,
      [...facets, ...now.facets],
      (e) => e[0],
    );
    return { ...patched, changes: state.changes };
  }

  async advance(term: string, from: number, to: number) {
    await this.log.advance(term, from, to);
  }

  async prune() {
    await this.log.prune();
  }

  rank(list: StoredList<Entry, { floor: number }>, added: Entry[]) {
    const ranked: Ranked[] = [...list.entries, ...added].map(([seq, score, date, ordinal]) => ({
      seq,
      date,
      ordinal,
      score,
    }));
    ranked.sort(byRank);
    return { ranked, ceiling: list.complete ? -Infinity : list.extra.floor };
  }

  async build(term: string, length: number, keep: boolean) {
    this.made++;
    // One statement, so one snapshot: the counts, the best articles and what they were built from.
    const [r] = await this.timed(
      `WITH m AS MATERIALIZED (
         SELECT a.seq, a.date, a.ordinal, a.dateline_place, ts_rank(${WEIGHTS}, a.tsv, q) AS score
         FROM article a, to_tsquery('simple', $1) q WHERE a.tsv @@ q)
       SELECT (SELECT coalesce(json_agg(json_build_array(year, place, count)), '[]') FROM (
           SELECT substr(date, 1, 4)::int AS year, dateline_place AS place, count(*)::int AS count FROM m GROUP BY 1, 2) g
         ) AS facets,
         (SELECT coalesce(json_agg(json_build_array(seq, score, date, ordinal) ORDER BY score DESC, date, ordinal), '[]')
          FROM (SELECT * FROM m ORDER BY score DESC, date, ordinal LIMIT $2) t) AS top,
         (SELECT coalesce(max(seq), 0) FROM article) AS max_seq,
         (SELECT value FROM archive_meta WHERE key = 'article_changes') AS changes`,
      [tsQueryOf(term), length],
    );
    const facets = (r!.facets as [number, string | null, number][]).map(([year, place, count]) => ({
      year,
      place,
      count,
    }));
    const entries = r!.top as Entry[];
    const df = facets.reduce((n, f) => n + f.count, 0);
    const list: StoredList<Entry, { floor: number }> = {
      builtSeq: Number(r!.max_seq),
      changes: Number(r!.changes),
      df,
      complete: df <= entries.length,
      ...countsOf(facets),
      entries,
      extra: { floor: entries[entries.length - 1]?.[1] ?? 0 },
    };
    if (keep) await this.store(term, list);
    return list;
  }

  /** Stores a list made by `build` (a read-only server keeps none: its primary's searches make them). */
  async store(term: string, list: StoredList<Entry, { floor: number }>) {
    const { builtSeq, changes, df: n, ...body } = list;
    await this.pool
      .query(
        `INSERT INTO search_topk (term, built_seq, changes, df, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (term) DO UPDATE SET built_seq = excluded.built_seq, changes = excluded.changes,
           df = excluded.df, body = excluded.body`,
        [term, builtSeq, changes, n, JSON.stringify(body)],
      )
      .catch((err) => {
        // A read-only server (a hot standby): the answer stands, and the primary's searches make lists.
        if ((err as { code?: string }).code !== '25006') throw err;
      });
  }

  /**
   * Every stored list, most matches first, with what each was made at; with `discover`, first the `prebuild`
   * most frequent words over the share and a list's length (ts_stat reads every vector: only a rebuild does).
   */
  async catalogue(settings: TopKSettings, discover: boolean): Promise<ListCatalogue> {
    const { articles, changes: at } = await this.state();
    const stored = await this.pool.query(
      'SELECT term, built_seq, changes FROM search_topk ORDER BY df DESC, term',
    );
    const frequent = discover
      ? (
          await this.pool.query(
            "SELECT word FROM ts_stat('SELECT tsv FROM article') WHERE ndoc > $1::float8 ORDER BY ndoc DESC, word LIMIT $2",
            [frequentFloor(settings, articles), settings.prebuild],
          )
        ).rows.map((r) => r.word as string)
      : [];
    const lists = new Map<string, { builtSeq: number; changes: number; touched: boolean }>();
    for (const r of stored.rows) {
      const [term, builtSeq, changes] = [r.term as string, Number(r.built_seq), Number(r.changes)];
      const touched = await this.log.touches(tsQueryOf(term), changes, at, builtSeq);
      lists.set(term, { builtSeq, changes, touched });
    }
    return {
      terms: [...new Set([...frequent, ...stored.rows.map((r) => r.term as string)])],
      stored: lists,
      at,
    };
  }
}

export class PostgresSearchIndex implements SearchIndex, TopKIndex {
  readonly capabilities: SearchCapabilities = {
    ranking: 'ts_rank',
    proximity: 'pairs',
    // ts_headline on the printed text missed every word printed with a diacritic ("Italië" for "italie"):
    // the vector holds folded text and the 'simple' parser of the body does not fold.
    snippets: 'text',
  };
  private readonly lists: PostgresTopK;
  private readonly jobLists: PostgresTopK;
  private readonly laterLists: PostgresTopK;
  private readonly archiveCounts: ArchiveCounts;

  /**
   * @param timeoutMs a search running longer than this is stopped by the server (statement_timeout).
   * @param topK the top-k layer's settings; null turns it off (default: from the environment).
   */
  constructor(
    private readonly pool: PgPool,
    private readonly timeoutMs = SEARCH_TIMEOUT_MS,
    private readonly topK: TopKSettings | null = topKSettingsFromEnv(),
  ) {
    this.lists = new PostgresTopK(pool, (sql, params) => this.timed(sql, params));
    // Lists made ahead by a job (reindex, ingest's and the worker's refresh) are no reader's search: a
    // common word's list at a million articles takes longer than a reader is kept waiting, and the time
    // limit would stop the whole rebuild at that word.
    this.jobLists = new PostgresTopK(pool, (sql, params) => this.timed(sql, params, 0));
    this.laterLists = new PostgresTopK(pool, (sql, params) => this.timed(sql, params, BACKGROUND_LIST_MS));
    this.archiveCounts = new ArchiveCounts(pool);
  }

  withTopK(settings: TopKSettings | null) {
    return new PostgresSearchIndex(this.pool, this.timeoutMs, settings);
  }

  async rebuildTopK(
    progress?: (done: number, total: number, term: string) => void,
    reading?: (done: number, total: number) => void,
  ): Promise<TopKRebuild> {
    if (!this.topK) return { made: 0, current: 0, terms: 0, stopped: false };
    const catalogue = await this.lists.catalogue(this.topK, true);
    const made = await this.wordsInOnePass(catalogue, this.topK, reading);
    const rest = await remakeLists(this.jobLists, catalogue, this.topK, progress);
    return { ...rest, made: rest.made + made, current: rest.current - made };
  }

  /**
   * The catalogue's plain words whose lists are missing or stale, made in one pass over the articles
   * (postgres-list-pass.ts) when there are at least ONE_PASS_WORDS of them, stored, and marked current in
   * the catalogue so that remakeLists leaves them be. Returns how many it made.
   */
  private async wordsInOnePass(
    catalogue: ListCatalogue,
    settings: TopKSettings,
    reading?: (done: number, total: number) => void,
  ): Promise<number> {
    const state = await this.lists.state();
    const words = catalogue.terms.filter((term) => {
      // One lexeme of letters and digits only: a word such as "to-day" is searched as a phrase of its parts
      // (to_tsquery splits it), which ts_rank scores from more than the word's own weights.
      if (!ONE_LEXEME.test(term)) return false;
      const stored = catalogue.stored.get(term);
      return !stored || listIsStale(stored, state, settings);
    });
    if (words.length < ONE_PASS_WORDS) return 0;
    const lists = await listsInOnePass(this.pool, words, settings.length, WEIGHTS, reading);
    for (const [term, list] of lists) {
      await this.jobLists.store(term, list);
      this.jobLists.made++;
      catalogue.stored.set(term, { builtSeq: list.builtSeq, changes: list.changes, touched: false });
    }
    return lists.size;
  }

  async refreshTopK(budgetMs: number): Promise<TopKRebuild> {
    if (!this.topK) return { made: 0, current: 0, terms: 0, stopped: false };
    return remakeLists(
      this.jobLists,
      await this.lists.catalogue(this.topK, false),
      this.topK,
      undefined,
      budgetMs,
    );
  }

  /** ts_rank of several words weighs their distances (calc_rank_and): no list bounds it. */
  readonly merges = false;

  async listedWords() {
    const { rows } = await this.pool.query('SELECT term FROM search_topk ORDER BY term');
    return rows.map((r) => r.term as string);
  }

  listsMade() {
    return this.lists.made + this.jobLists.made + this.laterLists.made;
  }

  /** How many searches in date order the walk answered (postgres-date-walk.ts): for tests and the benchmark. */
  datesWalked = 0;
  /** How many ORs and NEAR groups the merge answered (postgres-or-merge.ts): for tests and the benchmark. */
  orsMerged = 0;
  /** How many ORs read the articles holding several of their words (MergeDeps.several): for tests. */
  severalRead = 0;

  async storedList(term: string) {
    const { rows } = await this.pool.query('SELECT built_seq, changes FROM search_topk WHERE term = $1', [
      term,
    ]);
    return rows[0] ? { builtSeq: Number(rows[0].built_seq), changes: Number(rows[0].changes) } : null;
  }

  /**
   * A phrase's, NEAR group's or several words' list key: its tsquery in parentheses (which no word's key starts
   * with), when the search is one phrase or NEAR group, or two or more distinct plain words ANDed, by relevance
   * with no dates; null otherwise. Its list holds what ts_rank gives the whole query, so it ranks as the engine.
   */
  private groupKey(req: SearchRequest): { key: string; words: string[] } | null {
    if (req.sort !== 'relevance' || req.from || req.to || req.day) return null;
    const q = req.query;
    if (q.from || q.to || q.day || q.groups.some((g) => g.length !== 1)) return null;
    const terms = q.groups.map((g) => g[0]!);
    const [t] = terms;
    if (terms.length === 1 && t && t.kind === 'phrase' && !t.negated && t.words.length >= 2) {
      const key = toTsQuery(q);
      return key.startsWith('(') ? { key, words: t.words } : null;
    }
    const plain = terms.every(
      (x) => x.kind === 'word' && x.field === 'all' && !x.negated && !x.prefix && x.words.length === 1,
    );
    const words = terms.map((x) => x.words[0]!);
    return plain && new Set(words).size >= 2 ? { key: `(${toTsQuery(q)})`, words } : null;
  }

  /**
   * Whether a phrase, NEAR group or several words get a list of their own: more articles hold every word of it
   * than the share (0.5 %) of the archive, counted up to that many through the index without reading a vector
   * (plain words ANDed need no recheck), so the engine would read and rank, or check the positions of, that
   * many articles. Its first search makes the list and reads it (one pass, what the search cost before); later
   * searches read it. ts_rank (normalization 0) scores the query from the article's own vector, as a word, so
   * its list stays exact as a word's does.
   */
  private async groupListed(key: string, words: string[]): Promise<boolean> {
    const { rows } = await this.pool.query(
      'SELECT EXISTS (SELECT 1 FROM search_topk WHERE term = $1) AS listed',
      [key],
    );
    if (rows[0].listed) return true;
    const state = await this.lists.state();
    // Counted under the share before: until more articles are added than a list is long, it still is.
    const under = this.underShare.get(key);
    if (under !== undefined && state.maxSeq - under <= this.topK!.length) return false;
    const floor = Math.floor(this.topK!.share * state.articles);
    this.groupsCounted++;
    const all = [...new Set(words)].map((w) => tsQueryOf(w)).join(' & ');
    const [r] = await this.timed(
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM article a WHERE a.tsv @@ to_tsquery('simple', $1) LIMIT $2) s`,
      [all, floor + 1],
    );
    if ((r!.n as number) <= floor) {
      if (this.underShare.size >= UNDER_SHARE_KEPT) this.underShare.clear();
      this.underShare.set(key, state.maxSeq);
      return false;
    }
    await this.lists.build(key, this.topK!.length, true).catch((err) => this.later(key, err));
    return true;
  }

  /**
   * A list whose first search the time limit stopped (`err`, rethrown: the reader is told to narrow it) is made
   * in the background under a longer limit (BACKGROUND_LIST_MS), as a job makes lists, so that a later search
   * reads it instead of being stopped again. At most one at a time per index, so that a run of costly searches
   * cannot pile them up.
   */
  private later(key: string, err: unknown): never {
    if ((err as ArchiveError).code === 'QUERY_TOO_COSTLY' && this.topK && !this.background) {
      this.background = this.laterLists
        .build(key, this.topK.length, true)
        .then(
          () => undefined,
          () => undefined,
        )
        .finally(() => {
          this.background = null;
        });
    }
    throw err;
  }

  /** How many groups' articles groupListed counted: for tests. */
  groupsCounted = 0;
  /** Groups counted under the share (groupListed), with the archive's last seq then: each one's later searches skip the count. */
  private readonly underShare = new Map<string, number>();

  /** An OR's word with more matches than this is common: read from its list, or its list is made (tests lower it). */
  unlistedMax = UNLISTED_MAX;

  /** Rare words' parts kept between searches (merged). */
  private readonly rareParts = new RareParts();

  /** The list being made in the background after a stopped search (later), if any. */
  private background: Promise<void> | null = null;

  /** Waits for a list being made in the background after a stopped search: for tests and the benchmark. */
  async listsPending(): Promise<void> {
    await this.background;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const word = this.topK ? topKWord(req) : null;
    const group = this.topK && !word && req.facets !== false ? this.groupKey(req) : null;
    // A NEAR group without a list of its own is merged over its words' lists before one is made (a full pass).
    const mergeFirst =
      group !== null && this.orWords(req)?.near === true && !(await this.storedList(group.key));
    if (mergeFirst) {
      const merged = await this.merged(req);
      if (merged) return merged;
    }
    const listed =
      word ??
      (group && req.offset + req.limit <= this.topK!.length
        ? (await this.groupListed(group.key, group.words))
          ? group.key
          : null
        : null);
    if (listed && this.topK && req.facets !== false) {
      const answer = await answerFromList(this.lists, this.topK, listed, req.offset, req.limit);
      if (answer) {
        const hits = await this.rows(answer.page);
        return { total: answer.total, hits, years: answer.years, places: answer.places };
      }
      if (listed.endsWith('*') && req.offset + req.limit <= this.topK.length)
        return this.prefixFirst(listed, req);
    }
    // (Not tried twice: a NEAR group the merge could not answer above.)
    if (this.topK && req.facets !== false && !mergeFirst) {
      const merged = await this.merged(req);
      if (merged) return merged;
    }
    if (this.topK && walks(req)) {
      const walked = await this.walk(req);
      if (walked) {
        this.datesWalked++;
        return walked;
      }
    }
    const result = await this.scan(req).catch((err) => (word ? this.later(word, err) : Promise.reject(err)));
    // A word this frequent gets its list now (one more pass), so its next search reads the list.
    if (word && this.topK && result.total > this.topK.share * (await this.lists.state()).articles) {
      await this.lists.build(word, this.topK.length, true).catch((err) => this.later(word, err));
    }
    return result;
  }

  /**
   * A prefix's first search (no usable list): its list is made and the page answered from it, in one pass
   * (ranking every match, what the search cost before), where a search and then the list took two; the list is
   * kept when the prefix is frequent (docs/adr/0012). Made in one snapshot, its first `length` are the best.
   */
  private async prefixFirst(key: string, req: SearchRequest): Promise<SearchResult> {
    const topK = this.topK!;
    const list = await this.lists.build(key, topK.length, false).catch((err) => this.later(key, err));
    if (list.df > topK.share * (await this.lists.state()).articles) await this.lists.store(key, list);
    const { ranked } = this.lists.rank(list, []);
    const hits = await this.rows(ranked.slice(req.offset, req.offset + req.limit));
    const { years } = facetsFrom(list.years.map(([year, count]) => ({ year, place: null, count })));
    const { places } = facetsFrom(list.places.map(([place, count]) => ({ year: 0, place, count })));
    return { total: list.df, hits, years, places };
  }

  /** The distinct words of an OR of plain words or of a NEAR group of two, by relevance; null for any other search. */
  private orWords(req: SearchRequest): { words: string[]; near: boolean } | null {
    if (req.sort !== 'relevance' || req.from || req.to || req.day) return null;
    const q = req.query;
    if (q.from || q.to || q.day || q.groups.length !== 1) return null;
    const g = q.groups[0]!;
    const plain = (t: (typeof g)[number]) => t.field === 'all' && !t.negated;
    if (g.length >= 2 && g.every((t) => plain(t) && t.kind === 'word' && !t.prefix && t.words.length === 1))
      return { words: [...new Set(g.map((t) => t.words[0]!))], near: false };
    const t = g[0]!;
    if (g.length === 1 && plain(t) && t.kind === 'phrase' && t.slop !== null && t.words.length === 2)
      return t.slop <= PG_MAX_SLOP ? { words: [...new Set(t.words)], near: true } : null;
    return null;
  }

  /** An OR of words or a NEAR group answered from its words' lists (postgres-or-merge.ts); null otherwise. */
  private async merged(req: SearchRequest): Promise<SearchResult | null> {
    const asked = this.orWords(req);
    if (!asked || req.offset + req.limit > this.topK!.length) return null;
    const tsquery = toTsQuery(req.query);
    const topK = this.topK!;
    const lists = await this.lists.reading(asked.words);
    const state = await lists.state();
    const answer = await orMerge(asked.words, asked.near, req.offset, req.limit, topK, {
      unlistedMax: this.unlistedMax,
      listed: (word) => listedPart(lists, topK, word),
      // Counted without reading a vector (a plain word's index match needs no recheck), each up to the limit;
      // a rare word's part kept from an earlier search is its count.
      counts: async (asked) => {
        const kept = new Map(
          asked.flatMap((w) => {
            const part = this.rareParts.get(w, state);
            return part ? [[w, part.df] as const] : [];
          }),
        );
        const words = asked.filter((w) => !kept.has(w));
        if (words.length === 0) return kept;
        const rows = await this.timed(
          `SELECT u.word, (SELECT count(*) FROM (
             SELECT 1 FROM article a WHERE a.tsv @@ to_tsquery('simple', u.q) LIMIT $3) s)::int AS n
           FROM unnest($1::text[], $2::text[]) AS u(word, q)`,
          [words, words.map(tsQueryOf), this.unlistedMax + 1],
        );
        for (const r of rows) {
          kept.set(r.word as string, r.n as number);
          // A word in no article (the reader's misspelling itself): its empty part, so it is not counted again.
          if (r.n === 0) this.rareParts.set(r.word as string, unlistedPart([])!, state);
        }
        return kept;
      },
      unlisted: async (asked) => {
        const parts = new Map<string, Part>();
        for (const w of asked) {
          const part = this.rareParts.get(w, state);
          if (part) parts.set(w, part);
        }
        const words = asked.filter((w) => !parts.has(w));
        if (words.length === 0) return parts;
        const rows = await this.timed(
          `SELECT u.word, a.seq, a.date, a.ordinal, a.dateline_place AS place, ts_rank(${WEIGHTS}, a.tsv, u.q) AS score
           FROM (SELECT t.word, to_tsquery('simple', t.q) AS q FROM unnest($1::text[], $2::text[]) AS t(word, q)) u
           JOIN article a ON a.tsv @@ u.q`,
          [words, words.map(tsQueryOf)],
        );
        const byWord = new Map<string, Row[]>(words.map((w) => [w, []]));
        for (const r of rows) byWord.get(r.word as string)?.push(r);
        for (const [word, matches] of byWord) {
          const part = unlistedPart(matches, this.unlistedMax);
          if (!part) return null;
          parts.set(word, part);
          this.rareParts.set(word, part, state);
        }
        return parts;
      },
      several: async (words) => {
        if (words.length < 2) return null;
        const pairs = words.flatMap((a, i) =>
          words.slice(i + 1).map((b) => `(${tsQueryOf(a)} & ${tsQueryOf(b)})`),
        );
        // Under a limit of its own: a plan that walks the table for pairs it thought common gives up, and the
        // engine ranks the query as it did before, rather than the search being stopped.
        const rows = await this.timed(
          `SELECT a.seq FROM article a WHERE a.tsv @@ to_tsquery('simple', $1) LIMIT $2`,
          [pairs.join(' | '), SEVERAL_MAX + 1],
          Math.min(this.timeoutMs, SEVERAL_MS),
        ).catch((err) => {
          if ((err as ArchiveError).code === 'QUERY_TOO_COSTLY') return null;
          throw err;
        });
        this.severalRead++;
        return !rows || rows.length > SEVERAL_MAX ? null : rows.map((r) => Number(r.seq));
      },
      // An OR's common word without a list (a word's variant): its list made now, as its own first search would.
      ...(asked.near
        ? {}
        : {
            made: async (word: string) => {
              const list = await this.lists
                .build(word, topK.length, true)
                .catch((err) => this.later(word, err));
              return listedPart(
                { ...lists, read: async () => list, state: () => this.lists.state() },
                topK,
                word,
              );
            },
          }),
      check: async (seqs) =>
        (
          await this.timed(
            // ts_match_vq, not @@: these articles' vectors alone are read, never the text index's entries.
            `SELECT a.seq, a.date, a.ordinal, a.dateline_place AS place, ts_rank(${WEIGHTS}, a.tsv, q) AS score
             FROM article a, to_tsquery('simple', $2) q WHERE a.seq = ANY($1::bigint[]) AND ts_match_vq(a.tsv, q)`,
            [seqs, tsquery],
          )
        ).map((r) => ({
          seq: Number(r.seq),
          date: r.date as string,
          ordinal: r.ordinal as number,
          score: r.score as number,
          place: (r.place as string | null) ?? null,
        })),
      exactFacets: async () =>
        (await this.timed(
          `SELECT substr(a.date, 1, 4)::int AS year, a.dateline_place AS place, count(*)::int AS count
           FROM article a, to_tsquery('simple', $1) q WHERE a.tsv @@ q GROUP BY 1, 2`,
          [tsquery],
        )) as unknown as FacetRow[],
      archive: () => this.archiveCounts.now(),
      sample: async () => {
        const both = asked.words.map((w) => tsQueryOf(w)).join(' & ');
        const [r] = await this.timed(
          `SELECT count(*) FILTER (WHERE s.tsv @@ to_tsquery('simple', $1))::int AS both,
             count(*) FILTER (WHERE s.tsv @@ to_tsquery('simple', $2))::int AS matched
           FROM (SELECT tsv FROM article ORDER BY date DESC, ordinal, seq LIMIT 256) s`,
          [both, tsquery],
        );
        return { both: r!.both as number, matched: r!.matched as number };
      },
    });
    if (!answer) return null;
    this.orsMerged++;
    const { page, ...counts } = answer;
    return { ...counts, hits: await this.rows(page) };
  }

  /**
   * A search in date order answered by walking the articles in that order (postgres-date-walk.ts), in one
   * snapshot; null when its matches are too sparse for the walk (the engine answers).
   */
  private walk(req: SearchRequest): Promise<SearchResult | null> {
    const tsquery = toTsQuery(req.query);
    return this.inSnapshot((query) =>
      dateWalk(req, tsquery, {
        query,
        listed: () => this.listedCounts(req),
        archive: () => this.archiveCounts.now(),
        page: async (seqs) => {
          if (seqs.length === 0) return [];
          const rows = await query(
            `SELECT seq, id, slug, date, ordinal, headline, kicker, dateline_place, first_page, body,
               ts_rank(${WEIGHTS}, tsv, to_tsquery('simple', $2)) AS score
             FROM article WHERE seq = ANY($1::bigint[])`,
            [seqs, tsquery],
          );
          const bySeq = new Map(rows.map((r) => [Number(r.seq), r]));
          return seqs.flatMap((seq) => {
            const row = bySeq.get(seq);
            return row ? [toHit(row, row.score as number)] : [];
          });
        },
      }),
    );
  }

  /** The exact counts of a one-term query (word, prefix, phrase or NEAR group) from its stored list, if any. */
  private async listedCounts(req: SearchRequest): Promise<Facets | null> {
    const key = topKWord({ ...req, sort: 'relevance' }) ?? this.groupKey({ ...req, sort: 'relevance' })?.key;
    return key ? listedCounts(this.lists, key) : null;
  }

  /** Runs `fn`'s statements in one read-only snapshot, each under the search time limit. */
  private async inSnapshot<T>(fn: (query: Query) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.round(this.timeoutMs)}`);
      const out = await fn(async (sql, params) => (await client.query(sql, params)).rows as Row[]);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.tooCostly(err);
    } finally {
      client.release();
    }
  }

  /** The wide rows of a page's ranked articles, with their bodies for the snippets, in the order given. */
  private async rows(ranked: Ranked[]): Promise<SearchHit[]> {
    if (ranked.length === 0) return [];
    const { rows } = await this.pool.query(
      `SELECT seq, id, slug, date, ordinal, headline, kicker, dateline_place, first_page, body
       FROM article WHERE seq = ANY($1::bigint[])`,
      [ranked.map((r) => r.seq)],
    );
    const bySeq = new Map(rows.map((r) => [Number(r.seq), r as Row]));
    return ranked.flatMap((r) => {
      const row = bySeq.get(r.seq);
      return row ? [toHit(row, r.score)] : [];
    });
  }

  /** Matches the query and ranks every match (the search without the top-k layer). */
  private async scan(req: SearchRequest): Promise<SearchResult> {
    const where = ['a.tsv @@ q'];
    const params: unknown[] = [toTsQuery(req.query)];
    if (req.from) {
      params.push(req.from);
      where.push(`a.date >= $${params.length}`);
    }
    if (req.to) {
      params.push(req.to);
      where.push(`a.date <= $${params.length}`);
    }
    if (req.day) {
      params.push(req.day);
      where.push(`substr(a.date, 6, 5) = $${params.length}`);
    }
    const n = params.length;
    // In date order only the page's articles are scored (ts_rank reads each match's vector).
    const ranked = req.sort === 'relevance';
    const facets =
      req.facets === false
        ? `SELECT '[]'::json AS f`
        : `SELECT coalesce(json_agg(json_build_array(year, place, count)), '[]') AS f FROM (
             SELECT substr(date, 1, 4)::int AS year, dateline_place AS place, count(*)::int AS count FROM m a GROUP BY 1, 2) g`;
    // One statement: the query is matched once (m), and both the facets and the page are read from that.
    const sql = `WITH m AS MATERIALIZED (
        SELECT a.seq, a.date, a.ordinal, a.dateline_place${ranked ? `, ts_rank(${WEIGHTS}, a.tsv, q) AS score` : ''}
        FROM article a, to_tsquery('simple', $1) q WHERE ${where.join(' AND ')}),
      facets AS (${facets}),
      page AS (SELECT seq${ranked ? ', score' : ''} FROM m a ORDER BY ${ORDER[req.sort]} LIMIT $${n + 1} OFFSET $${n + 2})
      SELECT facets.f AS facets, x.* FROM facets LEFT JOIN (
        SELECT a.seq, a.id, a.slug, a.date, a.ordinal, a.headline, a.kicker, a.dateline_place, a.first_page,
          ${ranked ? 'page.score' : `ts_rank(${WEIGHTS}, a.tsv, to_tsquery('simple', $1)) AS score`}, a.body
        FROM page JOIN article a USING (seq)) x ON true
      ORDER BY ${ORDER[req.sort].replaceAll('a.', 'x.')}`;
    const rows = await this.timed(sql, [...params, req.limit, req.offset]);
    const { years, places } = facetsFrom(
      ((rows[0]?.facets ?? []) as [number, string | null, number][]).map(([year, place, count]) => ({
        year,
        place,
        count,
      })),
    );
    const hits = rows.filter((r) => r.id !== null).map((r) => toHit(r, r.score as number));
    const total = req.facets === false ? hits.length : years.reduce((t, y) => t + y.count, 0);
    return { total, hits, years, places };
  }

  /**
   * Runs a search statement under the time limit (0: none, for a job's); a search stopped by it is the
   * reader's to narrow.
   */
  private async timed(sql: string, params: unknown[], timeoutMs = this.timeoutMs): Promise<Row[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN READ ONLY');
      await client.query(`SET LOCAL statement_timeout = ${Math.round(timeoutMs)}`);
      const r = await client.query(sql, params);
      await client.query('COMMIT');
      return r.rows as Row[];
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw this.tooCostly(err);
    } finally {
      client.release();
    }
  }

  /** A search stopped by the time limit as the reader's to narrow; other errors as they are. */
  private tooCostly(err: unknown): unknown {
    if ((err as { code?: string }).code !== '57014') return err;
    return new ArchiveError(
      'QUERY_TOO_COSTLY',
      `This search ran longer than ${this.timeoutMs / 1000} s and was stopped. Narrow it: add a date range, use fewer words joined by OR, or a smaller distance in "…"~N.`,
      { cause: err },
    );
  }

  async generation() {
    // Every write to the archive counts itself in the same transaction.
    const r = await this.pool.query("SELECT value FROM archive_meta WHERE key = 'writes'");
    return String(r.rows[0].value);
  }

  generationNow() {
    // Kept in memory and moved on by each write's notification (postgres-generation.ts): no round trip.
    return generationOf(this.pool).now();
  }

  async vocabulary() {
    // ts_stat reads every vector: fine for a vocabulary cached per index generation (see SearchService).
    const r = await this.pool.query("SELECT word, ndoc FROM ts_stat('SELECT tsv FROM article')");
    return new Map(r.rows.map((x) => [x.word as string, Number(x.ndoc)]));
  }

  async rebuild() {
    // The vector is written with each article; rebuilding recomputes every one from its article's text.
    await this.eachBatch(async (u) => {
      await this.pool.query(
        `UPDATE article a SET tsv = (${TSV_FROM_U}) FROM ${u.from} WHERE a.id = u.id`,
        u.params,
      );
    });
    await this.rebuildTopK();
  }

  /** Runs `fn` on every article in batches, given an unnest() of their ids and folded fields as `u`. */
  private async eachBatch(
    fn: (u: { from: string; params: unknown[]; rows: Row[] }) => Promise<void>,
  ): Promise<void> {
    let after = 0;
    for (;;) {
      const { rows } = await this.pool.query(
        `SELECT seq, id, headline, body, original_text, byline, dateline_place, tsv = ''::tsvector AS empty FROM article
         WHERE seq > $1 ORDER BY seq LIMIT 500`,
        [after],
      );
      if (rows.length === 0) return;
      after = Number(rows[rows.length - 1].seq);
      await fn({
        from: 'unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(id, h, b, y, p)',
        params: [
          rows.map((r) => r.id),
          rows.map((r) => fold(r.headline)),
          rows.map((r) => fold(searchedBody(r.body, r.original_text))),
          rows.map((r) => fold(r.byline ?? '')),
          rows.map((r) => fold(r.dateline_place ?? '')),
        ],
        rows,
      });
    }
  }

  async verify(): Promise<IndexVerification> {
    // The vector lives in the article row, so there are no orphans; each one is recomputed and compared.
    const missing: string[] = [];
    const stale: string[] = [];
    await this.eachBatch(async (u) => {
      const { rows: differ } = await this.pool.query(
        `SELECT a.id FROM ${u.from} JOIN article a ON a.id = u.id
         WHERE a.tsv IS DISTINCT FROM (${TSV_FROM_U}) ORDER BY a.seq`,
        u.params,
      );
      const empty = new Set(u.rows.filter((r) => r.empty).map((r) => r.id as string));
      for (const r of differ) (empty.has(r.id) ? missing : stale).push(r.id as string);
    });
    return { engine: null, missing, orphans: [], stale };
  }
}
