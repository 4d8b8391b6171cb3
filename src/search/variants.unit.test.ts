import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { ocrCost, ocrDistance } from './ocr-distance.js';
import { VariantFinder } from './variants.js';
import { VocabularyTrie } from './vocabulary-trie.js';

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

test('variants do not flood: a word in more than 1 % of the articles is never a variant', () => {
  // An archive of about 10,000 articles: "the" in nearly all, "sent" in 2,400, "smit" in 12, "smyth" in 80.
  const f = new VariantFinder(
    new Map([
      ['the', 9_800],
      ['sent', 2_400],
      ['smit', 12],
      ['smyth', 80],
      ['smitt', 3],
    ]),
  );
  assert.equal(f.floodLimit, 98);
  const smith = f.variants('smith').map((v) => v.term);
  assert.ok(!smith.includes('sent'), `"sent" is too common to stand in for "smith": ${smith.join(', ')}`);
  assert.deepEqual([...smith].sort(), ['smit', 'smitt', 'smyth']);
  // A small archive keeps its variants up to 50 articles whatever its commonest word.
  assert.equal(
    new VariantFinder(
      new Map([
        ['the', 300],
        ['sent', 40],
      ]),
    ).floodLimit,
    50,
  );
});

test('the trie walk keeps a branch whose next two letters may be one glyph of the word', () => {
  // "1r" is already 1.5 from "lm", but "1rn" is 1: l↔1 and m↔rn are half an edit each.
  assert.deepEqual(new VocabularyTrie(['1rn', '1rx']).within('lm', 1), [{ term: '1rn', cost: 1 }]);
});

test('the trie walk finds exactly the words a scan of the whole vocabulary finds, at the same cost', () => {
  const word = fc.string({ unit: fc.constantFrom(...'abceilmnorstuvw10'), minLength: 1, maxLength: 9 });
  fc.assert(
    fc.property(
      fc.uniqueArray(word, { maxLength: 60 }),
      word,
      fc.constantFrom(1, 1.5, 2),
      (vocab, w, limit) => {
        const trie = new VocabularyTrie(vocab);
        const got = new Map(trie.within(w, limit).map((x) => [x.term, x.cost]));
        const want = new Map(
          vocab
            .filter((t) => Math.abs(t.length - w.length) <= 2)
            .map((t) => [t, ocrCost(w, t, limit)] as const)
            .filter(([, c]) => c <= limit),
        );
        assert.deepEqual(got, want, `${w} in ${vocab.join(' ')}`);
      },
    ),
    { numRuns: 1500, seed: 11 },
  );
});
