/**
 * Lists made by readers' searches are kept to a number (sqlite-list-cap.ts): past it the earliest made go, a
 * search that needs one again makes it again, and the answers stay those of ranking every match. The words'
 * own lists are not counted.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredSqlite } from '../../../test/helpers/layered-sqlite.js';
import type { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import type { SqliteDb } from './sqlite-database.js';
import { madeBySearch, searchListCap } from './sqlite-list-cap.js';
import type { SqliteSearchIndex } from './sqlite-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 20, prebuild: 5000, exactCount: 1_000_000 };

let done: () => Promise<void>;
let index: SqliteSearchIndex;
let on: SearchService;
let off: SearchService;
let db: SqliteDb;
const keys = () => db.prepare('SELECT term FROM search_topk ORDER BY rowid').pluck().all() as string[];
const searchMade = () => keys().filter(madeBySearch);

before(async () => {
  ({ index, on, off, db, done } = await layeredSqlite(
    SETTINGS,
    syntheticEditions(corpus, 300, 10, 31, '1950-01-02'),
  ));
  await index.rebuildTopK();
});
after(async () => {
  delete process.env.DATELINE_TOPK_SEARCH_LISTS;
  await done?.();
});

test('sqlite: lists made by searches are kept to DATELINE_TOPK_SEARCH_LISTS, the earliest made going first', async () => {
  assert.equal(searchListCap({}), 5000);
  assert.equal(searchListCap({ DATELINE_TOPK_SEARCH_LISTS: '3' }), 3);
  assert.equal(searchListCap({ DATELINE_TOPK_SEARCH_LISTS: 'many' }), 5000);
  const words = keys().filter((k) => !madeBySearch(k)).length;
  assert.ok(words > 10, `${words} words have lists made ahead`);
  process.env.DATELINE_TOPK_SEARCH_LISTS = '3';
  const asked = [
    `"${w(0)} ${w(1)}"~5`,
    `"${w(0)} ${w(2)}"~5`,
    `"${w(1)} ${w(2)}"~5`,
    `"${w(0)} ${w(3)}"~5`,
    `"${w(1)} ${w(3)}"~5`,
  ];
  for (const q of asked) {
    const params = { q, pageSize: 10, variants: 'off' };
    sameApartFromTies(await on.search(params), await off.search(params), q);
  }
  const made = searchMade();
  assert.equal(made.length, 3, `kept: ${made.join(', ')}`);
  assert.deepEqual(
    made,
    [`~5 ${w(1)} ${w(2)}`, `~5 ${w(0)} ${w(3)}`, `~5 ${w(1)} ${w(3)}`],
    'the last three made',
  );
  assert.equal(keys().length - made.length, words, "the words' own lists are all kept");
  // The first group's list went; its next search makes it again, with the same answer.
  const params = { q: asked[0]!, pageSize: 10, variants: 'off' };
  sameApartFromTies(await on.search(params), await off.search(params), `${asked[0]} again`);
  assert.ok(searchMade().includes(`~5 ${w(0)} ${w(1)}`), 'made again');
  assert.equal(searchMade().length, 3);
});
