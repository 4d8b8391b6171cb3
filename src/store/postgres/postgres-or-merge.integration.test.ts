/**
 * An OR of words and a NEAR group of two, by relevance, on PostgreSQL are merged over their words' lists
 * (postgres-or-merge.ts): the same page (ids and ts_rank scores) as ranking every match; counts exact up to
 * `exactCount`, past it estimated and said to be "about"; rare words alone are merged over their matches read
 * whole, counted exactly; a common word without a list gets one.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import type { Archive } from '../../app.js';
import { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import { hasTopK, type TopKIndex } from '../../search/top-k.js';
import type { SearchIndex } from '../ports.js';
import { parsePgUrl } from './postgres-database.js';
import type { PostgresSearchIndex } from './postgres-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 30, exactCount: 1_000_000 };

let archive: Archive;
let cleanup: () => Promise<void>;
let db: string;
let off: SearchService;

/** The archive's index, which has the layer (checked before the first test). */
const layeredIndex = () => archive.index as SearchIndex & TopKIndex;

before(async () => {
  const opened = await postgresBackend.open();
  archive = opened.archive;
  cleanup = opened.cleanup;
  db = opened.db!;
  assert.ok(hasTopK(archive.index));
  off = new SearchService(layeredIndex().withTopK(null));
  for (const e of syntheticEditions(corpus, 600, 10, 11, '1923-01-02')) await archive.store.replaceEdition(e);
  await layeredIndex().withTopK(SETTINGS).rebuildTopK();
});
after(() => cleanup?.());

/**
 * What the merge can prove: a common word ORed with rarer ones (a word and its variants), and a NEAR group of a
 * common word and a rarer one. (Two very common words' lists share few articles, so no page is proven from
 * them and the engine ranks them: see the last test.)
 */
const QUERIES: { q: string; page?: number }[] = [
  { q: `${w(0)} OR ${w(3000)} OR ${w(4000)}` },
  { q: `${w(1)} OR ${w(600)}` },
  { q: `${w(2)} OR ${w(500)} OR ${w(8000)}`, page: 2 },
  { q: `${w(4)} OR ${w(700)}`, page: 2 },
  { q: `"${w(0)} ${w(300)}"~5` },
  { q: `"${w(1)} ${w(200)}"~3` },
];

async function compare(exactCount: number) {
  const layered = layeredIndex().withTopK({ ...SETTINGS, exactCount }) as PostgresSearchIndex;
  const on = new SearchService(layered);
  let estimated = 0;
  for (const q of QUERIES) {
    const params = { ...q, variants: 'off', pageSize: 20 };
    const a = await on.search(params);
    const b = await off.search(params);
    assert.ok(b.total > 0, `${q.q} matches`);
    sameApartFromTies(a, b, `${q.q} p${q.page ?? 1} (exactCount ${exactCount})`);
    if (a.estimated) estimated++;
  }
  return { merged: layered.orsMerged, estimated };
}

test('postgres OR merge: ORs and NEAR groups of common words give the page of ranking every match, counted exactly', async () => {
  const { merged, estimated } = await compare(1_000_000);
  assert.equal(merged, QUERIES.length, `${merged} of ${QUERIES.length} merged`);
  assert.equal(estimated, 0);
});

test('postgres OR merge: past exactCount the counts are estimated, near the count, and said to be "about"', async () => {
  const { merged, estimated } = await compare(0);
  assert.equal(merged, QUERIES.length, `${merged} merged`);
  // A NEAR group of a common word and a rarer one read whole: every match of the group is among the rarer
  // word's, all checked to rank it, so its counts are exact whatever exactCount says.
  assert.equal(estimated, QUERIES.filter((q) => !q.q.includes('~')).length);
});

