/**
 * Our count of a row's instances gives FTS5's own bm25() to the last bit, for words ANDed, a phrase and
 * NEAR groups, on rows built to catch the edge cases: a word printed with diacritics or in capitals, words
 * repeated, a phrase across a column break, NEAR windows just inside and just outside, several columns.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { averages, idf, rowLength, rowPart } from './fts5-bm25.js';
import { instanceCounts, phrasesOf, type QueryShape } from './fts5-instances.js';

const ROWS: [string, string, string | null, string | null][] = [
  [
    'Soviet Jewry rally',
    'Soviet Jewry leaders met. The rally for soviet jewry drew thousands.',
    null,
    'MOSCOW',
  ],
  ['Refugees', 'Jewish refugees reached Haifa; refugees, Jewish and other, waited.', 'By A. Writer', 'HAIFA'],
  ['Café crème', 'The café served Jewish refugees crème brûlée and Soviet tea. Jewry.', null, 'PARIS'],
  ['Jewish news', 'jewish jewish jewish refugees refugees soviet', 'Jewish Telegraphic Agency', null],
  ['Soviet', 'jewry one two three four five six soviet seven jewry', null, 'SOVIET'],
  ['Far apart', 'soviet a b c d e f g h i j k l m n o p jewry', null, null],
  ['Soviet Jewry', 'nothing here', null, 'TEL AVIV'],
];

const SHAPES: QueryShape[] = [
  { kind: 'and', words: ['soviet', 'jewry'] },
  { kind: 'and', words: ['jewish', 'refugees'] },
  { kind: 'and', words: ['refugees', 'jewish', 'soviet'] },
  { kind: 'phrase', words: ['soviet', 'jewry'] },
  { kind: 'phrase', words: ['jewish', 'refugees'] },
  { kind: 'near', words: ['soviet', 'jewry'], slop: 5 },
  { kind: 'near', words: ['soviet', 'jewry'], slop: 2 },
  { kind: 'near', words: ['jewish', 'refugees'], slop: 1 },
];

const fts5 = (s: QueryShape) =>
  s.kind === 'and'
    ? s.words.map((w) => `"${w}"`).join(' AND ')
    : s.kind === 'phrase'
      ? `"${s.words.join(' ')}"`
      : `NEAR(${s.words.map((w) => `"${w}"`).join(' ')}, ${s.slop})`;

test('instance counts give FTS5 bm25() exactly, and match exactly the rows FTS5 matches', () => {
  const db = new Database(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE f USING fts5(headline, body, byline, place, tokenize = 'unicode61 remove_diacritics 2')",
  );
  const insert = db.prepare('INSERT INTO f (rowid, headline, body, byline, place) VALUES (?, ?, ?, ?, ?)');
  for (const [i, r] of ROWS.entries()) insert.run(i + 1, ...r);
  const { rows, avgdl } = averages(
    db.prepare('SELECT block FROM f_data WHERE id = 1').pluck().get() as Buffer,
  );
  const df = (w: string) =>
    db.prepare('SELECT count(*) FROM f WHERE f MATCH ?').pluck().get(`"${w}"`) as number;
  let compared = 0;
  for (const shape of SHAPES) {
    const engine = new Map(
      (
        db
          .prepare('SELECT rowid, bm25(f, 5.0, 1.0, 2.0, 2.0) AS s FROM f WHERE f MATCH ?')
          .all(fts5(shape)) as { rowid: number; s: number }[]
      ).map((r) => [r.rowid, r.s]),
    );
    const weights = phrasesOf(shape).map((p) => idf(rows, shape.kind === 'phrase' ? engine.size : df(p[0]!)));
    for (const [i, r] of ROWS.entries()) {
      const counts = instanceCounts(shape, r);
      const label = `${fts5(shape)} row ${i + 1}`;
      assert.equal(counts !== null, engine.has(i + 1), `${label}: matches`);
      if (!counts) continue;
      const sz = db
        .prepare('SELECT sz FROM f_docsize WHERE id = ?')
        .pluck()
        .get(i + 1) as Buffer;
      let s = 0;
      for (const [k, c] of counts.entries()) s += weights[k]! * rowPart(c, rowLength(sz), avgdl);
      assert.equal(-s, engine.get(i + 1), `${label}: score`);
      compared++;
    }
  }
  assert.ok(compared >= 20, `${compared} scores compared`);
});
