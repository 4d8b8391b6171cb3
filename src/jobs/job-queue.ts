/**
 * The queue of ingest jobs shared by any number of workers (on PostgreSQL: store/postgres/postgres-job-queue.ts,
 * given as Archive.queue by app.ts). A job is claimed by one worker, kept alive by its heartbeats, and taken up
 * again by another worker when its worker stops beating (killed or hung); ingest is idempotent, so a retaken
 * job never doubles an edition.
 */
import type { InputLimits } from '../ingest/input-limits.js';
import type { OcrMode } from '../ingest/ocr-reader.js';

/** The ingest options a job keeps from the command that queued it, so a worker ingests as that command would have. */
export interface JobOptions {
  ocr?: OcrMode;
  limits?: InputLimits;
  /** The OCR languages of the archive configuration that queued the job (its site.json), main one first. */
  ocrLanguages?: string[];
}

export interface Job {
  id: number;
  kind: 'ingest';
  payload: { path: string } & JobOptions;
  attempts: number;
  /**
   * The fencing token of this claim: the job's claim count when it was claimed. Every later claim of the
   * job (another worker taking it up after this one stopped beating) raises it, so a worker presumed dead
   * that wakes up can neither beat for the job nor record its end, whatever its name.
   */
  fence: number;
}

export interface QueueCounts {
  queued: number;
  running: number;
  done: number;
  failed: number;
}

/** A job whose heartbeat is older than this is taken to belong to a dead worker. */
export const DEFAULT_STALE_SECONDS = 30;
/** A job that failed this many times (its worker died each time) is given up. */
export const MAX_ATTEMPTS = 5;

export interface JobQueue {
  /** Queues one ingest job per file, each keeping `options`; returns how many were queued. */
  enqueue(paths: string[], options?: JobOptions): Promise<number>;
  /** Claims the oldest queued job, or a running one whose worker stopped beating; null when none. */
  claim(worker: string, staleSeconds?: number): Promise<Job | null>;
  /** Keeps a claimed job alive; false when the job was taken over by another claim. */
  heartbeat(job: Job, worker: string): Promise<boolean>;
  /**
   * Records a job's end with its report; only the claim holding it may (same worker, same fencing
   * token, still running). False when the job was taken over meanwhile: its end is the new holder's to record.
   */
  finish(job: Job, worker: string, status: 'done' | 'failed', result: unknown): Promise<boolean>;
  /** Gives up jobs retaken too often (their file kills every worker). */
  abandonPoisoned(): Promise<number>;
  counts(): Promise<QueueCounts>;
}
