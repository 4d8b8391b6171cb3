import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { Hono } from 'hono';
import { z } from 'zod';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';
import {
  articleResponseSchema,
  datesResponseSchema,
  exportLineSchema,
  searchResponseSchema,
} from './api-schemas.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

const get = (path: string, init?: RequestInit) => app.request(`http://localhost${path}`, init);
/** The JSON body of a response, untyped: the tests check its shape themselves. */
const body = async (res: Response | Promise<Response>): Promise<any> => (await res).json();

test('the OpenAPI document is valid OpenAPI 3.1 and lists every route', async () => {
  const res = await get('/api/openapi.json');
  assert.equal(res.status, 200);
  const doc = await body(res);
  const result = await new Validator().validate(doc);
  assert.deepEqual(result, { valid: true });
  assert.equal(doc.openapi, '3.1.0');
  assert.deepEqual(Object.keys(doc.paths).sort(), [
    '/api/v1/admin/articles/{id}/lock',
    '/api/v1/admin/articles/{id}/versions/{n}/revert',
    '/api/v1/admin/articles/{id}/versions/{n}/review',
    '/api/v1/admin/bans/{key}',
    '/api/v1/admin/editions',
    '/api/v1/admin/held',
    '/api/v1/articles/{id}',
    '/api/v1/articles/{id}/corrections',
    '/api/v1/articles/{id}/history',
    '/api/v1/articles/{id}/versions/{n}',
    '/api/v1/dates',
    '/api/v1/dates/{date}',
    '/api/v1/dates/{date}/pages/{page}/alto.xml',
    '/api/v1/export.jsonl',
    '/api/v1/search',
  ]);
  const page = await (await get('/api')).text();
  assert.match(page, /GET \/api\/v1\/search/);
  assert.match(page, /POST \/api\/v1\/admin\/editions/);
  assert.match(page, /curl -H &#39;Authorization: Bearer TOKEN&#39; --data-binary @1944-09-19\.pdf/);
  assert.deepEqual(doc.paths['/api/v1/admin/editions'].post.security, [{ adminToken: [] }]);
  // Every 429 (the request rate limit, and the corrections' own) carries Retry-After, and says so.
  const tooMany = Object.values(doc.paths).flatMap((ops: any) =>
    Object.values(ops).flatMap((op: any) => (op.responses?.['429'] ? [op.responses['429']] : [])),
  );
  assert.ok(doc.paths['/api/v1/articles/{id}/corrections'].post.responses['429']);
  assert.ok(tooMany.length >= 5, `${tooMany.length} operations answer 429`);
  for (const r of tooMany)
    assert.deepEqual(r.headers?.['Retry-After']?.schema, { type: 'integer', minimum: 1 });
  assert.match(
    page,
    /curl 'http:\/\/localhost\/api\/v1\/search\?q=refugees%20ship&#38;from=1940&#38;to=1949'/,
  );
  // Every path parameter has an example: no literal {page} in a curl line.
  assert.doesNotMatch(page, /curl [^<]*\{\w+\}/);
  assert.match(page, /curl 'http:\/\/localhost\/api\/v1\/dates\/1944-09-19\/pages\/2\/alto\.xml'/);
});

test('responses match the schemas the document publishes', async () => {
  const search = await body(get('/api/v1/search?q=refugees'));
  searchResponseSchema.parse(search);
  articleResponseSchema.parse(await body(get(`/api/v1/articles/${search.results[0].id}`)));
  datesResponseSchema.parse(await body(get('/api/v1/dates')));
  assert.deepEqual(search.facets.decades, [
    { decade: 1930, count: 2 },
    { decade: 1970, count: 2 },
  ]);
});

test('cursor pagination walks a search and the dates to the end, and refuses a foreign cursor', async () => {
  const ids: string[] = [];
  let url = '/api/v1/search?q=refugees&pageSize=1&sort=date';
  for (let i = 0; i < 10; i++) {
    const page = await body(get(url));
    ids.push(...page.results.map((r: any) => r.id));
    if (!page.nextCursor) break;
    url = `/api/v1/search?q=refugees&pageSize=1&sort=date&cursor=${page.nextCursor}`;
  }
  assert.equal(ids.length, 4);
  assert.equal(new Set(ids).size, 4);
  const first = await body(get('/api/v1/search?q=refugees&pageSize=1'));
  const foreign = await get(`/api/v1/search?q=camps&pageSize=1&cursor=${first.nextCursor}`);
  assert.equal(foreign.status, 400);
  assert.match((await body(foreign)).error.message, /belongs to another search/);
  const d1 = await body(get('/api/v1/dates?limit=1'));
  assert.deepEqual(
    d1.dates.map((d: any) => d.date),
    ['1938-05-04'],
  );
  const d2 = await body(get(`/api/v1/dates?limit=1&cursor=${d1.nextCursor}`));
  assert.deepEqual(
    d2.dates.map((d: any) => d.date),
    ['1974-12-19'],
  );
  assert.equal(d2.nextCursor, null);
  assert.equal((await get('/api/v1/dates?limit=0')).status, 400);
});

test('the export streams every article as JSON Lines', async () => {
  const res = await get('/api/v1/export.jsonl');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/jsonl/);
  const lines = (await res.text())
    .trimEnd()
    .split('\n')
    .map((l) => exportLineSchema.parse(JSON.parse(l)));
  assert.equal(lines.length, 5);
  assert.equal(new Set(lines.map((l) => l.id)).size, 5);
  const decade = (await (await get('/api/v1/export.jsonl?from=1930&to=1939')).text()).trimEnd().split('\n');
  assert.equal(decade.length, 2);
  assert.equal((await get('/api/v1/export.jsonl?from=soon')).status, 400);
});

test('the API answers other origins (CORS) and every error has one shape', async () => {
  const res = await get('/api/v1/search?q=refugees', { headers: { Origin: 'https://tools.example' } });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const pre = await get('/api/v1/search', {
    method: 'OPTIONS',
    headers: { Origin: 'https://x.example', 'Access-Control-Request-Method': 'GET' },
  });
  assert.equal(pre.status, 204);
  for (const path of [
    '/api/v1/nope',
    '/api/v1/articles/19741219-zzzzzz',
    '/api/v1/articles/bad',
    '/api/v1/dates/1974-99-99',
    '/api/v1/search?q=%22',
  ]) {
    const json = await body(get(path));
    z.object({ error: z.object({ code: z.string(), message: z.string().min(10) }) })
      .strict()
      .parse(json);
  }
});
