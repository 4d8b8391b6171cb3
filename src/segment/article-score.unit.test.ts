import assert from 'node:assert/strict';
import { test } from 'node:test';
import { jaccard, scoreArticles, words } from './article-score.js';

test('words are lower-cased letter and digit runs', () => {
  assert.deepEqual(words('Tweede Kamer, 1876: Staten-Courant — één!'), [
    'tweede',
    'kamer',
    '1876',
    'staten',
    'courant',
    'één',
  ]);
  assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
  assert.equal(jaccard(new Set(), new Set()), 1);
});

test('a perfect segmentation scores 1 everywhere', () => {
  const truth = [
    { title: 'Tweede Kamer.', paragraphs: ['De zitting van gisteren was kort.', 'Men stemde niet.'] },
    { title: '', paragraphs: ['Te koop een huis aan de gracht'] },
  ];
  const found = [
    { headline: 'TWEEDE KAMER', body: 'De zitting van gisteren was kort.\n\nMen stemde niet.' },
    { headline: '', body: 'Te koop een huis aan de gracht' },
  ];
  const s = scoreArticles(truth, found);
  assert.deepEqual(
    { ...s, pairs: s.pairs.length },
    {
      expected: 2,
      found: 2,
      matched: 2,
      precision: 1,
      recall: 1,
      f1: 1,
      headlinesFound: 1,
      titlesFound: 1,
      readingOrder: 1,
      pairs: 2,
      bigrams: { truth: 14, kept: 14 },
    },
  );
});

test('interleaving two columns keeps the words but lowers readingOrder', () => {
  // Column one: "one two" / "three four"; column two: "five six" / "seven eight".
  const truth = [{ title: 'Cols', paragraphs: ['one two three four five six seven eight'] }];
  const inOrder = scoreArticles(truth, [
    { headline: 'Cols', body: 'one two three four five six seven eight' },
  ]);
  const interleaved = scoreArticles(truth, [
    { headline: 'Cols', body: 'one two five six three four seven eight' },
  ]);
  assert.equal(inOrder.readingOrder, 1);
  assert.equal(interleaved.matched, 1);
  // Of the 7 truth bigrams only one-two, three-four, five-six and seven-eight survive.
  assert.equal(interleaved.readingOrder, 4 / 7);
});

test('a merged giant article counts as at most one match', () => {
  const a = 'alpha beta gamma delta epsilon zeta eta theta iota kappa';
  const truth = [
    { title: '', paragraphs: [a] },
    { title: '', paragraphs: ['lambda mu'] },
    { title: '', paragraphs: ['nu xi'] },
  ];
  const merged = scoreArticles(truth, [{ headline: '', body: `${a} lambda mu nu xi` }]);
  assert.equal(merged.matched, 1);
  assert.equal(merged.pairs[0]!.truth, 0);
  assert.equal(merged.precision, 1);
  assert.equal(merged.recall, 1 / 3);
  assert.equal(merged.f1, 0.5);
  // Three equal articles merged: each shares a third of the words, so none matches.
  const thirds = scoreArticles(
    [
      { title: '', paragraphs: ['a b c'] },
      { title: '', paragraphs: ['d e f'] },
      { title: '', paragraphs: ['g h i'] },
    ],
    [{ headline: '', body: 'a b c d e f g h i' }],
  );
  assert.equal(thirds.matched, 0);
  assert.equal(thirds.f1, 0);
});

test('matching is one-to-one: a duplicate found article is not a second match', () => {
  const truth = [{ title: 'Rechtszaken.', paragraphs: ['De rechtbank sprak hem vrij.'] }];
  const s = scoreArticles(truth, [
    { headline: 'Rechtszaken', body: 'De rechtbank sprak hem vrij.' },
    { headline: 'Rechtszaken', body: 'De rechtbank sprak hem vrij.' },
  ]);
  assert.equal(s.matched, 1);
  assert.equal(s.precision, 0.5);
  assert.equal(s.recall, 1);
});

test('headlinesFound needs the title words in the matched headline (or both empty)', () => {
  const truth = [
    { title: 'Allerlei.', paragraphs: ['Een brand in de Kalverstraat werd gebluscht.'] },
    { title: '', paragraphs: ['Te huur een bovenhuis met tuin.'] },
  ];
  const s = scoreArticles(truth, [
    { headline: 'Brand', body: 'Allerlei. Een brand in de Kalverstraat werd gebluscht.' },
    { headline: '', body: 'Te huur een bovenhuis met tuin.' },
  ]);
  assert.equal(s.matched, 2);
  assert.equal(s.headlinesFound, 0.5);
  assert.deepEqual(
    s.pairs.map((p) => p.headlineOk),
    [false, true],
  );
});

test('a title is found with the kicker or dateline printed with the headline, never without them', () => {
  const truth = [
    { title: 'BINNENLAND. AMSTERDAM, Donderdag 30 November.', paragraphs: ['De Kamer vergaderde.'] },
  ];
  const body = 'De Kamer vergaderde.';
  const alone = scoreArticles(truth, [{ headline: 'BINNENLAND.', body }]);
  assert.equal(alone.headlinesFound, 0);
  assert.equal(alone.titlesFound, 0);
  const withDateline = scoreArticles(truth, [
    { headline: 'BINNENLAND.', body, dateline: 'AMSTERDAM, Donderdag 30 November.' },
  ]);
  assert.equal(withDateline.headlinesFound, 0);
  assert.equal(withDateline.titlesFound, 1);
  // A record may title a piece by its kicker and headline and leave out the dateline that starts its text.
  const kicked = [{ title: 'PARTICULIERE TELEGRAMMEN. Scheepstijdingen.', paragraphs: [body] }];
  const parts = { headline: 'Scheepstijdingen.', body, kicker: 'Particuliere Telegrammen.' };
  assert.equal(scoreArticles(kicked, [{ ...parts, dateline: 'IJMUIDEN, 30 Nov.' }]).titlesFound, 1);
  assert.equal(
    scoreArticles(kicked, [{ ...parts, kicker: undefined, dateline: 'IJMUIDEN, 30 Nov.' }]).titlesFound,
    0,
  );
});
