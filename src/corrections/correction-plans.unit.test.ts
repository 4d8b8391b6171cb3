/** The rules of corrections without a database: what is held for review, what a correction may say, what a plan writes. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArchiveError } from '../core/errors.js';
import type { Article } from '../core/types.js';
import type { CorrectionState } from '../store/ports.js';
import { needsReview, planCorrection, planRevert, similarity } from './correction-plans.js';
import { checkInput } from './corrections.service.js';

const body =
  'The State Department said today that it would ask Congress to admit more displaced persons this year.\n\nThe commission will meet in January.';
// Cast: the fields a plan reads (Article gains fields elsewhere, as `kind`).
const article = {
  id: '19741219-abcdef',
  editionId: 1,
  date: '1974-12-19',
  ordinal: 0,
  slug: 's',
  headlinePrinted: 'U.S. SEEKS ENTRY',
  headline: 'U.S. Seeks Entry',
  kicker: null,
  byline: null,
  dateline: null,
  body,
  firstPage: 1,
  lastPage: 1,
  wordCount: 23,
  credit: null,
  parts: null,
  regions: null,
} as Article;
const state = (over: Partial<CorrectionState> = {}): CorrectionState => ({
  article,
  ingestedAt: '2026-01-01T00:00:00Z',
  versions: [],
  locked: false,
  banned: false,
  recentByKey: 0,
  other: null,
  ...over,
});
const ctx = {
  articleId: article.id,
  who: { key: 'k-aaaaaaaaaaaaaaaaaaaa' },
  name: 'anonymous',
  comment: null,
  at: '2026-12-02T00:00:00.000Z',
  perMinute: 10,
};
const code = (c: string) => (err: unknown) => (err as ArchiveError).code === c;

test('a correction of a word or two stands; emptying or replacing most of the text is held', () => {
  assert.equal(similarity('a b c', 'a b c'), 1);
  assert.equal(needsReview(body, body.replace('January', 'February')), false);
  assert.equal(needsReview(body, ''), true, 'emptied');
  assert.equal(needsReview(body, 'Buy cheap watches here now, best prices anywhere.'), true, 'replaced');
  // A short text may change a word without being held: similarity is not asked below five words.
  assert.equal(needsReview('Dr. Weizmann', 'Dr. Weizman'), false);
});

test('a correction is checked before anything is read: one kind, sizes, shapes', () => {
  assert.throws(() => checkInput({}, 1000), code('BAD_REQUEST'));
  assert.throws(() => checkInput({ text: 'x', merge: 'next' }, 1000), code('BAD_REQUEST'));
  assert.throws(() => checkInput({ text: 'x'.repeat(2000) }, 1000), code('TOO_LARGE'));
  assert.throws(() => checkInput({ headline: '  ' }, 1000), code('BAD_REQUEST'));
  assert.throws(() => checkInput({ date: '1974-02-30' }, 1000), code('BAD_REQUEST'));
  assert.throws(() => checkInput({ firstPage: 0 }, 1000), code('BAD_REQUEST'));
  assert.deepEqual(checkInput({ text: ' a\r\nb ', kicker: '  ', byline: ' By  Ann ' }, 1000), {
    text: 'a\nb',
    kicker: null,
    byline: 'By Ann',
  });
});

test('the first correction records version 1 from the row, then its own; base versions and limits are held to', () => {
  const plan = planCorrection(state(), { text: body.replace('January', 'February'), baseVersion: 1 }, ctx);
  assert.deepEqual(
    plan.writes.versions.map((v) => [v.version, v.change, v.status]),
    [
      [1, 'original', 'live'],
      [2, 'text', 'live'],
    ],
  );
  assert.equal(plan.writes.update?.originalText, `${article.headline}\n\n${body}`);
  assert.throws(() => planCorrection(state({ locked: true }), { byline: 'x' }, ctx), code('FORBIDDEN'));
  assert.throws(() => planCorrection(state({ banned: true }), { byline: 'x' }, ctx), code('FORBIDDEN'));
  assert.throws(() => planCorrection(state({ recentByKey: 10 }), { byline: 'x' }, ctx), code('RATE_LIMITED'));
  // Admins are not held to locks and rates.
  planCorrection(
    state({ locked: true, recentByKey: 99 }),
    { byline: 'x' },
    { ...ctx, who: { key: 'k', admin: true } },
  );
  assert.throws(() => planCorrection(state(), { byline: 'x', baseVersion: 3 }, ctx), code('CONFLICT'));
  assert.throws(() => planCorrection(state(), { headline: article.headline }, ctx), code('BAD_REQUEST'));
  const held = planCorrection(state(), { text: '' }, ctx);
  assert.equal(held.result.status, 'held');
  assert.equal(held.writes.update, undefined, 'a held version does not change the article');
});

test('a split writes the new article after the old one; reverting it removes the new one again', () => {
  const split = planCorrection(state(), { split: { paragraph: 1 } }, ctx);
  assert.equal(split.writes.update?.snapshot.body, body.split('\n\n')[0]);
  assert.equal(split.writes.insert?.snapshot.body, 'The commission will meet in January.');
  assert.equal(split.writes.insert?.snapshot.headline, 'the commission will meet in january');
  assert.throws(() => planCorrection(state(), { split: { paragraph: 2 } }, ctx), code('BAD_REQUEST'));
  const stored = split.writes.versions
    .filter((v) => v.articleId === article.id)
    .map((v) => ({ ...v, detail: null }));
  const other = { ...article, id: '19741219-zzzzzz', body: 'The commission will meet in January.' };
  const revert = planRevert(
    state({ versions: stored, other: { article: other, versions: [], locked: false } }),
    2,
    ctx,
  );
  assert.deepEqual(revert.writes.remove, { id: other.id, aliasTo: article.id });
  assert.equal(revert.writes.update?.snapshot.body, body);
  assert.deepEqual(revert.writes.statuses, [{ articleId: article.id, version: 2, status: 'reverted' }]);
});
