/** A typeset bulletin's credit lines and continued stories, as the reader and the API see them. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { tempArchive } from '../../test/helpers/sample-bulletins.js';
import type { DemoBulletin } from '../demo/generator.js';
import { generateTypesetBulletins } from '../demo/typeset/index.js';
import { createApp } from '../server.js';
import type { ArticleSummary } from '../store/ports.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;
let b: DemoBulletin;
let articles: ArticleSummary[];

before(async () => {
  t = await tempArchive();
  [b] = (await generateTypesetBulletins({ count: 1 })) as [DemoBulletin];
  const path = join(t.dir, b.fileName);
  await writeFile(path, b.pdf);
  const r = await t.archive.ingest.ingestFile(path);
  assert.equal(r.status, 'ingested', r.error ?? '');
  articles = await t.archive.store.listArticles((await t.archive.store.getEdition(b.truth.date))!.id);
  app = createApp(t.archive, () => {});
});
after(() => t?.done());

/** The API's article answer, the fields read here. */
interface ArticleJson {
  url: string;
  credit: string | null;
  parts: number[][] | null;
}

/** The stored article whose printed headline is the truth's. */
async function stored(headline: string) {
  for (const s of articles) {
    const a = await t.archive.store.getArticle(s.id);
    if (a?.headlinePrinted === headline) return a;
  }
  assert.fail(`no stored article is headed "${headline}"`);
}

test('a credit line is kept with its story and shown under it, not in its text', async () => {
  const truth = b.truth.articles.find((a) => a.credit)!;
  const a = await stored(truth.headline);
  assert.equal(a.credit, truth.credit);
  assert.ok(!a.body.includes(truth.credit!));
  const json = (await (await app.request(`/api/v1/articles/${a.id}`)).json()) as ArticleJson;
  assert.equal(json.credit, truth.credit);
  const html = await (await app.request(new URL(json.url, 'http://x').pathname)).text();
  assert.ok(html.includes(`<p class="credit">${truth.credit}</p>`), 'the credit line is on the article page');
});

test('a story continued on another page keeps both parts, on the page and in the API', async () => {
  const truth = b.truth.articles.find((a) => (a.parts?.length ?? 0) > 1)!;
  const a = await stored(truth.headline);
  assert.deepEqual(
    a.parts?.map((p) => p.firstPage),
    truth.parts!.map((p) => p.page),
  );
  const json = (await (await app.request(`/api/v1/articles/${a.id}`)).json()) as ArticleJson;
  assert.deepEqual(
    json.parts?.map((p) => p[0]),
    truth.parts!.map((p) => p.page),
  );
  const html = await (await app.request(new URL(json.url, 'http://x').pathname)).text();
  assert.match(html, new RegExp(`page ${truth.parts![0]!.page}, continued on page ${truth.parts![1]!.page}`));
});
