/** The archive store: every smaller port of the store in one, as each backend implements it. */
import type { ArchiveIntegrity } from './archive-integrity.js';
import type { EditionWrites } from './edition-writes.js';
import type { HarvestSource } from './harvest-source.js';
import type { IngestLog } from './ingest-log.js';
import type { OcrCache } from './ocr-cache.js';
import type { ReadingViews } from './reading-views.js';

/**
 * Everything a backend's store does. Code that needs one part depends on that part's port (EditionWrites,
 * ReadingViews, HarvestSource, IngestLog, OcrCache, ArchiveIntegrity); app.ts wires the whole store.
 */
export interface ArchiveStore
  extends EditionWrites,
    ReadingViews,
    HarvestSource,
    IngestLog,
    OcrCache,
    ArchiveIntegrity {
  close(): Promise<void>;
}
