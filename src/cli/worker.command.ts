/** `dateline worker --db postgres://… [--blobs DIR|database] [--exit-when-idle] [--stale-seconds N]`. */
import { parseArgs } from 'node:util';
import { openArchive, resolveDataDir, resolveDb } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { MAX_BACKOFF_MS, runWorker } from '../jobs/worker.js';
import { isDatabaseAway } from '../store/postgres/postgres-database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function workerCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      blobs: { type: 'string' },
      config: { type: 'string' },
      'exit-when-idle': { type: 'boolean', default: false },
      'stale-seconds': { type: 'string', default: '30' },
    },
  });
  const db = resolveDb(values.db);
  if (!db)
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
  const open = () =>
    openArchive({ dataDir: resolveDataDir(values.data), db, blobs: values.blobs, configFile: values.config });
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
