/**
 * A phrase, a NEAR group or several words ANDed get a list of their own on PostgreSQL (keyed by the tsquery)
 * when more articles than the share hold all their words: the first search makes the list and answers from
 * it, in one pass; later searches read it; a phrase or words that few articles hold together (beside a rare
 * word) are searched as before. Pages, totals and facets as ranking every match (also checked by
 * top-k.conformance.ts, with more queries and after changes).
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredPostgres } from '../../../test/helpers/layered-postgres.js';
import type { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import type { TopKIndex } from '../../search/top-k.js';
import type { SearchIndex } from '../ports.js';
import type { PostgresSearchIndex } from './postgres-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 100, exactCount: 1_000_000 };

let cleanup: () => Promise<void>;
let layered: SearchIndex & TopKIndex;
let on: SearchService;
let off: SearchService;

before(async () => {
  ({ layered, on, off, cleanup } = await layeredPostgres(
    SETTINGS,
    syntheticEditions(corpus, 400, 10, 11, '1923-01-02'),
  ));
  // The common words' lists, made ahead as `dateline reindex --lists-only` makes them.
  await layered.rebuildTopK();
});
after(() => cleanup?.());

test('postgres phrase lists: a phrase, NEAR group or several words of common words are answered from a list of their own', async () => {
  for (const [q, key] of [
    [`"${w(0)} ${w(1)}"`, `('${w(0)}' <-> '${w(1)}')`],
    [
      `"${w(2)} ${w(3)}"~2`,
      `('${w(2)}' <1> '${w(3)}' | '${w(3)}' <1> '${w(2)}' | '${w(2)}' <2> '${w(3)}' | '${w(3)}' <2> '${w(2)}' | '${w(2)}' <3> '${w(3)}' | '${w(3)}' <3> '${w(2)}')`,
    ],
    // Several words ANDed: ts_rank weighs their distances (calc_rank_and), so no word's list bounds them.
    [`${w(0)} ${w(1)}`, `('${w(0)}' & '${w(1)}')`],
    // Words without a list made ahead (the rebuild made the 100 most frequent): the articles holding all three
    // are counted over the share.
    [`${w(5)} ${w(150)} ${w(300)}`, `('${w(5)}' & '${w(150)}' & '${w(300)}')`],
  ] as const) {
    const params = { q, variants: 'off', pageSize: 20 };
    const made = layered.listsMade();
    const first = await on.search(params);
    assert.equal(layered.listsMade(), made + 1, `${q}: its first search made one list`);
    assert.ok((await layered.listedWords()).includes(key), `${q}: listed as ${key}`);
    const exact = await off.search(params);
    assert.ok(exact.total > 0, `${q} matches`);
    sameApartFromTies(first, exact, `${q} first`);
    sameApartFromTies(await on.search(params), exact, `${q} again`);
    sameApartFromTies(
      await on.search({ ...params, page: 2 }),
      await off.search({ ...params, page: 2 }),
      `${q} p2`,
    );
    assert.equal(layered.listsMade(), made + 1, `${q}: later searches read the list`);
  }
});

test('postgres phrase lists: a phrase or words beside a word too rare for a list of its own are searched as before', async () => {
  const rare = w(8000);
  const made = layered.listsMade();
  const before = (layered as PostgresSearchIndex).groupsCounted;
  for (const q of [`"${w(0)} ${rare}"`, `${w(0)} ${rare}`, `${w(1)} ${w(1)}`])
    sameApartFromTies(await on.search({ q, variants: 'off' }), await off.search({ q, variants: 'off' }), q);
  assert.equal(layered.listsMade(), made, 'no list made');
  // Each group of two distinct words was counted once; asked again, the count is remembered.
  const counted = (layered as PostgresSearchIndex).groupsCounted;
  assert.equal(counted, before + 2);
  for (const q of [`"${w(0)} ${rare}"`, `${w(0)} ${rare}`]) await on.search({ q, variants: 'off' });
  assert.equal((layered as PostgresSearchIndex).groupsCounted, counted, 'not counted again');
  assert.ok(!(await layered.listedWords()).some((k) => k.includes(`'${rare}'`)), 'none stored');
});
