/**
 * Harvest batches and sitemap slices on both backends (issue #17): paged through, they give every record once,
 * in the order the articles were stored (not their dates'), with the datestamp and date bounds applied as each
 * record's own datestamp says, whatever the page size. The expected lists are worked out here from what the
 * store reported when it stored each bulletin and from `datestamp()`, not from the queries under test.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { postgresBackend } from '../../test/helpers/postgres.js';
import { sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import type { Archive } from '../app.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';
import type { EditionInput, HarvestQuery } from '../store/ports.js';

/** A bulletin of `n` short articles; `variant` changes its source so storing it again replaces it. */
function bulletin(date: string, n: number, variant = ''): EditionInput {
  return {
    titleName: 'Daily News Bulletin',
    date,
    volume: null,
    number: null,
    sourceHash: `paging-${date}${variant}`,
    sourceName: `${date}.pdf`,
    pdfKey: '0'.repeat(64),
    pages: [{ number: 1, text: `The bulletin of ${date}.`, width: 612, height: 792, words: [] }],
    articles: Array.from({ length: n }, (_, k) => ({
      ordinal: k,
      headlinePrinted: `STORY ${k} OF ${date}${variant}`.toUpperCase(),
      headline: `Story ${k} of ${date}${variant}`,
      kicker: null,
      byline: null,
      dateline: null,
      body: `The text of story ${k}, printed on ${date}.`,
      firstPage: 1,
      lastPage: 1,
      references: [],
    })),
  };
}

// Stored out of date order, with editions of several sizes, so date order, seq order and page boundaries differ.
const FIRST = ['1950-06-01', '1938-05-04', '1974-12-19', '1938-01-03', '1951-02-28', '1938-12-31'];
const SECOND = ['1938-07-14', '1962-03-03', '1950-01-01'];

/**
 * The store's ways to a batch, as [DATELINE_HARVEST_CANDIDATES, DATELINE_HARVEST_WALK]: every seq walked; some
 * bounds' candidates gathered, all gathered; each after a short walk first; the defaults.
 */
const WAYS: [string, string][] = [
  ['0', '0'],
  ['6', '0'],
  ['10000', '0'],
  ['6', '5'],
  ['10000', '5'],
  ['10000', '2000'],
];

interface Expected {
  id: string;
  date: string;
  slug: string;
  datestamp: string;
}

