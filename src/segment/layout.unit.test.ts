import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceLine, SourcePage } from '../core/types.js';
import { toStream } from './layout.js';

/** A line of a text layer at `y`, its words spread over `width` points, in type of `size` points. */
function line(text: string, y: number, size = 10, x = 72, width = 300): SourceLine {
  const words = text.split(' ');
  const w = width / words.length;
  return {
    text,
    x,
    y,
    width,
    height: size,
    size,
    words: words.map((t, i) => ({ text: t, x: x + i * w, y, w: w * 0.9, h: size })),
  };
}

const body = (from: number, n: number, y0: number) =>
  Array.from({ length: n }, (_, i) =>
    line(`the text of the story goes on here in line ${from + i} of it`, y0 + i * 12),
  );

test('a mixed-case line read large straight under the text runs on as text; headline type set apart heads', () => {
  const page: SourcePage = {
    number: 1,
    width: 612,
    height: 792,
    lines: [
      ...body(0, 8, 100),
      // Straight under the text (one line step), read twice the size: a smudged line, and the one under it.
      line('kend dat de liberalen alleen hier vroeger spraken', 196, 20),
      line('en het cultuurstelsel verdedigden in dien tijd', 208, 20),
      ...body(8, 6, 220),
      // Set apart by a blank line: a headline, though in mixed case.
      line('Tweede Kamer der Staten-Generaal.', 310, 16, 120, 200),
      ...body(14, 6, 334),
    ],
  };
  const stream = toStream([page], () => 0);
  const kindOf = (start: string) => stream.find((l) => l.text.startsWith(start))!;
  assert.equal(kindOf('kend dat').kind, 'text');
  assert.equal(kindOf('kend dat').large, false);
  assert.equal(kindOf('en het cultuurstelsel').kind, 'text');
  assert.equal(kindOf('Tweede Kamer').kind, 'caps');
  assert.equal(kindOf('Tweede Kamer').large, true);
});

test('a line read large whose words are garble is text, even set apart; a large headline set apart heads', () => {
  const page: SourcePage = {
    number: 1,
    width: 612,
    height: 792,
    lines: [
      ...body(0, 6, 100),
      // Set apart by a blank line, read large: an OCR's box over two lines of text, its words run together.
      line("Sn'vrafdëVtlatrontbrekcndo v„volgdeelen dea", 196, 16),
      ...body(6, 6, 220),
      line('Nieuwe Berichten uit Indië.', 310, 16, 120, 200),
      ...body(12, 6, 334),
      // Old type read with words run together ("GROOT.indeZoylingftraet") is still a heading: one such word.
      line("Ia 's Gravenhage, by ANTHONI de GROOT.indeZoylingftraet. de D isMay", 420, 16),
      ...body(18, 4, 444),
    ],
  };
  const stream = toStream([page], () => 0);
  const kindOf = (start: string) => stream.find((l) => l.text.startsWith(start))!;
  assert.equal(kindOf("Sn'vrafd").kind, 'text');
  assert.equal(kindOf("Sn'vrafd").large, false);
  assert.equal(kindOf('Nieuwe Berichten').kind, 'caps');
  assert.equal(kindOf('Nieuwe Berichten').large, true);
  assert.equal(kindOf('Ia ').large, true);
});
