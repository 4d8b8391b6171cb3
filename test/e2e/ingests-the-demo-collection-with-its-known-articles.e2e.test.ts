/**
 * The demo collection (120 bulletins, what `npm start` serves) ingests with each bulletin's known articles
 * and again unchanged; then every example a reader is shown runs on that archive and finds something
 * (every-help-and-api-example-finds-something-in-the-demo.suite.ts). One archive for both: writing and
 * ingesting the collection is the expensive part, and the examples need exactly that archive.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type DemoBulletin, writeDemoCollection } from '../../src/demo/generator.js';
import type { FileReport } from '../../src/ingest/ingest.service.js';
import { tempArchive } from '../helpers/sample-bulletins.js';
import { examplesSuite } from './every-help-and-api-example-finds-something-in-the-demo.suite.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let bulletins: DemoBulletin[];
let folder: string;
/** The first ingest's reports: made in before(), so the examples below have the archive whichever tests run. */
let reports: FileReport[];

before(async () => {
  t = await tempArchive();
  folder = join(t.dir, 'demo');
  bulletins = await writeDemoCollection(folder);
  reports = await t.archive.ingest.ingestPaths([folder]);
});
after(() => t.done());

test('the whole demo collection ingests, each bulletin with exactly its known articles', async () => {
  assert.equal(reports.length, bulletins.length);
  assert.deepEqual(
    reports.filter((r) => r.status !== 'ingested'),
    [],
  );
  let references = 0;
  let resolved = 0;
  for (const b of bulletins) {
    const edition = await t.archive.store.getEdition(b.truth.date);
    assert.ok(edition, `${b.fileName}: no edition for ${b.truth.date}`);
    assert.equal(edition.pageCount, b.truth.pageCount, b.fileName);
    const articles = await t.archive.store.listArticles(edition.id);
    assert.equal(articles.length, b.truth.articles.length, `${b.fileName}: article count`);
    for (const [i, truth] of b.truth.articles.entries()) {
      const a = (await t.archive.store.getArticle(articles[i]!.id))!;
      assert.equal(a.headlinePrinted, truth.headline, `${b.fileName} #${i}`);
      assert.equal(a.kicker?.toUpperCase() ?? null, truth.kicker, `${b.fileName} #${i} kicker`);
      assert.equal(a.byline, truth.byline, `${b.fileName} #${i} byline`);
      assert.deepEqual(
        [a.firstPage, a.lastPage],
        [truth.firstPage, truth.lastPage],
        `${b.fileName} #${i} pages`,
      );
      assert.equal(a.dateline?.place ?? null, truth.dateline?.place ?? null, `${b.fileName} #${i} dateline`);
      const refs = await t.archive.store.referencesFrom(a.id);
      assert.equal(refs.length, truth.references.length, `${b.fileName} #${i} references found`);
      for (const r of truth.references) {
        references++;
        const got = refs.find((x) => x.text === r.text);
        if (got?.targetId === articles[r.targetOrdinal]!.id) resolved++;
      }
    }
  }
  // Measured: 41 of 46 (0.89) with the resolver of this version; the floor below guards against a
  // regression. Issue #3 aims at 0.95; several articles often start on the named page.
  assert.ok(references >= 20, `the demo has references (${references})`);
  assert.ok(resolved / references >= 0.85, `references resolved: ${resolved}/${references}`);
});

test('ingesting the demo collection again changes nothing', async () => {
  const before = await t.archive.store.stats();
  const reports = await t.archive.ingest.ingestPaths([folder]);
  assert.ok(reports.every((r) => r.status === 'unchanged'));
  assert.deepEqual(await t.archive.store.stats(), before);
});

// Last: the examples correct, review and revert demo articles.
examplesSuite(() => ({ t, bulletins, reports }));
