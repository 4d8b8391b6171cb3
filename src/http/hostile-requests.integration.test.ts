/**
 * Hostile requests: fast-check sends every route (API, OAI-PMH, feeds, citations, IIIF, pages) arbitrary
 * path segments and parameters, and the query language arbitrary text; no answer may be a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
let articleId: string;
const faults: string[] = [];

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, (msg) => faults.push(msg));
  const r = (await (await app.request('/api/v1/search?q=mcdonald')).json()) as { results: { id: string }[] };
  articleId = r.results[0]!.id;
});
after(() => t.done());

/** Values that reach the corners: dates, numbers, encodings, operators, and plain arbitrary text. */
const value = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '0',
      '-1',
      '1e9',
      '1e400',
      'NaN',
      'Infinity',
      '99999999999999999999',
      '0x10',
      '1974',
      '1974-12',
      '1974-12-19',
      'refugees',
      'bavaria',
      '1974-02-30',
      '0000-00-00',
      '9999-12-31',
      '-001974-12-19',
      '12-19',
      '13-45',
      '2026-01-01T00:00:00Z',
      '2026-01-01T25:61:61Z',
      'on',
      'off',
      'auto',
      'relevance',
      'date',
      '-date',
      '"',
      '"a b"~999999',
      'a OR',
      'OR OR OR',
      '-a',
      'a*',
      '*',
      'headline:',
      'date:1974..',
      'date:..',
      'day:02-30',
      '\u0000',
      '\uE000mark\uE001',
      '../../etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '%00',
      '%',
      '<script>alert(1)</script>',
      "'; DROP TABLE article; --",
      'x'.repeat(2000),
      'a '.repeat(300),
      'oai_dc',
      'oai:localhost:19741219-aaaaaa',
      'year:1974',
      'year:',
      'Identify',
      'ListRecords',
      'ListIdentifiers',
      'GetRecord',
      'ListSets',
      'ListMetadataFormats',
      '200,',
      '800,',
      'max',
      'full',
    ),
  },
);

/** Each route with its path segments (arbitrary values or likely ones) and the query parameters it reads. */
const seg = (...likely: string[]) =>
  fc.oneof({ weight: 1, arbitrary: value }, { weight: 3, arbitrary: fc.constantFrom(...likely) });
const routes = () =>
  fc.oneof(
    fc.tuple(
      fc.constant('/api/v1/search'),
      fc.constant([]),
      fc.constant(['q', 'from', 'to', 'sort', 'page', 'pageSize', 'cursor', 'day', 'variants']),
    ),
    fc.tuple(fc.constant('/api/v1/articles/{}'), fc.tuple(seg(articleId, `${articleId}x`)), fc.constant([])),
    fc.tuple(fc.constant('/api/v1/dates'), fc.constant([]), fc.constant(['from', 'to', 'limit', 'cursor'])),
    fc.tuple(fc.constant('/api/v1/dates/{}'), fc.tuple(seg('1974-12-19', '1974-12-20')), fc.constant([])),
    fc.tuple(
      fc.constant('/api/v1/dates/{}/pages/{}/alto.xml'),
      fc.tuple(seg('1974-12-19'), seg('1', '2', '0', '99')),
      fc.constant([]),
    ),
    fc.tuple(fc.constant('/api/v1/export.jsonl'), fc.constant([]), fc.constant(['from', 'to'])),
    fc.tuple(
      fc.constant('/oai'),
      fc.constant([]),
      fc.constant(['verb', 'metadataPrefix', 'identifier', 'from', 'until', 'set', 'resumptionToken']),
    ),
    fc.tuple(fc.constant('/search.atom'), fc.constant([]), fc.constant(['q', 'from', 'to'])),
    fc.tuple(
      fc.constantFrom('/search.bib', '/search.ris', '/search.json'),
      fc.constant([]),
      fc.constant(['q', 'from', 'to', 'sort']),
    ),
    fc.tuple(
      fc.constantFrom(
        '/feeds/editions.atom',
        '/sitemap.xml',
        '/sitemaps/dates.xml',
        '/opensearch.xml',
        '/api',
        '/api/openapi.json',
        '/about',
        '/help/search',
      ),
      fc.constant([]),
      fc.constant([]),
    ),
    fc.tuple(
      fc.constant('/sitemaps/articles-{}.xml'),
      fc.tuple(seg('1', '0', '2', '999999')),
      fc.constant([]),
    ),
    fc.tuple(
      fc.constant('/iiif/{}/manifest.json'),
      fc.tuple(seg('1974-12-19', '1938-05-04')),
      fc.constant([]),
    ),
    fc.tuple(
      fc.constant('/iiif/{}/search'),
      fc.tuple(seg('1974-12-19')),
      fc.constant(['q', 'motivation', 'page']),
    ),
    fc.tuple(
      fc.constant('/iiif/image/{}/{}/info.json'),
      fc.tuple(seg('1974-12-19'), seg('1', '2', '3', '0')),
      fc.constant([]),
    ),
    fc.tuple(
      fc.constant('/iiif/image/{}/{}/full/{}/0/default.png'),
      fc.tuple(seg('1974-12-19'), seg('1', '0', '9'), seg('200,', '201,', 'max', '0,')),
      fc.constant([]),
    ),
    fc.tuple(fc.constant('/'), fc.constant([]), fc.constant(['today'])),
    fc.tuple(
      fc.constant('/search'),
      fc.constant([]),
      fc.constant(['q', 'from', 'to', 'sort', 'page', 'variants']),
    ),
    fc.tuple(
      fc.constant('/archive/{}'),
      fc.tuple(seg(articleId, `x-${articleId}`, 'x-19741219-zzzzzz')),
      fc.constant([]),
    ),
    fc.tuple(
      fc.constant('/cite/{}'),
      fc.tuple(seg(`${articleId}.bib`, `${articleId}.ris`, '19741219-aaaaaa.json')),
      fc.constant([]),
    ),
    fc.tuple(fc.constant('/{}/{}/{}'), fc.tuple(seg('1974'), seg('12'), seg('19')), fc.constant([])),
    fc.tuple(
      fc.constant('/1974/12/19/{}'),
      fc.tuple(seg('bulletin.pdf', 'page-1.png', 'page-0.png', 'page-99.png', 'page-1', 'page-2', 'page-0')),
      fc.constant(['w', 'q']),
    ),
    fc.tuple(fc.constant('/{}'), fc.tuple(seg('1974', '0000', '9999')), fc.constant([])),
  );

