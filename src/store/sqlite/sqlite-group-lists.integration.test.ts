/**
 * Groups of frequent words on SQLite (sqlite-group-lists.ts, docs/adr/0017), on a real archive: a group of
 * words ANDed that more than the share of the articles hold together gets a list of its own, made by its first
 * search; later searches read it, with the same pages, totals and facets as ranking every match; a correction
 * (the change log) and an added article show up in its next search; `dateline reindex` remakes it when stale.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredSqlite, paged } from '../../../test/helpers/layered-sqlite.js';
import type { Archive } from '../../app.js';
import type { Article } from '../../core/types.js';
import type { SearchService } from '../../search/search.service.js';
import { sameApartFromTies } from '../../search/top-k.conformance.js';
import type { SqliteSearchIndex } from './sqlite-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
/** Short lists (pages 1–2 come from them); counts never estimated, so several words go to a list or the engine. */
const SETTINGS = { share: 0.005, length: 60, prebuild: 0, exactCount: 1_000_000 };
const admin = { key: 'k-00000000000000000000', admin: true };
const wordsOf = (a: Pick<Article, 'headline' | 'body'>) =>
  new Set(`${a.headline} ${a.body}`.toLowerCase().split(/[^a-z]+/));

let archive: Archive;
let done: () => Promise<void>;
let index: SqliteSearchIndex;
let on: SearchService;
let off: SearchService;
const group = `${w(0)} ${w(1)}`;
const key = `&${group}`;

/** Pages 1 and 2 of `q` with the layer on and off: the same hits, scores, totals and facets. */
const same = async (q: string, label: string) => {
  for (const page of [1, 2]) {
    const params = { q, page, pageSize: 20, variants: 'off' };
    sameApartFromTies(await on.search(params), await off.search(params), `${label} ${q} page ${page}`);
  }
};
const merge = () => index.merge!;

before(async () => {
  ({ archive, index, on, off, done } = await layeredSqlite(
    SETTINGS,
    syntheticEditions(corpus, 400, 10, 41, '1923-01-02'),
  ));
});
after(() => done?.());

test('sqlite group lists: a common group gets a list of its own, a rare one does not', async () => {
  assert.equal(await index.storedList(key), null);
  await same(group, 'first search:');
  assert.ok(await index.storedList(key), 'the common group has its list');
  const { total } = await off.search({ q: group, variants: 'off' });
  assert.ok(total > SETTINGS.share * 400, `${total} articles hold the group`);
  // Two words each over the share that few articles hold together: ranked by the engine, no list.
  const totals = new Map<string, number>();
  const df = async (x: string) =>
    totals.get(x) ?? totals.set(x, (await off.search({ q: x, variants: 'off' })).total).get(x)!;
  let rare: string | null = null;
  for (let i = 100; i < 400 && !rare; i += 13)
    for (let j = i + 5; j < 700 && !rare; j += 17) {
      const q = `${w(i)} ${w(j)}`;
      const n = (await off.search({ q, variants: 'off' })).total;
      if (n <= 2 && (await df(w(i))) > 2 && (await df(w(j))) > 2) rare = q;
    }
  assert.ok(rare, 'a pair of listed words that rarely meet');
  const made = index.listsMade();
  await same(rare, 'a rare group:');
  assert.equal(await index.storedList(`&${rare}`), null, 'a rare group has no list');
  assert.equal(index.listsMade(), made, 'no list made for it');
});

test('sqlite group lists: later searches read the list, with the same page and total as the layer off', async () => {
  const made = index.listsMade();
  const answered = merge().answered.group;
  const stored = await index.storedList(key);
  await same(group, 'read:');
  assert.equal(index.listsMade(), made, 'no list made');
  assert.equal(merge().answered.group, answered + 2, 'both pages answered from the group list');
  assert.deepEqual(await index.storedList(key), stored);
  // Three words, and the same words in another order (its own list: bm25 adds their parts in the query's order).
  for (const q of [`${w(3)} ${w(20)} ${w(40)}`, `${w(1)} ${w(0)}`]) {
    await same(q, 'first:');
    assert.ok(await index.storedList(`&${q}`), `${q} has its list`);
    const again = index.listsMade();
    await same(q, 'again:');
    assert.equal(index.listsMade(), again, `${q} read from its list`);
  }
});

