/** `dateline serve` and `dateline start`: serve the archive; start also fills an empty archive with the demo. */
import { existsSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive, resolveDurability } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { demoLogoSvg, demoSiteConfig } from '../demo/demo-site.js';
import { writeDemoCollection } from '../demo/generator.js';
import { resolveHttpOptions, resolveRenderLimits } from '../http/http-options.js';
import { parsePublicUrl } from '../http/public-url.js';
import { createServer } from '../server.js';
import {
  archiveLocation,
  archiveOptionHelp,
  archiveOptions,
  describeLocation,
  openArchiveFromFlags,
} from './archive-flags.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';
import { createProgress } from './progress.js';

/** serve's and start's options; start takes the same. */
const serveOptions = {
  ...archiveOptions,
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
} as const;

const serveHelp = {
  ...archiveOptionHelp,
  host: ['ADDRESS', 'the address to listen on (default 127.0.0.1: this machine only)'],
  port: ['N', 'the port to listen on (default 3000, or PORT; 0 picks a free one)'],
  'rate-limit': ['N|off', 'requests per minute one client may make (default 120, or DATELINE_RATE_LIMIT)'],
  'trust-proxy': ['', "take the client's address from X-Forwarded-For (only behind your own proxy)"],
  'request-timeout': ['SECONDS', 'answer 503 to a request that takes longer (default 10)'],
  'max-upload-mb': ['N', 'the largest PDF the admin upload takes (default 100)'],
  'render-concurrency': ['N', 'page images drawn at once (default 2)'],
  'render-queue': ['N', 'page images that may wait to be drawn (default 8)'],
  'public-url': ['URL', 'the origin readers use, for links in feeds and manifests (or DATELINE_PUBLIC_URL)'],
  durability: ['normal|full', 'SQLite: full flushes every commit to disk (or DATELINE_DURABILITY)'],
} as const;

export const serveSpec = commandSpec({
  name: 'serve',
  args: '',
  about:
    'Serves the archive over HTTP: reading pages, the JSON API, OAI-PMH, IIIF and feeds. Stops on Ctrl-C or SIGTERM.',
  options: serveOptions,
  help: serveHelp,
  examples: ['serve --data ./data --port 8080', 'serve --db postgres://archive@db/archive --blobs /srv/pdfs'],
});

export const startSpec = commandSpec({
  name: 'start',
  args: '',
  about:
    'What npm start runs: generates and ingests the demo collection when the data folder is empty, then serves it\nas serve does.',
  options: serveOptions,
  help: serveHelp,
  examples: ['start', 'start --data ./demo --port 8080'],
});

function options(spec: typeof serveSpec, args: string[]) {
  const parsed = parseCommand(spec, args);
  if (!parsed) return null;
  const { values } = parsed;
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ArchiveError(
      'USAGE',
      `--port must be a number from 0 to 65535; got "${values.port}".\n${usageLine(spec)}`,
    );
  }
  return {
    flags: values,
    at: archiveLocation(values),
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

type ServeOptions = NonNullable<ReturnType<typeof options>>;

/** Serves until interrupted. */
export async function serveCommand(args: string[]): Promise<number> {
  const o = options(serveSpec, args);
  if (!o) return 0;
  requireArchive(o);
  return serve(o);
}

/**
 * Refuses a data folder that holds no archive, rather than serving (and creating) an empty one; a PostgreSQL
 * archive is always there to serve, since servers and workers may start before anything is ingested.
 */
function requireArchive(o: ServeOptions): void {
  if (o.at.db || existsSync(join(o.at.dataDir, 'archive.sqlite'))) return;
  const what = existsSync(o.at.dataDir) ? 'holds no archive (no archive.sqlite in it)' : 'does not exist';
  throw new ArchiveError(
    'NOT_FOUND',
    `${o.at.dataDir} ${what}. Ingest bulletins into it first (npx dateline ingest PDF-FOLDER --data ${o.at.dataDir}), or fill it with the demo collection: npx dateline start --data ${o.at.dataDir} (npm start for ./data).`,
  );
}

async function serve(o: ServeOptions): Promise<number> {
  const archive = await openArchiveFromFlags(o.flags, { durability: o.durability });
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
      process.stdout.write(`Dateline is serving ${describeLocation(o.at)} at http://${o.host}:${port}/\n`);
      listening();
    });
  });
  await stopped(server);
  await archive.close();
  return 0;
}

/**
 * Resolves once SIGINT or SIGTERM has stopped the server: it takes no new connection, answers the requests
 * under way (for at most 10 s, then their connections are cut) and closes idle keep-alive ones at once. A
 * second signal ends the process there and then.
 */
async function stopped(server: HttpServer): Promise<void> {
  const signal = await new Promise<NodeJS.Signals>((resolveSignal) => {
    process.once('SIGINT', () => resolveSignal('SIGINT'));
    process.once('SIGTERM', () => resolveSignal('SIGTERM'));
  });
  const now = (s: NodeJS.Signals) => process.exit(128 + (s === 'SIGINT' ? 2 : 15));
  process.once('SIGINT', () => now('SIGINT'));
  process.once('SIGTERM', () => now('SIGTERM'));
  process.stderr.write(`${signal}: stopping the server…\n`);
  const cut = setTimeout(() => server.closeAllConnections(), 10_000).unref();
  await new Promise<void>((closed) => {
    server.close(() => closed());
    server.closeIdleConnections();
  });
  clearTimeout(cut);
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
  const o = options(startSpec, args);
  if (!o) return 0;
  await ensureDemo(o.at.dataDir, o.at.db, o.at.blobs);
  return serve(o);
}
