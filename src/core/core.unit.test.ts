import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateFromFileName, findPrintedDate, isIsoDate } from './dates.js';
import { articleIds, articleSlug, idFromSlug } from './ids.js';

test('reads printed dates and file-name dates, and refuses impossible ones', () => {
  assert.equal(findPrintedDate('Thursday, December 19, 1974'), '1974-12-19');
  assert.equal(findPrintedDate('Vol. 12 No. 45 -- Sept. 3, 1939'), '1939-09-03');
  assert.equal(findPrintedDate('19 December 1974'), '1974-12-19');
  assert.equal(findPrintedDate('February 30, 1950'), null);
  assert.equal(dateFromFileName('jta-19741219.pdf'), '1974-12-19');
  assert.equal(dateFromFileName('1938-05-04.pdf'), '1938-05-04');
  assert.equal(dateFromFileName('scan-0001.pdf'), null);
  assert.ok(isIsoDate('2000-02-29'));
  assert.ok(!isIsoDate('1900-02-29'));
});

test('article ids are stable, distinct, and recoverable from slugs', () => {
  const a = articleIds('1974-12-19', ['Israel Rejects a Call', 'Camps to Close', 'Israel Rejects a Call']);
  const b = articleIds('1974-12-19', ['ISRAEL REJECTS A CALL', 'Camps to Close', 'Israel rejects a call']);
  // The same words give the same id whatever the case, so a re-read keeps the article's address.
  assert.deepEqual(a, b);
  assert.equal(new Set(a).size, 3);
  assert.match(a[0]!, /^19741219-[0-9a-z]{6}$/);
  const slug = articleSlug('Israel Rejects a Call', a[0]!);
  assert.equal(slug, `israel-rejects-a-call-${a[0]}`);
  assert.equal(idFromSlug(slug), a[0]);
  assert.equal(idFromSlug(a[0]!), a[0]);
  assert.equal(idFromSlug('no-id-here'), null);
});
