import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseQuery } from './query.js';
import { makeSnippet, matchRanges, wordMatcher } from './snippet.js';

/** The snippet with its marks shown as [ and ]. */
const snip = (text: string, q: string, size?: number) =>
  makeSnippet(text, parseQuery(q), size).replaceAll('\uE000', '[').replaceAll('\uE001', ']');

const filler = (n: number, w = 'filler') => Array.from({ length: n }, () => w).join(' ');

test('marks a word as the index folds it: any case, diacritics off', () => {
  assert.equal(snip('The Zürich conference opened.', 'zurich'), 'The [Zürich] conference opened.');
  assert.equal(snip('ZURICH, May 3. (JTA) --', 'Zürich'), '[ZURICH], May 3. (JTA) --');
});

test('marks whole words only, and a prefix as the words it starts', () => {
  assert.equal(snip('Sovietization of the Soviet zone', 'soviet'), 'Sovietization of the [Soviet] zone');
  assert.equal(snip('Sovietization of the Soviet zone', 'sov*'), '[Sovietization] of the [Soviet] zone');
});

test('a phrase is marked where its words stand together, as one mark', () => {
  assert.equal(
    snip('the agency said; the Jewish Agency said', '"jewish agency"'),
    'the agency said; the [Jewish Agency] said',
  );
});

test('proximity marks each of its words; excluded and other-field terms mark nothing', () => {
  assert.equal(snip('rabbi met the mayor', '"rabbi mayor"~5'), '[rabbi] met the [mayor]');
  assert.equal(snip('rabbi met the mayor', 'rabbi -mayor'), '[rabbi] met the mayor');
  assert.equal(snip('rabbi met the mayor', 'headline:mayor rabbi'), '[rabbi] met the mayor');
});

test('the window holds the most distinct matches, with … where the text goes on', () => {
  const text = `${filler(50)} alpha ${filler(50)} alpha beta ${filler(50)}`;
  const s = snip(text, 'alpha beta', 10);
  assert.match(s, /^…filler filler filler \[alpha\] \[beta\] filler filler filler filler filler…$/);
  assert.equal(s.split(' ').length, 10);
});

test('no match in the text: its start; an empty text: empty', () => {
  assert.equal(snip(`${filler(40, 'word')}`, 'absent', 5), 'word word word word word…');
  assert.equal(snip('', 'absent'), '');
});

test('text outside words (punctuation, markup-like characters) is kept as it was', () => {
  assert.equal(snip('<script>alert(1)</script> and more', 'alert'), '<script>[alert](1)</script> and more');
});

test('words with decomposed diacritics and letters outside the basic plane are whole words', () => {
  assert.equal(snip('the Zu\u0308rich office', 'zurich'), 'the [Zu\u0308rich] office');
  assert.equal(snip('𠀀bc and abc', 'abc'), '𠀀bc and [abc]');
});

test('matchRanges marks every match in the whole text as the snippet does: words, phrases whole, prefixes', () => {
  const text = 'Refugees reached Haifa. The refugee ship, with Émigrés aboard, left the harbour of Haifa.';
  const marked = (q: string) => matchRanges(text, parseQuery(q)).map(([s, e]) => text.slice(s, e));
  assert.deepEqual(marked('haifa'), ['Haifa', 'Haifa']);
  assert.deepEqual(marked('refugee*'), ['Refugees', 'refugee']);
  assert.deepEqual(marked('"refugee ship" emigres'), ['refugee ship', 'Émigrés']);
  // Excluded words and other fields mark nothing in the text.
  assert.deepEqual(marked('-haifa headline:harbour'), []);
});

test('wordMatcher says which printed words on the scan the query looks for', () => {
  const m = wordMatcher(parseQuery('"refugee ship" emigra*'));
  assert.deepEqual(['REFUGEE', 'ship,', 'Émigrants', 'émigrés', 'harbour', 'EMIGRATION'].map(m), [
    true,
    true,
    true,
    false,
    false,
    true,
  ]);
});
