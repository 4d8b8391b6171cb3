/** `dateline worker --db postgres://… [--blobs DIR|database] [--exit-when-idle] [--stale-seconds N]`. */
import { isDatabaseAway } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { MAX_BACKOFF_MS, runWorker } from '../jobs/worker.js';
import { archiveLocation, archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand } from './command-spec.js';

export const workerSpec = commandSpec({
  name: 'worker',
  args: '',
  about:
    'Runs the ingest jobs queued in PostgreSQL (dateline ingest --queue); start as many workers as you like, on\nany machine that reaches the database and the PDFs. Stops on Ctrl-C or SIGTERM after the job under way.',
  options: {
    ...archiveOptions,
    'exit-when-idle': { type: 'boolean', default: false },
    'stale-seconds': { type: 'string', default: '30' },
  },
  help: {
    ...archiveOptionHelp,
    'exit-when-idle': ['', 'stop when the queue is empty instead of waiting for more jobs'],
    'stale-seconds': ['N', 'take over a job whose worker has not been heard from for N seconds (default 30)'],
  },
  examples: ['worker --db postgres://archive@db/archive --blobs /srv/pdfs'],
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Exits 0 when stopped or, with --exit-when-idle, when the queue is empty. */
export async function workerCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(workerSpec, args);
  if (!parsed) return 0;
  const { values } = parsed;
  if (!archiveLocation(values).db)
    throw new ArchiveError(
      'USAGE',
      'dateline worker needs --db postgres://… (or DATELINE_DB): workers share their queue through PostgreSQL.',
    );
  const stale = Number(values['stale-seconds']);
  if (!Number.isFinite(stale) || stale < 1)
    throw new ArchiveError('USAGE', `--stale-seconds must be 1 or more; got "${values['stale-seconds']}".`);
  const stop = new Promise<void>((resolve) => {
    process.once('SIGTERM', resolve);
    process.once('SIGINT', resolve);
  });
  const open = () => openArchiveFromFlags(values);
  // A worker started while the database is away waits for it, as a running worker does.
  let archive: Awaited<ReturnType<typeof open>> | null = null;
  for (let backoff = 500; !archive; backoff = Math.min(MAX_BACKOFF_MS, backoff * 2)) {
    try {
      archive = await open();
    } catch (err) {
      if (!isDatabaseAway((err as Error).cause)) throw err;
      process.stderr.write(`${(err as Error).message} Trying again in ${backoff / 1000} s.\n`);
      const stopped = await Promise.race([stop.then(() => true), sleep(backoff).then(() => false)]);
      if (stopped) return 0;
    }
  }
  try {
    const ran = await runWorker(archive, {
      exitWhenIdle: values['exit-when-idle'],
      staleSeconds: stale,
      stop,
      log: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`worker ${process.pid}: ${ran} jobs\n`);
    return 0;
  } finally {
    await archive.close();
  }
}
