/**
 * Page images under load, over a real loopback socket: identical asks share one render, different ones
 * beyond the queue are refused 503 with Retry-After (never 500), renders cost a rate-limit token (kept
 * images do not), and a render nobody waits for any more is dropped.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { until } from '../../test/helpers/spawn.js';
import { renderPagePng } from '../ingest/pdf-render.js';
import { type AppOptions, type ArchiveServer, createServer } from '../server.js';
import { PageRenderer } from '../web/page-images.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
const servers: Server[] = [];
const logged: string[] = [];

before(async () => {
  t = await sampleArchive();
});
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await t.done();
});

async function listen(opts: AppOptions): Promise<{ base: string; s: ArchiveServer }> {
  const s = createServer(t.archive, (m) => logged.push(m), { cacheBytes: 0, ...opts });
  const server = createHttpServer(s.listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, s };
}

/** Forgets every page image drawn so far, so the next asks must render. */
async function forgetImages() {
  const { rm } = await import('node:fs/promises');
  const { join } = await import('node:path');
  await rm(join(t.archive.dataDir, 'blobs', 'derived'), { recursive: true, force: true });
}

const get = async (url: string) => {
  const r = await fetch(url);
  const body = Buffer.from(await r.arrayBuffer());
  return {
    status: r.status,
    retryAfter: r.headers.get('retry-after'),
    type: r.headers.get('content-type'),
    body,
  };
};

test('twelve identical asks for an undrawn page image share one render and all get it', async () => {
  await forgetImages();
  const { base, s } = await listen({ rateLimitPerMinute: 0, render: { concurrency: 1, queue: 0 } });
  const answers = await Promise.all(
    Array.from({ length: 12 }, () => get(`${base}/1974/12/19/page-1.png?w=800`)),
  );
  assert.deepEqual(
    answers.map((a) => a.status),
    Array(12).fill(200),
  );
  for (const a of answers) assert.ok(a.body.equals(answers[0]!.body));
  assert.equal(s.renderer.counts.rendered, 1);
  assert.equal(s.renderer.counts.shared, 11);
  assert.deepEqual(logged, []);
});

test('different undrawn images beyond the queue are refused 503 BUSY with Retry-After, never 500', async () => {
  await forgetImages();
  const { base, s } = await listen({ rateLimitPerMinute: 0, render: { concurrency: 1, queue: 2 } });
  const urls = [
    ...['1974/12/19/page-1', '1974/12/19/page-2', '1938/05/04/page-1'].flatMap((p) =>
      [200, 800, 1600].map((w) => `${base}/${p}.png?w=${w}`),
    ),
    `${base}/iiif/image/1974-12-19/2/full/max/0/default.png`,
  ];
  const answers = await Promise.all(urls.map(get));
  const statuses = answers.map((a) => a.status);
  assert.ok(
    statuses.every((x) => x === 200 || x === 503),
    `only 200 and 503: ${statuses}`,
  );
  // One drawing and two waiting: the others were refused at once.
  assert.ok(statuses.filter((x) => x === 503).length >= urls.length - 3, String(statuses));
  for (const a of answers.filter((x) => x.status === 503)) {
    assert.equal(a.retryAfter, '5');
    assert.match(a.body.toString(), /drawing as many page images as it can/);
  }
  const iiif = answers.at(-1)!;
  if (iiif.status === 503) assert.match(iiif.type ?? '', /json/);
  assert.equal(s.renderer.counts.refused, statuses.filter((x) => x === 503).length);
  // Asked again one at a time, every one is drawn.
  for (const u of urls) assert.equal((await get(u)).status, 200, u);
  assert.deepEqual(s.renderer.load, { running: 0, waiting: 0 });
  assert.deepEqual(logged, []);
});

test('a page image that must be drawn costs a rate-limit token; a kept one does not', async () => {
  await forgetImages();
  const { base } = await listen({ rateLimitPerMinute: 2 });
  const kept = `${base}/1974/12/19/page-1.png?w=200`;
  assert.equal((await get(kept)).status, 200);
  assert.equal((await get(`${base}/1974/12/19/page-2.png?w=200`)).status, 200);
  const third = await get(`${base}/1938/05/04/page-1.png?w=200`);
  assert.equal(third.status, 429);
  assert.equal(third.retryAfter, '30');
  // Drawn already: served without a token.
  for (let i = 0; i < 5; i++) assert.equal((await get(kept)).status, 200);
});

test('a render nobody waits for any more is dropped from the queue, or cancelled while drawing', async () => {
  await forgetImages();
  const edition = (await t.archive.store.getEdition('1974-12-19'))!;
  // The real renderer behind a gate the test opens, so which job draws and which waits is certain.
  const gates: (() => void)[] = [];
  const renderer = new PageRenderer(t.archive.blobs, { concurrency: 1, queue: 4 }, async (...args) => {
    await new Promise<void>((open) => gates.push(open));
    return renderPagePng(...args);
  });
  const first = renderer.image(edition, 1, 800);
  const left = new AbortController();
  const queued = renderer.image(edition, 2, 800, { signal: left.signal });
  await until(() => renderer.load.waiting === 1, 10_000, 'the second render to wait');
  left.abort(new Error('the reader left'));
  await assert.rejects(queued, /the reader left/);
  assert.deepEqual(renderer.load, { running: 1, waiting: 0 });
  gates.shift()!();
  assert.ok((await first).length > 1000);
  // Now one that is drawing when its only reader leaves.
  const gone = new AbortController();
  const drawing = renderer.image(edition, 2, 1600, { signal: gone.signal });
  await until(() => gates.length === 1, 10_000, 'the render to start');
  gone.abort(new Error('timed out'));
  await assert.rejects(drawing, /timed out/);
  gates.shift()!();
  await until(() => renderer.load.running === 0, 10_000, 'the cancelled render to stop');
  assert.deepEqual(renderer.counts, { rendered: 1, cancelled: 2, refused: 0, shared: 0 });
  assert.equal(await t.archive.blobs.getDerived(edition.pdfKey, 'p2-w800.png'), null);
  assert.equal(await t.archive.blobs.getDerived(edition.pdfKey, 'p2-w1600.png'), null);
  // A new ask for a dropped image starts afresh and is drawn.
  const again = renderer.image(edition, 2, 800);
  await until(() => gates.length === 1, 10_000, 'the render to start');
  gates.shift()!();
  assert.ok((await again).length > 1000);
});
