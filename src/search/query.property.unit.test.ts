import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ArchiveError } from '../core/errors.js';
import { toTsQuery } from '../store/postgres/postgres-query-compiler.js';
import { toFts5 } from '../store/sqlite/sqlite-query-compiler.js';
import { parseQuery } from './query.js';

/** Strings built from the query language's own pieces, so the parser's corners are reached often. */
const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '"',
    '-',
    '*',
    '~',
    '~5',
    'OR',
    ':',
    'headline:',
    'byline:',
    'place:',
    'date:',
    'day:',
    '..',
    '(',
    ')',
    'NEAR',
    '^',
    '{',
    '}',
  ),
  fc.constantFrom(
    '1974',
    '1974-12',
    '1974-12-19',
    '12-19',
    '1970..1975',
    'soviet',
    'émigré',
    'ŁÓDŹ',
    'U.S.',
    '日本',
    '\u0000',
    '\uE000',
  ),
);
const queryText = fc
  .array(piece, { maxLength: 12 })
  .map((parts) => parts.join(fc.sample(fc.constantFrom(' ', ''), 1)[0]));

test('the parser only ever throws BAD_QUERY, and what it accepts compiles for both engines', () => {
  fc.assert(
    fc.property(
      fc.oneof(queryText, fc.string({ maxLength: 600 }), fc.string({ unit: 'binary', maxLength: 80 })),
      (q) => {
        try {
          const parsed = parseQuery(q);
          assert.ok(parsed.groups.length > 0);
          const fts = toFts5(parsed);
          const ts = toTsQuery(parsed);
          assert.equal(typeof fts, 'string');
          assert.equal(typeof ts, 'string');
          // Every word reaches the engines quoted: no bare operator can come from the reader.
          const bare = fts
            .replace(/"(?:[^"]|"")*"/g, '')
            .replace(/\b(?:AND|OR|NOT|NEAR|headline|byline|dateline_place)\b/g, '');
          assert.match(bare, /^[\s():,*\d]*$/, fts);
        } catch (err) {
          if (!(err instanceof ArchiveError) || err.code !== 'BAD_QUERY') throw err;
          assert.ok(err.message.length > 10);
        }
      },
    ),
    { numRuns: 3000, seed: 1923 },
  );
});
