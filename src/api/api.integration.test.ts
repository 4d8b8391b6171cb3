import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
let pdf1974: Uint8Array;

before(async () => {
  t = await sampleArchive();
  pdf1974 = t.pdf1974;
  app = createApp(t.archive, () => {});
});
after(() => t.done());

async function json(path: string, status = 200) {
  const res = await app.request(path);
  assert.equal(res.status, status, `${path} → ${res.status}`);
  assert.match(res.headers.get('content-type') ?? '', /application\/json/);
  return res.json() as Promise<Record<string, any>>;
}

test('GET /api/v1/search finds, highlights, ranks the headline first, and pages', async () => {
  const body = await json('/api/v1/search?q=displaced%20persons');
  assert.equal(body.query, 'displaced persons');
  assert.equal(body.total, 2);
  assert.equal(body.page, 1);
  assert.equal(body.pageSize, 20);
  const [first] = body.results;
  assert.deepEqual(Object.keys(first).sort(), [
    'date',
    'headline',
    'id',
    'kicker',
    'page',
    'score',
    'snippet',
    'url',
    'variants',
  ]);
  assert.match(first.snippet, /<mark>displaced<\/mark> <mark>persons<\/mark>/);
  assert.match(first.url, /^\/archive\/[a-z0-9-]+-19741219-[0-9a-z]{6}$/);
  // "camps" is in one headline and one body: the headline match wins.
  const camps = await json('/api/v1/search?q=camps');
  assert.equal(camps.results[0].headline, 'Camps in Bavaria to Close by Spring');
  // Exact words: no count of exact matches apart; a misspelling falls back to variants and says it matched 0 exactly.
  assert.equal(camps.variants.exact, null);
  const fuzzy = await json('/api/v1/search?q=bavarla');
  assert.deepEqual([fuzzy.variants.mode, fuzzy.variants.exact], ['fallback', 0]);
  const paged = await json('/api/v1/search?q=displaced&pageSize=1&page=2');
  assert.equal(paged.results.length, 1);
  assert.notEqual(paged.results[0].id, (await json('/api/v1/search?q=displaced&pageSize=1')).results[0].id);
});

test('search filters by date range and sorts by date both ways', async () => {
  const all = await json('/api/v1/search?q=refugees&sort=date');
  assert.deepEqual(
    all.results.map((r: any) => r.date.slice(0, 4)),
    ['1938', '1938', '1974', '1974'],
  );
  const newest = await json('/api/v1/search?q=refugees&sort=-date');
  assert.equal(newest.results[0].date, '1974-12-19');
  const ranged = await json('/api/v1/search?q=refugees&from=1938-01-01&to=1938-12-31');
  assert.equal(ranged.total, 2);
  assert.ok(ranged.results.every((r: any) => r.date === '1938-05-04'));
});

test('malformed searches and parameters get a 400 that names the problem', async () => {
  for (const [path, code, pattern] of [
    ['/api/v1/search?q=%22open', 'BAD_QUERY', /never closed/],
    ['/api/v1/search?q=', 'BAD_QUERY', /no words/],
    ['/api/v1/search?q=x&from=1974-13-01', 'BAD_REQUEST', /"from" must be a date/],
    ['/api/v1/search?q=x&sort=best', 'BAD_REQUEST', /"sort" must be/],
    ['/api/v1/search?q=x&pageSize=1000', 'BAD_REQUEST', /"pageSize"/],
    ['/api/v1/search?q=x&page=0', 'BAD_REQUEST', /"page"/],
    ['/api/v1/dates?from=yesterday', 'BAD_REQUEST', /"from"/],
  ] as const) {
    const body = await json(path, 400);
    assert.equal(body.error.code, code, path);
    assert.match(body.error.message, pattern, path);
  }
});

