import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { longDate } from '../core/dates.js';
import { demoSiteConfig } from '../demo/demo-site.js';
import { createApp } from '../server.js';
import { plural } from './plural.js';
import { aboutView } from './views/about.view.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
});
after(() => t.done());

const page = async (path: string) => {
  const res = await app.request(path);
  assert.equal(res.status, 200, path);
  return res.text();
};
/** The page's text with tags dropped and spaces squeezed. */
const text = (h: string) =>
  h
    .replace(/<[^>]+>/g, ' ')
    .replaceAll('&#39;', "'")
    .replace(/\s+/g, ' ');

test('plural says "1 article" and "2 articles"', () => {
  assert.equal(plural(1, 'article'), '1 article');
  assert.equal(plural(0, 'article'), '0 articles');
  assert.equal(plural(1204, 'page'), '1,204 pages');
});

test('date and year pages count in the singular when there is one', async () => {
  for (const date of ['1938-05-04', '1974-12-19']) {
    const e = (await t.archive.store.getEdition(date))!;
    const n = (await t.archive.store.listArticles(e.id)).length;
    const h = text(await page(`/${date.replaceAll('-', '/')}`));
    assert.ok(h.includes(`${plural(n, 'article')} on ${plural(e.pageCount, 'page')}`), `${date}: ${h}`);
  }
  const year = text(await page('/1938'));
  assert.match(year, /\b1 bulletin\. /);
  assert.doesNotMatch(year, /\b1 (articles|bulletins|pages)\b/);
});

test('a search with one result says "of 1 article"', async () => {
  const api = (await (await app.request('/api/v1/search?q=kiev&variants=off')).json()) as { total: number };
  assert.equal(api.total, 1, 'kiev is in one sample article');
  const h = text(await page('/search?q=kiev&variants=off'));
  assert.match(h, /1–1 of 1 article for kiev/);
});

test('the article page links its bulletin by name and date, and its data as "Data (JSON)"', async () => {
  const hit = (await (await app.request('/api/v1/search?q=mcdonald')).json()) as {
    results: { id: string; url: string; date: string }[];
  };
  const a = hit.results[0]!;
  const h = await page(a.url);
  const e = (await t.archive.store.getEdition(a.date))!;
  const title = (await t.archive.store.getTitle(e.titleId))!.name;
  const link = /<a href="\/1974\/12\/19">([\s\S]*?)<\/a>/.exec(h);
  assert.ok(link, 'a link to the date page');
  assert.equal(text(link[1]!).trim(), `${title}, ${longDate(a.date)}`);
  assert.doesNotMatch(text(h), /, this date/);
  assert.match(h, new RegExp(`<a [^>]*href="/api/v1/articles/${a.id}"[^>]*>Data \\(JSON\\)</a>`));
  assert.doesNotMatch(h, />JSON</);
});

test('a search with no results keeps its help out of the facet column', async () => {
  const h = await page('/search?q=zzyzx');
  assert.doesNotMatch(h, /class="with-facets"/);
  assert.match(h, /class="without-facets"[\s\S]*How to search/);
});

test('the About page sets `backticked` commands as code, with no backticks left', () => {
  // The demo's logo file lives beside its site.json; the text is what is tested here.
  const site = { ...demoSiteConfig, logo: '' };
  const h = aboutView(site);
  assert.ok(demoSiteConfig.about.includes('`'), 'the demo text has a backticked command');
  assert.doesNotMatch(h, /`/);
  assert.match(h, /<code>npx dateline ingest YOUR_FOLDER<\/code>/);
  // Escaping still holds inside and outside the code.
  const hostile = aboutView({ ...site, about: 'a <b> `<i>x</i>` c' });
  assert.match(hostile, /a &#60;b&#62; <code>&#60;i&#62;x&#60;\/i&#62;<\/code> c/);
});
