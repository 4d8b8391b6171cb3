/**
 * SearchIndex on SQLite FTS5: BM25 with the headline weighted above the body, ties broken by date; one
 * common word by relevance is answered from its top-k list (search/top-k.ts), kept in `search_topk`.
 * (Past the house size limit: the layer's SQL, class SqliteTopK, stays beside the FTS5 queries it mirrors;
 * it is the part to move out to a file of its own when this one grows again.)
 */
import { bm25, ceilingPart, freqOf, idf, rowLength, rowPart } from '../../search/fts5-bm25.js';
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
import { type FacetRow, facetsFrom } from '../facets.js';
import type {
  IndexVerification,
  SearchCapabilities,
  SearchHit,
  SearchIndex,
  SearchRequest,
  SearchResult,
} from '../ports.js';
import { toHit } from '../rows.js';
import { idfSpec, querySpec, rankSql } from './fts5-idf.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import type { SqliteDb } from './sqlite-database.js';
import { hitTableOf, type SqliteHitTable } from './sqlite-hit-table.js';
import { capSearchLists } from './sqlite-list-cap.js';
import { archiveStateNow, nearMatchOf } from './sqlite-near-lists.js';
import { orWords, SqliteOrTopK } from './sqlite-or-top-k.js';
import { toFts5 } from './sqlite-query-compiler.js';
import { SqliteTopKMerge } from './sqlite-top-k-merge.js';
import { readVocabulary } from './sqlite-vocabulary.js';

/** bm25() weights per FTS column: headline, body, byline, dateline place. */
const WEIGHTS = '5.0, 1.0, 2.0, 2.0';

const ORDER = {
  relevance: 'score, a.date, a.ordinal',
  date: 'a.date, a.ordinal',
  '-date': 'a.date DESC, a.ordinal',
} as const;

/** A listed article: seq, the word's weighted count in it, its length in tokens, date, ordinal. */
type Entry = [number, number, number, string, number];
/** What a list was scored under: the index's rows and average length, and its last article's row part. */
interface Scored {
  rows: number;
  avgdl: number;
  floor: number;
}

/**
 * Matches a list's key exactly as the reader's query compiles it (sqlite-query-compiler.ts quotes every
 * word): a word, a phrase's words, or a prefix (`refug*`: FTS5 scores it as one phrase over every word it starts).
 */