test('GET /api/v1/articles/:id gives the article with its references resolved', async () => {
  const hit = (await json('/api/v1/search?q=mcdonald')).results[0];
  const a = await json(`/api/v1/articles/${hit.id}`);
  assert.equal(a.headline, "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.equal(a.kicker, 'News Brief');
  assert.equal(a.byline, 'By Ben Gallob');
  assert.deepEqual(a.dateline, {
    raw: 'WASHINGTON, Dec. 18 (JTA) --',
    place: 'WASHINGTON',
    date: '1974-12-18',
    agency: 'JTA',
  });
  assert.equal(a.date, '1974-12-19');
  assert.deepEqual(a.pages, [1, 1]);
  assert.match(a.text, /^The State Department said today/);
  assert.deepEqual(a.edition, { date: '1974-12-19', url: '/1974/12/19', pdfUrl: '/1974/12/19/bulletin.pdf' });
  assert.equal(a.references.length, 1);
  assert.equal(a.references[0].text, '(See P. 2 for separate story.)');
  const target = await json(`/api/v1/articles/${a.references[0].targetId}`);
  assert.equal(target.headline, 'Camps in Bavaria to Close by Spring');
  assert.equal(a.references[0].targetUrl, target.url);
  assert.equal(target.referencedBy[0].sourceId, a.id);
  const missing = await json('/api/v1/articles/19000101-aaaaaa', 404);
  assert.equal(missing.error.code, 'NOT_FOUND');
  const malformed = await json('/api/v1/articles/not-an-id', 400);
  assert.match(malformed.error.message, /"id" must look like 19741219-k3f9a2/);
});

test('GET /api/v1/dates lists the dates with counts; /dates/:date lists one bulletin in order', async () => {
  const list = await json('/api/v1/dates');
  assert.deepEqual(
    list.dates.map((d: any) => [d.date, d.articles, d.pages]),
    [
      ['1938-05-04', 2, 1],
      ['1974-12-19', 3, 2],
    ],
  );
  const ranged = await json('/api/v1/dates?from=1970-01-01&to=1979-12-31');
  assert.deepEqual(
    ranged.dates.map((d: any) => d.date),
    ['1974-12-19'],
  );
  const day = await json('/api/v1/dates/1974-12-19');
  assert.equal(day.pdfUrl, '/1974/12/19/bulletin.pdf');
  assert.equal(day.pages, 2);
  assert.deepEqual(
    day.articles.map((a: any) => a.page),
    [1, 1, 2],
  );
  assert.equal(day.articles[1].headline, 'Soviet Union Bars Emigration of 300 Families from Kiev');
  assert.equal((await json('/api/v1/dates/1974-12-20', 404)).error.code, 'NOT_FOUND');
  assert.equal((await json('/api/v1/dates/1974-02-30', 400)).error.code, 'BAD_REQUEST');
});

test('the PDF of a date is the file that was ingested', async () => {
  const res = await app.request('/1974/12/19/bulletin.pdf');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), pdf1974);
  assert.equal((await app.request('/1974/12/20/bulletin.pdf')).status, 404);
});

test('page images are rendered from the PDF at fixed widths, cached, and refused at other sizes', async () => {
  const res = await app.request('/1974/12/19/page-2.png?w=200');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'image/png');
  const png = new Uint8Array(await res.arrayBuffer());
  assert.deepEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  // PNG width is the big-endian integer at byte 16.
  assert.equal(Buffer.from(png).readUInt32BE(16), 200);
  const again = new Uint8Array(await (await app.request('/1974/12/19/page-2.png?w=200')).arrayBuffer());
  assert.deepEqual(again, png);
  assert.equal((await app.request('/1974/12/19/page-2.png?w=201')).status, 400);
  assert.equal((await app.request('/1974/12/19/page-3.png')).status, 404);
  assert.equal((await app.request('/1974/12/20/page-1.png')).status, 404);
});

test('HTML pages: article with reference link, date page, search, year, about; unknown pages are 404', async () => {
  const hit = (await json('/api/v1/search?q=mcdonald')).results[0];
  const page = await (await app.request(hit.url)).text();
  assert.match(page, /<h1 id="headline">U\.S\. Seeks DP&#39;s Entry, Says Dr\. McDonald<\/h1>/);
  assert.match(page, /href="\/1974\/12\/19\/bulletin\.pdf#page=1"[^>]*>Download PDF for this date/);
  assert.match(
    page,
    /<a href="\/archive\/camps-in-bavaria[^"]+"[^>]*>\(See P\. 2 for separate story\.\)<\/a>/,
  );
  // The bare id redirects to the canonical slug.
  const byId = await app.request(`/archive/${hit.id}`);
  assert.equal(byId.status, 301);
  assert.equal(byId.headers.get('location'), hit.url);
  const day = await (await app.request('/1974/12/19')).text();
  assert.match(day, /Thursday, December 19, 1974/);
  assert.ok(day.indexOf('Soviet Union Bars') < day.indexOf('Camps in Bavaria'));
  const results = await app.request('/search?q=%22open');
  assert.equal(results.status, 400);
  assert.match(await results.text(), /never closed/);
  assert.match(await (await app.request('/search?q=refugees')).text(), /of <strong>4<\/strong> articles/);
  assert.match(await (await app.request('/1938')).text(), /Wednesday, May 4, 1938/);
  assert.match(await (await app.request('/about')).text(), /Founding Funders/);
  assert.match(await (await app.request('/help/search')).text(), /Spelling and OCR variants/);
  // A misspelt query falls back to its variants and says so, per result too.
  const fuzzy = await (await app.request('/search?q=bavarla')).text();
  assert.match(
    fuzzy,
    /0 exact matches: the words alone found fewer than 3 articles, so their variants were searched too: <strong>bavaria<\/strong> for bavarla \(OCR\)/,
  );
  assert.match(fuzzy, /Matched <strong>bavaria<\/strong> for bavarla \(OCR confusion l↔i\)/);
  assert.match(await (await app.request('/search?q=refugees')).text(), /<h2>Dateline<\/h2>/);
  assert.match(day, /placeholder="Search this bulletin"/);
  // Every page type stays light: under 50 KB of HTML.
  for (const path of ['/', hit.url, '/1974/12/19', '/1974', '/search?q=refugees', '/about']) {
    const size = (await (await app.request(path)).arrayBuffer()).byteLength;
    assert.ok(size < 50 * 1024, `${path} is ${size} bytes`);
  }
  assert.equal((await app.request('/nothing/here')).status, 404);
  assert.equal((await app.request('/1974/13/45')).status, 404);
});

// Hostile and arbitrary parameters on every route: src/http/hostile-requests.integration.test.ts.
