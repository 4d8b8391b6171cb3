import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addDays, findPrintedDate, longDate, monthFromName } from './dates.js';

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

test('a long date names the weekday as the calendar has it, leap days and centuries included', () => {
  assert.equal(longDate('1974-12-19'), 'Thursday, December 19, 1974');
  assert.equal(longDate('1900-02-28'), 'Wednesday, February 28, 1900');
  assert.equal(longDate('2000-02-29'), 'Tuesday, February 29, 2000');
  // Every 13th day from 1800 to 2040 against the platform's own calendar (the way it was made before).
  for (let iso = '1800-01-01'; iso < '2040-01-01'; iso = addDays(iso, 13)) {
    const weekday = new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-US', {
      weekday: 'long',
      timeZone: 'UTC',
    });
    assert.ok(longDate(iso).startsWith(`${weekday}, `), `${iso}: ${longDate(iso)} is not a ${weekday}`);
  }
});
