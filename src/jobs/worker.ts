/**
 * A worker: claims queued ingest jobs one at a time, runs them, beats while it works, reports each. A
 * database that goes away never ends it: it waits with a growing pause (0.5 s doubling to 30 s) and goes
 * on when the database answers again; a job it held then is taken up again once its heartbeat is stale.
 */
import { hostname } from 'node:os';
import { type Archive, isDatabaseAway } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { hasTopK } from '../search/top-k.js';
import { DEFAULT_STALE_SECONDS, type Job, type JobQueue } from './job-queue.js';

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

/** The longest pause between tries while the database is away. */
export const MAX_BACKOFF_MS = 30_000;

/** Runs jobs until stopped or, with exitWhenIdle, until the queue is empty; returns how many it ran. */
export async function runWorker(archive: Archive, o: WorkerOptions): Promise<number> {
  const queue = archive.queue;
  if (!queue) {
    throw new ArchiveError(
      'USAGE',
      'A worker shares its queue through PostgreSQL: start it with --db postgres://… (or DATELINE_DB).',
    );
  }
  const me = `${hostname()}:${process.pid}`;
  const stale = o.staleSeconds ?? DEFAULT_STALE_SECONDS;
  const log = o.log ?? (() => {});
  let stopped = false;
  void o.stop?.then(() => {
    stopped = true;
  });
  let ran = 0;
  /** Jobs run since this worker last refreshed the top-k lists. */
  let unrefreshed = 0;
  let backoff = 0;
  let waitedSince = 0;
  while (!stopped) {
    try {
      const job = await queue.claim(me, stale);
      if (backoff > 0) {
        log(`the database answers again after ${Math.round((Date.now() - waitedSince) / 1000)} s; going on`);
        backoff = 0;
      }
      if (!job) {
        const c = await queue.counts();
        if (unrefreshed > 0 && c.queued === 0 && c.running === 0) {
          unrefreshed = 0;
          await refreshTopKLists(archive, log);
        }
        if (o.exitWhenIdle && c.queued === 0 && c.running === 0) break;
        await queue.abandonPoisoned();
        await sleep(o.pollMs ?? 500);
        continue;
      }
      await runJob(archive, queue, job, me, stale, log);
      ran++;
      unrefreshed++;
    } catch (err) {
      // Any error here came from the database (a job's own problems are in its report): wait and retry.
      if (backoff === 0) waitedSince = Date.now();
      backoff = Math.min(MAX_BACKOFF_MS, backoff ? backoff * 2 : 500);
      const what = isDatabaseAway(err) ? 'the database cannot be reached' : 'a database error';
      log(`${what} (${(err as Error).message}); trying again in ${backoff / 1000} s`);
      await Promise.race(o.stop ? [sleep(backoff), o.stop] : [sleep(backoff)]);
    }
  }
  return ran;
}

/** How long a worker goes on starting top-k lists once the queue has drained (refreshTopK). */
const TOPK_REFRESH_MS = 60_000;

/**
 * Once the queue has drained, outside every job's transaction: remakes the top-k lists the jobs made stale
 * (docs/adr/0012), so readers' next searches read lists.
 */
async function refreshTopKLists(archive: Archive, log: (line: string) => void): Promise<void> {
  if (!hasTopK(archive.index)) return;
  const r = await archive.index.refreshTopK(TOPK_REFRESH_MS);
  if (r.made > 0 || r.stopped)
    log(
      `top-k lists: ${r.made} made, ${r.current} current, of ${r.terms}${r.stopped ? ' (stopped at its budget)' : ''}`,
    );
}

/** Runs one claimed job with heartbeats and records its end. */
async function runJob(
  archive: Archive,
  queue: JobQueue,
  job: Job,
  me: string,
  stale: number,
  log: (line: string) => void,
): Promise<void> {
  const beat = setInterval(
    () => void queue.heartbeat(job, me).catch(() => {}),
    Math.max(500, (stale * 1000) / 3),
  );
  try {
    const { path, ...options } = job.payload;
    const ingest = Object.keys(options).length > 0 ? archive.ingestWith(options) : archive.ingest;
    const report = await ingest.ingestJob(path);
    if (report.code === 'UNAVAILABLE')
      throw new ArchiveError('UNAVAILABLE', report.error ?? 'The database went away during the job.');
    const recorded = await queue.finish(job, me, report.status === 'failed' ? 'failed' : 'done', report);
    if (!recorded) {
      // Presumed dead (no beat for --stale-seconds), the job went to another claim: its end is that one's.
      log(
        `job ${job.id} (${path}) was taken over by another worker while this one ran it; its end is not recorded here`,
      );
      return;
    }
    const c = await queue.counts();
    log(
      `${report.status} ${path}${report.error ? `: ${report.error}` : ''} (${c.done + c.failed} done, ${c.queued} queued, ${c.running} running)`,
    );
  } finally {
    clearInterval(beat);
  }
}