function pagingSuite(backend: BackendUnderTest): void {
  describe(`${backend.name}: harvest and sitemap paging`, () => {
    let archive: Archive;
    let cleanup: () => Promise<void>;
    /** Article ids in the order they were stored; a replaced edition's old articles are taken out. */
    let order: string[] = [];
    let all: Expected[] = [];
    let secondStamp = '';
    let correctedStamp = '';
    let firstStamp = '';

    const store = async (e: EditionInput) => {
      const stored = await archive.store.replaceEdition(e);
      const live = await Promise.all(order.map(async (id) => (await archive.store.getArticle(id)) !== null));
      order = order.filter((_, i) => live[i]);
      order.push(...stored.articles.map((a) => a.id));
    };

    before(async () => {
      ({ archive, cleanup } = await backend.open());
      for (const [i, date] of FIRST.entries()) await store(bulletin(date, 3 + (i % 3)));
      firstStamp = (await archive.store.datestamp(order[0]!))!;
      await sleep(1100); // datestamps are whole seconds: the second batch gets a later one
      for (const [i, date] of SECOND.entries()) await store(bulletin(date, 2 + i));
      // A bulletin of the first batch replaced by a new source: its articles move to the end, later stamped.
      await store(bulletin('1974-12-19', 4, ' (second edition)'));
      secondStamp = (await archive.store.datestamp(order[order.length - 1]!))!;
      await sleep(1100);
      // A correction of an article of the first batch gives it the latest datestamp but leaves its place.
      const target = (await archive.store.getArticle(order[2]!))!;
      const admin = { key: 'k-00000000000000000000', admin: true };
      const r = await archive.corrections.correct(
        target.id,
        { text: `${target.body} Corrected.`, contributor: 'Ann', comment: 'a word', baseVersion: 1 },
        admin,
      );
      correctedStamp = `${r.version.at.slice(0, 19)}Z`;
      all = [];
      for (const id of order) {
        const a = (await archive.store.getArticle(id))!;
        all.push({ id, date: a.date, slug: a.slug, datestamp: (await archive.store.datestamp(id))! });
      }
    });
    after(() => cleanup?.());

    /**
     * Every batch of `size` from the start, each asked after the last seq of the one before; the same through
     * each of the store's ways to a batch (WAYS), or the assertion says which differs.
     */
    async function harvestAll(q: Omit<HarvestQuery, 'limit' | 'after'>, size: number) {
      const got: { id: string; datestamp: string }[][] = [];
      try {
        for (const [cap, walk] of WAYS) {
          process.env.DATELINE_HARVEST_CANDIDATES = cap;
          process.env.DATELINE_HARVEST_WALK = walk;
          got.push(await harvestThrough(q, size));
        }
      } finally {
        delete process.env.DATELINE_HARVEST_CANDIDATES;
        delete process.env.DATELINE_HARVEST_WALK;
      }
      for (const [i, way] of WAYS.entries())
        assert.deepEqual(got[i], got[0], `${JSON.stringify(q)}: candidates up to ${way[0]}, walk ${way[1]}`);
      return got[0]!;
    }

    async function harvestThrough(q: Omit<HarvestQuery, 'limit' | 'after'>, size: number) {
      const got: { id: string; datestamp: string; seq: number }[] = [];
      let afterSeq = 0;
      for (let guard = 0; guard < 100; guard++) {
        const batch = await archive.store.harvest({ ...q, after: afterSeq, limit: size });
        assert.ok(batch.length <= size);
        got.push(...batch.map((b) => ({ id: b.article.id, datestamp: b.datestamp, seq: b.seq })));
        if (batch.length < size) break;
        afterSeq = batch[batch.length - 1]!.seq;
      }
      for (let i = 1; i < got.length; i++) assert.ok(got[i]!.seq > got[i - 1]!.seq, 'seqs rise');
      return got.map(({ id, datestamp }) => ({ id, datestamp }));
    }

    const expected = (keep: (e: Expected) => boolean) =>
      all.filter(keep).map(({ id, datestamp }) => ({ id, datestamp }));

    test('the set up is what the cases need', () => {
      assert.equal(all.length, 3 + 4 + 5 + 3 + 4 + 5 + 2 + 3 + 4 - 5 + 4);
      assert.ok(firstStamp < secondStamp && secondStamp < correctedStamp);
      assert.equal(all[2]!.datestamp, correctedStamp, 'the corrected article keeps its place, newly stamped');
      const dates = all.map((e) => e.date);
      assert.notDeepEqual(dates, [...dates].sort(), 'stored out of date order');
    });

    test('without bounds every record comes once, in the order stored, whatever the batch size', async () => {
      for (const size of [1, 4, 7, 100])
        assert.deepEqual(
          await harvestAll({}, size),
          expected(() => true),
        );
    });

    test('a date range (an OAI set) keeps the order stored', async () => {
      const want = expected((e) => e.date >= '1938-01-01' && e.date <= '1938-12-31');
      assert.equal(want.length, 4 + 3 + 5 + 2);
      for (const size of [1, 3, 50])
        assert.deepEqual(await harvestAll({ fromDate: '1938-01-01', toDate: '1938-12-31' }, size), want);
    });

    test('from and until select by each record datestamp, a correction included', async () => {
      const cases: [Omit<HarvestQuery, 'limit' | 'after'>, (e: Expected) => boolean][] = [
        [{ fromStamp: secondStamp }, (e) => e.datestamp >= secondStamp],
        [{ fromStamp: correctedStamp }, (e) => e.datestamp >= correctedStamp],
        [{ untilStamp: firstStamp }, (e) => e.datestamp <= firstStamp],
        [{ fromStamp: secondStamp, untilStamp: secondStamp }, (e) => e.datestamp === secondStamp],
        [
          { fromStamp: secondStamp, fromDate: '1938-01-01', toDate: '1951-12-31' },
          (e) => e.datestamp >= secondStamp && e.date <= '1951-12-31',
        ],
        // The year's candidates are mostly of the first batch: the later ones are reached past many refused.
        [
          { fromStamp: secondStamp, fromDate: '1938-01-01', toDate: '1938-12-31' },
          (e) => e.datestamp >= secondStamp && e.date.startsWith('1938'),
        ],
        [{ fromStamp: '2999-01-01T00:00:00Z' }, () => false],
        [{ untilStamp: '1970-01-01T00:00:00Z' }, () => false],
      ];
      for (const [q, keep] of cases) {
        const want = expected(keep);
        for (const size of [1, 2, 5]) assert.deepEqual(await harvestAll(q, size), want, JSON.stringify(q));
      }
      assert.deepEqual(
        (await harvestAll({ fromStamp: correctedStamp }, 5)).map((e) => e.id),
        [all[2]!.id],
        'only the corrected article is newer than its correction',
      );
      assert.ok((await harvestAll({ fromStamp: secondStamp }, 5)).length > 1);
    });

    test('sitemap slices at any offset give the records in the order stored, and nothing past the end', async () => {
      const want = all.map(({ slug, date, datestamp }) => ({ slug, date, datestamp }));
      for (const size of [1, 4, 9]) {
        const got: typeof want = [];
        for (let offset = 0; offset < want.length + size; offset += size)
          got.push(...(await archive.store.articleSlugs(offset, size)));
        assert.deepEqual(got, want, `slices of ${size}`);
      }
      assert.deepEqual(await archive.store.articleSlugs(want.length - 1, 10), want.slice(-1));
      assert.deepEqual(await archive.store.articleSlugs(want.length, 10), []);
      assert.deepEqual(await archive.store.articleSlugs(5, 3), want.slice(5, 8));
    });
  });
}

pagingSuite(sqliteBackend);
pagingSuite(postgresBackend);
