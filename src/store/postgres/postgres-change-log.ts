/**
 * The change log of the top-k lists on PostgreSQL (migration 16, docs/adr/0013): each deleted or changed
 * article is logged by a row trigger in the transaction that changes it, with its vector before and after, so
 * whether a change touches a list is the server's own `@@` of the list's query on the vectors then and now.
 */
import type { PgPool } from './postgres-database.js';

/** The most changes the log keeps: past it the oldest go, and lists made before them are stale. */
export const LOG_CAP = 10_000;

/** A changed article touching a list: its date and place when the list was made, whether it matched then. */
export interface Touched {
  date: string | null;
  place: string | null;
  matched: boolean;
}

/** Read-only errors (a hot standby) leave the log as it is: the primary's rebuilds prune it. */
const readOnly = (err: unknown) => {
  if ((err as { code?: string }).code !== '25006') throw err;
};

export class PostgresChangeLog {
  constructor(private readonly pool: PgPool) {}

  /** The log reaches back to here: a list made at a lower change count cannot be told about. */
  async floor(): Promise<number> {
    const { rows } = await this.pool.query(
      "SELECT value FROM archive_meta WHERE key = 'article_change_floor'",
    );
    return Number(rows[0].value);
  }

  /**
   * The articles up to `builtSeq` whose vector before or after a change in (`from`, `to`] matches `tsquery`,
   * each with its state at `from`; null when the log no longer reaches back to `from`. One statement.
   */
  async touching(
    tsquery: string,
    from: number,
    to: number,
    builtSeq: number,
  ): Promise<Map<number, Touched> | null> {
    const { rows } = await this.pool.query(
      `WITH q AS (SELECT to_tsquery('simple', $1) AS q),
       t AS (SELECT DISTINCT c.seq FROM article_change c, q
             WHERE c.id > $2 AND c.id <= $3 AND c.seq <= $4 AND (c.before @@ q.q OR coalesce(c.after @@ q.q, false)))
       SELECT (SELECT value FROM archive_meta WHERE key = 'article_change_floor') AS floor, f.* FROM (SELECT 1) one
       LEFT JOIN (SELECT DISTINCT ON (c.seq) c.seq, c.date, c.place, c.before @@ q.q AS was
                  FROM article_change c JOIN t USING (seq), q WHERE c.id > $2 ORDER BY c.seq, c.id) f ON true`,
      [tsquery, from, to, builtSeq],
    );
    if (from < Number(rows[0].floor)) return null;
    const out = new Map<number, Touched>();
    for (const r of rows)
      if (r.seq !== null) out.set(Number(r.seq), { date: r.date, place: r.place, matched: r.was === true });
    return out;
  }

  /** Whether a change in (`from`, `to`] touches `tsquery` (true too when the log does not reach back). */
  async touches(tsquery: string, from: number, to: number, builtSeq: number): Promise<boolean> {
    if (from >= to) return false;
    const { rows } = await this.pool.query(
      `SELECT (SELECT value FROM archive_meta WHERE key = 'article_change_floor') > $2
         OR EXISTS (SELECT 1 FROM article_change c, to_tsquery('simple', $1) q
                    WHERE c.id > $2 AND c.id <= $3 AND c.seq <= $4 AND (c.before @@ q OR coalesce(c.after @@ q, false))) AS touched`,
      [tsquery, from, to, builtSeq],
    );
    return rows[0].touched === true;
  }

  /**
   * Drops the changes every stored list is past, and beyond the newest LOG_CAP; the floor rises to the last dropped.
   * Kept related lists (migration 17) made before the floor go too: none could be read again.
   */
  async prune(): Promise<void> {
    await this.pool
      .query(
        `WITH k AS (
           SELECT greatest(coalesce((SELECT min(changes) FROM search_topk), m.value), m.value - ${LOG_CAP}) AS keep
           FROM archive_meta m WHERE m.key = 'article_changes'),
         f AS (UPDATE archive_meta SET value = k.keep FROM k WHERE key = 'article_change_floor' AND value < k.keep
               RETURNING value),
         r AS (DELETE FROM related_list WHERE changes < (SELECT value FROM f))
         DELETE FROM article_change WHERE id <= (SELECT value FROM f)`,
      )
      .catch(readOnly);
  }

  /** Moves a list's point from `from` to `to` (no change between touches it), unless it was remade meanwhile. */
  async advance(term: string, from: number, to: number): Promise<void> {
    await this.pool
      .query('UPDATE search_topk SET changes = $1 WHERE term = $2 AND changes = $3', [to, term, from])
      .catch(readOnly);
  }
}
