/**
 * Stored lists for NEAR groups of common words ("a b"~N): bm25 scores a NEAR group as one phrase per word,
 * counting only the instances that stand near the others, so neither word's list bounds it usefully (a
 * word's count in an article says little of how often it stands near the other). Made by the first
 * search of the group, like a word's list: its best articles with each word's NEAR count (checked against
 * FTS5's own bm25 when made), its exact year and place counts, and the statistics it was scored under.
 * Kept in `search_topk` under the key `~N word word` (no word holds "~"), rebuilt when stale.
 */
import { averages, idf, rowLength, rowPart } from '../../search/fts5-bm25.js';
import { instanceCounts, type QueryShape } from '../../search/fts5-instances.js';
import type { ArchiveState, StoredList } from '../../search/top-k.js';
import { countsOf } from '../../search/top-k.js';
import type { FacetRow } from '../facets.js';
import { idfSpec, rankSql, wordDf } from './fts5-idf.js';
import type { SqliteDb } from './sqlite-database.js';
import { capSearchLists } from './sqlite-list-cap.js';
import { toFts5 } from './sqlite-query-compiler.js';

/** seq, (unused: 0), length, date, ordinal, as a word's list keeps them. */
type Entry = [number, number, number, string, number];
export interface NearExtra {
  rows: number;
  avgdl: number;
  /** The last listed article's score when built. */
  floor: number;
  /** Each word's idf when built. */
  idf: number[];
  /** Each listed article's NEAR counts per word, in the order of `entries`. */
  counts: number[][];
}
export type NearList = StoredList<Entry, NearExtra>;

/** The archive's change counter, last article sequence, article count and average length, as the FTS5 index has them now. */
export function archiveStateNow(db: SqliteDb): ArchiveState & { avgdl: number } {
  const changes = db
    .prepare("SELECT value FROM archive_meta WHERE key = 'article_changes'")
    .pluck()
    .get() as number;
  const maxSeq = (db.prepare('SELECT max(seq) FROM article').pluck().get() as number | null) ?? 0;
  const block = db.prepare('SELECT block FROM article_fts_data WHERE id = 1').pluck().get() as
    | Buffer
    | undefined;
  const { rows, avgdl } = block ? averages(block) : { rows: 0, avgdl: 0 };
  return { changes, maxSeq, articles: rows, avgdl };
}

/**
 * The body as the FTS5 index has it (its content is the view article_fts_source, migration 14): the
 * current body and, for a corrected article, its original reading, so rows scored in code count the
 * same words as the engine.
 */
export const INDEXED_BODY =
  'CASE WHEN a.original_text IS NULL THEN a.body ELSE a.body || char(10, 10) || a.original_text END AS body';

/** The key a NEAR group's list is stored under. */
export function nearKey(shape: QueryShape & { kind: 'near' }): string {
  return `~${shape.slop} ${shape.words.join(' ')}`;
}

/** The FTS5 query of a NEAR group, as the reader's query compiles it. */
export function nearMatch(shape: QueryShape & { kind: 'near' }): string {
  return toFts5({
    groups: [[{ kind: 'phrase', field: 'all', words: shape.words, negated: false, slop: shape.slop }]],
    words: [],
    from: null,
    to: null,
    day: null,
  });
}

/** The FTS5 query of a NEAR group's list, from its key (`~N word word`). */
export function nearMatchOf(key: string): string {
  const [slop, ...words] = key.slice(1).split(' ');
  return nearMatch({ kind: 'near', words, slop: Number(slop) });
}

interface Row {
  seq: number;
  headline: string;
  body: string;
  byline: string | null;
  place: string | null;
}

export class SqliteNearLists {
  constructor(private readonly db: SqliteDb) {}

  private stateNow(): ArchiveState & { avgdl: number } {
    return archiveStateNow(this.db);
  }

  read(key: string): NearList | null {
    const r = this.db
      .prepare('SELECT built_seq, changes, df, body FROM search_topk WHERE term = ?')
      .get(key) as { built_seq: number; changes: number; df: number; body: string } | undefined;
    if (!r) return null;
    return { builtSeq: r.built_seq, changes: r.changes, df: r.df, ...JSON.parse(r.body) };
  }