test('postgres OR merge: a NEAR group of two very common words, or of rare words, is left to the engine', async () => {
  for (const q of [`"${w(0)} ${w(2)}"~5`, `"${w(3000)} ${w(4000)}"~5`]) {
    const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
    const params = { q, variants: 'off' };
    sameApartFromTies(await new SearchService(layered).search(params), await off.search(params), q);
    assert.equal(layered.orsMerged, 0, `${q}: not merged`);
  }
  // Two very common words ORed: merged or not (here, 600 articles, the articles holding both are few enough
  // to read), the page of ranking every match.
  const q = `${w(0)} OR ${w(1)}`;
  const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
  sameApartFromTies(
    await new SearchService(layered).search({ q, variants: 'off' }),
    await off.search({ q, variants: 'off' }),
    q,
  );
});

test('postgres OR merge: rare words alone are merged over their matches read whole, kept for the next search, counted exactly', async () => {
  const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
  const on = new SearchService(layered);
  // A word and its variants as a reader's search sends them, some of them in no article.
  for (const q of [`${w(3000)} OR ${w(4000)}`, `${w(900)} OR ${w(1200)} OR ${w(2500)} OR nosuchwordhere`]) {
    for (const page of [1, 2, 1]) {
      const params = { q, page, variants: 'off', pageSize: 5 };
      const a = await on.search(params);
      const b = await off.search(params);
      sameApartFromTies(a, b, `${q} p${page}`);
      assert.ok(!a.estimated, `${q}: counted, not estimated`);
    }
  }
  assert.equal(layered.orsMerged, 6);
});

test('postgres OR merge: a common word without a list gets its list from the OR, and the OR is merged', async () => {
  const pool = new pg.Client({ connectionString: parsePgUrl(db).connectionString });
  await pool.connect();
  try {
    await pool.query(`SET search_path TO "${parsePgUrl(db).schema}"`);
    await pool.query('DELETE FROM search_topk WHERE term = $1', [w(0)]);
    // More articles than an unlisted word may have hold it (UNLISTED_MAX, 2,000; 200 here): without a list it
    // used to send the OR to the engine every time.
    const { rows } = await pool.query(
      "SELECT count(*)::int AS n FROM article WHERE tsv @@ to_tsquery('simple', $1)",
      [w(0)],
    );
    const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
    layered.unlistedMax = 200;
    assert.ok(rows[0].n > layered.unlistedMax, `${w(0)} in ${rows[0].n} articles`);
    const q = `${w(0)} OR ${w(2000)} OR ${w(3500)}`;
    const params = { q, variants: 'off', pageSize: 20 };
    sameApartFromTies(await new SearchService(layered).search(params), await off.search(params), q);
    assert.equal(layered.orsMerged, 1);
    const listed = await pool.query('SELECT df FROM search_topk WHERE term = $1', [w(0)]);
    assert.equal(listed.rows[0]?.df, rows[0].n, 'its list was made and kept');
    // A NEAR group does not make one (its own list is made instead when the share holds both words).
    await pool.query('DELETE FROM search_topk WHERE term = $1', [w(0)]);
    const near = `"${w(0)} ${w(3500)}"~3`;
    sameApartFromTies(
      await new SearchService(layered).search({ q: near, variants: 'off' }),
      await off.search({ q: near, variants: 'off' }),
      near,
    );
    assert.equal((await pool.query('SELECT 1 FROM search_topk WHERE term = $1', [w(0)])).rowCount, 0);
  } finally {
    await pool.end();
  }
});

test('postgres OR merge: listed words seldom found together are merged, bounded by the articles holding several of them', async () => {
  const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
  const on = new SearchService(layered);
  const triples: [number, number, number][] = [
    [0, 5, 9],
    [2, 7, 12],
    [3, 11, 17],
    [4, 14, 25],
    [1, 19, 28],
    [6, 10, 16],
  ];
  for (const [a, b, c] of triples) {
    const q = `${w(a)} OR ${w(b)} OR ${w(c)}`;
    for (const page of [1, 2]) {
      const params = { q, page, variants: 'off', pageSize: 10 };
      sameApartFromTies(await on.search(params), await off.search(params), `${q} p${page}`);
    }
  }
  // Each page the lists' ceilings alone could not prove was proven once the articles holding several were read.
  assert.equal(layered.orsMerged, triples.length * 2);
  assert.ok(layered.severalRead > 0, 'the articles holding several were read');
});
