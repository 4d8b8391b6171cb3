/**
 * An OR of words and a NEAR group of two, by relevance, on PostgreSQL are merged over their words' lists
 * (postgres-or-merge.ts): the same page (ids and ts_rank scores) as ranking every match; counts exact up to
 * `exactCount`, past it estimated and said to be "about"; a query of rare words alone is left to the engine.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import type { Archive } from '../../app.js';
import { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import { hasTopK, type TopKIndex } from '../../search/top-k.js';
import type { SearchIndex } from '../ports.js';
import type { PostgresSearchIndex } from './postgres-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 30, exactCount: 1_000_000 };

let archive: Archive;
let cleanup: () => Promise<void>;
let off: SearchService;

/** The archive's index, which has the layer (checked before the first test). */
const layeredIndex = () => archive.index as SearchIndex & TopKIndex;

before(async () => {
  const opened = await postgresBackend.open();
  archive = opened.archive;
  cleanup = opened.cleanup;
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
  assert.equal(estimated, merged);
});

test('postgres OR merge: rare words alone, or two very common words, are left to the engine', async () => {
  for (const q of [`${w(3000)} OR ${w(4000)}`, `${w(0)} OR ${w(1)}`, `"${w(0)} ${w(2)}"~5`]) {
    const layered = layeredIndex().withTopK(SETTINGS) as PostgresSearchIndex;
    const params = { q, variants: 'off' };
    sameApartFromTies(await new SearchService(layered).search(params), await off.search(params), q);
    assert.equal(layered.orsMerged, 0, `${q}: not merged`);
  }
});
