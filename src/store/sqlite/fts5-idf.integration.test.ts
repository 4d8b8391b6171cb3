/**
 * bm25_idf() (fts5-idf.c) gives FTS5's own bm25() to the last bit when told each phrase's document count:
 * words ANDed, a word in every row (the idf floor), a word in no row, a phrase, a NEAR group, a prefix, OR,
 * NOT, a field, and other column weights; and a spec that does not fit the query (another phrase's token,
 * too few entries) is not used. Fails where the extension does not load on a machine with a C compiler.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { parseQuery } from '../../search/query.js';
import { hasBm25Idf, idfSpec, phraseKeys } from './fts5-idf.js';
import { toFts5 } from './sqlite-query-compiler.js';

/** A small archive: "alpha" in every row, the other words from common to rare, a few columns empty. */
function archive(): Database.Database {
  const db = new Database(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE article_fts USING fts5(headline, body, byline, dateline_place, tokenize = 'unicode61 remove_diacritics 2')",
  );
  const words = ['beta', 'gamma', 'delta', 'epsilon', 'alphabet', 'café', 'zeta', 'eta', 'theta', 'iota'];
  let x = 7;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
  /** Word i drawn about 1 / (i + 1) as often as the first. */
  const some = (n: number) =>
    Array.from({ length: n }, () => words[Math.min(words.length - 1, Math.floor(1 / next()) - 1)]!);
  const insert = db.prepare(
    'INSERT INTO article_fts (rowid, headline, body, byline, dateline_place) VALUES (?, ?, ?, ?, ?)',
  );
  for (let i = 1; i <= 400; i++) {
    const body = ['alpha', ...some(10 + (i % 37))];
    body.splice(Math.floor(next() * body.length), 0, ...(i % 5 === 0 ? ['alpha', 'beta'] : []));
    insert.run(
      i,
      some(1 + (i % 4)).join(' '),
      body.join(' '),
      i % 3 === 0 ? null : some(2).join(' '),
      i % 7 === 0 ? 'Café' : null,
    );
  }
  return db;
}

const QUERIES = [
  'alpha',
  'beta gamma',
  'alpha beta delta',
  'iota eta',
  '"alpha beta"',
  '"beta gamma"~3',
  'alph*',
  'beta OR absentword',
  'gamma -delta',
  'headline:beta gamma',
  'cafe zeta',
];
const WEIGHTS = ['5.0, 1.0, 2.0, 2.0', '1.0, 3.5, 0.25'];

/** Whether a C compiler is here: the extension is then built by npm install and must load. */
function compilerHere(): boolean {
  try {
    execFileSync(process.env.CC || 'cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const db = archive();
const loaded = process.env.DATELINE_BM25_IDF !== 'off' && hasBm25Idf(db);
const skip = !loaded && !compilerHere() ? 'no C compiler: bm25_idf() is not built' : false;

/** Every match's score by `expr`, by rowid. */
function scores(expr: string, match: string, spec?: string): Map<number, number> {
  const rows = db
    .prepare(`SELECT rowid, ${expr} AS s FROM article_fts WHERE article_fts MATCH @match ORDER BY rowid`)
    .all(spec === undefined ? { match } : { match, spec }) as { rowid: number; s: number }[];
  return new Map(rows.map((r) => [r.rowid, r.s]));
}

/** The query's spec with every count it can carry, counted here exactly. */
function fullSpec(q: string): string {
  return idfSpec(
    phraseKeys(parseQuery(q)).map(({ key, tokens }) => {
      if (key === null) return null;
      const prefix = key.endsWith('*');
      const match = `"${prefix ? key.slice(0, -1) : key}"${prefix ? '*' : ''}`;
      const df = db
        .prepare('SELECT count(*) FROM article_fts WHERE article_fts MATCH ?')
        .pluck()
        .get(match) as number;
      return { tokens, df };
    }),
  );
}

test('bm25_idf() gives bm25() to the bit, told the counts or counting them', { skip }, () => {
  assert.ok(loaded, 'bm25_idf() did not load: run npm install (it builds build/fts5-idf.*)');
  let compared = 0;
  for (const weights of WEIGHTS) {
    for (const q of QUERIES) {
      const match = toFts5(parseQuery(q));
      const engine = scores(`bm25(article_fts, ${weights})`, match);
      assert.ok(engine.size > 0, `${q}: matches`);
      const spec = fullSpec(q);
      for (const given of [spec, '']) {
        const ours = scores(`bm25_idf(article_fts, @spec, ${weights})`, match, given);
        assert.deepEqual([...ours.keys()], [...engine.keys()], `${q} [${given}]: rows`);
        for (const [rowid, s] of engine) assert.equal(ours.get(rowid), s, `${q} [${given}] row ${rowid}`);
        compared += engine.size;
      }
    }
  }
  assert.ok(compared > 5000, `${compared} scores compared`);
});

test('the spec carries each phrase in the engine order, and a count that is given is used', { skip }, () => {
  assert.equal(fullSpec('beta OR absentword').split(' ')[1], 'absentword=0');
  assert.equal(fullSpec('"alpha beta"'), `alpha+beta=${scores('1', '"alpha beta"').size}`);
  assert.match(fullSpec('headline:beta gamma'), /^- gamma=\d+$/);
  assert.match(fullSpec('gamma -delta'), /^gamma=\d+ delta=\d+$/);
  assert.match(fullSpec('"beta gamma"~3 alpha'), /^beta=\d+ gamma=\d+ alpha=400$/);
  // A count that is wrong changes the scores: the count given is the one used (a word, a phrase, a prefix).
  for (const [q, spec] of [
    ['beta gamma', 'beta=3 gamma=3'],
    ['"alpha beta"', 'alpha+beta=3'],
    ['alph*', 'alph=3'],
  ] as const) {
    const match = toFts5(parseQuery(q));
    const engine = scores('bm25(article_fts, 5.0, 1.0, 2.0, 2.0)', match);
    const wrong = scores('bm25_idf(article_fts, @spec, 5.0, 1.0, 2.0, 2.0)', match, spec);
    assert.notEqual(wrong.values().next().value, engine.values().next().value, q);
  }
});

test('a spec that does not fit the query is not used: the engine counts', { skip }, () => {
  const match = toFts5(parseQuery('beta gamma'));
  const engine = scores('bm25(article_fts, 5.0, 1.0, 2.0, 2.0)', match);
  for (const spec of [
    'gamma=3 beta=3',
    'beta=3',
    'beta=3 gamma=3 delta=3',
    'beta+gamma=3 -',
    'beta+=3 gamma+beta=3',
    'beta=x gamma=-4',
  ]) {
    const ours = scores('bm25_idf(article_fts, @spec, 5.0, 1.0, 2.0, 2.0)', match, spec);
    for (const [rowid, s] of engine) assert.equal(ours.get(rowid), s, `${spec} row ${rowid}`);
  }
});