test('sqlite group lists: a correction and an added article show up in the next search', async () => {
  const articles: Article[] = [];
  for (const d of await archive.store.listDates())
    for (const s of await archive.store.listArticles((await archive.store.getEdition(d.date))!.id))
      articles.push((await archive.store.getArticle(s.id))!);
  // An article without the group, given both words many times over: it comes first.
  const lacking = articles.find((a) => !wordsOf(a).has(w(0)) || !wordsOf(a).has(w(1)))!;
  const untouched = await index.storedList(key);
  // A correction of an article that holds neither word before or after leaves the list as it is.
  const neither = articles.find((a) => !wordsOf(a).has(w(0)) && !wordsOf(a).has(w(1)) && a !== lacking);
  if (neither) {
    await archive.corrections.correct(neither.id, { text: `${neither.body} ${w(500)}` }, admin);
    const made = index.listsMade();
    await same(group, 'after a correction elsewhere:');
    assert.equal(index.listsMade(), made, 'read, not made again');
    assert.deepEqual(await index.storedList(key), untouched);
  }
  const total = async () => (await on.search({ q: group, variants: 'off', pageSize: 20 })).total;
  const before = await total();
  await archive.corrections.correct(
    lacking.id,
    { text: `${lacking.body} ${Array(12).fill(group).join(' ')}` },
    admin,
  );
  const answered = merge().answered.group;
  const patchedAt = index.listsMade();
  await same(group, 'after the correction:');
  // Page 1 from the patched list (page 2 may not be proven: the words are in nearly every article, their idf
  // FTS5's floor, and the corrected article's longer text raises the bound a little; the engine ranks it then).
  assert.ok(merge().answered.group >= answered + 1, 'answered from the group list');
  assert.equal(index.listsMade(), patchedAt, 'patched from the change log, not made again');
  assert.deepEqual(
    await index.storedList(key),
    untouched,
    'the stored list as it was (patched at search time)',
  );
  assert.equal(await total(), before + 1, 'the corrected article, which did not hold the group, is counted');
  // An added bulletin whose articles all hold the group: merged in at search time, no list made.
  const made = index.listsMade();
  const [added] = syntheticEditions(corpus, 2, 2, 42, '1960-01-01');
  const boosted = {
    ...added!,
    articles: added!.articles.map((a) => ({
      ...a,
      headline: `${group} ${group}`,
      body: `${a.body} ${group}`,
    })),
  };
  await archive.store.replaceEdition(paged(boosted));
  await same(group, 'after an added bulletin:');
  assert.ok(merge().answered.group >= answered + 3, 'answered from the group list (and the total above)');
  assert.equal(await total(), before + 1 + boosted.articles.length, 'the added articles are counted');
  assert.equal(index.listsMade(), made, 'merged in, not made again');
});

test('sqlite group lists: dateline reindex remakes a stale group list, and its next search reads it', async () => {
  const articles: Article[] = [];
  for (const d of await archive.store.listDates())
    for (const s of await archive.store.listArticles((await archive.store.getEdition(d.date))!.id))
      articles.push((await archive.store.getArticle(s.id))!);
  const holding = articles.find((a) => wordsOf(a).has(w(0)) && wordsOf(a).has(w(1)))!;
  await archive.corrections.correct(holding.id, { text: `${holding.body} ${w(0)}` }, admin);
  const before = (await index.storedList(key))!;
  const rebuilt = await index.rebuildTopK();
  const after = (await index.storedList(key))!;
  assert.ok(rebuilt.made >= 1);
  assert.ok(after.changes > before.changes, 'made again at the present change count');
  const made = index.listsMade();
  await same(group, 'after reindex:');
  assert.equal(index.listsMade(), made, 'read, not made again');
  // More articles added than a list is long: the refresh remakes it.
  for (const e of syntheticEditions(corpus, 80, 10, 43, '1961-01-01')) await archive.store.replaceEdition(e);
  const refreshed = await index.refreshTopK(600_000);
  assert.ok(refreshed.made >= 1);
  assert.ok((await index.storedList(key))!.builtSeq > after.builtSeq, 'remade past the added articles');
  await same(group, 'after the refresh:');
  assert.equal((await index.refreshTopK(600_000)).made, 0, 'nothing left stale');
});
