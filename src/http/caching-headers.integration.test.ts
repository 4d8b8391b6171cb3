/**
 * Caching headers over a real socket: strong ETags and 304s for pages, API answers, feeds and images
 * (with the page cache on and off, so both the cache's fast path and the app answer them), Cache-Control
 * for each kind, and the bulletin PDF streamed with Range support on both backends without ever reading
 * the whole blob.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { postgresBackend } from '../../test/helpers/postgres.js';
import { bulletin1974, sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Archive } from '../app.js';
import { type AppOptions, createServer } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
const servers: Server[] = [];

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

async function listen(archive: Archive, opts: AppOptions) {
  const s = createServer(archive, () => {}, { rateLimitPerMinute: 0, ...opts });
  const server = createHttpServer(s.listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, s };
}

const DOCUMENTS = [
  '/',
  '/1974/12/19',
  '/search?q=refugees',
  '/api/v1/search?q=refugees',
  '/api/v1/dates',
  '/feeds/editions.atom',
  '/search.atom?q=refugees',
  '/search.bib?q=refugees',
  '/iiif/1974-12-19/manifest.json',
];

for (const cacheBytes of [0, 4 * 1024 * 1024]) {
  test(`pages, API answers and feeds carry a strong ETag and answer 304 to it (page cache ${cacheBytes ? 'on' : 'off'})`, async () => {
    const { base } = await listen(t.archive, { cacheBytes });
    for (const path of DOCUMENTS) {
      const first = await fetch(`${base}${path}`);
      const body = await first.text();
      assert.equal(first.status, 200, path);
      const etag = first.headers.get('etag');
      assert.match(etag ?? '', /^"[A-Za-z0-9_-]{32}"$/, `${path}: a strong ETag`);
      assert.equal(first.headers.get('cache-control'), 'public, max-age=60', path);
      // Twice: the second may come from the page cache, and must say the same.
      for (let i = 0; i < 2; i++) {
        const again = await fetch(`${base}${path}`, { headers: { 'if-none-match': etag! } });
        assert.equal(again.status, 304, `${path} #${i}`);
        assert.equal(await again.text(), '');
        assert.equal(again.headers.get('etag'), etag);
        assert.equal(again.headers.get('cache-control'), 'public, max-age=60');
        assert.ok(again.headers.get('content-security-policy'), 'security headers on a 304 too');
      }
      const other = await fetch(`${base}${path}`, { headers: { 'if-none-match': '"something-else"' } });
      assert.equal(other.status, 200);
      assert.equal(await other.text(), body, path);
      assert.equal(other.headers.get('etag'), etag, `${path}: the same body has the same ETag`);
    }
    const api = await fetch(`${base}/api/v1/search?q=refugees`, { headers: { 'if-none-match': '*' } });
    assert.equal(api.status, 304);
    assert.equal(api.headers.get('access-control-allow-origin'), '*');
    // Errors and the streamed export get no validator.
    assert.equal((await fetch(`${base}/1999/01/01`)).headers.get('etag'), null);
    const exported = await fetch(`${base}/api/v1/export.jsonl`);
    await exported.text();
    assert.equal(exported.headers.get('etag'), null);
  });
}

test('an ETag changes when an ingest changes the answer', async () => {
  const { base } = await listen(t.archive, { cacheBytes: 4 * 1024 * 1024 });
  const before = (await fetch(`${base}/api/v1/dates`)).headers.get('etag')!;
  await mkdir(join(t.dir, 'more'), { recursive: true });
  const file = join(t.dir, 'more', '1975-01-02.pdf');
  await writeFile(
    file,
    await typedPdf(bulletin1974.map((p) => p.replaceAll('December 19, 1974', 'January 2, 1975'))),
  );
  const [r] = await t.archive.ingest.ingestPaths([file]);
  assert.equal(r?.status, 'ingested', r?.error ?? '');
  const now = await fetch(`${base}/api/v1/dates`, { headers: { 'if-none-match': before } });
  assert.equal(now.status, 200);
  assert.notEqual(now.headers.get('etag'), before);
});

test('page images: the ETag names the PDF and the size, and a 304 draws nothing', async () => {
  await rm(join(t.archive.dataDir, 'blobs', 'derived'), { recursive: true, force: true });
  const { base, s } = await listen(t.archive, { cacheBytes: 0 });
  const e = (await t.archive.store.getEdition('1974-12-19'))!;
  const held = `"${e.pdfKey}-p1-w200"`;
  for (const path of ['/1974/12/19/page-1.png?w=200', '/iiif/image/1974-12-19/1/full/200,/0/default.png']) {
    const same = await fetch(`${base}${path}`, { headers: { 'if-none-match': held } });
    assert.equal(same.status, 304, path);
    assert.equal(same.headers.get('etag'), held);
    assert.equal(same.headers.get('cache-control'), 'public, max-age=86400');
  }
  assert.equal(s.renderer.counts.rendered, 0, 'nothing was drawn for the 304s');
  const drawn = await fetch(`${base}/1974/12/19/page-1.png?w=200`);
  assert.equal(drawn.status, 200);
  assert.equal(drawn.headers.get('etag'), held);
  assert.equal(drawn.headers.get('content-type'), 'image/png');
});

/** The bulletin PDF: ETag, Range, If-Range, HEAD, 416, and no whole-blob read. */
async function pdfRanges(archive: Archive, pdf: Uint8Array) {
  const { base } = await listen(archive, { cacheBytes: 0 });
  const key = createHash('sha256').update(pdf).digest('hex');
  const size = pdf.byteLength;
  const url = `${base}/1974/12/19/bulletin.pdf`;
  const wholeReads: string[] = [];
  const get = archive.blobs.get.bind(archive.blobs);
  archive.blobs.get = async (k: string) => {
    wholeReads.push(k);
    return get(k);
  };
  try {
    const whole = await fetch(url);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get('etag'), `"${key}"`);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
    assert.equal(whole.headers.get('content-length'), String(size));
    assert.equal(whole.headers.get('cache-control'), 'public, max-age=86400');
    assert.ok(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(pdf)));

    const part = await fetch(url, { headers: { range: 'bytes=100-1123' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 100-1123/${size}`);
    assert.ok(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(pdf.subarray(100, 1124))));

    const tail = await fetch(url, { headers: { range: 'bytes=-10' } });
    assert.equal(tail.status, 206);
    assert.equal(
      Buffer.from(await tail.arrayBuffer()).toString('latin1'),
      Buffer.from(pdf.subarray(size - 10)).toString('latin1'),
    );

    const open = await fetch(url, { headers: { range: `bytes=${size - 5}-` } });
    assert.equal(open.headers.get('content-range'), `bytes ${size - 5}-${size - 1}/${size}`);
    await open.arrayBuffer();

    const past = await fetch(url, { headers: { range: `bytes=${size}-` } });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), `bytes */${size}`);

    const stale = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': '"another-copy"' } });
    assert.equal(stale.status, 200, 'If-Range with another ETag: the whole file');
    await stale.arrayBuffer();
    const fresh = await fetch(url, { headers: { range: 'bytes=0-9', 'if-range': `"${key}"` } });
    assert.equal(fresh.status, 206);
    await fresh.arrayBuffer();

    const same = await fetch(url, { headers: { 'if-none-match': `"${key}"` } });
    assert.equal(same.status, 304);

    const head = await fetch(url, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String(size));
    assert.equal((await head.arrayBuffer()).byteLength, 0);
    assert.deepEqual(wholeReads, [], 'the PDF was streamed, never read whole');
  } finally {
    archive.blobs.get = get;
  }
}

test('sqlite: the bulletin PDF is streamed from disk with ETag and Range', async () => {
  await pdfRanges(t.archive, t.pdf1974);
});

describe('postgres', () => {
  test('postgres: the bulletin PDF is streamed from the database with ETag and Range', async () => {
    const pg = await postgresBackend.open();
    try {
      await mkdir(pg.inbox, { recursive: true });
      const pdf = await typedPdf(bulletin1974);
      await writeFile(join(pg.inbox, '1974-12-19.pdf'), pdf);
      const [r] = await pg.archive.ingest.ingestPaths([join(pg.inbox, '1974-12-19.pdf')]);
      assert.equal(r?.status, 'ingested');
      await pdfRanges(pg.archive, pdf);
    } finally {
      await pg.cleanup();
    }
  });
});
