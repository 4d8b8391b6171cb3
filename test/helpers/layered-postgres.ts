/**
 * A PostgreSQL archive of synthetic bulletins for the top-k layer's tests (src/store/postgres/*lists*,
 * prefix-first, list-pass): its index with the layer's settings given, and searches with the layer on and off.
 */
import assert from 'node:assert/strict';
import type { Archive } from '../../src/app.js';
import { SearchService } from '../../src/search/search.service.js';
import { hasTopK, type TopKIndex, type TopKSettings } from '../../src/search/top-k.js';
import type { EditionInput, SearchIndex } from '../../src/store/ports.js';
import { postgresBackend } from './postgres.js';

export interface LayeredPostgres {
  archive: Archive;
  /** The URL of the archive's schema. */
  db: string;
  /** The archive's index with `settings`. */
  layered: SearchIndex & TopKIndex;
  /** Searches with the layer on (`settings`) and off (every match ranked). */
  on: SearchService;
  off: SearchService;
  cleanup: () => Promise<void>;
}

/** A new schema holding `editions`, searched with the top-k layer's `settings`. */
export async function layeredPostgres(
  settings: TopKSettings,
  editions: Iterable<EditionInput>,
): Promise<LayeredPostgres> {
  const opened = await postgresBackend.open();
  const { archive } = opened;
  assert.ok(hasTopK(archive.index), 'the index has the top-k layer');
  const layered = archive.index.withTopK(settings);
  for (const e of editions) await archive.store.replaceEdition(e);
  return {
    archive,
    db: opened.db!,
    layered,
    on: new SearchService(layered),
    off: new SearchService(archive.index.withTopK(null)),
    cleanup: opened.cleanup,
  };
}
