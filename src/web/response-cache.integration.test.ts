import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { createApp } from '../server.js';
import { cacheBytesFromEnv } from './response-cache.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {}, { cacheBytes: 4 * 1024 * 1024 });
});
after(() => t.done());

const get = async (path: string, init?: RequestInit) => {
  const res = await app.request(path, init);
  return { res, text: await res.text() };
};

test('a page is rendered once and then served from the cache, byte for byte, with the same headers', async () => {
  const first = await get('/search?q=refugees');
  const again = await get('/search?q=refugees');
  assert.equal(first.res.headers.get('x-cache'), 'miss');
  assert.equal(again.res.headers.get('x-cache'), 'hit');
  assert.equal(again.text, first.text);
  assert.equal(again.res.headers.get('content-type'), first.res.headers.get('content-type'));
  assert.equal(
    again.res.headers.get('content-security-policy'),
    first.res.headers.get('content-security-policy'),
  );
  const api = await get('/api/v1/search?q=refugees');
  assert.equal(api.res.headers.get('x-cache'), 'miss');
  assert.equal((await get('/api/v1/search?q=refugees')).res.headers.get('access-control-allow-origin'), '*');
});

test('an ingest makes every cached page stale: the next reader sees the new bulletin', async () => {
  const before = await get('/search?q=shipyard');
  assert.match(before.text, /No articles|0 results|found nothing/i);
  const inbox = join(t.dir, 'inbox');
  await writeFile(
    join(inbox, '1951-03-02.pdf'),
    await typedPdf([
      `                 DAILY NEWS BULLETIN
                 Friday, March 2, 1951

     SHIPYARD OPENS IN HAIFA

     HAIFA, March 1 (JTA) -- A new shipyard opened here today, the first
built since the founding of the state, and will employ two hundred men.
###
`,
    ]),
  );
  const [report] = await t.archive.ingest.ingestPaths([join(inbox, '1951-03-02.pdf')]);
  assert.equal(report?.status, 'ingested');
  const after = await get('/search?q=shipyard');
  assert.equal(after.res.headers.get('x-cache'), 'miss');
  assert.match(after.text, /Shipyard Opens in Haifa/);
});

test('errors, writes and requests with credentials are never cached', async () => {
  await get('/archive/no-such-article');
  const missing = await get('/archive/no-such-article');
  assert.equal(missing.res.status, 404);
  assert.equal(missing.res.headers.get('x-cache'), null);
  await get('/search?q=refugees', { headers: { authorization: 'Bearer x' } });
  const authed = await get('/search?q=refugees', { headers: { authorization: 'Bearer x' } });
  assert.equal(authed.res.headers.get('x-cache'), null);
});

test('the cache can be turned off, and a bad size is refused with the setting named', async () => {
  const off = createApp(t.archive, () => {}, { cacheBytes: 0 });
  await off.request('/search?q=refugees');
  assert.equal((await off.request('/search?q=refugees')).headers.get('x-cache'), null);
  assert.equal(cacheBytesFromEnv({ DATELINE_CACHE_MB: '0' }), 0);
  assert.equal(cacheBytesFromEnv({}), 64 * 1024 * 1024);
  assert.throws(
    () => cacheBytesFromEnv({ DATELINE_CACHE_MB: 'lots' }),
    (e: Error & { code?: string }) => e.code === 'CONFIG' && /DATELINE_CACHE_MB.*"lots"/.test(e.message),
  );
});
