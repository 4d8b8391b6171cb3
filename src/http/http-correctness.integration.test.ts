/**
 * HTTP done right: malformed cursors and tokens are 400s (or OAI-PMH's own error), numbers are plain
 * digits, an error comes in the format of the route that was asked, and a 429 on the API can be read
 * from another origin.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
const faults: string[] = [];

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, (m) => faults.push(m), { cacheBytes: 0 });
});
after(() => t.done());

const b64 = (s: string) => Buffer.from(s).toString('base64url');

test('every malformed search or dates cursor is a 400 that says to start again', async () => {
  for (const cursor of [
    'bnVsbA==', // null
    b64('null'),
    b64('123'),
    b64('[1,2]'),
    b64('"text"'),
    b64('{"o":"20","k":"x"}'),
    b64('{"o":-20}'),
    b64('{}'),
    '!!!',
    '%',
  ]) {
    const res = await app.request(`/api/v1/search?q=refugees&cursor=${encodeURIComponent(cursor)}`);
    assert.equal(res.status, 400, cursor);
    const body = (await res.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'BAD_REQUEST');
    assert.match(body.error.message, /"cursor".*start again without it/);
    const dates = await app.request(`/api/v1/dates?cursor=${encodeURIComponent(cursor)}`);
    assert.equal(dates.status, 400, `dates ${cursor}`);
  }
  // A cursor the archive issued still works.
  const first = (await (await app.request('/api/v1/search?q=refugees&pageSize=1')).json()) as {
    nextCursor: string;
  };
  const second = await app.request(`/api/v1/search?q=refugees&pageSize=1&cursor=${first.nextCursor}`);
  assert.equal(second.status, 200);
  assert.deepEqual(faults, []);
});

test('OAI-PMH answers badResumptionToken for tokens it did not issue and badArgument for impossible dates', async () => {
  for (const token of [
    b64('null'),
    b64('[]'),
    b64('{"metadataPrefix":"oai_dc","after":0,"cursor":0,"from":7}'),
  ]) {
    const body = await (await app.request(`/oai?verb=ListRecords&resumptionToken=${token}`)).text();
    assert.match(body, /<error code="badResumptionToken">/, token);
  }
  for (const from of ['2023-02-30', '2023-13-01', '2023-02-28T24:00:00Z', '2023-02-29T10:00:00Z']) {
    const res = await app.request(`/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from=${from}`);
    assert.equal(res.status, 200);
    assert.match(await res.text(), /<error code="badArgument">&quot;from&quot; must be/, from);
  }
  const ok = await app.request('/oai?verb=ListIdentifiers&metadataPrefix=oai_dc&from=2024-02-29');
  assert.doesNotMatch(await ok.text(), /badArgument/);
  assert.deepEqual(faults, []);
});

test('numbers are plain digits: 0x320, 1e3, 800.0 and " 8" are refused with 400', async () => {
  for (const w of ['0x320', '8e2', '800.0', '+800', ' 800', '0800x']) {
    const res = await app.request(`/1974/12/19/page-1.png?w=${encodeURIComponent(w)}`);
    assert.equal(res.status, 400, w);
    assert.match(await res.text(), /ask for one of those with \?w=/);
  }
  for (const [path, name] of [
    ['/api/v1/dates?limit=1e3', 'limit'],
    ['/api/v1/dates?limit=0x10', 'limit'],
    ['/api/v1/dates?limit=%2010', 'limit'],
    ['/api/v1/search?q=refugees&pageSize=1e1', 'pageSize'],
    ['/api/v1/search?q=refugees&page=2.0', 'page'],
  ] as const) {
    const res = await app.request(path);
    assert.equal(res.status, 400, path);
    const body = (await res.json()) as { error: { message: string } };
    assert.match(body.error.message, new RegExp(`"${name}" must be a whole number`), path);
  }
  assert.equal((await app.request('/api/v1/dates?limit=10')).status, 200);
  assert.equal((await app.request('/api/v1/search?q=refugees&pageSize=5&page=1')).status, 200);
});

test('an error comes in the format of the route: JSON, XML or plain text, HTML only for pages', async () => {
  const cases: [string, number, RegExp, RegExp][] = [
    ['/search.json?q=refugees&from=1974-02-30', 400, /^application\/json/, /"code":"BAD_REQUEST"/],
    [
      '/search.atom?q=refugees&from=nope',
      400,
      /^application\/xml/,
      /<error code="BAD_REQUEST">&quot;from&quot; must be/,
    ],
    ['/search.bib?q=refugees&sort=sideways', 400, /^text\/plain/, /^BAD_REQUEST: "sort" must be/],
    ['/search.ris?q=%22', 400, /^text\/plain/, /^BAD_QUERY: /],
    ['/cite/19741219-zzzzzz.json', 404, /^application\/json/, /"code":"NOT_FOUND"/],
    ['/cite/19741219-zzzzzz.bib', 404, /^text\/plain/, /^NOT_FOUND: /],
    ['/sitemaps/articles-99.xml', 404, /^application\/xml/, /<error code="NOT_FOUND">/],
    ['/1974/12/19/page-9.png?w=200', 404, /^text\/plain/, /^NOT_FOUND: There is no page 9/],
    ['/1999/01/01/bulletin.pdf', 404, /^text\/plain/, /^NOT_FOUND: /],
    ['/nothing/here.json', 404, /^application\/json/, /"code":"NOT_FOUND"/],
    ['/api/v1/nothing', 404, /^application\/json/, /"code":"NOT_FOUND"/],
    // A page: HTML, here the date's own 404 offering the nearest bulletins.
    ['/1999/01/01', 404, /^text\/html/, /<h1>No bulletin for Friday, January 1, 1999<\/h1>/],
    ['/nothing/here', 404, /^text\/html/, /<h1>Not found<\/h1>/],
  ];
  for (const [path, status, type, body] of cases) {
    const res = await app.request(path);
    assert.equal(res.status, status, path);
    assert.match(res.headers.get('content-type') ?? '', type, path);
    assert.match(await res.text(), body, path);
  }
  assert.deepEqual(faults, []);
});

test('a 429 on the API carries the CORS header, so a page elsewhere can read it', async () => {
  const limited = createApp(t.archive, () => {}, { rateLimitPerMinute: 1, cacheBytes: 0 });
  const env = {
    incoming: { socket: { remoteAddress: '203.0.113.9', remotePort: 5000, remoteFamily: 'IPv4' } },
  };
  const origin = { headers: { origin: 'https://elsewhere.example' } };
  assert.equal((await limited.request('/api/v1/search?q=refugees', origin, env)).status, 200);
  const refused = await limited.request('/api/v1/search?q=refugees', origin, env);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  assert.equal(refused.headers.get('retry-after'), '60');
  assert.equal(((await refused.json()) as { error: { code: string } }).error.code, 'RATE_LIMITED');
});
