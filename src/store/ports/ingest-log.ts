/** The record of every ingest, kept by the store. */
import type { IngestEvent } from '../../core/types.js';

/** Each ingest's outcome, recorded, and the latest read back. */
export interface IngestLog {
  recordIngest(event: Omit<IngestEvent, 'id' | 'at'>): Promise<void>;
  listIngestEvents(limit: number): Promise<IngestEvent[]>;
}
