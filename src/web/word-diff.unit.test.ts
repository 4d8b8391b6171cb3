import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { VersionSnapshot } from '../corrections/corrections-types.js';
import { changes, diffHtml, fieldChanges, wordDiff } from './word-diff.js';

test('a corrected word is one word taken out and one put in; the rest is kept as it was', () => {
  const d = wordDiff(
    'The refugees reached Haifa tuday by ship.',
    'The refugees reached Haifa today by ship.',
  );
  assert.deepEqual(
    d.filter((p) => p.kind !== 'same'),
    [
      { kind: 'del', text: 'tuday' },
      { kind: 'ins', text: 'today' },
    ],
  );
  assert.equal(
    d
      .filter((p) => p.kind !== 'ins')
      .map((p) => p.text)
      .join(''),
    'The refugees reached Haifa tuday by ship.',
  );
  assert.equal(changes(d), true);
  assert.equal(changes(wordDiff('same text', 'same text')), false);
});

test('the diff as HTML escapes the text on both sides, markup typed in included', () => {
  const h = diffHtml(
    wordDiff('said <b> "x"', 'said <script>alert(1)</script> "><img src=x onerror=alert(1)>'),
  ).value;
  assert.ok(!/<(?!\/?(?:ins|del)>)/.test(h), `only <ins> and <del> are markup: ${h}`);
  assert.match(h, /&#60;/);
  assert.match(h, /<ins>[^<]*onerror=alert\(1\)&#62;<\/ins>$/);
});

test('with context, unchanged text far from a change is cut to the words near it', () => {
  const words = Array.from({ length: 100 }, (_, i) => `w${i}`);
  const after = [...words];
  after[50] = 'CHANGED';
  const h = diffHtml(wordDiff(words.join(' '), after.join(' ')), true).value;
  assert.match(h, /^… w38 /);
  assert.match(h, / w49 <del>w50<\/del><ins>CHANGED<\/ins> w51 /);
  assert.match(h, / w62 …$/);
  assert.ok(!h.includes('w37 '), h);
  assert.ok(!h.includes('w63'), h);
});

test('changed fields are named with their values before and after', () => {
  const v: VersionSnapshot = {
    headline: 'Refugee Ship Reaches Haifa',
    kicker: null,
    byline: 'By Ben Gallob',
    place: 'HAIFA',
    date: '1938-05-03',
    firstPage: 1,
    lastPage: 1,
    body: 'Text.',
  };
  assert.deepEqual(fieldChanges(v, { ...v, kicker: 'PALESTINE', lastPage: 2, body: 'Other.' }), [
    { name: 'Kicker', before: '', after: 'PALESTINE' },
    { name: 'Last page', before: '1', after: '2' },
  ]);
  assert.deepEqual(fieldChanges(v, v), []);
});
