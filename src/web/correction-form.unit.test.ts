import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Article } from '../core/types.js';
import { changedFields, draftOf, readForm, signature, textOf } from './correction-form.js';

const article: Article = {
  id: '19741219-k3f9a2',
  editionId: 1,
  date: '1974-12-19',
  ordinal: 1,
  slug: 'u-s-seeks-dps-entry-19741219-k3f9a2',
  headlinePrinted: "U.S. SEEKS DP'S ENTRY",
  headline: "U.S. Seeks DP's Entry",
  kicker: 'NEWS BRIEF',
  byline: 'By Ben Gallob',
  dateline: {
    raw: 'WASHINGTON, Dec. 18 (JTA) --',
    place: 'WASHINGTON',
    date: 'Dec. 18',
  } as Article['dateline'],
  body: 'The State Department said tuday it would ask.\n\nThe commission will meet in January.',
  firstPage: 1,
  lastPage: 2,
  wordCount: 14,
  credit: null,
  parts: null,
  regions: null,
  kind: 'article',
};

const form = (over: Record<string, string | string[]>) => {
  const d = draftOf(article);
  return {
    p: d.paragraphs,
    kicker: d.kicker,
    headline: d.headline,
    byline: d.byline,
    place: d.place,
    date: d.date,
    firstPage: d.firstPage,
    lastPage: d.lastPage,
    contributor: '',
    comment: '',
    baseVersion: '3',
    ...over,
  };
};

test('the form sent back unchanged changes nothing', () => {
  const { draft, action, baseVersion } = readForm(form({}));
  assert.deepEqual(changedFields(article, draft), {});
  assert.deepEqual(action, { kind: 'save' });
  assert.equal(baseVersion, 3);
});

test('a corrected word sends only the text; each field is sent only when changed, empty clears it', () => {
  const { draft } = readForm(
    form({ p: ['The State Department said today it would ask.', 'The commission will meet in January.'] }),
  );
  assert.deepEqual(changedFields(article, draft), {
    text: 'The State Department said today it would ask.\n\nThe commission will meet in January.',
  });
  const details = readForm(form({ kicker: '', headline: '  U.S. Seeks Entry of DPs ', lastPage: '1' })).draft;
  assert.deepEqual(changedFields(article, details), {
    kicker: null,
    headline: 'U.S. Seeks Entry of DPs',
    lastPage: 1,
  });
});

test('a blank line inside a box makes two paragraphs; an empty box drops one; Windows line ends are read', () => {
  const { draft } = readForm(form({ p: ['First part.\r\n\r\nSecond part.', '   '] }));
  assert.equal(textOf(draft), 'First part.\n\nSecond part.');
  // One paragraph alone is sent as a single value by a form.
  assert.equal(textOf(readForm(form({ p: 'Only one.' })).draft), 'Only one.');
});

test('split and merge buttons are read as actions; name and comment only when given', () => {
  assert.deepEqual(readForm(form({ split: '1' })).action, { kind: 'split', paragraph: 1 });
  assert.deepEqual(readForm(form({ merge: 'next' })).action, { kind: 'merge' });
  assert.deepEqual(readForm(form({ split: 'x' })).action, { kind: 'save' });
  assert.equal(readForm(form({ baseVersion: 'two' })).baseVersion, null);
  assert.deepEqual(signature(readForm(form({ contributor: ' Ada ', comment: '' })).draft), {
    contributor: 'Ada',
  });
  // A page number that is not one is passed on as NaN, for the service to refuse with its message.
  assert.ok(Number.isNaN(changedFields(article, readForm(form({ firstPage: 'one' })).draft).firstPage));
});
