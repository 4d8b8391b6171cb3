/**
 * RelatedIndex on SQLite FTS5: FTS5 alone ranks the matches by bm25() and keeps the best few (its top-N
 * sort), then only those few article rows are read. Ordering every match by (score, date, ordinal) joined
 * to the article rows, as a search page does, looked up each match's row first: 5.3 against 1.5 ms for an
 * article page's related words at 100k articles (docs/performance.md).
 *
 * Each ranking is kept (`related_list`, migration 17) under its query and read again while nothing since
 * touches it: no article added since holds one of its words, and no change logged since (migration 16) held
 * one before or after. At a million articles the ranking is most of an article page; reading a kept list is
 * one row by its key.
 */

import { FTS5_WEIGHTS } from '../../search/fts5-instances.js';
import type { ParsedQuery } from '../../search/query.js';
import type { RelatedIndex } from '../ports/related-index.js';
import type { SearchHit } from '../ports/search-index.js';
import { toHit } from '../rows.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import type { SqliteDb } from './sqlite-database.js';
import { toFts5 } from './sqlite-query-compiler.js';

/** Candidates FTS5 keeps beyond the `limit` asked for, so that ties in score at the last place are seen. */
const SPARE = 8;

/** Kept lists waiting to be written: at most this many (more are ranked again when next asked). */
const PENDING_MAX = 2000;

/** SQLite's default (binary) order of two strings. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A ranking: article seqs and their bm25() (lower is better), best first. */
type Ranked = { seq: number; score: number }[];

/** The archive as a list was ranked against: its last article seq and its change count. */
interface State {
  seq: number;
  changes: number;
}

interface Kept extends State {
  hits: Ranked;
}

/** A busy (another process writing) or read-only archive leaves the kept lists to a later write. */
const ignorable = (err: unknown) => {
  const code = (err as { code?: string }).code ?? '';
  if (code !== 'SQLITE_BUSY' && !code.startsWith('SQLITE_READONLY')) throw err;
};

export class SqliteRelatedIndex implements RelatedIndex {
  private readonly log: SqliteChangeLog;
  /** Lists ranked and not yet written, by key; written together a moment later, off the request. */
  private readonly pending = new Map<string, Kept>();
  private flushing: NodeJS.Timeout | null = null;
  private made = 0;

  constructor(private readonly db: SqliteDb) {
    this.log = new SqliteChangeLog(db);
  }

  /** How many lists this index has ranked (not read from the kept ones) since it was opened. */
  listsMade(): number {
    return this.made;
  }