  /**
   * Scores every match once with FTS5's bm25 (what a search cost before) and keeps the best `length`;
   * null when our count of an article's NEAR instances does not give FTS5's score (then nothing is kept).
   * Also a group of plain words ANDed (sqlite-group-lists.ts): each word's count, under the group's `key`,
   * kept only when `keep` says so of its match count.
   */
  build(
    shape: QueryShape & { kind: 'near' | 'and' },
    match: string,
    length: number,
    key = shape.kind === 'near' ? nearKey(shape) : '',
    keep: (df: number) => boolean = () => true,
  ): NearList | null {
    const list = this.db.transaction((): NearList | null => {
      const state = this.stateNow();
      const rows = this.db
        .prepare(
          `SELECT CAST(substr(a.date, 1, 4) AS INTEGER) AS year, a.dateline_place AS place, count(*) AS count
           FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid
           WHERE article_fts MATCH ? GROUP BY 1, 2`,
        )
        .all(match) as FacetRow[];
      const df = rows.reduce((n, r) => n + r.count, 0);
      // Each word's articles: a current list's count, else FTS5's vocabulary (a walk of its postings). Told
      // them, bm25_idf() ranks without bm25()'s own walk of each word (fts5-idf.ts); only for the group as
      // nearMatch compiles it (no field: a field's phrase counts within its column).
      const dfs = shape.words.map((w) => wordDf(this.db, w, state));
      const plain = shape.kind === 'and' || match === nearMatch(shape);
      const spec = plain ? idfSpec(shape.words.map((w, i) => ({ tokens: [w], df: dfs[i]! }))) : '';
      const ranking = plain
        ? rankSql(this.db, '5.0, 1.0, 2.0, 2.0')
        : 'bm25(article_fts, 5.0, 1.0, 2.0, 2.0)';
      const top = this.db
        .prepare(
          `SELECT article_fts.rowid AS seq, ${ranking} AS score, a.date, a.ordinal
           FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid
           WHERE article_fts MATCH @match ORDER BY score, a.date, a.ordinal LIMIT @length`,
        )
        .all({ match, length, idf: spec }) as { seq: number; score: number; date: string; ordinal: number }[];
      const texts = new Map(
        (
          this.db
            .prepare(
              `SELECT a.seq, a.headline, ${INDEXED_BODY}, a.byline, a.dateline_place AS place, d.sz
               FROM article a JOIN article_fts_docsize d ON d.id = a.seq WHERE a.seq IN (SELECT value FROM json_each(?))`,
            )
            .all(JSON.stringify(top.map((t) => t.seq))) as (Row & { sz: Buffer })[]
        ).map((r) => [r.seq, r]),
      );
      const weights = dfs.map((n) => idf(state.articles, n));
      const entries: Entry[] = [];
      const counts: number[][] = [];
      let floor = 0;
      for (const t of top) {
        const r = texts.get(t.seq);
        const c = r ? instanceCounts(shape, [r.headline, r.body, r.byline, r.place]) : null;
        if (!r || !c) return null;
        const len = rowLength(r.sz);
        let s = 0;
        for (const [i, f] of c.entries()) s += weights[i]! * rowPart(f, len, state.avgdl);
        if (Math.abs(s + t.score) > 1e-9 * Math.abs(t.score)) return null;
        entries.push([t.seq, 0, len, t.date, t.ordinal]);
        counts.push(c);
        floor = s;
      }
      return {
        builtSeq: state.maxSeq,
        changes: state.changes,
        df,
        complete: df <= entries.length,
        ...countsOf(rows),
        entries,
        extra: { rows: state.articles, avgdl: state.avgdl, floor, idf: weights, counts },
      };
    })();
    if (!list || !keep(list.df)) return list;
    const { builtSeq, changes, df, ...body } = list;
    try {
      this.db
        .prepare(
          `INSERT INTO search_topk (term, built_seq, changes, df, body) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (term) DO UPDATE SET built_seq = excluded.built_seq, changes = excluded.changes,
             df = excluded.df, body = excluded.body`,
        )
        .run(key, builtSeq, changes, df, JSON.stringify(body));
      capSearchLists(this.db, key);
    } catch (err) {
      // As for a word's list: another writer or a read-only archive leaves it to a later search.
      const code = (err as { code?: string }).code ?? '';
      if (code !== 'SQLITE_BUSY' && !code.startsWith('SQLITE_READONLY')) throw err;
    }
    return list;
  }
}
