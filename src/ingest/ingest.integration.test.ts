import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1938, bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Archive } from '../app.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let archive: Archive;
let inbox: string;
let good1974: Uint8Array;

before(async () => {
  t = await tempArchive();
  archive = t.archive;
  inbox = join(t.dir, 'inbox');
  await mkdir(join(inbox, 'nested'), { recursive: true });
  good1974 = await typedPdf(bulletin1974);
  await writeFile(join(inbox, 'a-1974.pdf'), good1974);
  // The 1938 masthead has no date: it must come from the file name.
  await writeFile(join(inbox, 'nested', 'ona-1938-05-04.pdf'), await typedPdf(bulletin1938));
  await writeFile(join(inbox, 'b-empty.pdf'), '');
  await writeFile(join(inbox, 'c-not-a-pdf.pdf'), '<html><body>not a pdf</body></html>');
  await writeFile(join(inbox, 'd-truncated.pdf'), good1974.subarray(0, 400));
  await writeFile(join(inbox, 'notes.txt'), 'ignored: not a PDF by name');
});
after(() => t.done());

test('ingests a folder: good files in, each bad file failed with its reason, nothing of it stored', async () => {
  const reports = await archive.ingest.ingestPaths([inbox]);
  const byName = Object.fromEntries(reports.map((r) => [r.path.split('/').pop(), r]));
  assert.deepEqual(Object.keys(byName).sort(), [
    'a-1974.pdf',
    'b-empty.pdf',
    'c-not-a-pdf.pdf',
    'd-truncated.pdf',
    'ona-1938-05-04.pdf',
  ]);
  assert.equal(byName['a-1974.pdf']?.status, 'ingested');
  assert.equal(byName['a-1974.pdf']?.date, '1974-12-19');
  assert.equal(byName['a-1974.pdf']?.articles, 3);
  assert.equal(byName['a-1974.pdf']?.pages, 2);
  assert.equal(byName['ona-1938-05-04.pdf']?.date, '1938-05-04');
  assert.equal(byName['ona-1938-05-04.pdf']?.articles, 2);
  assert.equal(byName['b-empty.pdf']?.code, 'UNREADABLE_FILE');
  assert.match(byName['b-empty.pdf']?.error ?? '', /empty/);
  assert.equal(byName['c-not-a-pdf.pdf']?.code, 'NOT_A_PDF');
  assert.equal(byName['d-truncated.pdf']?.status, 'failed');
  const stats = await archive.store.stats();
  assert.deepEqual([stats.editions, stats.articles, stats.pages], [2, 5, 3]);
  const events = await archive.store.listIngestEvents(10);
  assert.equal(events.filter((e) => e.status === 'failed').length, 3);
});

test('re-ingesting the same files is a no-op reported as unchanged', async () => {
  const before = await archive.store.getEdition('1974-12-19');
  const reports = await archive.ingest.ingestPaths([join(inbox, 'a-1974.pdf'), join(inbox, 'nested')]);
  assert.deepEqual(
    reports.map((r) => r.status),
    ['unchanged', 'unchanged'],
  );
  assert.equal(reports[0]?.articles, 3);
  const again = await archive.store.getEdition('1974-12-19');
  assert.equal(again?.id, before?.id);
});

test('a new file for an existing date replaces that edition whole; unchanged articles keep their ids', async () => {
  const old = await archive.store.getEdition('1974-12-19');
  const oldIds = (await archive.store.listArticles(old!.id)).map((a) => a.id);
  const revised = [
    bulletin1974[0]!,
    bulletin1974[1]!.replace('CAMPS IN BAVARIA TO CLOSE BY SPRING', 'BAVARIAN CAMPS TO CLOSE'),
  ];
  const file = join(inbox, 'revised-1974.pdf');
  await writeFile(file, await typedPdf(revised));
  const [r] = await archive.ingest.ingestPaths([file]);
  assert.equal(r?.status, 'ingested');
  const fresh = await archive.store.getEdition('1974-12-19');
  assert.notEqual(fresh?.id, old?.id);
  const articles = await archive.store.listArticles(fresh!.id);
  assert.deepEqual(
    articles.map((a) => a.headline),
    [
      "U.S. Seeks DP's Entry, Says Dr. McDonald",
      'Soviet Union Bars Emigration of 300 Families from Kiev',
      'Bavarian Camps to Close',
    ],
  );
  assert.deepEqual(
    articles.slice(0, 2).map((a) => a.id),
    oldIds.slice(0, 2),
  );
  assert.notEqual(articles[2]?.id, oldIds[2]);
  assert.equal(await archive.store.getArticle(oldIds[2]!), null);
  assert.equal((await archive.store.stats()).editions, 2);
  // The reference now resolves to the renamed article.
  const refs = await archive.store.referencesFrom(articles[0]!.id);
  assert.equal(refs[0]?.targetId, articles[2]?.id);
});

test('a missing path is reported failed, not thrown', async () => {
  const [r] = await archive.ingest.ingestPaths([join(inbox, 'no-such.pdf')]);
  assert.equal(r?.status, 'failed');
  assert.match(r?.error ?? '', /no such file/);
});
