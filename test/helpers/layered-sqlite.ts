/**
 * A SQLite archive of synthetic bulletins for the top-k layer's tests (src/store/sqlite/*lists*, listed-df):
 * its index with the layer's settings given, searches with the layer on and off, and a connection of its own
 * to the archive's database for reading what the layer stored.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Archive } from '../../src/app.js';
import { SearchService } from '../../src/search/search.service.js';
import type { TopKSettings } from '../../src/search/top-k.js';
import type { EditionInput } from '../../src/store/ports.js';
import { openSqlite, type SqliteDb } from '../../src/store/sqlite/sqlite-database.js';
import { SqliteSearchIndex } from '../../src/store/sqlite/sqlite-search-index.js';
import { tempArchive } from './sample-bulletins.js';

/** A bulletin with four pages, so that its articles can be corrected (a correction names its pages). */
export const paged = (e: EditionInput): EditionInput => ({
  ...e,
  pages: [1, 2, 3, 4].map((number) => ({ number, text: '', width: 595, height: 842, words: [] })),
});

export interface LayeredSqlite {
  archive: Archive;
  /** The archive's index with `settings`. */
  index: SqliteSearchIndex;
  /** Searches with the layer on (`settings`) and off (every match ranked). */
  on: SearchService;
  off: SearchService;
  /** The archive's database, opened again (WAL: it reads what the archive committed). */
  db: SqliteDb;
  done: () => Promise<void>;
}

/** A new archive holding `editions` (each given pages), searched with the top-k layer's `settings`. */
export async function layeredSqlite(
  settings: TopKSettings,
  editions: Iterable<EditionInput>,
): Promise<LayeredSqlite> {
  const t = await tempArchive();
  assert.ok(t.archive.index instanceof SqliteSearchIndex, 'the archive is on SQLite');
  const index = t.archive.index.withTopK(settings);
  for (const e of editions) await t.archive.store.replaceEdition(paged(e));
  const db = openSqlite(join(t.dir, 'data', 'archive.sqlite'));
  return {
    archive: t.archive,
    index,
    on: new SearchService(index),
    off: new SearchService(t.archive.index.withTopK(null)),
    db,
    done: async () => {
      db.close();
      await t.done();
    },
  };
}
