/**
 * --public-url: every absolute URL (canonical links, citations, feeds, sitemaps, OAI-PMH, IIIF, OpenAPI,
 * the API's links) is made with the configured origin, whatever Host the request names; without it they
 * follow the request, as before. Bad values are refused by name.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { createApp } from '../server.js';
import { parsePublicUrl } from './public-url.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let articlePath: string;
let articleId: string;

before(async () => {
  t = await sampleArchive();
  const r = (await (await createApp(t.archive).request('/api/v1/search?q=mcdonald')).json()) as {
    results: { id: string; url: string }[];
  };
  articleId = r.results[0]!.id;
  articlePath = r.results[0]!.url;
});
after(() => t.done());

const PATHS = () => [
  articlePath,
  `/cite/${articleId}.bib`,
  '/feeds/editions.atom',
  '/search.atom?q=refugees',
  '/sitemap.xml',
  '/sitemaps/dates.xml',
  '/sitemaps/articles-1.xml',
  '/opensearch.xml',
  '/oai?verb=ListRecords&metadataPrefix=oai_dc',
  '/iiif/1974-12-19/manifest.json',
  '/iiif/1974-12-19/search?q=refugees',
  '/iiif/image/1974-12-19/1/info.json',
  '/api/openapi.json',
  '/api',
  '/api/v1/dates/1974-12-19/pages/1/alto.xml',
];

test('with --public-url, absolute URLs use it and never the Host header', async () => {
  const app = createApp(t.archive, () => {}, { publicUrl: 'https://archive.example.org/', cacheBytes: 0 });
  for (const path of PATHS()) {
    const res = await app.request(`http://forged.example:8080${path}`);
    assert.equal(res.status, 200, path);
    const body = await res.text();
    assert.doesNotMatch(body, /forged\.example/, path);
    assert.match(body, /https:\/\/archive\.example\.org|oai:archive\.example\.org/, path);
  }
  const exported = await (await app.request('http://forged.example/api/v1/export.jsonl')).text();
  assert.match(exported, /"url":"https:\/\/archive\.example\.org\/archive\//);
});

test('without it, absolute URLs follow the request as before', async () => {
  const app = createApp(t.archive, () => {}, { cacheBytes: 0 });
  const body = await (await app.request('http://reader.example/feeds/editions.atom')).text();
  assert.match(body, /http:\/\/reader\.example\//);
});

test('a public URL with a path, a query or another scheme is refused by name', () => {
  assert.equal(parsePublicUrl('https://archive.example.org'), 'https://archive.example.org');
  assert.equal(parsePublicUrl('http://localhost:3000/'), 'http://localhost:3000');
  for (const bad of [
    'archive.example.org',
    'ftp://x.example',
    'https://x.example/archive',
    'https://x.example/?a=1',
    'https://u:p@x.example',
  ]) {
    assert.throws(
      () => parsePublicUrl(bad),
      (e: Error & { code?: string }) => e.code === 'USAGE' && /--public-url/.test(e.message),
      bad,
    );
  }
  const r = datelineSync(['serve', '--data', t.dir, '--public-url', 'https://x.example/archive']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--public-url .* must be an origin only/);
});
