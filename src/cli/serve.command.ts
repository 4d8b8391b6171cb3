/** `dateline serve` and `dateline start`: serve the archive; start also fills an empty archive with the demo. */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { openArchive, resolveDataDir, resolveDb } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { demoLogoSvg, demoSiteConfig } from '../demo/demo-site.js';
import { writeDemoCollection } from '../demo/generator.js';
import { createApp } from '../server.js';
import { createProgress } from './progress.js';

export const serveUsage =
  'Usage: dateline serve [--data DIR] [--db postgres://…] [--blobs DIR|database] [--config FILE] [--host 127.0.0.1] [--port 3000]';

function options(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string' },
      config: { type: 'string' },
      db: { type: 'string' },
      blobs: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: process.env.PORT ?? '3000' },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArchiveError(
      'USAGE',
      `--port must be a number from 0 to 65535; got "${values.port}".\n${serveUsage}`,
    );
  }
  return {
    dataDir: resolveDataDir(values.data),
    configFile: values.config,
    db: resolveDb(values.db),
    blobs: values.blobs,
    host: values.host,
    port,
  };
}

/** Serves until interrupted. */
export async function serveCommand(args: string[]): Promise<number> {
  const o = options(args);
  const archive = await openArchive({
    dataDir: o.dataDir,
    configFile: o.configFile,
    db: o.db,
    blobs: o.blobs,
  });
  const app = createApp(archive);
  const server = serve({ fetch: app.fetch, hostname: o.host, port: o.port }, (info) => {
    process.stdout.write(`Dateline is serving ${o.dataDir} at http://${o.host}:${info.port}/\n`);
  });
  await new Promise<void>((resolveStop) => {
    const stop = () => {
      server.close();
      resolveStop();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await archive.close();
  return 0;
}

/** Generates and ingests the demo collection when the data folder holds no archive yet. */
export async function ensureDemo(dataDir: string, db?: string, blobs?: string): Promise<void> {
  if (db) {
    const archive = await openArchive({ dataDir, db, blobs });
    const { editions } = await archive.store.stats().finally(() => archive.close());
    if (editions > 0) return;
  } else {
    const empty = !existsSync(dataDir) || (await readdir(dataDir)).length === 0;
    if (!empty) return;
  }
  await mkdir(dataDir, { recursive: true });
  if (!existsSync(join(dataDir, 'site.json'))) {
    writeFileSync(join(dataDir, 'site.json'), `${JSON.stringify(demoSiteConfig, null, 2)}\n`);
    writeFileSync(join(dataDir, 'logo.svg'), demoLogoSvg);
  }
  const dir = await mkdtemp(join(tmpdir(), 'dateline-demo-'));
  try {
    process.stdout.write(`The archive at ${dataDir} is empty: generating the demo collection…\n`);
    await writeDemoCollection(dir);
    const archive = await openArchive({ dataDir, db, blobs });
    try {
      const progress = createProgress(process.stderr, 'bulletins');
      const reports = await archive.ingest.ingestPaths([dir], (done, total, file) =>
        progress.update(done, total, file),
      );
      progress.finish();
      const failed = reports.filter((r) => r.status === 'failed');
      process.stdout.write(
        `Demo: ${reports.length - failed.length} bulletins ingested, ${failed.length} failed.\n`,
      );
    } finally {
      await archive.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** `npm start`: the demo when empty, then serve. */
export async function startCommand(args: string[]): Promise<number> {
  const o = options(args);
  await ensureDemo(o.dataDir, o.db, o.blobs);
  return serveCommand(args);
}
