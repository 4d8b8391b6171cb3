/** The one place that picks adapters from configuration and wires the archive together. */
import { join, resolve } from 'node:path';
import { loadSiteConfig, type SiteConfig } from './config/site-config.js';
import { ArchiveError } from './core/errors.js';
import { ocrLanguages } from './core/ocr-languages.js';
import { CorrectionsService } from './corrections/corrections.service.js';
import type { CorrectionsPort } from './corrections/corrections-types.js';
import type { RateLimiter } from './http/rate-limit.js';
import { IngestService } from './ingest/ingest.service.js';
import type { InputLimits } from './ingest/input-limits.js';
import { OcrPool } from './ingest/ocr-pool.js';
import type { OcrMode } from './ingest/ocr-reader.js';
import type { JobQueue } from './jobs/job-queue.js';
import { SearchService } from './search/search.service.js';
import { FsBlobStore } from './store/fs/fs-blob-store.js';
import type {
  AdminTokenStore,
  ArchiveStore,
  BlobStore,
  CorrectionStore,
  DatabaseBackup,
  RelatedIndex,
  SearchIndex,
} from './store/ports.js';
import { PostgresAdminTokenStore } from './store/postgres/postgres-admin-token-store.js';
import { PostgresArchiveStore } from './store/postgres/postgres-archive-store.js';
import { PostgresBackup } from './store/postgres/postgres-backup.js';
import { PostgresBlobStore } from './store/postgres/postgres-blob-store.js';
import { PostgresCorrectionStore } from './store/postgres/postgres-correction-store.js';
import { openPostgres, type PgPool } from './store/postgres/postgres-database.js';
import { PostgresJobQueue } from './store/postgres/postgres-job-queue.js';
import { PostgresRateLimiter } from './store/postgres/postgres-rate-limiter.js';
import { PostgresRelatedIndex } from './store/postgres/postgres-related-index.js';
import { PostgresSearchIndex } from './store/postgres/postgres-search-index.js';
import { SqliteAdminTokenStore } from './store/sqlite/sqlite-admin-token-store.js';
import { SqliteArchiveStore } from './store/sqlite/sqlite-archive-store.js';
import { SqliteBackup } from './store/sqlite/sqlite-backup.js';
import { SqliteCorrectionStore } from './store/sqlite/sqlite-correction-store.js';
import { type Durability, openSqlite } from './store/sqlite/sqlite-database.js';
import { SqliteRelatedIndex } from './store/sqlite/sqlite-related-index.js';
import { SqliteSearchIndex } from './store/sqlite/sqlite-search-index.js';

// What commands say about a database URL and its errors, from the PostgreSQL adapter (only this module
// imports adapters): a URL's schema, the URL with its password hidden, and whether an error means the
// database is away (stopped, restarting, cut off) and worth waiting for.
export { hidePassword, isDatabaseAway, parsePgUrl } from './store/postgres/postgres-database.js';

export interface ArchiveOptions {
  /** The data folder: database, blobs, site.json. */
  dataDir: string;
  /** A site configuration file other than DATA/site.json. */
  configFile?: string;
  /** A postgres:// URL to keep the archive in PostgreSQL instead of DATA/archive.sqlite. */
  db?: string;
  /** With PostgreSQL: "database" (default) keeps blobs in it; a folder path keeps them there (shared by all processes). */
  blobs?: string;
  /** When ingest reads pages by OCR (default auto: pages without a usable text layer). */
  ocr?: OcrMode;
  /** Limits on ingested files; from the environment (or the defaults) when not given. */
  limits?: InputLimits;
  /** SQLite: "full" flushes every commit to disk (see Durability); default DATELINE_DURABILITY or "normal". */
  durability?: Durability;
}

export interface Archive {
  dataDir: string;
  config: SiteConfig;
  store: ArchiveStore;
  index: SearchIndex;
  /** Ranks an article page's related articles (summaries only), as the index would rank the same words. */
  relatedIndex: RelatedIndex;
  blobs: BlobStore;
  /** Hashes of the admin tokens that allow writes over HTTP. */
  tokens: AdminTokenStore;
  ingest: IngestService;
  /** An ingest service with other options (a queued job's), sharing this archive's stores and OCR pool. */
  /** An ingest service with other options than the archive's: OCR mode, input limits, OCR languages (a queued job's). */
  ingestWith(options: { ocr?: OcrMode; limits?: InputLimits; ocrLanguages?: string[] }): IngestService;
  /** Search over the index, one per archive so its cached vocabulary is shared by every route. */
  search: SearchService;
  /** Reader corrections: versions, history, moderation (src/corrections/, docs/adr/0011). */
  corrections: CorrectionsPort;
  /** What corrections keep, for `dateline migrate` (the service reads and writes through it). */
  correctionStore: CorrectionStore;
  /**
   * A rate limiter every process on this archive's database shares (PostgreSQL); absent when each
   * process keeps its own (SQLite: one server).
   */
  rateLimiter?: (capacity: number, perSecond: number) => RateLimiter;
  /**
   * The queue of ingest jobs that workers share (`ingest --queue`, `dateline worker`), when the archive's
   * database can hold one (PostgreSQL); null on SQLite.
   */
  queue: JobQueue | null;
  close(): Promise<void>;
}

