import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArchiveError } from '../core/errors.js';
import { toTsQuery } from '../store/postgres/postgres-query-compiler.js';
import { toFts5 } from '../store/sqlite/sqlite-query-compiler.js';
import { parseQuery } from './query.js';

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
  assert.equal(compile('NEAR(a b) title:x ^start'), '"near a" AND "b" AND "title x" AND "start"');
});

test('fields, proximity, dates and days', () => {
  assert.equal(
    compile('headline:soviet byline:"ben gallob" place:london'),
    'headline : "soviet" AND byline : "ben gallob" AND dateline_place : "london"',
  );
  assert.equal(compile('"soviet emigration"~10'), 'NEAR("soviet" "emigration", 10)');
  assert.equal(compile('headline:emigra*'), 'headline : "emigra"*');
  const q = parseQuery('refugees date:1974-12 day:12-19');
  assert.deepEqual([q.from, q.to, q.day], ['1974-12-01', '1974-12-31', '12-19']);
  const range = parseQuery('x date:1970..1975-06');
  assert.deepEqual([range.from, range.to], ['1970-01-01', '1975-06-30']);
  // Two date terms narrow to their overlap.
  const both = parseQuery('x date:1970..1979 date:1975');
  assert.deepEqual([both.from, both.to], ['1975-01-01', '1975-12-31']);
  assert.equal(parseQuery('x date:1974-02..1974-02').to, '1974-02-28');
});

test('mistakes in fields, proximity and dates say where and what', () => {
  rejects('"soviet emigration"~', /needs a number of words/);
  rejects('"soviet emigration"~99', /must be from 1 to 50/);
  rejects('"soviet"~3', /two or more words/);
  rejects('x date:1974-13', /is not a date/);
  rejects('x date:1975..1970', /ends before it starts/);
  rejects('x date:1970..1971..1972', /more than one/);
  rejects('x -date:1974', /cannot be excluded/);
  rejects('x OR date:1974', /cannot be excluded or OR'ed/);
  rejects('x day:13-45', /month and day/);
  rejects('x date:1970 date:1980', /do not overlap/);
  rejects('date:1974', /no words/);
});

test('PostgreSQL tsquery: weights for fields, alternatives for proximity, prefixes', () => {
  const ts = (q: string) => toTsQuery(parseQuery(q));
  assert.equal(ts('soviet emigration'), "'soviet' & 'emigration'");
  assert.equal(ts('headline:soviet -visa'), "'soviet':A & !'visa'");
  assert.equal(ts('"displaced persons"'), "('displaced' <-> 'persons')");
  assert.equal(ts('emigra* OR place:kiev'), "('emigra':* | 'kiev':C)");
  assert.equal(ts('"a b"~1'), "('a' <1> 'b' | 'b' <1> 'a' | 'a' <2> 'b' | 'b' <2> 'a')");
  assert.equal(ts('"a b c"~5'), "('a' & 'b' & 'c')");
});
