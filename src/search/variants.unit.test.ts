import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ocrCost, ocrDistance, VariantFinder } from './variants.js';

test('OCR confusions cost half an edit; the reason names the letters', () => {
  assert.deepEqual(ocrDistance('cornmittee', 'committee', 2), { cost: 0.5, note: 'rn↔m' });
  assert.deepEqual(ocrDistance('mogilev', 'mogiiev', 2), { cost: 0.5, note: 'l↔i' });
  assert.equal(ocrDistance('mogilev', 'mogilew', 2).cost, 1);
  assert.equal(ocrDistance('abcdef', 'zzzzzz', 2).cost, Number.POSITIVE_INFINITY);
});

test('the fast screen always agrees with the explained distance', () => {
  const word = fc.string({ unit: fc.constantFrom(...'abcdeilmnorstuv10'), minLength: 0, maxLength: 9 });
  fc.assert(
    fc.property(word, word, fc.constantFrom(1, 1.5, 2, 3), (a, b, limit) => {
      const slow = ocrDistance(a, b, limit).cost;
      const fast = ocrCost(a, b, limit);
      assert.equal(fast > limit, slow > limit, `${a} ${b}`);
      if (fast <= limit) assert.equal(fast, slow, `${a} ${b}`);
    }),
    { numRuns: 2000, seed: 7 },
  );
});

test('variants come from the vocabulary, closest first, with sounds-alike names', () => {
  const f = new VariantFinder(
    new Map([
      ['mogilev', 3],
      ['mogileff', 2],
      ['mohilev', 1],
      ['committee', 50],
      ['warsaw', 9],
    ]),
  );
  assert.deepEqual(
    f.variants('cornmittee').map((v) => [v.term, v.how, v.why]),
    [['committee', 'ocr', 'OCR confusion rn↔m']],
  );
  const m = f.variants('mogilev');
  assert.deepEqual(
    m.map((v) => [v.term, v.how]),
    [
      ['mohilev', 'spelling'],
      ['mogileff', 'sounds-like'],
    ],
  );
  assert.match(m[1]!.why, /Daitch–Mokotoff 658700/);
  // Short words get no variants: too many false friends.
  assert.deepEqual(f.variants('war'), []);
  assert.equal(f.documentFrequency('warsaw'), 9);
});
