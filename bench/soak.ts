/**
 * `npm run soak -- [--seconds 180] [--connections 8] [--data DIR] [--cache-mb 0]`: serves an archive (the demo collection
 * unless --data names one) on loopback and sends it mixed search, article, date-page and API requests
 * with autocannon for a bounded time. Reports requests, errors, latency percentiles and the server's
 * memory (RSS, its floor in each half after warm-up); exits 1 on any error or when that floor grows past the
 * bound (see docs/security.md, "Rate limits and request limits").
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { openArchive } from '../src/app.js';
import { writeDemoCollection } from '../src/demo/generator.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '180' },
    connections: { type: 'string', default: '8' },
    data: { type: 'string' },
    'cache-mb': { type: 'string', default: '0' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const BIN = join(import.meta.dirname, '..', 'bin', 'dateline.js');
const log = (s: string) => process.stderr.write(`${s}\n`);
/** Growth allowed in the RSS floor from the first to the second half after warm-up: 24 MB, or 15% of the first floor when that is more. */
const growthBound = (warm: number) => Math.max(24, warm * 0.15);

const work = await mkdtemp(join(tmpdir(), 'dateline-soak-'));
let dataDir = values.data;
if (!dataDir) {
  dataDir = join(work, 'data');
  log('Generating and ingesting the demo collection…');
  await writeDemoCollection(join(work, 'pdfs'));
  const a = await openArchive({ dataDir });
  await a.ingest.ingestPaths([join(work, 'pdfs')]);
  await a.close();
}

// The requests each connection cycles through: searches of several shapes, articles, dates, the API.
const archive = await openArchive({ dataDir });
const dates = (await archive.store.listDates()).map((d) => d.date);
const articles = (await archive.store.articleSlugs(0, 200)).map((a) => a.slug);
await archive.close();
if (dates.length === 0) throw new Error(`${dataDir} holds no bulletins to soak.`);
const queries = [
  'refugees',
  'soviet emigration',
  '"displaced persons"',
  'jerusalem OR haifa',
  'relief -committee',
  'immigra*',
  'headline:israel',
  'date:1940..1950 rabbis',
  'bavarla',
  'palestine',
];
const paths: string[] = [];
for (let i = 0; i < 60; i++) {
  const q = encodeURIComponent(queries[i % queries.length]!);
  const date = dates[(i * 7) % dates.length]!;
  paths.push(
    i % 3 === 0
      ? `/search?q=${q}&page=${1 + (i % 2)}`
      : `/api/v1/search?q=${q}&sort=${['relevance', 'date', '-date'][i % 3]}`,
    `/archive/${articles[(i * 13) % articles.length]}`,
    `/${date.replaceAll('-', '/')}`,
    i % 2 ? `/api/v1/dates/${date}` : `/api/v1/articles/${articles[(i * 5) % articles.length]!.slice(-15)}`,
  );
}

// The server: its own process, loopback only, rate limit off (one client sends everything).
const server = spawn(
  process.execPath,
  [BIN, 'serve', '--data', dataDir, '--host', '127.0.0.1', '--port', '0', '--rate-limit', 'off'],
  // The page cache is off by default, so every request does its real work; it is bounded by its own
  // size, and filling it would look like growth (--cache-mb 64 soaks with it, as served by default).
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATELINE_CACHE_MB: values['cache-mb'] } },
);
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  const onData = (d: Buffer) => {
    text += d;
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (m) resolve(m[1]!);
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', (d: Buffer) => {
    onData(d);
    process.stderr.write(d);
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
});
const rss = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const samples: { t: number; mb: number }[] = [];
const started = Date.now();
const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, mb: rss() }), 1000);

log(`Soaking ${url} for ${seconds} s with ${connections} connections over ${paths.length} request kinds…`);
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: paths.map((path) => ({ method: 'GET', path })),
});
clearInterval(sampler);
const end = rss();
server.kill('SIGTERM');

// Warm-up: the first fifth of the run (caches, JIT, SQLite's page cache fill up), at least 10 s.
const warmUntil = Math.max(10, seconds / 5);
const after = samples.filter((s) => s.t >= warmUntil);
const first = samples[0]?.mb ?? end;
const peak = Math.max(end, ...samples.map((s) => s.mb));
// RSS swings by tens of MB between garbage collections, so single readings compare noise. What a leak
// raises is the floor: the lowest reading of the last half after warm-up against that of the first half.
const half = Math.floor(after.length / 2);
const floor = (xs: { mb: number }[]) => (xs.length ? Math.min(...xs.map((x) => x.mb)) : end);
const warm = floor(after.slice(0, half));
const late = floor([...after.slice(half), { mb: end }]);
const errors = result.errors + result.timeouts + result.non2xx;
const growth = late - warm;
const flat = growth <= growthBound(warm);
const lines = [
  `Soak: ${seconds} s, ${connections} connections, loopback, page cache ${values['cache-mb']} MB, ${paths.length} request kinds (search pages, API search, articles, date pages, API dates/articles).`,
  `Requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s); errors: ${errors} (socket ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}).`,
  `Latency: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms.`,
  `Server RSS: ${first.toFixed(0)} MB at start, ${end.toFixed(0)} MB at the end, peak ${peak.toFixed(0)} MB; after ${warmUntil.toFixed(0)} s of warm-up its floor (lowest reading) was ${warm.toFixed(0)} MB in the first half and ${late.toFixed(0)} MB in the second: growth ${growth.toFixed(1)} MB, bound ${growthBound(warm).toFixed(0)} MB: ${flat ? 'flat' : 'GROWING'}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
await rm(work, { recursive: true, force: true });
process.exitCode = errors === 0 && flat ? 0 : 1;
