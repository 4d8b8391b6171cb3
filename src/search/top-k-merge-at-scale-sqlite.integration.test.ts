/**
 * Two shortcuts the SQLite search takes at scale (docs/performance.md, the 1M table), checked against the
 * engine ranking every match:
 * - the merge of several common words reads a word's article count from its stored list (the list's count
 *   plus the matches added since), not from FTS5's vocabulary, which walks every posting of the word: after
 *   bulletins are added, the pages' scores must still be FTS5's own, to the bit;
 * - a date range also bounds the matches' seqs (the range's lowest and highest article): with bulletins
 *   stored out of date order, a date-filtered search must find what the engine finds for the dates alone.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { tempArchive } from '../../test/helpers/sample-bulletins.js';
import type { Archive } from '../app.js';
import { toFts5 } from '../store/sqlite/sqlite-query-compiler.js';
import { SqliteSearchIndex } from '../store/sqlite/sqlite-search-index.js';
import { parseQuery } from './query.js';
import { SearchService } from './search.service.js';
import { sameApartFromTies } from './top-k.conformance.js';
import { hasTopK } from './top-k.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
/** Lists for words in over 2 % of the articles, and every several-word search merged (counts estimated). */
const SETTINGS = { share: 0.02, length: 100, prebuild: 200, exactCount: 0 };

let archive: Archive;
let cleanup: () => Promise<void>;
let dataDir: string;

before(async () => {
  const opened = await tempArchive();
  archive = opened.archive;
  cleanup = opened.done;
  dataDir = join(opened.dir, 'data');
  // Bulletins stored out of date order: the 1930s first, then the 1920s.
  for (const e of syntheticEditions(corpus, 1500, 10, 21, '1930-01-01'))
    await archive.store.replaceEdition(e);
  for (const e of syntheticEditions(corpus, 1500, 10, 22, '1923-01-01'))
    await archive.store.replaceEdition(e);
});
after(() => cleanup?.());

test('several common words after bulletins are added: the merge scores as FTS5 does (article counts from the lists)', async () => {
  assert.ok(hasTopK(archive.index));
  const layered = archive.index.withTopK(SETTINGS);
  const made = await layered.rebuildTopK();
  assert.ok(made.made > 10, `${made.made} lists made ahead`);
  const on = new SearchService(layered);
  const off = new SearchService(archive.index.withTopK(null));
  // Added since the lists were made (fewer than a list is long for most words): counted at search time.
  for (const e of syntheticEditions(corpus, 60, 10, 23, '1940-01-01')) await archive.store.replaceEdition(e);
  const queries = [
    `${w(20)} ${w(25)}`,
    `${w(15)} ${w(30)} ${w(22)}`,
    `${w(12)} ${w(40)}`,
    `${w(8)} ${w(50)}`,
    `${w(35)} ${w(45)}`,
    `"${w(18)} ${w(21)}"~8`,
  ];
  let merged = 0;
  for (const q of queries) {
    const params = { q, variants: 'off', pageSize: 20 };
    const a = await on.search(params);
    if (a.estimated) merged++;
    sameApartFromTies(a, await off.search(params), q);
  }
  assert.ok(merged >= 2, `${merged} of ${queries.length} answered by the merge`);
});

test('an OR of common and rare words is ranked from the common words’ lists as FTS5 ranks it', async () => {
  assert.ok(hasTopK(archive.index));
  const layered = archive.index.withTopK(SETTINGS);
  assert.ok(layered instanceof SqliteSearchIndex && layered.or);
  await layered.rebuildTopK();
  const on = new SearchService(layered);
  const off = new SearchService(archive.index.withTopK(null));
  const file = join(dataDir, 'archive.sqlite');
  const raw = new Database(file, { readonly: true });
  const queries = [
    `${w(300)} OR ${w(10)} OR ${w(900)} OR ${w(14)}`,
    `${w(2000)} OR ${w(8)} OR ${w(9)}`,
    `${w(5)} OR ${w(6)} OR ${w(7)} OR ${w(4000)}`,
    `${w(11)} OR ${w(12)}`,
  ];
  for (const q of queries) {
    const params = { q, variants: 'off', pageSize: 20 };
    const a = await on.search(params);
    sameApartFromTies(a, await off.search(params), q);
    const ids = raw
      .prepare(
        'SELECT a.id FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE article_fts MATCH ? ORDER BY bm25(article_fts, 5.0, 1.0, 2.0, 2.0), a.date, a.ordinal LIMIT 20',
      )
      .pluck()
      .all(toFts5(parseQuery(q))) as string[];
    assert.deepEqual(
      a.hits.map((h) => h.id),
      ids,
      `${q}: the engine's page`,
    );
  }
  raw.close();
  assert.ok(layered.or.answered >= 3, `${layered.or.answered} of ${queries.length} ranked from the lists`);
});

