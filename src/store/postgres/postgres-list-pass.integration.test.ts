/**
 * A rebuild makes many words' lists in one pass over the articles (postgres-list-pass.ts): each list is what
 * the word's list made alone holds (the same articles, ts_rank scores, counts and facets), for words in
 * headlines (A), bylines (B), places (C) and bodies (D), a word said more often than a vector keeps positions,
 * and a word whose list holds every match; a second rebuild finds them current.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { layeredPostgres } from '../../../test/helpers/layered-postgres.js';
import type { TopKIndex } from '../../search/top-k.js';
import type { SearchIndex } from '../ports.js';
import { openPostgres, type PgPool } from './postgres-database.js';
import { eachWanted, listsInOnePass } from './postgres-list-pass.js';
import { ONE_PASS_WORDS, PostgresTopK, WEIGHTS } from './postgres-search-index.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;
const SETTINGS = { share: 0.005, length: 50, prebuild: 1000, exactCount: 1_000_000 };

let cleanup: () => Promise<void>;
let layered: SearchIndex & TopKIndex;
let pool: PgPool;

/** The synthetic bulletins, the first article given weights of every kind and a word past the 256 positions a vector keeps of a lexeme. */
function* editions() {
  let first = true;
  for (const e of syntheticEditions(corpus, 3000, 10, 7, '1931-01-02')) {
    if (first) {
      const [a, ...rest] = e.articles;
      e.articles = [
        {
          ...a!,
          headline: `${w(0)} ${w(3)} ${w(0)}`,
          byline: `By ${w(0)} ${w(5)}`,
          body: `${Array(300).fill(w(0)).join(' ')} ${w(3)} ${a!.body}`,
        },
        ...rest,
      ];
      first = false;
    }
    // A hyphenated word in 150 articles: frequent, but searched as a phrase of its parts (to_tsquery splits it).
    if (e.date.endsWith('5')) e.articles = e.articles.map((a) => ({ ...a, body: `${a.body} to-day` }));
    yield e;
  }
}

before(async () => {
  let db: string;
  ({ layered, db, cleanup } = await layeredPostgres(SETTINGS, editions()));
  pool = await openPostgres(db);
});
after(async () => {
  await pool?.end();
  await cleanup?.();
});

test('postgres list pass: a vector text is read for the wanted lexemes and their weights in order', () => {
  const seen: string[] = [];
  const wanted = new Map([
    ["o'neil", 0],
    ['a\\b', 1],
    ['bare', 2],
    ['kept', 3],
  ]);
  eachWanted("'bare' 'kept':1A,2,7C,9B 'o''neil':4 'skip':5,6 'a\\\\b':8D", wanted, (word, weights) =>
    seen.push(`${word}=${weights}`),
  );
  assert.deepEqual(seen, ['2=D', '3=ADCB', '0=D', '1=D']);
});

test('postgres list pass: a rebuild makes the words lists in one pass, each as the word made alone', async () => {
  const before = layered.listsMade();
  const reads: [number, number][] = [];
  const r = await layered.rebuildTopK(undefined, (done, total) => reads.push([done, total]));
  const words = await layered.listedWords();
  // The pass tells its progress in articles read, up to every article.
  const articles = Number((await pool.query('SELECT count(*) AS n FROM article')).rows[0].n);
  assert.ok(reads.length >= 2, `${reads.length} progress steps`);
  assert.deepEqual(reads.at(-1), [articles, articles]);
  assert.ok(words.length >= ONE_PASS_WORDS, `${words.length} words listed: too few for one pass`);
  assert.equal(r.made, words.length);
  assert.equal(layered.listsMade() - before, words.length);
  // The place names (weight C) are among the frequent words, and so are the headline and byline words.
  const places = (await pool.query('SELECT DISTINCT lower(dateline_place) AS p FROM article')).rows.map(
    (x) => x.p as string,
  );
  assert.ok(
    places.some((p) => words.includes(p)),
    `no place among ${words.slice(0, 10)}…`,
  );
  for (const i of [0, 3, 5]) assert.ok(words.includes(w(i)), `${w(i)} has no list`);
  assert.ok(words.includes('to-day'), 'the hyphenated word has its list (made alone)');

  const alone = new PostgresTopK(pool, async (sql, params) => (await pool.query(sql, params)).rows);
  for (const word of words) {
    const stored = (
      await pool.query('SELECT built_seq, changes, df, body FROM search_topk WHERE term = $1', [word])
    ).rows[0];
    const made = await alone.build(word, SETTINGS.length, false);
    const body = JSON.parse(stored.body);
    assert.equal(Number(stored.df), made.df, word);
    assert.equal(Number(stored.built_seq), made.builtSeq, word);
    assert.equal(Number(stored.changes), made.changes, word);
    assert.equal(body.complete, made.complete, word);
    assert.deepEqual(body.entries, made.entries, word);
    assert.deepEqual(body.years, made.years, word);
    const byName = (a: [string, number], b: [string, number]) => (a[0] < b[0] ? -1 : 1);
    assert.deepEqual([...body.places].sort(byName), [...made.places].sort(byName), word);
    assert.deepEqual(body.extra, made.extra, word);
  }
  // The article holding every weight leads its word's list, with the score ts_rank gives it.
  const top = JSON.parse(
    (await pool.query('SELECT body FROM search_topk WHERE term = $1', [w(0)])).rows[0].body,
  ).entries[0];
  const [{ score }] = (
    await pool.query(
      `SELECT ts_rank(${WEIGHTS}, tsv, to_tsquery('simple', $1)) AS score FROM article WHERE seq = $2`,
      [`'${w(0)}'`, top[0]],
    )
  ).rows;
  assert.equal(top[1], score);

  const again = await layered.rebuildTopK();
  assert.equal(again.made, 0);
  assert.equal(again.current, words.length);
});

test('postgres list pass: a word with fewer matches than the list is long keeps them all', async () => {
  const word = w(2500);
  const [list] = [...(await listsInOnePass(pool, [word], SETTINGS.length, WEIGHTS)).values()];
  const made = await new PostgresTopK(
    pool,
    async (sql, params) => (await pool.query(sql, params)).rows,
  ).build(word, SETTINGS.length, false);
  assert.ok(list!.df > 0 && list!.df < SETTINGS.length, `${word} is in ${list!.df} articles`);
  assert.equal(list!.complete, true);
  assert.deepEqual(list!.entries, made.entries);
  assert.equal(list!.df, made.df);
});
