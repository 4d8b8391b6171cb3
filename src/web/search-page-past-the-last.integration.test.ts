import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, type: res.headers.get('content-type') ?? '', text: await res.text() };
};

/** The href of the first link whose text matches. */
function href(page: string, text: RegExp): string {
  for (const m of page.matchAll(/<a href="([^"]*)"[^>]*>([^<]*)<\/a>/g)) {
    if (text.test(m[2]!)) return m[1]!.replaceAll('&#38;', '&');
  }
  throw new Error(`no link ${text} in the page`);
}

test('a results page past the last answers 404 "No such page" with a link to the last page', async () => {
  const first = await get('/search?q=refugees');
  const total = Number(/of <strong>([\d,]+)<\/strong> articles/.exec(first.text)?.[1]);
  assert.ok(total > 0, 'refugees has results in the sample');
  const pages = Math.ceil(total / 20);

  const past = await get('/search?q=refugees&sort=date&page=999');
  assert.equal(past.status, 404);
  assert.match(past.type, /text\/html/);
  assert.match(past.text, /<h1>No such page<\/h1>/);
  assert.match(past.text, new RegExp(`found ${total} articles, on ${pages} page`));
  assert.doesNotMatch(past.text, /\d–[\d,]+ of/, 'no count of results past the end');
  const last = href(past.text, /Go to the last page/);
  // The link keeps the search (and its sort) and asks for the last page, which is there.
  assert.equal(last, `/search?q=refugees&sort=date&page=${pages}`);
  const there = await get(last);
  assert.equal(there.status, 200);
  assert.match(there.text, new RegExp(`–${total} of <strong>${total}</strong> articles`));

  // The last page itself and page 1 stay 200; the one after the last is 404.
  assert.equal((await get(`/search?q=refugees&page=${pages}`)).status, 200);
  assert.equal((await get(`/search?q=refugees&page=${pages + 1}`)).status, 404);
});

test('a search with no results has page 1 (200) and no page 2 (404)', async () => {
  const none = await get('/search?q=zzyzx');
  assert.equal(none.status, 200);
  assert.match(none.text, /No articles match/);
  const two = await get('/search?q=zzyzx&page=2');
  assert.equal(two.status, 404);
  assert.match(two.text, /has no results, so it has no page 2/);
  assert.equal(href(two.text, /Go to the last page/), '/search?q=zzyzx&page=1');
});

test('the API answers a page past the last with 404 NOT_FOUND naming the last page', async () => {
  const res1 = await app.request('/api/v1/search?q=refugees&pageSize=1');
  const { total } = (await res1.json()) as { total: number };
  assert.ok(total > 1);
  const last = await app.request(`/api/v1/search?q=refugees&pageSize=1&page=${total}`);
  assert.equal(last.status, 200);
  assert.equal(((await last.json()) as { results: unknown[] }).results.length, 1);

  const past = await app.request(`/api/v1/search?q=refugees&pageSize=1&page=${total + 1}`);
  assert.equal(past.status, 404);
  assert.match(past.headers.get('content-type') ?? '', /application\/json/);
  const body = (await past.json()) as { error: { code: string; message: string } };
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, 'NOT_FOUND');
  assert.equal(
    body.error.message,
    `There is no page ${total + 1} of this search. The search found ${total} results on ${total} pages; the last is page=${total}.`,
  );
  const empty = await app.request('/api/v1/search?q=zzyzx&page=2');
  assert.equal(empty.status, 404);
  assert.match(
    ((await empty.json()) as { error: { message: string } }).error.message,
    /page=1 is its only page/,
  );
  // Page 1 of nothing is an empty list, not an error.
  assert.equal((await app.request('/api/v1/search?q=zzyzx')).status, 200);
});

test('following nextCursor to the end never meets the page error', async () => {
  let url = '/api/v1/search?q=refugees&pageSize=1';
  let seen = 0;
  for (let i = 0; i < 50; i++) {
    const res = await app.request(url);
    assert.equal(res.status, 200, url);
    const body = (await res.json()) as { results: unknown[]; nextCursor: string | null };
    seen += body.results.length;
    if (!body.nextCursor) break;
    url = `/api/v1/search?q=refugees&pageSize=1&cursor=${body.nextCursor}`;
  }
  const { total } = (await (await app.request('/api/v1/search?q=refugees')).json()) as { total: number };
  assert.equal(seen, total);
});
