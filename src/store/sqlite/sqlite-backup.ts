/**
 * Backup and restore of a SQLite archive: the online backup API copies the database as of one moment while
 * writers go on; a restore builds the whole data folder beside the target and swaps it in by two renames.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ArchiveError } from '../../core/errors.js';
import { fsyncPath, fsyncTree, isNonEmptyDir } from '../durable-files.js';
import type { DatabaseBackup, DatabaseSnapshot, PendingRestore, RestoreFrom } from '../ports.js';

const FILE = 'archive.sqlite';

export class SqliteBackup implements DatabaseBackup {
  readonly backend = 'sqlite';
  readonly file = FILE;

  /** @param dataDir the data folder: archive.sqlite, blobs/, site.json. */
  constructor(private readonly dataDir: string) {}

  async snapshot(folder: string): Promise<DatabaseSnapshot> {
    const dbFile = join(this.dataDir, FILE);
    if (!existsSync(dbFile)) {
      throw new ArchiveError(
        'USAGE',
        `There is no archive in ${this.dataDir} (no archive.sqlite). Name the data folder with --data DIR, or the database with --db postgres://….`,
      );
    }
    const live = new Database(dbFile, { fileMustExist: true });
    try {
      live.pragma('busy_timeout = 5000');
      // After the first step, copy everything left in one step: one read transaction, so writers in other
      // processes cannot make it start over.
      await live.backup(join(folder, FILE), { progress: () => 0x7fffffff });
    } finally {
      live.close();
    }
    // The copy becomes a single self-contained file; its blob keys and counts are read from it, not the live one.
    const snap = new Database(join(folder, FILE));
    try {
      snap.pragma('journal_mode = DELETE');
      const editions = snap.prepare('SELECT date, pdf_key AS key FROM edition ORDER BY date').all() as {
        date: string;
        key: string;
      }[];
      const articles = (snap.prepare('SELECT count(*) AS n FROM article').get() as { n: number }).n;
      return {
        referenced: new Map(editions.map((e) => [e.key, e.date])),
        editions: editions.length,
        articles,
        manifest: {},
      };
    } finally {
      snap.close();
    }
  }

  /** The data folder (database, PDFs, site files: every file of the backup) is built beside the target. */
  async restore({ folder, manifest, force, progress }: RestoreFrom): Promise<PendingRestore> {
    const dataDir = this.dataDir;
    if ((await isNonEmptyDir(dataDir)) && !force) {
      throw new ArchiveError(
        'USAGE',
        `${dataDir} is not empty. Restore into a new folder, or add --force to replace what is there (stop servers and workers using it first). Nothing was restored.`,
      );
    }
    const tmp = `${dataDir}.restoring-${process.pid}`;
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp, { recursive: true });
    const abort = () => rm(tmp, { recursive: true, force: true });
    try {
      const bar = progress('files');
      for (const [i, f] of manifest.files.entries()) {
        await mkdir(dirname(join(tmp, f.path)), { recursive: true });
        await copyFile(join(folder, f.path), join(tmp, f.path));
        bar.update(i + 1, manifest.files.length);
      }
      bar.finish();
      await fsyncTree(tmp);
    } catch (err) {
      await abort();
      throw err;
    }
    return {
      location: { dataDir: tmp },
      blobsRestored: true,
      target: dataDir,
      abort,
      commit: async () => {
        const old = `${dataDir}.old-${process.pid}`;
        const hadTarget = existsSync(dataDir);
        if (hadTarget) await rename(dataDir, old);
        try {
          await rename(tmp, dataDir);
        } catch (err) {
          if (hadTarget) await rename(old, dataDir);
          throw err;
        }
        await fsyncPath(dirname(dataDir));
        if (hadTarget) await rm(old, { recursive: true, force: true });
      },
    };
  }
}
