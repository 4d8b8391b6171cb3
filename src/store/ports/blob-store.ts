/** The blob store port: PDFs and the files derived from them, kept by their sha256. */

export interface BlobStore {
  /** Stores bytes under their sha256 and returns that key; storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** A blob's size in bytes, or null when it is absent. */
  size(key: string): Promise<number | null>;
  /**
   * Bytes `start` to `end` (inclusive) of a blob as a stream, read as they are sent rather than all at
   * once (a PDF served to a reader, or the part of it a Range request asks for).
   */
  stream(key: string, start: number, end: number): ReadableStream<Uint8Array>;
  delete(key: string): Promise<void>;
  /** Every blob key held, in key order (for `dateline check` and backups). */
  keys(): AsyncIterable<string>;
  /** A file derived from a blob (a page image), stored under the blob's key and a name like "p1-w200.png". */
  getDerived(key: string, name: string): Promise<Buffer | null>;
  putDerived(key: string, name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Temporary files left by writes that were interrupted (a killed process), oldest first; a store that
   * writes in one transaction has none. They are never blobs: nothing refers to them.
   */
  tempFiles(): Promise<BlobTempFile[]>;
}

/** A leftover temporary file of an interrupted blob write. */
export interface BlobTempFile {
  /** Its path under the blob store's root, e.g. "ab/ab12….1234.1700000000000.tmp". */
  name: string;
  bytes: number;
  /** When it was last written (ISO 8601). */
  modifiedAt: string;
}
