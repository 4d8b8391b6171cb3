import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourcePage } from '../core/types.js';
import type { StreamLine } from './layout.js';
import { isFolioPart } from './top-band.js';

const page1: SourcePage = { number: 1, width: 1335, height: 1713, lines: [] };

/** A stream line of page `page` at y (points), as toStream gives it. */
const at = (text: string, y: number, page = 1): StreamLine => ({
  page,
  text,
  kind: 'caps',
  gap: -1,
  indent: 0,
  centred: false,
  chars: text.length,
  large: true,
  size: 1.9,
  ocr: true,
  box: { x: 67, y, w: 160, h: 12 },
});

test('the parts of page 1’s folio row are masthead, as the OCR reads them, in the top eighth of the page', () => {
  // The Omaha Daily Bee, 1887-03-07 and 03-11: the folio's ends stood at the tops of columns 1 and 7.
  for (const text of [
    'SIXTEENTH YEAR.',
    'SIXTEENTH YEAE.',
    'NUMBER 261',
    'NUMBER 2C)5 (',
    'VOL. XVI',
    'NO. 236',
  ])
    assert.ok(isFolioPart(at(text, 124), page1), text);
  // A headline, a line lower on the page, a later page, words in mixed case: no folio.
  assert.ok(!isFolioPart(at('BEECHER SLOWLY SINKING', 124), page1));
  assert.ok(!isFolioPart(at('SIXTEENTH YEAR.', 400), page1));
  assert.ok(!isFolioPart(at('NUMBER 261', 124, 2), page1));
  assert.ok(!isFolioPart(at('Number 261 of the bills', 124), page1));
  assert.ok(!isFolioPart(at('THE NEW YEAR', 124), page1));
  assert.ok(!isFolioPart(at('NEW YEAR.', 124), page1));
  assert.ok(isFolioPart(at('FORTY-FIRST YEAR.', 124), page1));
});
