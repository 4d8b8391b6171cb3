/**
 * A search in date order on PostgreSQL is answered by walking the articles in that order
 * (postgres-date-walk.ts): the same page (ids and ts_rank scores) as ranking every match, newest and oldest
 * first, with a date range, past the first page, for one common word (exact counts from its list), several
 * (counts estimated, "about"), a phrase and an OR; a rare word, walked to the end, counted exactly.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import type { Archive } from '../../app.js';
import { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import { hasTopK } from '../../search/top-k.js';
import type { PostgresSearchIndex } from './postgres-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 20, exactCount: 1_000_000 };

let archive: Archive;
let cleanup: () => Promise<void>;
let layered: PostgresSearchIndex;
let on: SearchService;
let off: SearchService;

before(async () => {
  const opened = await postgresBackend.open();
  archive = opened.archive;
  cleanup = opened.cleanup;
  assert.ok(hasTopK(archive.index));
  layered = archive.index.withTopK(SETTINGS) as PostgresSearchIndex;
  on = new SearchService(layered);
  off = new SearchService(archive.index.withTopK(null));
  // More articles than the walk's first batch, so that common words are found before the walk reaches the end.
  for (const e of syntheticEditions(corpus, 600, 10, 11, '1923-01-02')) await archive.store.replaceEdition(e);
  await layered.rebuildTopK();
});
after(() => cleanup?.());

/** The fixed set: common words newest and oldest first, ranges, pages past the first, a phrase. */
const WALKED: { q: string; sort: string; page?: number; from?: string; to?: string }[] = [
  { q: w(0), sort: '-date' },
  { q: w(3), sort: '-date', page: 2 },
  { q: w(5), sort: 'date' },
  { q: `${w(0)} ${w(1)}`, sort: '-date' },
  { q: `${w(2)} ${w(9)}`, sort: 'date', page: 3 },
  { q: `${w(4)} ${w(7)}`, sort: '-date', from: '1923-02-01', to: '1923-05-31' },
  { q: `"${w(0)} ${w(1)}"`, sort: '-date' },
  { q: `${w(1)} OR ${w(30)}`, sort: '-date' },
];

test('postgres date walk: searches in date order give the page of ranking every match', async () => {
  let estimated = 0;
  for (const q of WALKED) {
    const params = { ...q, variants: 'off', pageSize: 20 };
    const walked = layered.datesWalked;
    const a = await on.search(params);
    assert.equal(layered.datesWalked, walked + 1, `${q.q} ${q.sort}: walked`);
    const b = await off.search(params);
    assert.ok(b.total > 20, `${q.q}: matches past the page`);
    sameApartFromTies(a, b, `${q.q} ${q.sort} p${q.page ?? 1}`);
    assert.deepEqual(
      a.hits.map((h) => h.id),
      b.hits.map((h) => h.id),
      `${q.q}: the same articles in the same order`,
    );
    if (a.estimated) estimated++;
  }
  assert.ok(estimated >= 2, `${estimated} answers said "about"`);
  // One listed word without a range: its counts are exact, from its list.
  const one = await on.search({ q: w(0), sort: '-date', variants: 'off' });
  assert.equal(one.estimated, false);
});

test('postgres date walk: a word too rare to fill the page before the end is counted exactly from the walk', async () => {
  const q = { q: w(3000), sort: '-date', variants: 'off' };
  const walked = layered.datesWalked;
  const a = await on.search(q);
  assert.equal(layered.datesWalked, walked + 1, 'walked');
  // Every article read: total, years and places exact (sameApartFromTies compares them).
  assert.equal(a.estimated, false);
  sameApartFromTies(a, await off.search(q), q.q);
});
