import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readAskedDate } from './go-to-date.js';

test('a day in the forms people type, or a date input sends', () => {
  for (const typed of [
    '1944-09-19',
    ' 1944/9/19 ',
    '1944.09.19',
    'September 19, 1944',
    'september 19 1944',
    'Sept. 19, 1944',
    '19 September 1944',
    '19 SEPT 1944',
  ]) {
    assert.deepEqual(readAskedDate(typed), { kind: 'day', date: '1944-09-19' }, typed);
  }
});

test('a month or a year', () => {
  assert.deepEqual(readAskedDate('1944-09'), { kind: 'month', year: 1944, month: 9 });
  assert.deepEqual(readAskedDate('September 1944'), { kind: 'month', year: 1944, month: 9 });
  assert.deepEqual(readAskedDate('Sept. 1944'), { kind: 'month', year: 1944, month: 9 });
  assert.deepEqual(readAskedDate('1944'), { kind: 'year', year: 1944 });
});

test('not a date: null, a day that does not exist included', () => {
  for (const typed of [
    '',
    'yesterday',
    '1944-02-30',
    '1944-13',
    '1944-13-01',
    '19/9/1944',
    '194',
    'Smarch 1944',
  ]) {
    assert.equal(readAskedDate(typed), null, typed);
  }
});
