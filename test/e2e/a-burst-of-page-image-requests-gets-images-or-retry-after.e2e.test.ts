/**
 * `dateline serve` in its own process takes bursts of page images nobody has asked for yet: twelve
 * identical asks and 48 different ones at once (with a search in the middle). Every answer is 200 or 503
 * with Retry-After, the process stays up, the search is answered, and the server's memory comes back
 * under a bound afterwards (it went from 94 MB to 1.1 GB and stayed there before renders were queued).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1974 } from '../helpers/sample-bulletins.js';
import { datelineChild, datelineSync, until } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

let dir: string;
let server: ReturnType<typeof datelineChild>;
let base: string;
const DAYS = [2, 3, 4, 5, 6, 7, 8, 9];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-burst-'));
  await mkdir(join(dir, 'inbox'));
  for (const d of DAYS) {
    const pages = bulletin1974.map((p) =>
      p
        .replace('Thursday, December 19, 1974', `December ${d}, 1974`)
        .replace('December 19, 1974', `December ${d}, 1974`),
    );
    await writeFile(join(dir, 'inbox', `1974-12-0${d}.pdf`), await typedPdf(pages));
  }
  const r = datelineSync(['ingest', join(dir, 'inbox'), '--data', join(dir, 'data')]);
  assert.equal(r.code, 0, r.stderr);
  // A long time limit: on a busy machine a first render may take seconds, and a 503 TIMEOUT is not what this counts.
  const flags = ['--port', '0', '--rate-limit', 'off', '--request-timeout', '120'];
  server = datelineChild(['serve', '--data', join(dir, 'data'), ...flags], {
    DATELINE_CACHE_MB: '0',
  });
  await until(() => /serving .* at (http:\/\/\S+)\//.test(server.out()), 30_000, 'the server to start');
  base = /at (http:\/\/\S+)\//.exec(server.out())![1]!;
});

after(async () => {
  server?.child.kill('SIGTERM');
  await server?.exited;
  await rm(dir, { recursive: true, force: true });
});

/** The server's resident memory in MB, read from /proc. */
function rssMb(): number {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

const ask = async (path: string) => {
  const r = await fetch(`${base}${path}`);
  await r.arrayBuffer();
  return { status: r.status, retryAfter: r.headers.get('retry-after') };
};

test('bursts of undrawn page images get 200 or 503 with Retry-After, and memory comes back down', async (t) => {
  // Warm up: pdfjs loaded, one page drawn, one search.
  assert.equal((await ask('/1974/12/02/page-1.png?w=200')).status, 200);
  assert.equal((await ask('/search?q=refugees')).status, 200);
  const before = rssMb();
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMb());
  }, 100);

  const same = await Promise.all(Array.from({ length: 12 }, () => ask('/1974/12/03/page-1.png?w=1600')));
  assert.deepEqual(
    same.map((a) => a.status),
    Array(12).fill(200),
  );

  const paths = DAYS.flatMap((d) =>
    [1, 2].flatMap((p) => [1600, 800, 200].map((w) => `/1974/12/0${d}/page-${p}.png?w=${w}`)),
  );
  const burst = Promise.all(paths.map(ask));
  const search = ask('/api/v1/search?q=refugees');
  const answers = await burst;
  clearInterval(sampler);
  assert.equal((await search).status, 200);
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  assert.deepEqual(
    [...counts.keys()].filter((s) => s !== 200 && s !== 503),
    [],
    `statuses: ${[...counts]}`,
  );
  for (const a of answers) if (a.status === 503) assert.equal(a.retryAfter, '5');
  // Two drawing and eight waiting at the default limits: most of the 48 are refused at once.
  assert.ok((counts.get(503) ?? 0) >= 30, `statuses: ${[...counts]}`);

  // After the burst, asked one at a time, every image is drawn; the process is the same one.
  for (const p of paths) assert.equal((await ask(p)).status, 200, p);
  assert.equal(server.child.exitCode, null);
  if (global.gc) global.gc();
  await new Promise((r) => setTimeout(r, 1000));
  const afterMb = rssMb();
  t.diagnostic(
    `RSS before ${before.toFixed(0)} MB, peak ${peak.toFixed(0)} MB, after ${afterMb.toFixed(0)} MB; burst statuses ${JSON.stringify([...counts])}`,
  );
  // At most two pages are drawn at once: memory stays within a couple hundred MB of where it started.
  assert.ok(peak < before + 300, `peak ${peak} MB against ${before} MB before`);
  assert.ok(afterMb < before + 200, `after ${afterMb} MB against ${before} MB before`);
});
