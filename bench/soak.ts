/**
 * `npm run soak -- [--seconds 180] [--connections 8] [--data DIR] [--cache-mb 0]`: serves an archive (the demo collection
 * unless --data names one) on loopback and sends it mixed search, article, date-page and API requests
 * with autocannon for a bounded time. Reports requests, errors, latency percentiles and the server's
 * memory: its RSS every second, and what the JavaScript heap and the buffers outside it hold after a full
 * garbage collection (asked through the inspector) when warm-up ends, half-way and at the end. Exits 1 on
 * any error, when what is held after a collection grows past its bound, or when the RSS floor grows far
 * past its own (see docs/security.md, "Load").
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
/** Growth allowed in what the server holds after a full collection, from the end of warm-up to the end: 16 MB, or 10% when that is more. */
const heldBound = (warm: number) => Math.max(16, warm * 0.1);
/**
 * Growth allowed in the RSS floor from the first to the second half after warm-up: 64 MB, or 30% of the
 * first floor when that is more. RSS also counts heap the collector has not given back, so it is only a
 * guard against memory the collector never sees (native memory); the leak test proper is `heldBound`.
 */
const growthBound = (warm: number) => Math.max(64, warm * 0.3);

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
      ? // A page past the last is a 404: page 2 only for words with many matches.
        `/search?q=${q}&page=${['refugees', 'palestine'].includes(queries[i % queries.length]!) ? 1 + (i % 2) : 1}`
      : `/api/v1/search?q=${q}&sort=${['relevance', 'date', '-date'][i % 3]}`,
    `/archive/${articles[(i * 13) % articles.length]}`,
    `/${date.replaceAll('-', '/')}`,
    i % 2 ? `/api/v1/dates/${date}` : `/api/v1/articles/${articles[(i * 5) % articles.length]!.slice(-15)}`,
  );
}

// The server: its own process, loopback only, rate limit off (one client sends everything), with the
// inspector on a free loopback port so the soak can collect its garbage and read what is still held.
const server = spawn(
  process.execPath,
  [
    '--inspect=127.0.0.1:0',
    BIN,
    'serve',
    '--data',
    dataDir,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    '--rate-limit',
    'off',
  ],
  // The page cache is off by default, so every request does its real work; it is bounded by its own
  // size, and filling it would look like growth (--cache-mb 64 soaks with it, as served by default).
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATELINE_CACHE_MB: values['cache-mb'] } },
);
let inspectorUrl = '';
const url = await new Promise<string>((resolve, reject) => {
  let text = '';
  const onData = (d: Buffer) => {
    text += d;
    inspectorUrl ||= /Debugger listening on (ws:\/\/\S+)/.exec(text)?.[1] ?? '';
    const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
    if (m) resolve(m[1]!);
  };
  server.stdout.on('data', onData);
  server.stderr.on('data', (d: Buffer) => {
    onData(d);
    if (!/Debugger listening|For help, see: https:\/\/nodejs.org\/en\/docs\/inspector/.test(String(d)))
      process.stderr.write(d);
  });
  server.on('exit', (code) => reject(new Error(`the server exited (${code}): ${text}`)));
});
if (!inspectorUrl) throw new Error('the server did not open its inspector, so its memory cannot be read');

/** One Chrome DevTools Protocol session with the server (Node's inspector), over Node's WebSocket. */
const inspector = await new Promise<WebSocket>((resolve, reject) => {
  const ws = new WebSocket(inspectorUrl);
  ws.onopen = () => resolve(ws);
  ws.onerror = () => reject(new Error(`cannot reach the server's inspector at ${inspectorUrl}`));
});
let nextId = 1;
const pending = new Map<number, (result: unknown) => void>();
inspector.onmessage = (e) => {
  const msg = JSON.parse(String(e.data)) as { id?: number; result?: unknown };
  if (msg.id !== undefined) pending.get(msg.id)?.(msg.result);
};
const cdp = (method: string, params: object = {}) =>
  new Promise<unknown>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    inspector.send(JSON.stringify({ id, method, params }));
  });
/** What the server holds after two full collections: its JavaScript heap and the buffers outside it, in MB. */
const held = async () => {
  await cdp('HeapProfiler.collectGarbage');
  await cdp('HeapProfiler.collectGarbage');
  const r = (await cdp('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  })) as { result: { value: string } };
  const m = JSON.parse(r.result.value) as { heapUsed: number; external: number };
  return {
    heap: m.heapUsed / 2 ** 20,
    external: m.external / 2 ** 20,
    total: (m.heapUsed + m.external) / 2 ** 20,
  };
};
const rss = () =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const samples: { t: number; mb: number }[] = [];
const started = Date.now();
const sampler = setInterval(() => samples.push({ t: (Date.now() - started) / 1000, mb: rss() }), 1000);

// Warm-up: the first fifth of the run (caches, JIT, SQLite's page cache fill up), at least 10 s.
const warmUntil = Math.max(10, seconds / 5);
const heldAt: { t: number; heap: number; external: number; total: number }[] = [];
const readHeld = async () => heldAt.push({ t: (Date.now() - started) / 1000, ...(await held()) });
const heldTimers = [warmUntil, (warmUntil + seconds) / 2].map((t) =>
  setTimeout(() => void readHeld(), t * 1000),
);

log(`Soaking ${url} for ${seconds} s with ${connections} connections over ${paths.length} request kinds…`);
const result = await autocannon({
  url,
  connections,
  duration: seconds,
  requests: paths.map((path) => ({ method: 'GET', path })),
});
clearInterval(sampler);
for (const t of heldTimers) clearTimeout(t);
const end = rss();
await readHeld();
inspector.close();
server.kill('SIGTERM');

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
const rssFlat = growth <= growthBound(warm);
const heldWarm = heldAt[0]!;
const heldEnd = heldAt[heldAt.length - 1]!;
const heldGrowth = heldEnd.total - heldWarm.total;
const heldFlat = heldAt.length >= 2 && heldGrowth <= heldBound(heldWarm.total);
const flat = rssFlat && heldFlat;
const lines = [
  `Soak: ${seconds} s, ${connections} connections, loopback, page cache ${values['cache-mb']} MB, ${paths.length} request kinds (search pages, API search, articles, date pages, API dates/articles).`,
  `Requests: ${result.requests.total} (${result.requests.average.toFixed(0)}/s); errors: ${errors} (socket ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}).`,
  `Latency: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms.`,
  `Server RSS: ${first.toFixed(0)} MB at start, ${end.toFixed(0)} MB at the end, peak ${peak.toFixed(0)} MB; after ${warmUntil.toFixed(0)} s of warm-up its floor (lowest reading) was ${warm.toFixed(0)} MB in the first half and ${late.toFixed(0)} MB in the second: growth ${growth.toFixed(1)} MB, bound ${growthBound(warm).toFixed(0)} MB: ${rssFlat ? 'flat' : 'GROWING'}.`,
  `Held after a full collection (heap + buffers): ${heldAt.map((h) => `${h.total.toFixed(1)} MB at ${h.t.toFixed(0)} s (heap ${h.heap.toFixed(1)}, buffers ${h.external.toFixed(1)})`).join('; ')}: growth ${heldGrowth.toFixed(1)} MB, bound ${heldBound(heldWarm.total).toFixed(0)} MB: ${heldFlat ? 'flat' : 'GROWING'}.`,
];
process.stdout.write(`${lines.join('\n')}\n`);
await rm(work, { recursive: true, force: true });
process.exitCode = errors === 0 && flat ? 0 : 1;
