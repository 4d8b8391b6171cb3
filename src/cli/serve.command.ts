/** `dateline serve` and `dateline start`: serve the archive; start also fills an empty archive with the demo. */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openArchive, resolveDataDir, resolveDb, resolveDurability } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { demoLogoSvg, demoSiteConfig } from '../demo/demo-site.js';
import { writeDemoCollection } from '../demo/generator.js';
import { resolveHttpOptions, resolveRenderLimits } from '../http/http-options.js';
import { parsePublicUrl } from '../http/public-url.js';
import { createServer } from '../server.js';
import { parsePgUrl } from '../store/postgres/postgres-database.js';
import { createProgress } from './progress.js';

export const serveUsage =
  'Usage: dateline serve [--data DIR] [--db postgres://…] [--blobs DIR|database] [--config FILE] [--host 127.0.0.1] [--port 3000] [--rate-limit N|off] [--trust-proxy] [--request-timeout SECONDS] [--max-upload-mb N] [--render-concurrency N] [--render-queue N] [--public-url https://archive.example.org] [--durability normal|full]';

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
      'rate-limit': { type: 'string' },
      'trust-proxy': { type: 'boolean' },
      'request-timeout': { type: 'string' },
      'max-upload-mb': { type: 'string' },
      'render-concurrency': { type: 'string' },
      'render-queue': { type: 'string' },
      'public-url': { type: 'string' },
      durability: { type: 'string' },
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
    http: resolveHttpOptions(values),
    render: resolveRenderLimits(values),
    publicUrl: publicUrlOf(values['public-url'] ?? process.env.DATELINE_PUBLIC_URL),
    durability: resolveDurability(values.durability),
  };
}

/** The checked origin of --public-url (or DATELINE_PUBLIC_URL), refused before anything starts. */
function publicUrlOf(value: string | undefined): string | undefined {
  return value ? parsePublicUrl(value, '--public-url (or DATELINE_PUBLIC_URL)') : undefined;
}

/** Serves until interrupted. */
export async function serveCommand(args: string[]): Promise<number> {
  const o = options(args);
  const archive = await openArchive({
    dataDir: o.dataDir,
    configFile: o.configFile,
    db: o.db,
    blobs: o.blobs,
    durability: o.durability,
  });
  const { listener } = createServer(archive, console.error, {
    ...o.http,
    render: o.render,
    publicUrl: o.publicUrl,
  });
  const server = createHttpServer(listener);
  limitConnections(server, o.http.requestTimeoutMs);
  await new Promise<void>((listening, failed) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      failed(
        err.code === 'EADDRINUSE' || err.code === 'EACCES' || err.code === 'EADDRNOTAVAIL'
          ? new ArchiveError(
              'USAGE',
              `Cannot listen on ${o.host}:${o.port} (${err.code}): ${
                err.code === 'EADDRINUSE'
                  ? 'another program uses that port'
                  : 'that address is not allowed here'
              }. Choose another with --port or --host.`,
              { cause: err },
            )
          : err,
      ),
    );
    server.listen(o.port, o.host, () => {
      const { port } = server.address() as AddressInfo;
      process.stdout.write(`Dateline is serving ${servedFrom(o)} at http://${o.host}:${port}/\n`);
      listening();
    });
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

/** What the banner names: the data folder, or (on PostgreSQL) the database without its password and the blobs' home. */
function servedFrom(o: { dataDir: string; db?: string; blobs?: string }): string {
  if (!o.db) return o.dataDir;
  const { connectionString, schema } = parsePgUrl(o.db);
  const url = connectionString.replace(/:[^:@/]*@/, ':***@');
  const blobs = !o.blobs || o.blobs === 'database' ? 'PDFs in the database' : `PDFs in ${resolve(o.blobs)}`;
  return `the PostgreSQL archive ${url} (schema ${schema}, ${blobs})`;
}

/**
 * Node's own clocks on a connection: the headers must arrive within 10 s (a slow-loris client is cut
 * off), a whole request (an upload included) within the request timeout plus 5 minutes, and an idle
 * keep-alive connection is closed after 5 s.
 */
function limitConnections(server: HttpServer, requestTimeoutMs: number): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = requestTimeoutMs + 300_000;
  server.keepAliveTimeout = 5_000;
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
