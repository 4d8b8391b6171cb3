/**
 * What ingest is given and what it reports, apart from the service itself, so that the loaders of library
 * and NDNP deliveries (which the service calls) can name them without importing the service.
 */
import type { IngestStatus } from '../core/types.js';
import type { ArchiveStore, BlobStore } from '../store/ports.js';
import type { InputLimits } from './input-limits.js';
import type { OcrPool } from './ocr-pool.js';
import type { OcrMode, OcrSummary } from './ocr-reader.js';

export interface FileReport {
  path: string;
  status: IngestStatus;
  date: string | null;
  articles: number;
  pages: number;
  error: string | null;
  /** Error code from the catalogue when failed. */
  code?: string;
  /** What OCR did, when some page of the file was read by OCR. */
  ocr?: OcrSummary;
  /** Something the admin must act on though the file was stored (reader corrections of the replaced reading). */
  notice?: string;
}

export interface IngestDeps {
  store: ArchiveStore;
  blobs: BlobStore;
  titleName: string;
  /** Pages without a usable text layer are OCR'd by this pool (`mode` auto, the default), or every page (always), or none (never). */
  ocr: { mode: OcrMode; pool: OcrPool };
  /** Limits on input files; from the environment (or the defaults) when not given. */
  limits?: InputLimits;
}

export type ProgressFn = (done: number, total: number, current: string, last?: FileReport) => void;
/** OCR progress within the file being ingested: pages done of pages to do. */
export type PageProgressFn = (done: number, total: number) => void;

/** What an ingest that replaced a corrected reading tells the admin (a report's notice, kept in the ingest log). */
export function correctionsNotice(date: string, ids: string[]): string {
  return `the bulletin of ${date} it replaced had reader corrections on ${ids.length} article(s) (${ids.join(', ')}); they are kept in those articles' history, marked superseded, and are not applied to the new reading: an admin must make them again (see docs/operator.md).`;
}
