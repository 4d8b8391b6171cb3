/**
 * JobQueue on PostgreSQL: ingest jobs shared by any number of workers; a job is claimed with
 * FOR UPDATE SKIP LOCKED, kept alive by heartbeats, and taken up again by another worker when its
 * worker stops beating (killed or hung). Ingest is idempotent, so a retaken job never doubles an edition.
 */
import {
  DEFAULT_STALE_SECONDS,
  type Job,
  type JobOptions,
  type JobQueue,
  MAX_ATTEMPTS,
  type QueueCounts,
} from '../../jobs/job-queue.js';
import type { PgPool } from './postgres-database.js';

/** The job queue in the archive's PostgreSQL database (table job, migrations in postgres-migrations.ts). */
export class PostgresJobQueue implements JobQueue {
  constructor(private readonly pool: PgPool) {}

  /** Queues one ingest job per file, each keeping `options`; returns how many were queued. */
  async enqueue(paths: string[], options: JobOptions = {}): Promise<number> {
    if (paths.length === 0) return 0;
    const r = await this.pool.query(
      `INSERT INTO job (kind, payload)
       SELECT 'ingest', $2::jsonb || jsonb_build_object('path', p) FROM unnest($1::text[]) AS p`,
      [paths, JSON.stringify(options)],
    );
    return r.rowCount ?? 0;
  }

  /** Claims the oldest queued job, or a running one whose worker stopped beating; null when none. */
  async claim(worker: string, staleSeconds = DEFAULT_STALE_SECONDS): Promise<Job | null> {
    const r = await this.pool.query(
      `UPDATE job SET status = 'running', locked_by = $1, heartbeat_at = now(), attempts = attempts + 1
       WHERE id = (
         SELECT id FROM job
         WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - make_interval(secs => $2))
         ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
       RETURNING id, kind, payload, attempts`,
      [worker, staleSeconds],
    );
    const row = r.rows[0];
    return row
      ? {
          id: Number(row.id),
          kind: row.kind,
          payload: row.payload,
          attempts: row.attempts,
          fence: row.attempts,
        }
      : null;
  }

  /** Keeps a claimed job alive; false when the job was taken over by another claim. */
  async heartbeat(job: Job, worker: string): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE job SET heartbeat_at = now()
       WHERE id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`,
      [job.id, worker, job.fence],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /**
   * Records a job's end with its report; only the claim holding it may (same worker, same fencing
   * token, still running). False when the job was taken over meanwhile: its end is the new holder's to record.
   */
  async finish(job: Job, worker: string, status: 'done' | 'failed', result: unknown): Promise<boolean> {
    const r = await this.pool.query(
      `UPDATE job SET status = $3, result = $4, finished_at = now()
       WHERE id = $1 AND locked_by = $2 AND attempts = $5 AND status = 'running'`,
      [job.id, worker, status, JSON.stringify(result), job.fence],
    );
    return (r.rowCount ?? 0) > 0;
  }

  /** Gives up jobs retaken too often (their file kills every worker). */
  async abandonPoisoned(): Promise<number> {
    const r = await this.pool.query(
      `UPDATE job SET status = 'failed', result = '{"error":"given up after repeated worker deaths"}', finished_at = now()
       WHERE status = 'running' AND attempts >= $1 AND heartbeat_at < now() - interval '5 minutes'`,
      [MAX_ATTEMPTS],
    );
    return r.rowCount ?? 0;
  }

  async counts(): Promise<QueueCounts> {
    const r = await this.pool.query(`SELECT status, count(*)::int AS n FROM job GROUP BY status`);
    const c: QueueCounts = { queued: 0, running: 0, done: 0, failed: 0 };
    for (const row of r.rows) c[row.status as keyof QueueCounts] = row.n;
    return c;
  }
}
