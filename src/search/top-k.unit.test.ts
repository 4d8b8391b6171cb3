/** Which searches the top-k layer keys a list for, and when a stored list is made again ahead (docs/adr/0012). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SearchRequest } from '../store/ports.js';
import { parseQuery } from './query.js';
import { DEFAULT_TOPK, frequentFloor, listIsStale, listTerm, topKWord } from './top-k.js';

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

test('a list is made again ahead when an article changed since, or more were added than it is long', () => {
  const state = { changes: 3, maxSeq: 5000, articles: 4800 };
  assert.equal(listIsStale({ builtSeq: 5000, changes: 3 }, state, DEFAULT_TOPK), false);
  // Up to a list's length of added articles are merged in at search time.
  assert.equal(listIsStale({ builtSeq: 4000, changes: 3 }, state, DEFAULT_TOPK), false);
  assert.equal(listIsStale({ builtSeq: 3999, changes: 3 }, state, DEFAULT_TOPK), true);
  assert.equal(listIsStale({ builtSeq: 5000, changes: 2 }, state, DEFAULT_TOPK), true);
});

test('words are made ahead when over the share and over a list’s length', () => {
  assert.equal(frequentFloor(DEFAULT_TOPK, 1_000_000), 5000);
  // In a small archive the share alone would take in nearly every word.
  assert.equal(frequentFloor(DEFAULT_TOPK, 30_000), 1000);
});
