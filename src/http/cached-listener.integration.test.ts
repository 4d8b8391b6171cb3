import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { type AppOptions, createServer } from '../server.js';
import { cacheKey, cacheStamp, ResponseCache } from '../web/response-cache.js';
import { cachedListener } from './cached-listener.js';
import { CONTENT_SECURITY_POLICY } from './request-limits.js';

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

/** The archive served over a real loopback socket through the listener `dateline serve` uses. */
async function listen(opts: AppOptions): Promise<string> {
  const server = createHttpServer(createServer(t.archive, () => {}, opts).listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Response headers without the ones that differ between any two responses. */
const stable = (res: Response) =>
  [...res.headers].filter(([name]) => !['date', 'x-cache', 'keep-alive', 'connection'].includes(name));

test('a repeat view is answered from the cache on the socket with the same status, headers and bytes', async () => {
  const base = await listen({ cacheBytes: 4 * 1024 * 1024, rateLimitPerMinute: 0 });
  for (const path of ['/search?q=refugees', '/api/v1/search?q=refugees', '/1974/12/19']) {
    const first = await fetch(`${base}${path}`);
    const firstBody = await first.text();
    const again = await fetch(`${base}${path}`);
    const againBody = await again.text();
    assert.equal(first.status, 200, path);
    assert.equal(first.headers.get('x-cache'), 'miss', path);
    assert.equal(again.headers.get('x-cache'), 'hit', path);
    assert.equal(again.status, 200);
    assert.equal(againBody, firstBody, path);
    // The same headers; the kept answer says its length (the rendered one may have been sent chunked).
    const withoutLength = (r: Response) => stable(r).filter(([n]) => n !== 'content-length');
    assert.deepEqual(new Map(withoutLength(again)), new Map(withoutLength(first)), path);
    assert.equal(again.headers.get('content-length'), String(Buffer.byteLength(againBody)));
    assert.equal(again.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
  }
  const api = await fetch(`${base}/api/v1/search?q=refugees`);
  assert.equal(api.headers.get('access-control-allow-origin'), '*');
  // HEAD: the headers of the kept page and no body.
  const head = await fetch(`${base}/search?q=refugees`, { method: 'HEAD' });
  assert.equal(head.headers.get('x-cache'), 'hit');
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  assert.ok(Number(head.headers.get('content-length')) > 1000);
  // Credentials always go to the app, never to the cache.
  const authed = await fetch(`${base}/search?q=refugees`, { headers: { authorization: 'Bearer x' } });
  assert.equal(authed.headers.get('x-cache'), null);
});

test('after an ingest the socket fast path serves the new page, not the kept one', async () => {
  const base = await listen({ cacheBytes: 4 * 1024 * 1024, rateLimitPerMinute: 0 });
  await fetch(`${base}/search?q=tannery`).then((r) => r.text());
  const kept = await fetch(`${base}/search?q=tannery`);
  assert.equal(kept.headers.get('x-cache'), 'hit');
  assert.doesNotMatch(await kept.text(), /Tannery Reopens/);
  const inbox = join(t.dir, 'inbox');
  await writeFile(
    join(inbox, '1952-04-03.pdf'),
    await typedPdf([
      `                 DAILY NEWS BULLETIN
                 Thursday, April 3, 1952

     TANNERY REOPENS IN JAFFA

     JAFFA, April 2 (JTA) -- A tannery closed since the war reopened here today
and will employ forty men.
###
`,
    ]),
  );
  const [report] = await t.archive.ingest.ingestPaths([join(inbox, '1952-04-03.pdf')]);
  assert.equal(report?.status, 'ingested');
  const fresh = await fetch(`${base}/search?q=tannery`);
  assert.equal(fresh.headers.get('x-cache'), 'miss');
  assert.match(await fresh.text(), /Tannery Reopens in Jaffa/);
});

test('cached answers count against the rate limit exactly once each, and the 429 says when to retry', async () => {
  const base = await listen({ cacheBytes: 4 * 1024 * 1024, rateLimitPerMinute: 3 });
  const statuses: (string | number)[] = [];
  for (let i = 0; i < 4; i++) {
    const r = await fetch(`${base}/api/v1/search?q=refugees`);
    await r.text();
    statuses.push(r.status === 200 ? (r.headers.get('x-cache') ?? 'none') : r.status);
    if (r.status === 429) assert.equal(r.headers.get('retry-after'), '20');
  }
  // Three tokens: a render, two cache hits, then refused (one token per request, not two).
  assert.deepEqual(statuses, ['miss', 'hit', 'hit', 429]);
  // Pages outside the limit are still served from the cache.
  await fetch(`${base}/1974/12/19`).then((r) => r.text());
  const page = await fetch(`${base}/1974/12/19`);
  assert.equal(page.status, 200);
});

test('the listener answers a kept page itself and hands everything else to the app', async () => {
  const cache = new ResponseCache(1024 * 1024);
  const calls: string[] = [];
  const listener = cachedListener(
    (req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.end('from the app');
    },
    { cache, generation: async () => 'g1', rateLimit: null },
  );
  const server = createHttpServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const stamp = await cacheStamp(async () => 'g1');
  cache.set(cacheKey(host, '/kept?x=1'), {
    stamp,
    status: 200,
    headers: [['content-type', 'text/plain; charset=utf-8']],
    body: new TextEncoder().encode('from the cache'),
  });
  cache.set(cacheKey(host, '/stale'), {
    stamp: 'g0|2000-01-01',
    status: 200,
    headers: [['content-type', 'text/plain']],
    body: new TextEncoder().encode('old'),
  });
  const kept = await fetch(`http://${host}/kept?x=1`);
  assert.equal(await kept.text(), 'from the cache');
  assert.equal(kept.headers.get('x-frame-options'), 'SAMEORIGIN');
  assert.equal(await (await fetch(`http://${host}/kept?x=2`)).text(), 'from the app');
  assert.equal(await (await fetch(`http://${host}/stale`)).text(), 'from the app');
  assert.equal(await (await fetch(`http://${host}/kept?x=1`, { method: 'POST' })).text(), 'from the app');
  assert.deepEqual(calls, ['GET /kept?x=2', 'GET /stale', 'POST /kept?x=1']);
});
