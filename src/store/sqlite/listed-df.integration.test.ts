/**
 * A listed word's document count (fts5-idf.ts listedDf), which the ranking statements and the merge use
 * instead of FTS5's walk of every posting: exact after readers' corrections and added bulletins, read
 * from the list and the change log, as the engine's own vocabulary counts it. Before, any change since a
 * list was made left the count to that walk: 50 ms for the commonest word of a million articles.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredSqlite, paged } from '../../../test/helpers/layered-sqlite.js';
import type { Archive } from '../../app.js';
import type { Article } from '../../core/types.js';
import { listedDf } from './fts5-idf.js';
import type { SqliteDb } from './sqlite-database.js';
import { archiveStateNow } from './sqlite-near-lists.js';
import type { SqliteSearchIndex } from './sqlite-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 60, prebuild: 5000, exactCount: 1_000_000 };
const admin = { key: 'k-00000000000000000000', admin: true };

let archive: Archive;
let done: () => Promise<void>;
let index: SqliteSearchIndex;
let db: SqliteDb;

const vocab = (word: string) =>
  (db.prepare('SELECT doc FROM article_vocab WHERE term = ?').pluck().get(word) as number | undefined) ?? 0;
const listed = (word: string) => db.transaction(() => listedDf(db, word, archiveStateNow(db)))();
const stored = (word: string) =>
  db.prepare('SELECT df FROM search_topk WHERE term = ?').pluck().get(word) as number;
const wordsOf = (a: Pick<Article, 'headline' | 'body'>) =>
  new Set(`${a.headline} ${a.body}`.toLowerCase().split(/[^a-z]+/));

before(async () => {
  ({ archive, index, db, done } = await layeredSqlite(
    SETTINGS,
    syntheticEditions(corpus, 300, 10, 17, '1931-01-02'),
  ));
  await index.rebuildTopK();
});
after(() => done?.());

async function allArticles(): Promise<Article[]> {
  const out: Article[] = [];
  for (const d of await archive.store.listDates())
    for (const s of await archive.store.listArticles((await archive.store.getEdition(d.date))!.id))
      out.push((await archive.store.getArticle(s.id))!);
  return out;
}

test('a listed word’s count is exact after corrections and added bulletins, without the engine’s walk', async () => {
  const words = [w(0), w(1), w(30), w(5)];
  for (const x of words) {
    assert.ok(stored(x) > 0, `${x} has a list`);
    assert.equal(listed(x), vocab(x), `${x} as made`);
  }
  const articles = await allArticles();
  // One article loses w(1) (its body without it; its headline does not hold it), another gains w(30).
  const losing = articles.find(
    (a) =>
      wordsOf({ headline: '', body: a.body }).has(w(1)) &&
      !wordsOf({ headline: a.headline, body: '' }).has(w(1)),
  )!;
  const gaining = articles.find((a) => !wordsOf(a).has(w(30)))!;
  assert.ok(losing, 'an article with w(1) in its body alone');
  assert.ok(gaining && gaining.id !== losing.id, 'an article without w(30)');
  await archive.corrections.correct(
    losing.id,
    {
      text: losing.body
        .split(' ')
        .filter((t) => t.toLowerCase().replace(/[^a-z]/g, '') !== w(1))
        .join(' '),
    },
    admin,
  );
  await archive.corrections.correct(gaining.id, { text: `${gaining.body} ${w(30)}` }, admin);
  for (const x of words) assert.equal(listed(x), vocab(x), `${x} after the corrections`);
  assert.equal(listed(w(30)), stored(w(30)) + 1, 'w(30) gained an article since its list was made');
  // Added articles are counted too.
  for (const e of syntheticEditions(corpus, 3, 10, 18, '1960-01-02'))
    await archive.store.replaceEdition(paged(e));
  for (const x of words) assert.equal(listed(x), vocab(x), `${x} after added bulletins`);
});
