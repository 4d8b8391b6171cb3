/** Opens the archive's SQLite file with the settings every adapter relies on, and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ArchiveError } from '../../core/errors.js';
import { migrate } from './sqlite-migrations.js';

export type SqliteDb = Database.Database;

/**
 * How hard a commit waits for the disk. "normal" (synchronous=NORMAL in WAL mode): a commit is safe when
 * the process dies, and the database stays consistent through a power loss, but the last transactions
 * before the power went may be lost. "full" (synchronous=FULL): every commit is on the disk before it
 * returns, at the cost of one more flush per transaction.
 */
export type Durability = 'normal' | 'full';

/** Opens (creating when absent) the database at `file` in WAL mode with foreign keys on. */
export function openSqlite(file: string, durability: Durability = 'normal'): SqliteDb {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    // Waits for another process's write lock (first, so that even switching a new file to WAL waits).
    db.pragma('busy_timeout = 5000');
    toWal(db);
    db.pragma(durability === 'full' ? 'synchronous = FULL' : 'synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    reusePrepared(db);
    return db;
  } catch (err) {
    throw new ArchiveError(
      'STORE',
      `Cannot open the archive database ${file}: ${(err as Error).message}. Check that the data folder is writable and not used by another version.`,
      { cause: err },
    );
  }
}

/**
 * Puts the database in WAL mode (kept in the file, so once is for good). Switching needs the file to
 * itself, and SQLite answers SQLITE_BUSY at once, without waiting out busy_timeout, while another process
 * opening the same new file holds it: so the switch is tried again for up to 10 s, unless that other
 * process has made the switch meanwhile (seen: one of five processes opening a new archive at once failed
 * "database is locked" here).
 */
function toWal(db: SqliteDb): void {
  const until = Date.now() + 10_000;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() > until) throw err;
    }
    Atomics.wait(pause, 0, 0, 25 + Math.random() * 50);
    try {
      if (db.pragma('journal_mode', { simple: true }) === 'wal') return;
    } catch {
      // Still busy: try the switch again.
    }
  }
}

/**
 * better-sqlite3 compiles a statement on every `prepare()`, and the adapters prepare the same few dozen
 * SQL texts on every request (a hot path: compiling was the largest cost of serving a cached page). Each
 * text is compiled once and the statement reused, its modes reset; one still being iterated is not shared.
 */
function reusePrepared(db: SqliteDb, max = 500): void {
  const compile = db.prepare.bind(db);
  const statements = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    const s = statements.get(sql);
    if (!s) {
      const fresh = compile(sql);
      if (statements.size < max) statements.set(sql, fresh);
      return fresh;
    }
    if (s.busy) return compile(sql);
    if (s.reader) s.raw(false).pluck(false).expand(false);
    return s;
  }) as SqliteDb['prepare'];
}
