import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findPrintedDate, monthFromName } from './dates.js';

test('dates printed in Dutch, French and German mastheads are read', () => {
  assert.equal(findPrintedDate('Maandag 1 Maart 1937'), '1937-03-01');
  assert.equal(findPrintedDate('Paris, 2 avril 1893 — Le Matin — 4'), '1893-04-02');
  assert.equal(findPrintedDate('Wien, Freitag, 3. Dezember 1876'), '1876-12-03');
  assert.equal(findPrintedDate('le 15 août 1900'), '1900-08-15');
  assert.equal(findPrintedDate('Thursday, December 19, 1974'), '1974-12-19');
  assert.equal(monthFromName('déc.'), 12);
  assert.equal(monthFromName('mei'), 5);
  // "jui" begins juin and juillet (and juni, juli): not one month, so not read.
  assert.equal(monthFromName('jui'), null);
  assert.equal(findPrintedDate('about 12 people in 1937'), null);
});
