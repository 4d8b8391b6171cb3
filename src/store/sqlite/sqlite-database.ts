/** Opens the archive's SQLite file with the settings every adapter relies on, and migrates it. */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ArchiveError } from '../../core/errors.js';
import { migrate } from './sqlite-migrations.js';

export type SqliteDb = Database.Database;

/** Opens (creating when absent) the database at `file` in WAL mode with foreign keys on. */
export function openSqlite(file: string): SqliteDb {
  try {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (err) {
    throw new ArchiveError(
      'STORE',
      `Cannot open the archive database ${file}: ${(err as Error).message}. Check that the data folder is writable and not used by another version.`,
      { cause: err },
    );
  }
}