test('a date range narrowed to its articles’ seqs finds what the engine finds for the dates, bulletins stored out of order', async () => {
  assert.ok(hasTopK(archive.index));
  const search = new SearchService(archive.index.withTopK(null));
  const file = join(dataDir, 'archive.sqlite');
  const raw = new Database(file, { readonly: true });
  for (const [q, from, to] of [
    [w(150), '1923-03-01', '1923-09-30'],
    [w(60), '1929-06-01', '1930-06-30'],
    [w(3), '1931-01-01', '1931-12-31'],
    [w(300), '1990-01-01', '1990-12-31'],
  ] as const) {
    const page = await search.search({ q, from, to, variants: 'off', pageSize: 20 });
    const year = page.years.reduce((n, y) => n + y.count, 0);
    assert.equal(page.total, year, `${q}: total is the years' sum`);
    assert.ok(
      page.hits.every((h) => h.date >= from && h.date <= to),
      `${q}: every hit in range`,
    );
    const where = 'article_fts MATCH ? AND a.date >= ? AND a.date <= ?';
    const count = raw
      .prepare(`SELECT count(*) FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE ${where}`)
      .pluck()
      .get(toFts5(parseQuery(q)), from, to) as number;
    assert.equal(page.total, count, `${q} ${from}..${to}: total`);
    const ids = raw
      .prepare(
        `SELECT a.id FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE ${where} ORDER BY bm25(article_fts, 5.0, 1.0, 2.0, 2.0), a.date, a.ordinal LIMIT 20`,
      )
      .pluck()
      .all(toFts5(parseQuery(q)), from, to) as string[];
    assert.deepEqual(
      page.hits.map((h) => h.id),
      ids,
      `${q} ${from}..${to}: page`,
    );
  }
  raw.close();
});

test('common words in date order: FTS5’s matches walked by seq, only the page counted, bulletins stored out of order', async () => {
  assert.ok(hasTopK(archive.index));
  const layered = archive.index.withTopK(SETTINGS);
  assert.ok(layered instanceof SqliteSearchIndex && layered.merge);
  await layered.rebuildTopK();
  const on = new SearchService(layered);
  const off = new SearchService(archive.index.withTopK(null));
  // Newest and oldest first, one word and two, with and without a date range that straddles the stored order
  // (the 1930s were stored before the 1920s), and a second page.
  const queries = [
    { q: w(3), sort: '-date' },
    { q: w(3), sort: 'date' },
    { q: `${w(5)} ${w(9)}`, sort: '-date' },
    { q: `${w(2)} ${w(7)}`, sort: 'date' },
    { q: w(4), sort: '-date', from: '1923-03-01', to: '1930-02-15' },
    { q: w(6), sort: 'date', from: '1923-04-10', to: '1930-03-31' },
    { q: w(1), sort: '-date', page: 2 },
    { q: `${w(0)} ${w(8)}`, sort: 'date', page: 2 },
  ];
  const walked = layered.merge.answered.dateWalk;
  let counted = layered.merge.rowsCounted;
  for (const q of queries) {
    const params = { ...q, variants: 'off', pageSize: 20 };
    const a = await on.search(params);
    const b = await off.search(params);
    sameApartFromTies(a, b, JSON.stringify(q));
    assert.deepEqual(
      a.hits.map((h) => h.id),
      b.hits.map((h) => h.id),
      `${JSON.stringify(q)}: the same articles in the same date order`,
    );
    // Only the page's articles are read and counted, not a slice of the archive (and the 60 articles added
    // since the lists were made, which every search merged here counts).
    const need = (q.page ?? 1) * 20 + 60;
    assert.ok(
      layered.merge.rowsCounted - counted <= need,
      `${JSON.stringify(q)}: ${layered.merge.rowsCounted - counted} rows counted for ${need}`,
    );
    counted = layered.merge.rowsCounted;
  }
  assert.equal(layered.merge.answered.dateWalk - walked, queries.length, 'every search walked FTS5 by seq');
});

test('a common word within a year or two: answered from its best articles of each year, bulletins stored out of order', async () => {
  assert.ok(hasTopK(archive.index));
  const layered = archive.index.withTopK(SETTINGS);
  assert.ok(layered instanceof SqliteSearchIndex && layered.merge);
  await layered.rebuildTopK();
  const on = new SearchService(layered);
  const off = new SearchService(archive.index.withTopK(null));
  const years = layered.merge.years;
  // Whole years, part of one, two years across the stored order (1930 was stored before 1923), a second page.
  const queries = [
    { q: w(0), from: '1923-01-01', to: '1923-12-31' },
    { q: w(2), from: '1930-01-01', to: '1930-12-31' },
    { q: w(4), from: '1923-02-01', to: '1923-05-31' },
    { q: w(6), from: '1929-06-01', to: '1930-03-31' },
    { q: w(1), from: '1923-01-01', to: '1923-12-31', page: 2 },
    { q: w(30), from: '1930-01-01', to: '1930-12-31' },
  ];
  const compare = async (label: string) => {
    const answered = years.answered;
    for (const q of queries) {
      const params = { ...q, variants: 'off', pageSize: 20 };
      const a = await on.search(params);
      const b = await off.search(params);
      sameApartFromTies(a, b, `${label} ${JSON.stringify(q)}`);
      assert.ok(b.hits.length > 0, `${label} ${JSON.stringify(q)}: matches`);
    }
    return years.answered - answered;
  };
  const made = years.made;
  assert.equal(await compare('first'), queries.length, 'every search answered from year lists');
  const madeFirst = years.made - made;
  assert.ok(madeFirst > 0, 'year lists made by the first searches');
  assert.equal(await compare('again'), queries.length, 'answered again');
  assert.equal(years.made - made, madeFirst, 'and read, not made again');
  // A bulletin of 1923 stored late (its articles' seqs after every other): scored at search time.
  for (const e of syntheticEditions(corpus, 20, 10, 24, '1923-07-01')) await archive.store.replaceEdition(e);
  assert.equal(await compare('a late 1923 bulletin'), queries.length, 'answered with the added articles');
  assert.equal(years.made - made, madeFirst, 'the lists were not made again for added articles');
});
