import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

// The sample archive has two bulletins: 1938-05-04 and 1974-12-19.
let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

const get = async (path: string) => {
  const res = await app.request(path);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
};
/** The text with tags dropped. */
const s = (h: string) => h.replace(/<[^>]+>/g, '');
/** The rel=prev and rel=next links of a page, as hrefs. */
const rels = (h: string) => ({
  prev: [...h.matchAll(/<a rel="prev" href="([^"]+)"/g)].map((m) => m[1]),
  next: [...h.matchAll(/<a rel="next" href="([^"]+)"/g)].map((m) => m[1]),
});

test('"go to date" redirects a date with a bulletin to its page, whatever way it is written', async () => {
  for (const typed of ['1974-12-19', 'December 19, 1974', '19 Dec. 1974', '1974/12/19']) {
    const r = await get(`/date?date=${encodeURIComponent(typed)}`);
    assert.equal(r.status, 302, typed);
    assert.equal(r.location, '/1974/12/19', typed);
  }
  assert.equal((await get('/date?date=1974')).location, '/1974');
  assert.equal((await get('/date?date=1974-12')).location, '/1974/12/19', 'a month: its first bulletin');
});

test('"go to date" on a date with no bulletin offers the nearest before and after', async () => {
  const r = await get('/date?date=1950-06-01');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>No bulletin for Thursday, June 1, 1950<\/h1>/);
  assert.deepEqual(rels(r.text), { prev: ['/1938/05/04'], next: ['/1974/12/19'] });
  // The box is there again, holding the date asked.
  assert.match(r.text, /<form class="go-to-date" action="\/date" method="get">[\s\S]*value="1950-06-01"/);

  const early = await get('/date?date=1900-01-01');
  assert.deepEqual(rels(early.text), { prev: [], next: ['/1938/05/04'] });
  const year = await get('/date?date=2001');
  assert.equal(year.status, 200);
  assert.match(year.text, /No bulletins from 2001/);
  assert.deepEqual(rels(year.text), { prev: ['/1974/12/19'], next: [] });
  const month = await get('/date?date=1974-11');
  assert.match(month.text, /No bulletins from November 1974/);
  assert.deepEqual(rels(month.text), { prev: ['/1938/05/04'], next: ['/1974/12/19'] });
});

test('"go to date" explains what it cannot read (400)', async () => {
  const r = await get('/date?date=next+tuesday');
  assert.equal(r.status, 400);
  assert.match(r.text, /“next tuesday” is not a date this archive can read/);
  assert.equal((await get('/date?date=1974-02-30')).status, 400);
  assert.equal((await get('/date')).status, 400);
});

test('a missing date answers 404 and offers the nearest bulletins', async () => {
  const r = await get('/1974/12/18');
  assert.equal(r.status, 404);
  assert.match(r.text, /No bulletin for Wednesday, December 18, 1974/);
  assert.deepEqual(rels(r.text), { prev: ['/1938/05/04'], next: ['/1974/12/19'] });
  const [e] = await t.archive.store.listDates('1938-05-04', '1938-05-04');
  assert.ok(s(r.text).includes(`(${e!.articles} articles on ${e!.pages} page${e!.pages === 1 ? '' : 's'})`));
});

test('the day page has the previous and next bulletin at its top, before the heading', async () => {
  const r = await get('/1974/12/19');
  const top = r.text.indexOf('<nav class="pager bulletins"');
  assert.ok(top > 0 && top < r.text.indexOf('<h1>'), 'the pager comes before the h1');
  assert.match(
    r.text.slice(top),
    /^<nav class="pager bulletins" aria-label="Previous and next bulletin">\s*<a rel="prev" href="\/1938\/05\/04">← Previous bulletin<span class="when">, May 4, 1938<\/span><\/a>/,
  );
  assert.match(r.text, /<input id="date-go" type="date" name="date" value="1974-12-19" required>/);
  const first = await get('/1938/05/04');
  assert.deepEqual(rels(first.text), { prev: [], next: ['/1974/12/19', '/1974/12/19'] });
});

test('"On this day" says which day it shows when today has no bulletin', async () => {
  const same = await get('/?today=12-19');
  assert.match(same.text, /<h2 id="otd-h">On this day: December 19<\/h2>/);
  assert.doesNotMatch(same.text, /nearest day/);
  const near = await get('/?today=12-17');
  assert.match(near.text, /<h2 id="otd-h">On December 19, the nearest day to today<\/h2>/);
  assert.match(
    near.text,
    /No bulletin appeared on December 17 \(today\) in any year; these are from December 19, the nearest day after it that has one\./,
  );
  assert.match(near.text, /<a href="\/1974\/12\/19">December 19, 1974<\/a>/);
  assert.match(same.text, /<form class="go-to-date" action="\/date" method="get">/);
});
