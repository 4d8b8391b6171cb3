/**
 * A NEAR group of a rarer word and a word in most articles, on SQLite (sqlite-top-k-merge.ts): FTS5 checks
 * the common word's positions at every match of the rarer one (29 ms for `"kevisha bo"~5` at 1M, words in
 * 4,362 and 1,000,000 articles), so when the rarer word is in more articles than a list is long the group
 * gets a list of its own, made by its first search, as a NEAR group of common words does. The pages, totals
 * and facets are those of ranking every match, before and after a correction touching the group.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredSqlite } from '../../../test/helpers/layered-sqlite.js';
import type { Archive } from '../../app.js';
import type { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import type { SqliteSearchIndex } from './sqlite-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
/** A word in at most 30 % of the articles is rare here; lists 20 long. */
const SETTINGS = { share: 0.3, length: 20, prebuild: 0, exactCount: 1_000_000 };
const admin = { key: 'k-00000000000000000000', admin: true };

let archive: Archive;
let done: () => Promise<void>;
let index: SqliteSearchIndex;
let on: SearchService;
let off: SearchService;

before(async () => {
  ({ archive, index, on, off, done } = await layeredSqlite(
    SETTINGS,
    syntheticEditions(corpus, 400, 10, 23, '1940-01-02'),
  ));
});
after(() => done?.());

const same = async (q: string, label: string) => {
  for (const page of [1, 2]) {
    const params = { q, page, pageSize: 10, variants: 'off' };
    sameApartFromTies(await on.search(params), await off.search(params), `${label} ${q} page ${page}`);
  }
};

test('sqlite: a NEAR group of a rarer word and a word in most articles gets a list of its own', async () => {
  const total = async (q: string) => (await off.search({ q, variants: 'off' })).total;
  assert.ok((await total(w(0))) > 0.5 * 400, `${w(0)} is in most articles`);
  // A word rare by the share (at most 120 articles) yet in more than a list is long (20).
  let rarer: string | null = null;
  for (let i = 30; i < 400 && !rarer; i++) {
    const n = await total(w(i));
    if (n > 40 && n <= 0.3 * 400) rarer = w(i);
  }
  assert.ok(rarer, 'a word in 41 to 120 of the 400 articles');
  const q = `"${rarer} ${w(0)}"~5`;
  assert.ok((await total(q)) > 20, 'the group matches more articles than a list is long');
  await same(q, 'first search:');
  assert.ok(await index.storedList(`~5 ${rarer} ${w(0)}`), 'the group has its list');
  const made = index.listsMade();
  await same(q, 'again:');
  assert.equal(index.listsMade(), made, 'read, not made again');
  // A correction that puts the group into an article lacking it: the list is made again, the same answers.
  const { hits } = await off.search({ q: w(1), pageSize: 50, variants: 'off' });
  const lacking = [];
  for (const h of hits)
    if (!(await archive.store.getArticle(h.id))!.body.includes(rarer!)) lacking.push(h.id);
  const article = (await archive.store.getArticle(lacking[0]!))!;
  await archive.corrections.correct(
    article.id,
    {
      text: `${article.body} ${Array(6)
        .fill(`${rarer} ${w(0)}`)
        .join(' ')}`,
    },
    admin,
  );
  await same(q, 'after a correction:');
  // A rarer word in fewer articles than a list is long: left to the engine, no list.
  let few: string | null = null;
  for (let i = 200; i < 3000 && !few; i += 7) {
    const n = await total(`"${w(i)} ${w(0)}"~5`);
    if (n > 2 && (await total(w(i))) <= 20) few = w(i);
  }
  assert.ok(few, 'a word in at most 20 articles that stands near the common one');
  await same(`"${few} ${w(0)}"~5`, 'a rare group:');
  assert.equal(
    await index.storedList(`~5 ${few} ${w(0)}`),
    null,
    'a group with a word in few articles has no list',
  );
});
