import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (n) => ['entry', 'url', 'sitemap', 'link', 'Url'].includes(n),
});

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

async function get(path: string, type: RegExp) {
  const res = await app.request(`http://localhost${path}`);
  assert.equal(res.status, 200, path);
  assert.match(res.headers.get('content-type') ?? '', type, path);
  return res.text();
}

test('an Atom feed for any search, newest first, and one for new bulletins', async () => {
  const atom = parser.parse(await get('/search.atom?q=refugees', /application\/atom\+xml/)).feed;
  assert.equal(atom.title, 'Dateline Archive: “refugees”');
  assert.deepEqual(
    atom.entry.map((e: any) => e.published.slice(0, 10)),
    ['1974-12-19', '1974-12-19', '1938-05-04', '1938-05-04'],
  );
  assert.ok(
    atom.entry.every((e: any) => !/[\uE000\uE001]/.test(e.summary)),
    'no match markers leak into feeds',
  );
  const self = atom.link.find((l: any) => l['@rel'] === 'self')['@href'];
  assert.equal(self, 'http://localhost/search.atom?q=refugees');
  const editions = parser.parse(await get('/feeds/editions.atom', /atom/)).feed;
  assert.equal(editions.entry.length, 2);
  assert.match(editions.entry[0].summary, /articles on \d+ pages/);
  const bad = await app.request('/search.atom?q=%22x');
  assert.equal(bad.status, 400);
});

test('sitemap index points at chunks that list every article and date page', async () => {
  const index = parser.parse(await get('/sitemap.xml', /xml/)).sitemapindex;
  const locs = index.sitemap.map((s: any) => s.loc);
  assert.deepEqual(locs, ['http://localhost/sitemaps/dates.xml', 'http://localhost/sitemaps/articles-1.xml']);
  const articles = parser.parse(await get('/sitemaps/articles-1.xml', /xml/)).urlset.url;
  assert.equal(articles.length, 5);
  assert.ok(
    articles.every((u: any) => /^http:\/\/localhost\/archive\/[a-z0-9-]+-\d{8}-[0-9a-z]{6}$/.test(u.loc)),
  );
  const dates = parser.parse(await get('/sitemaps/dates.xml', /xml/)).urlset.url.map((u: any) => u.loc);
  assert.ok(dates.includes('http://localhost/1938/05/04') && dates.includes('http://localhost/1974'));
  assert.equal((await app.request('/sitemaps/articles-9.xml')).status, 404);
});

test('OpenSearch description and citations of a whole result list', async () => {
  const os = parser.parse(await get('/opensearch.xml', /opensearchdescription/)).OpenSearchDescription;
  assert.deepEqual(
    os.Url.map((u: any) => u['@type']),
    ['text/html', 'application/atom+xml', 'application/json'],
  );
  assert.match(os.Url[0]['@template'], /\/search\?q=\{searchTerms\}/);
  const bib = await get('/search.bib?q=refugees', /bibtex/);
  assert.equal(bib.match(/^@article\{/gm)?.length, 4);
  const ris = await get('/search.ris?q=refugees&from=1938-01-01&to=1938-12-31', /research-info/);
  assert.equal(ris.match(/^TY {2}- NEWS/gm)?.length, 2);
  const csl = JSON.parse(await get('/search.json?q=refugees', /csl\+json/));
  assert.equal(csl.length, 4);
  assert.equal(csl[0].type, 'article-newspaper');
});
