/** References on the article page: a resolved one links to its story; an unresolved one to the page it names. */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;

/** The 1974 sample, its reference led by a sentence that names nothing on page 2, and one to a page it lacks. */
const unsure = [
  bulletin1974[0]!
    .replace(
      'heard by a commission. (See P. 2 for separate story.)',
      'heard. No date was set. (See P. 2 for separate story.)',
    )
    .replace(
      'refused, a spokesman for the families said here.',
      'refused, a spokesman said. (See P. 7 for list.)',
    ),
  bulletin1974[1]!,
];

before(async () => {
  t = await tempArchive();
  const path = join(t.dir, '1974-12-19.pdf');
  await writeFile(path, await typedPdf(unsure));
  const r = await t.archive.ingest.ingestFile(path);
  assert.equal(r.status, 'ingested', r.error ?? '');
  app = createApp(t.archive, () => {});
});
after(() => t.done());

async function articlePage(headlineWord: string): Promise<string> {
  const e = (await t.archive.store.getEdition('1974-12-19'))!;
  const a = (await t.archive.store.listArticles(e.id)).find((x) => x.headline.includes(headlineWord));
  assert.ok(a, `an article with "${headlineWord}"`);
  const res = await app.request(`/archive/${a.slug}`);
  assert.equal(res.status, 200);
  return res.text();
}

test('an unresolved reference links to the page it names, in the page viewer, in the text and in the list', async () => {
  const e = (await t.archive.store.getEdition('1974-12-19'))!;
  const first = (await t.archive.store.listArticles(e.id))[0]!;
  const [ref] = await t.archive.store.referencesFrom(first.id);
  // "No date was set." shares nothing telling with the story on page 2 (camps in Bavaria).
  assert.deepEqual([ref?.text, ref?.page, ref?.targetId], ['(See P. 2 for separate story.)', 2, null]);
  const html = await articlePage('Seeks');
  assert.match(
    html,
    /<a href="\/1974\/12\/19\/page-2" title="Page 2 of this bulletin">\(See P\. 2 for separate story\.\)<\/a>/,
  );
  assert.match(
    html,
    /<li>\(See P\. 2 for separate story\.\) → <a href="\/1974\/12\/19\/page-2">page 2 of this bulletin<\/a>/,
  );
  assert.doesNotMatch(html, /not found in this bulletin/);
  // The link leads somewhere: the page viewer of page 2.
  const page = await app.request('/1974/12/19/page-2');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Page 2/);
});

test('a reference to a page the bulletin does not have links to the date page', async () => {
  const html = await articlePage('Soviet');
  assert.match(
    html,
    /<a href="\/1974\/12\/19" title="This bulletin \(it has no page 7\)">\(See P\. 7 for list\.\)<\/a>/,
  );
  assert.match(html, /— this bulletin has no page 7;<\/span> <a href="\/1974\/12\/19">its pages<\/a>/);
});
