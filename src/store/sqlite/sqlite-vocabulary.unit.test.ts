import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import { readVocabulary } from './sqlite-vocabulary.js';

test('the vocabulary read a few words at a time is the whole vocabulary with each word’s article count', async () => {
  const db = new Database(':memory:');
  db.exec(
    "CREATE VIRTUAL TABLE article_fts USING fts5(body); CREATE VIRTUAL TABLE article_vocab USING fts5vocab('article_fts', 'row');",
  );
  const insert = db.prepare('INSERT INTO article_fts (body) VALUES (?)');
  for (const body of [
    'refugees reach geneva',
    'geneva talks',
    'refugees',
    'zion élan zürich',
    'a b c d e f g',
  ])
    insert.run(body);
  const whole = new Map(db.prepare('SELECT term, doc FROM article_vocab').raw().all() as [string, number][]);
  assert.equal(whole.get('refugees'), 2);
  for (const slice of [1, 3, 7, 1000])
    assert.deepEqual(await readVocabulary(db, slice), whole, `slices of ${slice}`);
  db.close();
});
