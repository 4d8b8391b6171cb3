/** The one place that picks adapters from configuration and wires the archive together. */
import { join, resolve } from 'node:path';
import { loadSiteConfig, type SiteConfig } from './config/site-config.js';
import { IngestService } from './ingest/ingest.service.js';
import { FsBlobStore } from './store/fs/fs-blob-store.js';
import type { ArchiveStore, BlobStore, SearchIndex } from './store/ports.js';
import { SqliteArchiveStore } from './store/sqlite/sqlite-archive-store.js';
import { openSqlite } from './store/sqlite/sqlite-database.js';
import { SqliteSearchIndex } from './store/sqlite/sqlite-search-index.js';

export interface ArchiveOptions {
  /** The data folder: database, blobs, site.json. */
  dataDir: string;
  /** A site configuration file other than DATA/site.json. */
  configFile?: string;
}

export interface Archive {
  dataDir: string;
  config: SiteConfig;
  store: ArchiveStore;
  index: SearchIndex;
  blobs: BlobStore;
  ingest: IngestService;
  close(): Promise<void>;
}

/** The data folder from a command-line value, DATELINE_DATA, or ./data. */
export function resolveDataDir(flag?: string): string {
  return resolve(flag ?? process.env.DATELINE_DATA ?? 'data');
}

/** Opens the archive in a data folder with the embedded backends (SQLite and files on disk). */
export function openArchive(opts: ArchiveOptions): Archive {
  const dataDir = resolve(opts.dataDir);
  const config = loadSiteConfig(opts.configFile ?? join(dataDir, 'site.json'));
  const db = openSqlite(join(dataDir, 'archive.sqlite'));
  const store = new SqliteArchiveStore(db);
  const index = new SqliteSearchIndex(db);
  const blobs = new FsBlobStore(join(dataDir, 'blobs'));
  const ingest = new IngestService({ store, blobs, titleName: config.titleName });
  return {
    dataDir,
    config,
    store,
    index,
    blobs,
    ingest,
    close: () => store.close(),
  };
}
