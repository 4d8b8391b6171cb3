/** Security headers, path traversal on file routes, body size and time limits, and per-client rate limits. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';
import { CONTENT_SECURITY_POLICY } from './request-limits.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
const SENTINEL = 'SENTINEL-7f3a9c-outside-the-archive';

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
  // Files a traversal would be after: one beside the data folder, one beside the blobs.
  await writeFile(join(t.dir, 'secret.txt'), SENTINEL);
  await writeFile(join(t.dir, 'data', 'secret.txt'), SENTINEL);
});
after(() => t.done());

/** A request as if from a socket at `ip` (what @hono/node-server passes as the environment). */
const from = (ip: string) => ({
  incoming: { socket: { remoteAddress: ip, remotePort: 5000, remoteFamily: 'IPv4' } },
});

test('every response carries the security headers, errors included', async () => {
  // Scripts only from this origin's files (web/assets/reader.js): none inline, none from elsewhere.
  assert.match(CONTENT_SECURITY_POLICY, /script-src 'self'(;|$)/);
  assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
  for (const path of [
    '/',
    '/search?q=refugees',
    '/api/v1/search?q=x',
    '/1974/12/19/bulletin.pdf',
    '/oai?verb=Identify',
    '/nothing',
    '/api/v1/articles/bad',
  ]) {
    const res = await app.request(path);
    assert.equal(res.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY, path);
    assert.match(CONTENT_SECURITY_POLICY, /frame-ancestors 'self'/);
    assert.match(CONTENT_SECURITY_POLICY, /base-uri 'none'/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff', path);
    assert.equal(res.headers.get('referrer-policy'), 'same-origin', path);
    assert.equal(res.headers.get('x-frame-options'), 'SAMEORIGIN', path);
    assert.equal(res.headers.get('cross-origin-opener-policy'), 'same-origin', path);
  }
});

/** Paths that try to reach files outside the archive through every file, blob and asset route. */
const traversals = [
  '/assets/../secret.txt',
  '/assets/..%2f..%2fsecret.txt',
  '/assets/%2e%2e/%2e%2e/secret.txt',
  '/assets/..%5c..%5csecret.txt',
  '/assets/site.css%00.png',
  '/assets//etc/passwd',
  '/assets/%2fetc%2fpasswd',
  '/%2e%2e/%2e%2e/secret.txt',
  '/..%2fsecret.txt',
  '//etc/passwd',
  '/1974/12/19/..%2f..%2fsecret.txt',
  '/1974/12/19/bulletin.pdf%00',
  '/1974/12/19/bulletin.pdf/..%2f..%2fsecret.txt',
  '/1974/12/19/page-1.png%2f..%2f..%2fsecret.txt',
  '/1974/12/19/page-1%2f..%2f..%2fsecret.txt',
  '/api/v1/dates/1974-12-19/pages/..%2f..%2fsecret.txt/alto.xml',
  '/api/v1/dates/..%2f..%2fsecret.txt/pages/1/alto.xml',
  '/1974/12/%2e%2e/bulletin.pdf',
  '/iiif/..%2f..%2fsecret.txt/manifest.json',
  '/iiif/image/..%2F..%2Fdata/1/info.json',
  '/iiif/image/1974-12-19/1/full/..%2f..%2fsecret.txt/0/default.png',
  '/iiif/image/1974-12-19/1%00/info.json',
  '/cite/..%2f..%2fsecret.txt',
  '/cite/19741219-aaaaaa.bib%00.txt',
  '/archive/..%2f..%2fsecret.txt',
  '/archive/%2fetc%2fpasswd',
  '/api/v1/articles/..%2f..%2fsecret.txt',
  '/api/v1/dates/..%2f..%2fsecret.txt',
  '/sitemaps/..%2fsecret.txt',
  '/C:%5cWindows%5cwin.ini',
];

test('path traversal on every file, blob and asset route is refused with 4xx and reads nothing outside', async () => {
  for (const path of traversals) {
    const res = await app.request(path);
    const body = await res.text();
    assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
    assert.ok(!body.includes(SENTINEL) && !body.includes('root:x:0'), `${path} leaked a file`);
  }
});

test('over a real socket, raw dot segments and encoded slashes are refused too', async () => {
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      // node:http sends the path exactly as written: no client-side normalisation of "..".
      const req = httpRequest({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
        let body = '';
        res.on('data', (d) => {
          body += d;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    for (const path of [
      ...traversals,
      '/assets/../../secret.txt',
      '/1974/12/19/../../../secret.txt',
      '/../../../../etc/passwd',
    ]) {
      const { status, body } = await get(path);
      assert.ok(status >= 400 && status < 500, `${path} → ${status}`);
      assert.ok(!body.includes(SENTINEL) && !body.includes('root:x:0'), `${path} leaked a file`);
    }
    // The real routes still work over the same socket.
    assert.equal((await get('/1974/12/19/bulletin.pdf')).status, 200);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('a request body over the limit is refused with 413 TOO_LARGE before it is read', async () => {
  const small = createApp(t.archive, () => {}, { maxBodyBytes: 1024 });
  const res = await small.request('/oai', { method: 'POST', body: `verb=Identify&x=${'a'.repeat(2000)}` });
  assert.equal(res.status, 413);
  assert.match(await res.text(), /A request body may be at most 1 KB/);
  const ok = await small.request('/oai', { method: 'POST', body: 'verb=Identify' });
  assert.equal(ok.status, 200);
  // Streamed without a length, the body is counted as it arrives.
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < 4; i++) c.enqueue(new TextEncoder().encode('a'.repeat(512)));
      c.close();
    },
  });
  const chunked = await small.request('/oai', {
    method: 'POST',
    body: stream,
    duplex: 'half',
  } as RequestInit);
  assert.equal(chunked.status, 413);
});

test('a request that runs past the time limit is answered 503 TIMEOUT with Retry-After in the JSON error shape', async () => {
  const hasty = createApp(t.archive, () => {}, { requestTimeoutMs: 1 });
  // Rendering a page image at 1600 px takes far longer than 1 ms, and yields while it works.
  const res = await hasty.request('/iiif/image/1974-12-19/2/full/1600,/0/default.png');
  assert.equal(res.status, 503);
  assert.equal(res.headers.get('retry-after'), '5');
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'TIMEOUT');
  assert.match(body.error.message, /longer than 0\.001 s/);
  // Nobody waits for the render any more: it was dropped, not finished in the background.
  const e = (await t.archive.store.getEdition('1974-12-19'))!;
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await t.archive.blobs.getDerived(e.pdfKey, 'p2-w1600.png'), null);
  assert.equal((await app.request('/iiif/image/1974-12-19/2/full/1600,/0/default.png')).status, 200);
  assert.notEqual(await t.archive.blobs.getDerived(e.pdfKey, 'p2-w1600.png'), null);
});

test('each client has its own bucket: past it, search and the API answer 429 with Retry-After', async () => {
  const limited = createApp(t.archive, () => {}, { rateLimitPerMinute: 3 });
  for (let i = 0; i < 3; i++)
    assert.equal((await limited.request('/api/v1/search?q=refugees', {}, from('203.0.113.5'))).status, 200);
  const res = await limited.request('/api/v1/search?q=refugees', {}, from('203.0.113.5'));
  assert.equal(res.status, 429);
  assert.equal(res.headers.get('retry-after'), '20'); // 3 a minute: a token every 20 s
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  const body = (await res.json()) as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'RATE_LIMITED');
  assert.match(body.error.message, /3 a minute/);
  // The HTML search, OAI-PMH and IIIF share the client's bucket; pages and assets do not count.
  assert.equal((await limited.request('/search?q=refugees', {}, from('203.0.113.5'))).status, 429);
  assert.equal((await limited.request('/oai?verb=Identify', {}, from('203.0.113.5'))).status, 429);
  assert.equal(
    (await limited.request('/iiif/1974-12-19/manifest.json', {}, from('203.0.113.5'))).status,
    429,
  );
  assert.equal((await limited.request('/1974/12/19', {}, from('203.0.113.5'))).status, 200);
  // Another client is not held up by the first.
  assert.equal((await limited.request('/api/v1/search?q=refugees', {}, from('198.51.100.7'))).status, 200);
  // X-Forwarded-For is ignored unless the proxy is trusted…
  const spoof = { headers: { 'x-forwarded-for': '192.0.2.1' } };
  assert.equal((await limited.request('/api/v1/dates', spoof, from('203.0.113.5'))).status, 429);
  // …and behind a trusted proxy its last entry is the client.
  const proxied = createApp(t.archive, () => {}, { rateLimitPerMinute: 1, trustProxy: true });
  const via = (ip: string) => ({ headers: { 'x-forwarded-for': `10.9.9.9, ${ip}` } });
  assert.equal((await proxied.request('/api/v1/dates', via('192.0.2.1'), from('127.0.0.1'))).status, 200);
  assert.equal((await proxied.request('/api/v1/dates', via('192.0.2.1'), from('127.0.0.1'))).status, 429);
  assert.equal((await proxied.request('/api/v1/dates', via('192.0.2.2'), from('127.0.0.1'))).status, 200);
  // The off switch (for benchmarks).
  const off = createApp(t.archive, () => {}, { rateLimitPerMinute: 0 });
  for (let i = 0; i < 10; i++)
    assert.equal((await off.request('/api/v1/dates', {}, from('203.0.113.5'))).status, 200);
});

test('over a real socket the client is the peer address, and the 429 reaches it with Retry-After', async () => {
  const limited = createApp(t.archive, () => {}, { rateLimitPerMinute: 2 });
  const server = serve({ fetch: limited.fetch, hostname: '127.0.0.1', port: 0 });
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    assert.equal((await fetch(`${base}/api/v1/search?q=refugees`)).status, 200);
    assert.equal((await fetch(`${base}/oai?verb=Identify`)).status, 200);
    const res = await fetch(`${base}/api/v1/dates`);
    assert.equal(res.status, 429);
    assert.equal(res.headers.get('retry-after'), '30');
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED');
    assert.equal((await fetch(`${base}/1974/12/19`)).status, 200, 'pages are not limited');
  } finally {
    await new Promise((r) => server.close(r));
  }
});
