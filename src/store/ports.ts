/**
 * The ports every storage backend implements, one a file under store/ports/: the archive store (made of
 * smaller ports: edition writes, reading views, harvest, ingest log, OCR cache, integrity), the search
 * index, the blob store, admin tokens, backups. Import them from here.
 */

export type { IngestStatus } from '../core/types.js';
export type { AdminToken, AdminTokenStore } from './ports/admin-token-store.js';
export type { ArchiveIntegrity, EditionCensus } from './ports/archive-integrity.js';
export type { ArchiveStore } from './ports/archive-store.js';
export type { BlobStore, BlobTempFile } from './ports/blob-store.js';
export type {
  Applied,
  ArticleDetail,
  CorrectionDump,
  CorrectionState,
  CorrectionStore,
  CorrectionWrites,
  NewVersion,
  StoredVersion,
} from './ports/correction-store.js';
export { NEW_ARTICLE, originalTextOf } from './ports/correction-store.js';
export type {
  BackupManifest,
  BackupManifestFile,
  DatabaseBackup,
  DatabaseSnapshot,
  PendingRestore,
  RestoreFrom,
} from './ports/database-backup.js';
export type { EditionInput, EditionWrites, StoredEdition } from './ports/edition-writes.js';
export type { HarvestItem, HarvestQuery, HarvestSource } from './ports/harvest-source.js';
export type { IngestLog } from './ports/ingest-log.js';
export type { OcrCache, OcrPageRecord } from './ports/ocr-cache.js';
export type {
  ArchiveStats,
  ArticleSummary,
  EditionSummary,
  ReadingViews,
  ReferenceLink,
} from './ports/reading-views.js';
export type { RelatedIndex } from './ports/related-index.js';
export {
  type IndexVerification,
  MARK_END,
  MARK_START,
  type SearchCapabilities,
  type SearchHit,
  type SearchIndex,
  type SearchRequest,
  type SearchResult,
  type SortOrder,
} from './ports/search-index.js';