/** Fills the path's {} slots; some values go in raw (not percent-encoded) to try the router's decoding. */
function fill(template: string, segments: string[], raw: boolean[]): string {
  let i = 0;
  return template.replace(/\{\}/g, () => {
    const s = segments[i] ?? '';
    return raw[i++] ? s.replace(/[\s#?]/g, '') : encodeURIComponent(s);
  });
}

/** Statuses seen per route template, to show the fuzz reached past validation on every route. */
const seen = new Map<string, Set<number>>();

async function check(method: string, path: string, body?: string, template = path): Promise<void> {
  const res = await app.request(path, body === undefined ? { method } : { method, body });
  await res.arrayBuffer(); // a streamed body's failure shows only while reading it
  assert.ok(res.status < 500, `${method} ${path} → ${res.status}\n${faults.join('\n')}`);
  seen.set(template, (seen.get(template) ?? new Set()).add(res.status));
}

test('no parameter or path segment sent to any route makes the server answer 5xx', async () => {
  await fc.assert(
    fc.asyncProperty(
      routes(),
      fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      fc.option(fc.dictionary(fc.constantFrom('q', 'from', 'to', 'page'), value, { maxKeys: 2 }), {
        freq: 3,
      }),
      fc.array(value, { minLength: 12, maxLength: 12 }),
      fc.array(fc.nat(11), { maxLength: 4 }),
      async ([template, segments, names], raw, extra, values, picks) => {
        // A few of the route's parameters at a time, so some requests pass validation and reach the store.
        const params = new URLSearchParams();
        for (const i of new Set(picks))
          if (names[i % Math.max(1, names.length)] && names.length)
            params.set(names[i % names.length]!, values[i]!);
        // A parameter given twice, and parameters a route does not read.
        for (const [k, v] of Object.entries(extra ?? {})) params.append(k, v);
        const path = fill(template, segments as string[], raw);
        const url = `${path}?${params}`;
        await check('GET', url, undefined, template);
        if (path === '/oai') await check('POST', '/oai', params.toString(), 'POST /oai');
      },
    ),
    { numRuns: 1500, seed: 1938 },
  );
  assert.deepEqual(faults, []);
  // Every route answered at least once with success (not only with 4xx): the fuzz got past validation.
  const unreached = [...seen].filter(([, statuses]) => ![...statuses].some((s) => s < 400));
  assert.deepEqual(unreached, []);
  assert.ok(seen.size >= 25, `${seen.size} route templates reached`);
});

test('the query language: arbitrary text in q never makes a search, feed, export or IIIF search answer 5xx', async () => {
  const piece = fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom(
      '"',
      '-',
      '*',
      '~',
      '~3',
      'OR',
      ':',
      'headline:',
      'byline:',
      'place:',
      'date:',
      'day:',
      '..',
      '(',
      ')',
      'NEAR',
      '^',
      'refugees',
      'bavaria',
      'émigré',
      '\u0000',
      '\uE000',
    ),
  );
  const q = fc.array(piece, { maxLength: 14 }).map((p) => p.join(' '));
  await fc.assert(
    fc.asyncProperty(
      q,
      fc.constantFrom('/api/v1/search', '/search', '/search.atom', '/search.ris', '/iiif/1974-12-19/search'),
      async (text, path) => {
        await check('GET', `${path}?${new URLSearchParams({ q: text })}`);
      },
    ),
    { numRuns: 500, seed: 1974 },
  );
  assert.deepEqual(faults, []);
});

test('malformed addresses (bad percent-encoding, overlong paths, odd methods) get 4xx, never 5xx', async () => {
  const cases: [string, number][] = [
    ['/%', 404],
    ['/%zz', 404],
    ['/archive/%E0%A4%A', 404],
    ['/api/v1/articles/%C0%AE%C0%AE', 400],
    ['/search?q=%', 400],
    // Broken UTF-8 in a query value is read leniently (as U+FFFD), which is harmless.
    ['/search?q=%E0%A4%A', 200],
    [`/${'a/'.repeat(2000)}`, 404],
    [`/search?q=${'%22'.repeat(5000)}`, 400],
  ];
  for (const [path, status] of cases) {
    assert.equal((await app.request(path)).status, status, path.slice(0, 60));
  }
  for (const method of ['PUT', 'DELETE', 'PATCH', 'POST']) {
    const res = await app.request('/api/v1/search?q=x', { method });
    assert.equal(res.status, 404, `${method} /api/v1/search → ${res.status}`);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
  }
  assert.deepEqual(faults, []);
});
