/**
 * The change log of the top-k lists on SQLite (migration 16, docs/adr/0013): each deleted or changed article
 * is logged by a trigger in the transaction that changes it, with its indexed text before and after in an
 * FTS5 table of its own, so whether a change touches a list is FTS5's own MATCH of the list's key on the text
 * the index held then and holds now. Read by the one-word lists (patched), the merge's lists (made again only
 * when touched) and the rebuild (untouched lists move on, then the log is pruned).
 */
import type { SqliteDb } from './sqlite-database.js';

/** The most changes the log keeps: past it the oldest go, and lists made before them are stale. */
export const LOG_CAP = 10_000;

/** A changed article touching a list: its date and place when the list was made, and whether it matched then. */
export interface Touched {
  date: string | null;
  place: string | null;
  matched: boolean;
}

const meta = (db: SqliteDb, key: string) =>
  db.prepare('SELECT value FROM archive_meta WHERE key = ?').pluck().get(key) as number;

export class SqliteChangeLog {
  constructor(private readonly db: SqliteDb) {}

  /** The log reaches back to here: a list made at a lower change count cannot be told about. */
  floor(): number {
    return meta(this.db, 'article_change_floor');
  }

  /**
   * The articles up to `builtSeq` whose logged text before or after a change in (`from`, `to`] matches `match`
   * (an FTS5 query), each with its state at `from`; null when the log no longer reaches back to `from`.
   */
  touching(match: string, from: number, to: number, builtSeq: number): Map<number, Touched> | null {
    if (from < this.floor()) return null;
    const rows = this.db
      .prepare(
        `SELECT c.seq, t.r FROM (
           SELECT rowid AS r FROM article_change_text WHERE article_change_text MATCH @match AND rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)
         ) t JOIN article_change c ON c.id = t.r >> 1 WHERE c.seq <= @builtSeq`,
      )
      .all({ match, lo: 2 * (from + 1), hi: 2 * to + 1, builtSeq }) as { seq: number; r: number }[];
    const out = new Map<number, Touched>();
    if (rows.length === 0) return out;
    const hits = new Set(rows.map((r) => r.r));
    // Each article's first change after `from` holds its text then (the "before" of that change).
    const first = this.db
      .prepare(
        `SELECT seq, min(id) AS id, date, place FROM article_change
         WHERE seq IN (SELECT value FROM json_each(?)) AND id > ? GROUP BY seq`,
      )
      .all(JSON.stringify([...new Set(rows.map((r) => r.seq))]), from) as {
      seq: number;
      id: number;
      date: string | null;
      place: string | null;
    }[];
    for (const f of first)
      out.set(f.seq, { date: f.date, place: f.place, matched: f.date !== null && hits.has(2 * f.id) });
    return out;
  }

  /** Whether a change in (`from`, `to`] touches `match` (true too when the log does not reach back). */
  touches(match: string, from: number, to: number, builtSeq: number): boolean {
    if (from >= to) return false;
    if (from < this.floor()) return true;
    return (
      this.db
        .prepare(
          `SELECT 1 FROM (
             SELECT rowid AS r FROM article_change_text WHERE article_change_text MATCH @match AND rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)
           ) t JOIN article_change c ON c.id = t.r >> 1 WHERE c.seq <= @builtSeq LIMIT 1`,
        )
        .get({ match, lo: 2 * (from + 1), hi: 2 * to + 1, builtSeq }) !== undefined
    );
  }

  /**
   * Drops the changes every stored list was made (or moved on) past, and beyond the newest LOG_CAP; the floor
   * rises to the last dropped. Kept related lists (migration 17) made before the floor go too: none could be read
   * again, and a list whose query changed (its article corrected) is never asked for again. A busy or read-only
   * archive leaves it to the next time.
   */
  prune(): void {
    try {
      this.db
        .transaction(() => {
          const now = meta(this.db, 'article_changes');
          const oldest = this.db.prepare('SELECT min(changes) FROM search_topk').pluck().get() as
            | number
            | null;
          const keep = Math.max(oldest ?? now, now - LOG_CAP);
          if (keep <= this.floor()) return;
          this.db.prepare('DELETE FROM article_change WHERE id <= ?').run(keep);
          this.db.prepare('DELETE FROM article_change_text WHERE rowid <= ?').run(2 * keep + 1);
          this.db.prepare("UPDATE archive_meta SET value = ? WHERE key = 'article_change_floor'").run(keep);
          this.db.prepare('DELETE FROM related_list WHERE changes < ?').run(keep);
        })
        .immediate();
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code !== 'SQLITE_BUSY' && !code.startsWith('SQLITE_READONLY')) throw err;
    }
  }

  /** Moves a list's point from `from` to `to` (no change between touches it), unless it was remade meanwhile. */
  advance(term: string, from: number, to: number): void {
    try {
      this.db
        .prepare('UPDATE search_topk SET changes = ? WHERE term = ? AND changes = ?')
        .run(to, term, from);
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (code !== 'SQLITE_BUSY' && !code.startsWith('SQLITE_READONLY')) throw err;
    }
  }
}
