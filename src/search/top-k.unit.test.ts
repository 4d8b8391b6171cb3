/** Which searches the top-k layer keys a list for, and when a stored list is made again ahead (docs/adr/0012). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchRequest } from '../store/ports.js';
import { parseQuery } from './query.js';
import { applyChanges, DEFAULT_TOPK, frequentFloor, listIsStale, listTerm, topKWord } from './top-k.js';

const req = (q: string, more: Partial<SearchRequest> = {}): SearchRequest => ({
  query: parseQuery(q),
  sort: 'relevance',
  offset: 0,
  limit: 20,
  ...more,
});

test('a prefix is keyed by its letters and *, a word by itself; anything else has no list', () => {
  assert.equal(topKWord(req('Refugees')), 'refugees');
  assert.equal(topKWord(req('refug*')), 'refug*');
  assert.deepEqual(listTerm('refug*'), { words: 'refug', prefix: true });
  assert.deepEqual(listTerm('refugees'), { words: 'refugees', prefix: false });
  // A phrase's list (the merge's) is keyed by its words, never read as a prefix.
  assert.deepEqual(listTerm('soviet jewry'), { words: 'soviet jewry', prefix: false });
  for (const q of ['headline:refug*', '-refug* ship', 'refug* ship', 'refug* OR emigra*'])
    assert.equal(topKWord(req(q)), null, q);
  assert.equal(topKWord(req('refug*', { sort: 'date' })), null, 'date order');
  assert.equal(topKWord(req('refug*', { from: '1974-01-01' })), null, 'a date range');
});

test('a list is made again ahead when a logged change touches it, or more were added than it is long', () => {
  const state = { changes: 3, maxSeq: 5000, articles: 4800 };
  assert.equal(listIsStale({ builtSeq: 5000, touched: false }, state, DEFAULT_TOPK), false);
  // Up to a list's length of added articles are merged in at search time.
  assert.equal(listIsStale({ builtSeq: 4000, touched: false }, state, DEFAULT_TOPK), false);
  assert.equal(listIsStale({ builtSeq: 3999, touched: false }, state, DEFAULT_TOPK), true);
  // A change whose article held the list's term before or after (docs/adr/0013).
  assert.equal(listIsStale({ builtSeq: 5000, touched: true }, state, DEFAULT_TOPK), true);
});

test('a patched list loses its changed articles, gets back those that match now, and its counts follow', () => {
  const list = {
    builtSeq: 10,
    changes: 1,
    df: 4,
    complete: true,
    years: [
      [1923, 3],
      [1924, 1],
    ] as [number, number][],
    places: [['Geneva', 2]] as [string, number][],
    entries: [[1], [2], [3], [4]] as [number][],
    extra: null,
  };
  // 2 no longer matches (it was of 1924 in Geneva); 3 matches still, now dated 1925; 9 matched never before.
  const patched = applyChanges(
    list,
    new Set([2, 3, 9]),
    [[3], [9]],
    [
      { year: 1924, place: 'Geneva', count: -1 },
      { year: 1923, place: null, count: -1 },
      { year: 1925, place: null, count: 1 },
      { year: 1925, place: 'Paris', count: 1 },
    ],
    (e) => e[0]!,
  );
  assert.deepEqual(
    patched.entries.map((e) => e[0]),
    [1, 4, 3, 9],
  );
  assert.equal(patched.df, 4);
  assert.deepEqual(patched.years, [
    [1923, 2],
    [1925, 2],
  ]);
  assert.deepEqual(patched.places, [
    ['Geneva', 1],
    ['Paris', 1],
  ]);
});

test('words are made ahead when over the share and over a list’s length', () => {
  assert.equal(frequentFloor(DEFAULT_TOPK, 1_000_000), 5000);
  // In a small archive the share alone would take in nearly every word.
  assert.equal(frequentFloor(DEFAULT_TOPK, 30_000), 1000);
});
