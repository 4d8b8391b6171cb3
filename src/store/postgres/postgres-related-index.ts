/**
 * RelatedIndex on PostgreSQL: one statement ranks the matches by ts_rank and reads the few best rows'
 * summaries, where a search is a transaction of four round trips whose statement also groups every match
 * for the facets and reads the page's bodies for snippets.
 *
 * Each ranking is kept (`related_list`, migration 17) under its query and read again while nothing since
 * touches it: no article added since holds one of its words, and no change logged since (migration 16) held
 * one before or after. A kept list that holds is one statement: the list, the archive's state and the rows.
 */
import type { ParsedQuery } from '../../search/query.js';
import type { RelatedIndex } from '../ports/related-index.js';
import type { SearchHit } from '../ports/search-index.js';
import { type Row, toHit } from '../rows.js';
import { PostgresChangeLog } from './postgres-change-log.js';
import type { PgPool } from './postgres-database.js';
import { toTsQuery } from './postgres-query-compiler.js';

/**
 * ts_rank's weights for {D, C, B, A} = body, place, byline, headline: the same as a search's
 * (postgres-search-index.ts), so the same articles come first; the conformance suite compares the two.
 */
const WEIGHTS = "'{0.2, 0.4, 0.4, 1.0}'";

const SUMMARY = 'a.seq, a.id, a.slug, a.date, a.headline, a.kicker, a.dateline_place, a.first_page';

/** Read-only errors (a hot standby) leave the kept lists to the primary. */
const readOnly = (err: unknown) => {
  if ((err as { code?: string }).code !== '25006') throw err;
};

export class PostgresRelatedIndex implements RelatedIndex {
  private readonly log: PostgresChangeLog;
  /** Writes of kept lists still under way (not awaited by the page that ranked them). */
  private readonly writing = new Set<Promise<void>>();
  private made = 0;

  constructor(private readonly pool: PgPool) {
    this.log = new PostgresChangeLog(pool);
  }

  /** How many lists this index has ranked (not read from the kept ones) since it was opened. */
  listsMade(): number {
    return this.made;
  }

  async bestMatches(query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (limit <= 0) return [];
    const tsquery = toTsQuery(query);
    const key = `${limit} ${tsquery}`;
    // The archive's state, the kept list and its rows, in one statement (one snapshot).
    const { rows } = await this.pool.query(
      `SELECT coalesce((SELECT max(seq) FROM article), 0) AS now_seq,
         (SELECT value FROM archive_meta WHERE key = 'article_changes') AS now_changes,
         k.built_seq, k.changes, k.seqs, k.scores,
         (SELECT coalesce(json_agg(row_to_json(r)), '[]') FROM (SELECT ${SUMMARY} FROM article a
            WHERE a.seq = ANY(k.seqs)) r) AS rows
       FROM (SELECT 1) one LEFT JOIN related_list k ON k.key = $1`,
      [key],
    );
    const r = rows[0];
    const now = { seq: Number(r.now_seq), changes: Number(r.now_changes) };
    if (r.built_seq !== null) {
      const kept = { seq: Number(r.built_seq), changes: Number(r.changes) };
      if (await this.current(kept, tsquery, now)) {
        if (kept.seq !== now.seq || kept.changes !== now.changes) this.advance(key, kept, now);
        const bySeq = new Map((r.rows as Row[]).map((x) => [Number(x.seq), x]));
        return (r.seqs as string[]).flatMap((seq, i) => {
          const row = bySeq.get(Number(seq));
          return row ? [toHit(row, (r.scores as number[])[i]!)] : [];
        });
      }
    }
    // The words asked for are an article's rarest (a budget of postings, search.service.ts), so the statement
    // is short however large the archive; no statement_timeout transaction around it.
    const ranked = await this.pool.query(
      `SELECT ${SUMMARY}, ts_rank(${WEIGHTS}, a.tsv, q) AS score
       FROM article a, to_tsquery('simple', $1) q WHERE a.tsv @@ q
       ORDER BY score DESC, a.date, a.ordinal LIMIT $2`,
      [tsquery, limit],
    );
    this.made++;
    this.keep(key, now, ranked.rows as Row[]);
    return ranked.rows.map((x) => toHit(x as Row, x.score as number));
  }

  /**
   * Whether a kept list still holds: no article added since it was ranked holds one of its words, and no
   * change logged since held one before or after (true too when the log no longer reaches back).
   */
  private async current(
    kept: { seq: number; changes: number },
    tsquery: string,
    now: { seq: number; changes: number },
  ): Promise<boolean> {
    if (now.seq > kept.seq) {
      const { rows } = await this.pool.query(
        `SELECT EXISTS (SELECT 1 FROM article a, to_tsquery('simple', $1) q WHERE a.seq > $2 AND a.tsv @@ q) AS added`,
        [tsquery, kept.seq],
      );
      if (rows[0].added === true) return false;
    }
    return !(await this.log.touches(tsquery, kept.changes, now.changes, kept.seq));
  }

  private track(write: Promise<unknown>): void {
    const w = write.then(
      () => {},
      (err) => readOnly(err),
    );
    const done = w.catch(() => {}).finally(() => this.writing.delete(done));
    this.writing.add(done);
  }

  /** Keeps a ranking, without the page waiting for the write. */
  private keep(key: string, state: { seq: number; changes: number }, rows: Row[]): void {
    this.track(
      this.pool.query(
        `INSERT INTO related_list (key, built_seq, changes, seqs, scores) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (key) DO UPDATE SET built_seq = excluded.built_seq, changes = excluded.changes,
           seqs = excluded.seqs, scores = excluded.scores`,
        [key, state.seq, state.changes, rows.map((x) => x.seq), rows.map((x) => x.score)],
      ),
    );
  }

  /** Moves a kept list on to the state checked (nothing between touches it), unless it was ranked again meanwhile. */
  private advance(
    key: string,
    from: { seq: number; changes: number },
    to: { seq: number; changes: number },
  ): void {
    this.track(
      this.pool.query(
        'UPDATE related_list SET built_seq = $2, changes = $3 WHERE key = $1 AND built_seq = $4 AND changes = $5',
        [key, to.seq, to.changes, from.seq, from.changes],
      ),
    );
  }

  async flush(): Promise<void> {
    await Promise.all([...this.writing]);
  }
}