/** The database URL from a command-line value or DATELINE_DB; undefined means the embedded SQLite. */
export function resolveDb(flag?: string): string | undefined {
  const v = flag ?? process.env.DATELINE_DB;
  return v ? v : undefined;
}

/** The SQLite durability from a command-line value or DATELINE_DURABILITY; "normal" when neither is set. */
export function resolveDurability(flag?: string, env: NodeJS.ProcessEnv = process.env): Durability {
  const v = flag ?? env.DATELINE_DURABILITY ?? 'normal';
  if (v !== 'normal' && v !== 'full')
    throw new ArchiveError(
      'USAGE',
      `--durability (or DATELINE_DURABILITY) must be normal or full; got "${v}". full flushes every commit to disk (safe through a power loss).`,
    );
  return v;
}

/** The data folder from a command-line value, DATELINE_DATA, or ./data. */
export function resolveDataDir(flag?: string): string {
  return resolve(flag ?? process.env.DATELINE_DATA ?? 'data');
}

/**
 * Where an archive's PDFs live, the one statement of the rule: the `blobs` folder when one is named; with
 * PostgreSQL and no folder (or "database"), in the database itself (null); on SQLite, DATA/blobs.
 */
export function blobsFolder(o: { dataDir: string; db?: string; blobs?: string }): string | null {
  if (o.blobs && o.blobs !== 'database') return resolve(o.blobs);
  return o.db ? null : join(resolve(o.dataDir), 'blobs');
}

/**
 * What `dateline backup` and `restore` need of an archive, without opening it: its backend's snapshot and
 * restore, and the PDFs' folder read through a blob store when they live in one (null: in the database).
 */
export function backupOf(at: { dataDir: string; db?: string; blobs?: string }): {
  database: DatabaseBackup;
  blobs: BlobStore | null;
  blobsFolder: string | null;
} {
  const dataDir = resolve(at.dataDir);
  const folder = blobsFolder(at);
  return {
    database: at.db ? new PostgresBackup(at.db, dataDir, at.blobs) : new SqliteBackup(dataDir),
    blobs: folder ? new FsBlobStore(folder) : null,
    blobsFolder: folder,
  };
}

/** Opens the archive: the embedded backends (SQLite and files) by default, PostgreSQL with `db`. */
export async function openArchive(opts: ArchiveOptions): Promise<Archive> {
  const dataDir = resolve(opts.dataDir);
  const config = loadSiteConfig(opts.configFile ?? join(dataDir, 'site.json'));
  let store: ArchiveStore;
  let index: SearchIndex;
  let related: RelatedIndex;
  let blobs: BlobStore;
  let tokens: AdminTokenStore;
  let correctionStore: CorrectionStore;
  let pool: PgPool | null = null;
  if (opts.db) {
    pool = await openPostgres(opts.db);
    store = new PostgresArchiveStore(pool);
    index = new PostgresSearchIndex(pool);
    related = new PostgresRelatedIndex(pool);
    tokens = new PostgresAdminTokenStore(pool);
    correctionStore = new PostgresCorrectionStore(pool);
    const folder = blobsFolder(opts);
    blobs = folder ? new FsBlobStore(folder) : new PostgresBlobStore(pool);
  } else {
    const db = openSqlite(join(dataDir, 'archive.sqlite'), opts.durability ?? resolveDurability());
    store = new SqliteArchiveStore(db);
    index = new SqliteSearchIndex(db);
    related = new SqliteRelatedIndex(db);
    tokens = new SqliteAdminTokenStore(db);
    correctionStore = new SqliteCorrectionStore(db);
    blobs = new FsBlobStore(blobsFolder(opts)!);
  }
  // One pool of OCR workers per set of languages, started on first use: the archive's own, and any other
  // a queued job names (it was queued from a process whose site.json named other languages).
  const ocrPools = new Map<string, OcrPool>();
  const poolFor = (languages: string[]) => {
    const key = languages.join('+');
    let pool = ocrPools.get(key);
    if (!pool) {
      pool = new OcrPool(undefined, languages);
      ocrPools.set(key, pool);
    }
    return pool;
  };
  const ingestWith = (o: { ocr?: OcrMode; limits?: InputLimits; ocrLanguages?: string[] }) =>
    new IngestService({
      store,
      blobs,
      titleName: config.titleName,
      ocr: {
        mode: o.ocr ?? opts.ocr ?? 'auto',
        pool: poolFor(
          o.ocrLanguages ? ocrLanguages(o.ocrLanguages, 'the OCR languages of a job') : config.ocrLanguages,
        ),
      },
      limits: o.limits ?? opts.limits,
    });
  const ingest = ingestWith({});
  return {
    dataDir,
    config,
    store,
    index,
    relatedIndex: related,
    blobs,
    tokens,
    ingest,
    ingestWith,
    search: new SearchService(index, related),
    corrections: new CorrectionsService(correctionStore, store),
    correctionStore,
    queue: pool ? new PostgresJobQueue(pool) : null,
    ...(pool
      ? {
          rateLimiter: (capacity: number, perSecond: number) =>
            new PostgresRateLimiter(pool!, capacity, perSecond),
        }
      : {}),
    close: async () => {
      await Promise.all([...ocrPools.values()].map((p) => p.close()));
      await related.flush();
      await store.close();
    },
  };
}
