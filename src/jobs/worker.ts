/** A worker: claims queued ingest jobs one at a time, runs them, beats while it works, reports each. */
import { hostname } from 'node:os';
import type { Archive } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { DEFAULT_STALE_SECONDS, JobQueue } from './job-queue.js';

export interface WorkerOptions {
  /** Stop when no job is queued or running (else wait for new work). */
  exitWhenIdle: boolean;
  staleSeconds?: number;
  /** How long to sleep when there is nothing to claim. */
  pollMs?: number;
  log?: (line: string) => void;
  /** Stops the loop when it resolves (e.g. on SIGTERM). */
  stop?: Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs jobs until stopped or, with exitWhenIdle, until the queue is empty; returns how many it ran. */
export async function runWorker(archive: Archive, o: WorkerOptions): Promise<number> {
  if (!archive.pool) {
    throw new ArchiveError(
      'USAGE',
      'A worker shares its queue through PostgreSQL: start it with --db postgres://… (or DATELINE_DB).',
    );
  }
  const queue = new JobQueue(archive.pool);
  const me = `${hostname()}:${process.pid}`;
  const stale = o.staleSeconds ?? DEFAULT_STALE_SECONDS;
  const log = o.log ?? (() => {});
  let stopped = false;
  void o.stop?.then(() => {
    stopped = true;
  });
  let ran = 0;
  while (!stopped) {
    const job = await queue.claim(me, stale);
    if (!job) {
      const c = await queue.counts();
      if (o.exitWhenIdle && c.queued === 0 && c.running === 0) break;
      await queue.abandonPoisoned();
      await sleep(o.pollMs ?? 500);
      continue;
    }
    const beat = setInterval(
      () => void queue.heartbeat(job, me).catch(() => {}),
      Math.max(500, (stale * 1000) / 3),
    );
    try {
      const report = await archive.ingest.ingestJob(job.payload.path);
      await queue.finish(job, me, report.status === 'failed' ? 'failed' : 'done', report);
      ran++;
      const c = await queue.counts();
      log(
        `${report.status} ${job.payload.path}${report.error ? `: ${report.error}` : ''} (${c.done + c.failed} done, ${c.queued} queued, ${c.running} running)`,
      );
    } finally {
      clearInterval(beat);
    }
  }
  return ran;
}
