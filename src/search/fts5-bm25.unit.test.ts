import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { averages, bm25, ceilingPart, freqOf, idf, rowLength, rowPart, varints } from './fts5-bm25.js';

test('the averages record and a docsize record read as FTS5 wrote them', () => {
  // Taken from the benchmark's 100,000-article archive: 100,000 rows, then the token totals of the four
  // columns (six-word headlines: 600,000; bodies of 100-500 words; no bylines; places of 1 or 2 words).
  const block = Buffer.from('868d20a4cf408ea4972c0087f728', 'hex');
  assert.deepEqual(varints(block), [100_000, 600_000, 29_952_940, 0, 129_960]);
  assert.equal(averages(block).rows, 100_000);
  assert.equal(averages(block).avgdl, (600_000 + 29_952_940 + 129_960) / 100_000);
  // headline 6, body 132 (two bytes), byline 0, place 1.
  assert.equal(rowLength(Buffer.from('0681040001', 'hex')), 139);
});

test("idf is FTS5's, never below 1e-6 for a word in most rows", () => {
  assert.equal(idf(1000, 10), Math.log(990.5 / 10.5));
  assert.equal(idf(1000, 900), 1e-6);
});

test('the weighted count is recovered from a bm25() value', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 20, max: 2000, noNaN: true }),
      fc.double({ min: 1e-6, max: 12, noNaN: true }),
      (freq, length, avgdl, w) => freqOf(bm25(w, freq, length, avgdl), w, length, avgdl) === freq,
    ),
  );
});

test('no article outside a list can score above the ceiling after the average length changes', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.integer({ min: 1, max: 5000 }),
      fc.double({ min: 20, max: 2000, noNaN: true }),
      fc.double({ min: 20, max: 2000, noNaN: true }),
      (freq, length, builtAvgdl, avgdl) =>
        rowPart(freq, length, avgdl) <=
        ceilingPart(rowPart(freq, length, builtAvgdl), builtAvgdl, avgdl) * (1 + 1e-12),
    ),
  );
  // And the bound is needed: a long article gains when the average grows.
  assert.ok(rowPart(1, 1000, 600) > rowPart(1, 1000, 300));
});