const matchOf = (key: string) => {
  const { words, prefix } = listTerm(key);
  return `"${words.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
};

/** The top-k lists on FTS5: built from one bm25() pass, re-scored in code (search/fts5-bm25.ts). */
class SqliteTopK implements TopKBackend<Entry, Scored> {
  private readonly log: SqliteChangeLog;
  /** Lists made by this index (SqliteSearchIndex.listsMade). */
  made = 0;

  constructor(private readonly db: SqliteDb) {
    this.log = new SqliteChangeLog(db);
  }

  async state(): Promise<ArchiveState> {
    return this.db.transaction(() => this.stateNow())();
  }

  stateNow(): ArchiveState & { avgdl: number } {
    return archiveStateNow(this.db);
  }

  async read(term: string): Promise<StoredList<Entry, Scored> | null> {
    return this.readNow(term);
  }

  readNow(term: string): StoredList<Entry, Scored> | null {
    const r = this.db
      .prepare('SELECT built_seq, changes, df, body FROM search_topk WHERE term = ?')
      .get(term) as { built_seq: number; changes: number; df: number; body: string } | undefined;
    if (!r) return null;
    return { builtSeq: r.built_seq, changes: r.changes, df: r.df, ...JSON.parse(r.body) };
  }

  async since(term: string, seq: number) {
    return this.entriesOf(term, 'rowid > CAST(? AS INTEGER)', [seq]);
  }

  /**
   * The matching articles `where` names (on the FTS5 rowid), as a list holds them, and their facet rows.
   * highlight() marks each instance of the term per column with the tokenizer FTS5 indexed it with, so
   * counting the marks gives the same weighted count bm25() would use, without its pass over every posting.
   * \x01 does not occur in article text.
   */
  private entriesOf(term: string, where: string, values: number[]) {
    const count = (c: number) =>
      `coalesce(length(highlight(article_fts, ${c}, char(1), '')) - length(replace(highlight(article_fts, ${c}, char(1), ''), char(1), '')), 0)`;
    const rows = this.db
      .prepare(
        `SELECT f.seq, f.freq, d.sz, a.date, a.ordinal, a.dateline_place AS place FROM (
           SELECT rowid AS seq, 5 * ${count(0)} + ${count(1)} + 2 * ${count(2)} + 2 * ${count(3)} AS freq
           FROM article_fts WHERE article_fts MATCH ? AND ${where}) f
         JOIN article a INDEXED BY article_hit ON a.seq = f.seq JOIN article_fts_docsize d ON d.id = f.seq`,
      )
      .all(matchOf(term), ...values) as {
      seq: number;
      freq: number;
      sz: Buffer;
      date: string;
      ordinal: number;
      place: string | null;
    }[];
    return {
      entries: rows.map((r): Entry => [r.seq, r.freq, rowLength(r.sz), r.date, r.ordinal]),
      facets: rows.map((r) => ({ year: Number(r.date.slice(0, 4)), place: r.place, count: 1 })),
    };
  }

  async patched(term: string, list: StoredList<Entry, Scored>, state: ArchiveState, limit: number) {
    const touched = this.log.touching(matchOf(term), list.changes, state.changes, list.builtSeq);
    if (!touched || touched.size > limit) return null;
    // As of the change count read: the merge checks its lists against it.
    if (touched.size === 0) return { ...list, changes: state.changes };
    const entries: Entry[] = [];
    const facets: FacetRow[] = [];
    for (const [seq, then] of touched) {
      if (then.matched) facets.push({ year: Number(then.date!.slice(0, 4)), place: then.place, count: -1 });
      // One article of the term's postings (FTS5 seeks to the rowid): what it holds now. Every seq bound
      // to a MATCH's rowid constraint is CAST: better-sqlite3 binds a JS number as a real, and FTS5 (3.53,
      // fts5GetRowidLimit) seeks only to an integer, leaving SQLite to test the constraint on every match.
      const now = this.entriesOf(term, 'rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)', [seq, seq]);
      entries.push(...now.entries);
      facets.push(...now.facets);
    }
    const patched = applyChanges(list, new Set(touched.keys()), entries, facets, (e) => e[0]);
    return { ...patched, changes: state.changes };
  }

  async advance(term: string, from: number, to: number) {
    this.log.advance(term, from, to);
  }

  async prune() {
    this.log.prune();
  }

  rank(list: StoredList<Entry, Scored>, added: Entry[], df: number, state: ArchiveState) {
    const avgdl = state.avgdl ?? list.extra.avgdl;
    const w = idf(state.articles, df);
    const ranked: Ranked[] = [...list.entries, ...added].map(([seq, freq, length, date, ordinal]) => ({
      seq,
      date,
      ordinal,
      score: -bm25(w, freq, length, avgdl),
    }));
    ranked.sort(byRank);
    // A hair above the proven bound: the engine's own arithmetic may differ from ours in the last bit.
    const ceiling = list.complete
      ? -Infinity
      : w * ceilingPart(list.extra.floor, list.extra.avgdl, avgdl) * (1 + 1e-9);
    return { ranked, ceiling };
  }

  async build(term: string, length: number, keep: boolean, known?: FacetRow[]) {
    this.made++;
    const list = this.db.transaction(() => {
      const state = this.stateNow();
      const match = matchOf(term);
      const rows =
        known ??
        (this.db
          .prepare(
            `SELECT CAST(substr(a.date, 1, 4) AS INTEGER) AS year, a.dateline_place AS place, count(*) AS count ${MATCHES} GROUP BY 1, 2`,
          )
          .all({ match }) as FacetRow[]);
      const df = rows.reduce((n, r) => n + r.count, 0);
      // The term's count is known (just counted): bm25_idf() ranks without bm25()'s walk of its postings.
      const { words } = listTerm(term);
      const spec = idfSpec([{ tokens: words.split(' '), df }]);
      const top = this.db
        .prepare(
          `SELECT article_fts.rowid AS seq, ${rankSql(this.db, WEIGHTS)} AS score, a.date, a.ordinal ${MATCHES}
           ORDER BY score, a.date, a.ordinal LIMIT @length`,
        )
        .all({ match, length, idf: spec }) as { seq: number; score: number; date: string; ordinal: number }[];
      const sizes = new Map(
        (
          this.db
            .prepare('SELECT id, sz FROM article_fts_docsize WHERE id IN (SELECT value FROM json_each(?))')
            .raw()
            .all(JSON.stringify(top.map((t) => t.seq))) as [number, Buffer][]
        ).map(([id, sz]) => [id, rowLength(sz)]),
      );
      const w = idf(state.articles, df);
      const entries = top.map((t): Entry => {
        const len = sizes.get(t.seq) ?? 0;
        return [t.seq, freqOf(t.score, w, len, state.avgdl), len, t.date, t.ordinal];
      });
      const lastEntry = entries[entries.length - 1];
      const list: StoredList<Entry, Scored> = {
        builtSeq: state.maxSeq,
        changes: state.changes,
        df,
        complete: df <= entries.length,
        ...countsOf(rows),
        entries,
        extra: {
          rows: state.articles,
          avgdl: state.avgdl,
          floor: lastEntry ? rowPart(lastEntry[1], lastEntry[2], state.avgdl) : 0,
        },
      };
      return list;
    })();
    if (keep) {
      const { builtSeq, changes, df, ...body } = list;
      try {
        this.db
          .prepare(
            `INSERT INTO search_topk (term, built_seq, changes, df, body) VALUES (?, ?, ?, ?, ?)
             ON CONFLICT (term) DO UPDATE SET built_seq = excluded.built_seq, changes = excluded.changes,
               df = excluded.df, body = excluded.body`,
          )
          .run(term, builtSeq, changes, df, JSON.stringify(body));
        capSearchLists(this.db, term);
      } catch (err) {
        // Another process holding the write lock past the busy timeout, or an archive opened read-only:
        // the answer stands, and the list is made by a later search.
        const code = (err as { code?: string }).code ?? '';
        if (code !== 'SQLITE_BUSY' && !code.startsWith('SQLITE_READONLY')) throw err;
      }
    }
    return list;
  }

  /**
   * Every stored word's, phrase's and prefix's list, most matches first, with what each was made at (NEAR
   * groups' lists are left out: each is made again by its group's next search); with `discover`, first the
   * `prebuild` most frequent words over the share and a list's length (reading FTS5's vocabulary is a pass
   * over its whole index: 1–2 s at 100k articles, so only a rebuild does it).
   */
  catalogue(settings: TopKSettings, discover: boolean): ListCatalogue {
    const { articles, changes: at } = this.stateNow();
    const rows = this.db
      .prepare(
        "SELECT term, built_seq, changes FROM search_topk WHERE term NOT LIKE '~%' AND term NOT LIKE '&%' ORDER BY df DESC, term",
      )
      .all() as { term: string; built_seq: number; changes: number }[];
    const frequent = discover
      ? (this.db
          .prepare('SELECT term FROM article_vocab WHERE doc > ? ORDER BY doc DESC, term LIMIT ?')
          .pluck()
          .all(frequentFloor(settings, articles), settings.prebuild) as string[])
      : [];
    return {
      terms: [...new Set([...frequent, ...rows.map((r) => r.term)])],
      stored: new Map(
        rows.map((r) => [
          r.term,
          {
            builtSeq: r.built_seq,
            changes: r.changes,
            touched: this.log.touches(matchOf(r.term), r.changes, at, r.built_seq),
          },
        ]),
      ),
      at,
    };
  }
}

/** Matches read past a page ranked from FTS5 alone, so that a tie at the page's end is seen whole. */
const TIE_MARGIN = 20;

/** Whether a query holds a phrase or NEAR group, which FTS5 matches by its words' positions. */
const positional = (q: ParsedQuery) => q.groups.some((g) => g.some((t) => !t.negated && t.words.length > 1));

/** One hit table per database, shared by its indexes (the layer on and off) and the merge. */
const hitTable = hitTableOf;

/** A date range of at most this many articles also bounds the matches' seqs (SqliteSearchIndex.seqSpan). */
const SPAN_LIMIT = 20_000;

/** Every match of one word, with the narrow article index for dates and places. */
const MATCHES =
  'FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid WHERE article_fts MATCH @match';

export class SqliteSearchIndex implements SearchIndex, TopKIndex {
  readonly capabilities: SearchCapabilities = {
    ranking: 'bm25',
    proximity: 'near',
    // FTS5's snippet() re-runs the MATCH for the page's hits (for a prefix, its whole expansion).
    snippets: 'text',
  };
  private readonly lists: SqliteTopK;
  private readonly log: SqliteChangeLog;
  /** Several common words, a phrase or NEAR of them, or common words by date (sqlite-top-k-merge.ts). */
  readonly merge: SqliteTopKMerge | null;
  /** An OR of words, some with lists: only what can reach the page is scored (sqlite-or-top-k.ts). */
  readonly or: SqliteOrTopK | null;

  /** @param topK the top-k layer's settings; null turns it off (default: from the environment). */
  constructor(
    private readonly db: SqliteDb,
    private readonly topK: TopKSettings | null = topKSettingsFromEnv(),
  ) {
    this.lists = new SqliteTopK(db);
    this.log = new SqliteChangeLog(db);
    this.merge = topK ? new SqliteTopKMerge(db, this.lists, topK, WEIGHTS) : null;
    this.or = topK ? new SqliteOrTopK(db, (term) => this.lists.readNow(term), topK) : null;
  }

  withTopK(settings: TopKSettings | null) {
    return new SqliteSearchIndex(this.db, settings);
  }

  async rebuildTopK(progress?: (done: number, total: number, term: string) => void): Promise<TopKRebuild> {
    return this.remake(true, progress);
  }

  async refreshTopK(budgetMs: number): Promise<TopKRebuild> {
    return this.remake(false, undefined, budgetMs);
  }

  private async remake(
    discover: boolean,
    progress?: (done: number, total: number, term: string) => void,
    budgetMs?: number,
  ): Promise<TopKRebuild> {
    if (!this.topK) return { made: 0, current: 0, terms: 0, stopped: false };
    // Stale NEAR groups' lists (sqlite-near-lists.ts) are dropped: each is made again by its next search.
    // Those no logged change touches move on, as the words' lists do in remakeLists.
    const state = this.lists.stateNow();
    const near = this.db
      .prepare("SELECT term, built_seq AS builtSeq, changes FROM search_topk WHERE term LIKE '~%'")
      .all() as { term: string; builtSeq: number; changes: number }[];
    const drop = this.db.prepare('DELETE FROM search_topk WHERE term = ?');
    for (const n of near) {
      const touched = this.log.touches(nearMatchOf(n.term), n.changes, state.changes, n.builtSeq);
      if (listIsStale({ ...n, touched }, state, this.topK)) drop.run(n.term);
      else if (n.changes < state.changes) this.log.advance(n.term, n.changes, state.changes);
    }
    // Stale groups' lists (sqlite-group-lists.ts) are made again, before the words' lists prune the log.
    const catalogue = this.lists.catalogue(this.topK, discover);
    const started = performance.now();
    const n = this.merge?.groups.keys().length ?? 0;
    const total = n + catalogue.terms.length;
    const groups = this.merge?.groups.remake(this.topK, budgetMs, (d, _t, term) =>
      progress?.(d, total, term),
    ) ?? { made: 0, current: 0, stopped: false };
    const left = budgetMs === undefined ? undefined : budgetMs - (performance.now() - started);
    const words = await remakeLists(
      this.lists,
      catalogue,
      this.topK,
      (d, t, term) => progress?.(n + d, n + t, term),
      left,
    );
    return {
      made: words.made + groups.made,
      current: words.current + groups.current,
      terms: words.terms + n,
      stopped: words.stopped || groups.stopped,
    };
  }

  /** Several common words, a phrase or NEAR of them, and dates too (sqlite-top-k-merge.ts). */
  readonly merges = true;

  async listedWords() {
    return this.db.prepare('SELECT term FROM search_topk ORDER BY term').pluck().all() as string[];
  }

  listsMade() {
    return this.lists.made + (this.merge?.nearMade ?? 0) + (this.merge?.groups.made ?? 0);
  }

  async storedList(term: string) {
    const r = this.db.prepare('SELECT built_seq, changes FROM search_topk WHERE term = ?').get(term) as
      | { built_seq: number; changes: number }
      | undefined;
    return r ? { builtSeq: r.built_seq, changes: r.changes } : null;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const word = this.topK ? topKWord(req) : null;
    if (word && this.topK && req.facets !== false) {
      const answer = await answerFromList(this.lists, this.topK, word, req.offset, req.limit);
      if (answer) {
        const hits = this.rows(answer.page);
        return { total: answer.total, hits, years: answer.years, places: answer.places };
      }
    }
    const merged = this.merge && !word ? await this.merge.search(req) : null;
    if (merged) {
      const { total, years, places, estimated } = merged;
      return { total, hits: this.rows(merged.page), years, places, ...(estimated ? { estimated } : {}) };
    }
    const where = ['article_fts MATCH @match'];
    if (req.from) where.push('a.date >= @from');
    if (req.to) where.push('a.date <= @to');
    if (req.day) where.push('substr(a.date, 6, 5) = @day');
    const params: Record<string, string | number | null> = {
      match: toFts5(req.query),
      from: req.from ?? null,
      to: req.to ?? null,
      day: req.day ?? null,
    };
    // A date range also bounds the matches' seqs: FTS5 then reads only that stretch of each posting list
    // instead of every match (a word in 600,000 articles, one year of 1M: 330 ms before), when the range's
    // articles were stored near one another (ingested in date order); otherwise it costs the lookup alone.
    const span = req.from || req.to ? this.seqSpan(req.from ?? '', req.to ?? '\uffff') : null;
    if (span) {
      where.push('article_fts.rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)');
      Object.assign(params, span);
    }
    // The narrow index article_hit covers every column the facet pass and the ranking read.
    const body = `FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid WHERE ${where.join(' AND ')}`;
    if (req.facets === false) {
      const hits = this.page(req, body, params);
      return { total: hits.length, hits, years: [], places: [] };
    }
    // One pass of FTS5 alone gives every match's seq; its year and place come from the hit table in memory
    // (sqlite-hit-table.ts), not from a look-up of each match in article_hit. The ranking reads the page's
    // best by score from FTS5 alone too, its ties broken by the table's dates (rankByScore).
    const plain = req.sort === 'relevance' && !req.from && !req.to && !req.day;
    const orList = plain && this.or ? orWords(req.query) : null;
    const matched = this.db.transaction(() => {
      const table = hitTable(this.db);
      table.sync();
      // A phrase or NEAR by relevance left to the engine (a rare word, few matches): every match scored in
      // the one pass that finds them, not found in one and ranked in another. Finding them reads the words'
      // positions, as scoring does (a proximity search at 1M: 13 ms of its 39 went to the finding pass).
      // Plain words are found from their doclists alone, more cheaply than they are scored: two passes.
      if (plain && !orList && !word && positional(req.query)) {
        const scored = this.scoredMatches(req, params, table);
        const seqs = scored.map((r) => r.seq);
        const ranked = seqs.length > req.offset ? scored.slice(0, req.offset + req.limit) : null;
        return { facetRows: table.facetRows(seqs), total: seqs.length, ranked };
      }
      const seqs = table.filter(this.matchSeqs(params, span), req);
      // A word about to get its list (below) is ranked from it; an OR of listed words first by the lists.
      const listing = word && this.topK && seqs.length > this.topK.share * this.lists.stateNow().articles;
      const ranked =
        plain && !listing && !orList && seqs.length > req.offset
          ? this.rankByScore(req, params, req.offset + req.limit, table)
          : null;
      return { facetRows: table.facetRows(seqs), total: seqs.length, ranked };
    })();
    const { facetRows, total } = matched;
    const { years, places } = facetsFrom(facetRows);
    if (total === 0) return { total, hits: [], years, places };
    // A word this frequent gets its list now, from the counts just made: ranking its matches for the list
    // costs what ranking them for this page would have.
    if (word && this.topK && total > this.topK.share * (await this.lists.state()).articles) {
      await this.lists.build(word, this.topK.length, true, facetRows);
      const answer = await answerFromList(this.lists, this.topK, word, req.offset, req.limit);
      if (answer) return { total: answer.total, hits: this.rows(answer.page), years, places };
    }
    if (req.offset >= total) return { total, hits: [], years, places };
    if (orList) {
      const need = req.offset + req.limit;
      matched.ranked =
        (await this.or!.best(orList, need)) ??
        this.db.transaction(() => {
          const table = hitTable(this.db);
          table.sync();
          return this.rankByScore(req, params, need, table);
        })();
    }
    const hits = matched.ranked ? this.rows(matched.ranked.slice(req.offset)) : this.page(req, body, params);
    return { total, hits, years, places };
  }

  /** Every match's seq (within the seq span, when given), from FTS5 alone: one JSON array, not a row each. */
  private matchSeqs(params: Record<string, unknown>, span: { lo: number; hi: number } | null): number[] {
    const json = this.db
      .prepare(
        `SELECT json_group_array(rowid) FROM article_fts WHERE article_fts MATCH @match${span ? ' AND rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)' : ''}`,
      )
      .pluck()
      .get(params) as string;
    return JSON.parse(json) as number[];
  }

  /**
   * Every match of a search by relevance with no date narrowing, best first (higher is better), from one
   * FTS5 pass: by score, then date and ordinal from the hit table, as the engine's ORDER BY would.
   */
  private scoredMatches(req: SearchRequest, params: Record<string, unknown>, table: SqliteHitTable) {
    // Called in a transaction: the listed words' counts are those of the snapshot the statement reads.
    const idf = querySpec(this.db, req.query, this.lists.stateNow());
    // Rows, not one JSON array: JSON would round the scores to 15 digits, and ties must stay ties.
    const rows = this.db
      .prepare(`SELECT rowid, ${rankSql(this.db, WEIGHTS)} FROM article_fts WHERE article_fts MATCH @match`)
      .raw()
      .all({ match: params.match, idf }) as [number, number][];
    const kept = new Set(
      table.filter(
        rows.map((r) => r[0]),
        req,
      ),
    );
    const live = rows.length === kept.size ? rows : rows.filter((r) => kept.has(r[0]));
    live.sort((a, b) => a[1] - b[1] || table.compare(a[0], b[0]));
    // FTS5's bm25() is lower-is-better; readers and the API expect higher-is-better.
    return live.map(([seq, score]) => ({ seq, score: -score }));
  }

  /**
   * The best `need` matches by relevance, from FTS5 alone (no date filter): a few more than needed by score,
   * ordered by score, then date and ordinal from the hit table, as the engine's ORDER BY would. Null when
   * the last of them ties with the page's last (the tie might go on past them): the page is then ranked as before.
   */
  private rankByScore(
    req: SearchRequest,
    params: Record<string, unknown>,
    need: number,
    table: SqliteHitTable,
  ) {
    const take = need + TIE_MARGIN;
    // Called in a transaction: the listed words' counts are those of the snapshot the statement reads.
    const idf = querySpec(this.db, req.query, this.lists.stateNow());
    const rows = this.db
      .prepare(
        `SELECT rowid AS seq, ${rankSql(this.db, WEIGHTS)} AS score FROM article_fts
         WHERE article_fts MATCH @match ORDER BY score LIMIT @take`,
      )
      .all({ match: params.match, take, idf }) as { seq: number; score: number }[];
    if (rows.length === take && rows[take - 1]!.score === rows[need - 1]!.score) return null;
    rows.sort((a, b) => a.score - b.score || table.compare(a.seq, b.seq));
    // FTS5's bm25() is lower-is-better; readers and the API expect higher-is-better.
    return rows.slice(0, need).map((r) => ({ seq: r.seq, score: -r.score }));
  }

  /**
   * The lowest and highest seq of the articles dated `from` to `to`, or null when more than SPAN_LIMIT are
   * (reading their dates would cost more than it saves; a wide range narrows little).
   */
  private seqSpan(from: string, to: string): { lo: number; hi: number } | null {
    const r = this.db
      .prepare(
        'SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM (SELECT seq FROM article WHERE date >= ? AND date <= ? LIMIT ?)',
      )
      .get(from, to, SPAN_LIMIT + 1) as { lo: number | null; hi: number | null; n: number };
    if (r.n > SPAN_LIMIT) return null;
    return r.n === 0 ? { lo: 1, hi: 0 } : { lo: r.lo!, hi: r.hi! };
  }

  /**
   * One page of hits in two steps: rank every match reading only the narrow index, then read the wide
   * rows and make snippets for the page's few hits alone.
   */
  private page(req: SearchRequest, body: string, params: Record<string, unknown>): SearchHit[] {
    // One snapshot for the listed words' counts and the statement they are bound to.
    const ranked = this.db.transaction(() => {
      const idf = querySpec(this.db, req.query, this.lists.stateNow());
      return this.db
        .prepare(
          `SELECT article_fts.rowid AS seq, ${rankSql(this.db, WEIGHTS)} AS score
           ${body} ORDER BY ${ORDER[req.sort]} LIMIT @limit OFFSET @offset`,
        )
        .all({ ...params, limit: req.limit, offset: req.offset, idf }) as { seq: number; score: number }[];
    })();
    // FTS5's bm25() is lower-is-better; readers and the API expect higher-is-better.
    return this.rows(ranked.map((r) => ({ seq: r.seq, score: -r.score })));
  }

  /** The wide rows of a page's ranked articles, with their bodies for the snippets, in the order given. */
  private rows(ranked: { seq: number; score: number }[]): SearchHit[] {
    if (ranked.length === 0) return [];
    // The page's rows by their keys alone; the snippets are cut from their text by the search service
    // (capabilities.snippets), not by FTS5's snippet(), which would re-run the MATCH to find them.
    const rows = this.db
      .prepare(
        `SELECT seq, id, slug, date, headline, kicker, dateline_place, first_page, body
         FROM article WHERE seq IN (SELECT value FROM json_each(@seqs))`,
      )
      .all({ seqs: JSON.stringify(ranked.map((r) => r.seq)) }) as Record<string, unknown>[];
    const bySeq = new Map(rows.map((r) => [r.seq as number, r]));
    return ranked.flatMap((r) => {
      const row = bySeq.get(r.seq);
      return row ? [toHit(row, r.score)] : [];
    });
  }

  async generation() {
    return this.generationNow();
  }

  generationNow() {
    // Every write to the archive counts itself in the same transaction.
    const r = this.db.prepare("SELECT value FROM archive_meta WHERE key = 'writes'").get() as {
      value: number;
    };
    return String(r.value);
  }

  async vocabulary() {
    return readVocabulary(this.db);
  }

  async rebuild() {
    this.db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild')");
    await this.rebuildTopK();
  }

  async verify(): Promise<IndexVerification> {
    let engine: string | null = null;
    try {
      // With rank 1, FTS5 also checks the index against the external content table (the article rows).
      this.db.exec("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)");
    } catch (err) {
      engine = `FTS5 integrity-check: ${(err as Error).message}`;
    }
    // The rows the index itself holds, read from its term instances (not from the content table).
    this.db.exec(
      'CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_fts_instance USING fts5vocab(main, article_fts, instance)',
    );
    return this.db.transaction(() => {
      const missing = this.db
        .prepare(
          'SELECT id FROM article WHERE seq NOT IN (SELECT DISTINCT doc FROM temp.article_fts_instance) ORDER BY seq',
        )
        .pluck()
        .all() as string[];
      const orphans = this.db
        .prepare(
          'SELECT DISTINCT doc FROM temp.article_fts_instance WHERE doc NOT IN (SELECT seq FROM article) ORDER BY doc',
        )
        .pluck()
        .all() as number[];
      return { engine, missing, orphans: orphans.map(String), stale: [] };
    })();
  }
}
