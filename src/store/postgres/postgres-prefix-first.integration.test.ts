/**
 * A prefix's first search on PostgreSQL makes its list and answers from it in one pass (where a search and
 * then the list took two, and at 1M the second was stopped by the time limit): the same page, total and
 * facets as ranking every match; the list kept only when the prefix is frequent; later searches read it.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredPostgres } from '../../../test/helpers/layered-postgres.js';
import type { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import type { TopKIndex } from '../../search/top-k.js';
import type { SearchIndex } from '../ports.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 0, exactCount: 1_000_000 };

let cleanup: () => Promise<void>;
let layered: SearchIndex & TopKIndex;
let on: SearchService;
let off: SearchService;

before(async () => {
  ({ layered, on, off, cleanup } = await layeredPostgres(
    SETTINGS,
    syntheticEditions(corpus, 400, 10, 11, '1923-01-02'),
  ));
});
after(() => cleanup?.());

test('postgres prefix: a frequent prefix’s first search makes its list in the pass that answers it', async () => {
  const q = `${w(1).slice(0, 3)}*`;
  const params = { q, variants: 'off', pageSize: 20 };
  const made = layered.listsMade();
  const first = await on.search(params);
  assert.equal(layered.listsMade(), made + 1, 'one pass');
  assert.ok((await layered.listedWords()).includes(q), 'kept');
  sameApartFromTies(first, await off.search(params), `${q} first`);
  sameApartFromTies(
    await on.search({ ...params, page: 2 }),
    await off.search({ ...params, page: 2 }),
    `${q} p2`,
  );
  assert.equal(layered.listsMade(), made + 1, 'later searches read it');
});

test('postgres prefix: a rare prefix is answered from the list its one pass made, and the list is not kept', async () => {
  const q = `${w(8000)}*`;
  const params = { q, variants: 'off', pageSize: 20 };
  const made = layered.listsMade();
  const first = await on.search(params);
  assert.equal(layered.listsMade(), made + 1, 'answered from the pass that made the list');
  assert.ok(!(await layered.listedWords()).includes(q), 'not kept: too rare');
  const exact = await off.search(params);
  assert.ok(exact.total > 0, `${q} matches`);
  sameApartFromTies(first, exact, q);
});
