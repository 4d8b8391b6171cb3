import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArchiveError } from '../core/errors.js';
import { parseQuery, toFts5 } from './query.js';

const compile = (q: string) => toFts5(parseQuery(q));

function rejects(q: string, pattern: RegExp) {
  assert.throws(
    () => parseQuery(q),
    (err: unknown) => err instanceof ArchiveError && err.code === 'BAD_QUERY' && pattern.test(err.message),
  );
}

test('compiles words, phrases, OR, exclusions and prefixes to FTS5', () => {
  assert.equal(compile('soviet emigration'), '"soviet" AND "emigration"');
  assert.equal(compile('"displaced persons" camps'), '"displaced persons" AND "camps"');
  assert.equal(compile('Mogilev OR Mogileff'), '("mogilev" OR "mogileff")');
  assert.equal(compile('emigra* -visa'), '"emigra"* NOT "visa"');
  // Diacritics and case fold the way the index folds them; punctuation splits words like the tokenizer.
  assert.equal(compile('Café U.S.'), '"cafe" AND "u s"');
});

test('refuses malformed queries with a message that says where and what', () => {
  rejects('"open quote', /position 1 is never closed/);
  rejects('soviet OR', /ends with "OR"/);
  rejects('OR soviet', /needs a term on each side/);
  rejects('-only', /only excludes/);
  rejects('   ', /no words/);
  rejects('e*', /too short/);
  rejects('x'.repeat(501), /limit is 500/);
});

test('FTS5 syntax typed by a reader is only ever a word', () => {
  // NEAR, column filters and carets are FTS5 operators; quoting every term keeps them inert.
  assert.equal(compile('NEAR(a b) headline:x ^start'), '"near a" AND "b" AND "headline x" AND "start"');
});
