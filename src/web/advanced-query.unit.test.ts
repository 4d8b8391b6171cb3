import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ArchiveError } from '../core/errors.js';
import { parseQuery } from '../search/query.js';
import { ADVANCED_FIELDS, type AdvancedFields, AdvancedQueryError, advancedQuery } from './advanced-query.js';

const bounds = { first: '1928', last: '1994' };

test('each field becomes its term of the query language', () => {
  const cases: [AdvancedFields, string][] = [
    [{ all: 'soviet emigration' }, 'soviet emigration'],
    [{ all: 'emigra*' }, 'emigra*'],
    [{ phrase: 'displaced persons' }, '"displaced persons"'],
    [{ any: 'USSR Russia' }, 'USSR OR Russia'],
    [{ all: 'refugees', none: 'ship visa' }, 'refugees -ship -visa'],
    [{ headline: 'exit visas' }, 'headline:exit headline:visas'],
    [{ byline: 'Orlovsky' }, 'byline:Orlovsky'],
    [{ place: 'Tel Aviv' }, 'place:"Tel Aviv"'],
    [{ all: 'refugees', from: '1940', to: '1949' }, 'refugees date:1940..1949'],
    [{ all: 'refugees', from: '1944-09' }, 'refugees date:1944-09..1994'],
    [{ all: 'refugees', to: '1930-06-01' }, 'refugees date:1928..1930-06-01'],
    [{ all: 'refugees', from: '1944', to: '1944' }, 'refugees date:1944'],
    [{ all: 'refugees', from: '2001' }, 'refugees date:2001'],
    [{ all: 'refugees', to: '1900-05' }, 'refugees date:1900..1900-05'],
    [
      { all: 'refugees', phrase: 'rescue committee', any: 'ship boat', none: 'visa', place: 'haifa' },
      'refugees "rescue committee" ship OR boat -visa place:haifa',
    ],
  ];
  for (const [fields, q] of cases) assert.equal(advancedQuery(fields, bounds), q, JSON.stringify(fields));
});

test('the query means what the form said: all, any as one OR group, none excluded, fields kept', () => {
  const q = parseQuery(
    advancedQuery(
      { all: 'refugees', any: 'ship boat', none: 'visa', headline: 'camps', place: 'tel aviv' },
      bounds,
    ),
  );
  assert.deepEqual(
    q.groups.map((g) => g.map((t) => `${t.negated ? '-' : ''}${t.field}:${t.words.join(' ')}`)),
    [['all:refugees'], ['all:ship', 'all:boat'], ['-all:visa'], ['headline:camps'], ['place:tel aviv']],
  );
});

test('what is typed cannot become syntax: quotes, fields, OR and a leading minus are words', () => {
  assert.equal(advancedQuery({ all: 'headline:x "open -not OR y' }, bounds), 'headline x open not or y');
  assert.equal(advancedQuery({ any: '"a b" OR' }, bounds), 'a OR b OR or');
  assert.equal(advancedQuery({ phrase: 'date:1940 "x"' }, bounds), '"date 1940 x"');
});

test('a date it cannot use is refused with what to write', () => {
  assert.throws(() => advancedQuery({ all: 'x', from: 'June 1940' }, bounds), AdvancedQueryError);
  assert.throws(() => advancedQuery({ all: 'x', to: '40' }, bounds), /To “40” is not a date/);
});

test('any fields give a query the parser reads, or one it refuses with a BAD_QUERY message', () => {
  const field = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.constantFrom('', 'refugees', 'OR', '-', '"', 'a*', 'x:y'),
  );
  const record = fc.record(
    Object.fromEntries(ADVANCED_FIELDS.map((k) => [k, field])) as Record<string, fc.Arbitrary<string>>,
  );
  fc.assert(
    fc.property(record, (fields) => {
      let q: string;
      try {
        q = advancedQuery(fields, bounds);
      } catch (e) {
        assert.ok(e instanceof AdvancedQueryError);
        return;
      }
      try {
        parseQuery(q);
      } catch (e) {
        // Only "nothing to look for" kinds of refusal, never a syntax mistake the form made.
        assert.ok(e instanceof ArchiveError && e.code === 'BAD_QUERY');
        assert.match(
          e.message,
          /no words to look for|only excludes words|ends before it starts|is not a date|too short|the limit is|do not overlap/,
          `${q}: ${e.message}`,
        );
      }
    }),
    { numRuns: 500 },
  );
});
