/** OCR'd pages kept by source file and page, so an interrupted ingest resumes where it stopped. */
import type { SourceLine } from '../../core/types.js';

/** One page's OCR result, kept by the source file's sha256 and page number so an interrupted ingest resumes. */
export interface OcrPageRecord {
  sourceHash: string;
  page: number;
  /** The page's lines in PDF points (origin top-left), words with their confidence. */
  lines: SourceLine[];
  /** Seconds of OCR the page took. */
  seconds: number;
  /** ISO timestamp when the page was recorded. */
  recordedAt: string;
}

/** The OCR'd pages the store keeps. */
export interface OcrCache {
  /** Records one OCR'd page of a source file (replacing an earlier record of the same page). */
  saveOcrPage(record: OcrPageRecord): Promise<void>;
  /** The OCR'd pages recorded for a source file, by page number. */
  ocrPages(sourceHash: string): Promise<OcrPageRecord[]>;
  /**
   * Drops the recorded OCR pages of the given source keys (`ocrCacheKey` of a file's sha256), or every
   * recorded page when `sourceHashes` is undefined (an empty list drops none), so those files are read by
   * OCR afresh; returns how many pages were dropped.
   */
  dropOcrPages(sourceHashes?: readonly string[]): Promise<number>;
}