  async bestMatches(query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (limit <= 0) return [];
    const match = toFts5(query);
    const key = `${limit} ${match}`;
    // One read transaction: the state read and the ranking see the same archive.
    const ranked = this.db.transaction((): Ranked => {
      const state = this.db
        .prepare(
          `SELECT coalesce((SELECT max(seq) FROM article), 0) AS seq,
             (SELECT value FROM archive_meta WHERE key = 'article_changes') AS changes`,
        )
        .get() as State;
      const kept = this.pending.get(key) ?? this.read(key);
      if (kept && this.current(kept, match, state)) {
        if (kept.seq !== state.seq || kept.changes !== state.changes)
          this.keep(key, { ...state, hits: kept.hits });
        return kept.hits;
      }
      const fresh = this.rank(match, limit);
      this.made++;
      this.keep(key, { ...state, hits: fresh });
      return fresh;
    })();
    if (ranked.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT seq, id, slug, date, ordinal, headline, kicker, dateline_place, first_page
         FROM article WHERE seq IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ranked.map((r) => r.seq))) as Record<string, unknown>[];
    const bySeq = new Map(rows.map((r) => [r.seq as number, r]));
    const scored = ranked.flatMap((r) => {
      const row = bySeq.get(r.seq);
      return row ? [{ row, score: r.score }] : [];
    });
    scored.sort(
      (a, b) =>
        a.score - b.score ||
        byText(a.row.date as string, b.row.date as string) ||
        (a.row.ordinal as number) - (b.row.ordinal as number),
    );
    // FTS5's bm25() is lower-is-better; hits are higher-is-better.
    return scored.slice(0, limit).map(({ row, score }) => toHit(row, -score));
  }

  /** The best `limit` matches of `match` by bm25(), ties at the last place in the search's full order. */
  private rank(match: string, limit: number): Ranked {
    const weights = FTS5_WEIGHTS.join(', ');
    const keep = limit + SPARE;
    const best = this.db
      .prepare(
        `SELECT rowid AS seq, bm25(article_fts, ${weights}) AS score FROM article_fts
         WHERE article_fts MATCH ? ORDER BY score LIMIT ?`,
      )
      .all(match, keep) as Ranked;
    // The search orders equal scores by date and ordinal. When the last kept candidate ties with the last
    // place asked for, more of that score may lie beyond what FTS5 kept: rank every match as a search does.
    const last = best[limit - 1];
    return best.length === keep && last && best[keep - 1]!.score === last.score
      ? (this.db
          .prepare(
            `SELECT article_fts.rowid AS seq, bm25(article_fts, ${weights}) AS score
             FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE article_fts MATCH ?
             ORDER BY score, a.date, a.ordinal LIMIT ?`,
          )
          .all(match, limit) as Ranked)
      : best;
  }

  private read(key: string): Kept | null {
    const row = this.db
      .prepare('SELECT built_seq AS seq, changes, hits FROM related_list WHERE key = ?')
      .get(key) as (State & { hits: string }) | undefined;
    return row ? { seq: row.seq, changes: row.changes, hits: JSON.parse(row.hits) as Ranked } : null;
  }

  /**
   * Whether a kept list still holds: no article added since it was ranked holds one of its words (FTS5 seeks
   * past its last seq), and no change logged since held one before or after (a seq given again is logged
   * too). Articles added since are looked at in the index as they are now.
   */
  private current(kept: Kept, match: string, now: State): boolean {
    if (now.seq > kept.seq) {
      const added = this.db
        .prepare('SELECT 1 FROM article_fts WHERE article_fts MATCH ? AND rowid > CAST(? AS INTEGER) LIMIT 1')
        .get(match, kept.seq);
      if (added) return false;
    }
    return !this.log.touches(match, kept.changes, now.changes, kept.seq);
  }

  /** Keeps a list (written with the others a moment later, in one transaction). */
  private keep(key: string, list: Kept): void {
    if (this.pending.size >= PENDING_MAX && !this.pending.has(key)) return;
    this.pending.set(key, list);
    if (!this.flushing) {
      this.flushing = setTimeout(() => this.write(), 50);
      this.flushing.unref();
    }
  }

  /**
   * Writes the kept lists, never waiting for another process's write lock (an ingest holds it for seconds):
   * when busy they wait for the next flush.
   */
  async flush(): Promise<void> {
    this.write();
  }

  private write(): void {
    if (this.flushing) clearTimeout(this.flushing);
    this.flushing = null;
    if (this.pending.size === 0 || !this.db.open) return;
    const lists = [...this.pending];
    const wait = this.db.pragma('busy_timeout', { simple: true }) as number;
    this.db.pragma('busy_timeout = 0');
    try {
      const write = this.db.prepare(
        'INSERT OR REPLACE INTO related_list (key, built_seq, changes, hits) VALUES (?, ?, ?, ?)',
      );
      this.db.transaction(() => {
        for (const [key, l] of lists) write.run(key, l.seq, l.changes, JSON.stringify(l.hits));
      })();
      for (const [key, l] of lists) if (this.pending.get(key) === l) this.pending.delete(key);
    } catch (err) {
      ignorable(err);
      const code = (err as { code?: string }).code ?? '';
      // Read-only: nothing will ever be written; busy: the next flush tries again.
      if (code.startsWith('SQLITE_READONLY')) this.pending.clear();
      else if (!this.flushing) {
        this.flushing = setTimeout(() => this.write(), 500);
        this.flushing.unref();
      }
    } finally {
      this.db.pragma(`busy_timeout = ${wait}`);
    }
  }
}
