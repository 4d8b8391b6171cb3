import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'tesseract.js';
import { ocrLines } from './ocr-lines.js';

type Word = { text: string; x: number; y: number; conf?: number };

/** A page as tesseract gives it, from words on lines (20 px per character, 30 px high), turned by `angle` about (850, 1100). */
function page(lines: Word[][], angle = 0): Page {
  const turn = (x: number, y: number) => ({
    x: 850 + (x - 850) * Math.cos(angle) - (y - 1100) * Math.sin(angle),
    y: 1100 + (x - 850) * Math.sin(angle) + (y - 1100) * Math.cos(angle),
  });
  const toLine = (ws: Word[]) => {
    const words = ws.map((w) => {
      const c = turn(w.x + (w.text.length * 20) / 2, w.y + 15);
      const half = (w.text.length * 20) / 2;
      return {
        text: w.text,
        confidence: w.conf ?? 95,
        bbox: { x0: c.x - half, y0: c.y - 15, x1: c.x + half, y1: c.y + 15 },
      };
    });
    const a = turn(ws[0]!.x, ws[0]!.y + 30);
    const last = ws.at(-1)!;
    const b = turn(last.x + last.text.length * 20, last.y + 30);
    return { words, baseline: { x0: a.x, y0: a.y, x1: b.x, y1: b.y } };
  };
  return { blocks: [{ paragraphs: [{ lines: lines.map(toLine) }] }] } as unknown as Page;
}

const line = (y: number, x: number, text: string, conf?: number): Word[] =>
  text.split(' ').map((t, i, all) => ({
    text: t,
    x: x + all.slice(0, i).join(' ').length * 20 + (i ? 20 : 0),
    y,
    ...(conf === undefined ? {} : { conf }),
  }));

test('OCR lines come out straight, top to bottom, in PDF points, with confidences and the typed spacing kept', () => {
  const lines = [
    line(200, 200, 'COURT RULES ON KOSHER LAW'),
    line(300, 200, 'ANTWERP, March 13 (APB) -- A court here'),
    line(340, 200, 'ruled today that the law applies.'),
  ];
  // The masthead's date set far right is read by tesseract as a line of its own.
  lines.push(line(100, 200, 'Vol. XII'), line(100, 1000, 'Monday, March 14, 1932'));
  const scale = 612 / 1700;
  for (const angle of [0, (0.6 * Math.PI) / 180]) {
    const out = ocrLines(page(lines, angle), 1700, 2200, scale);
    assert.deepEqual(
      out.map((l) => l.text.replace(/ {2,}/, ' | ')),
      [
        'Vol. XII | Monday, March 14, 1932',
        'COURT RULES ON KOSHER LAW',
        'ANTWERP, March 13 (APB) -- A court here',
        'ruled today that the law applies.',
      ],
      `angle ${angle}`,
    );
    // Deskewed: every line starts at the same left margin, and lines keep their spacing.
    for (const l of out) assert.ok(Math.abs(l.x - 200 * scale) < 2, `x ${l.x} at angle ${angle}`);
    const step = out[3]!.y - out[2]!.y;
    assert.ok(Math.abs(step - 40 * scale) < 1, `line step ${step}`);
    assert.ok(Math.abs(out[2]!.y - out[1]!.y - 100 * scale) < 1);
    assert.deepEqual(
      out[1]!.words.map((w) => [w.text, w.conf]),
      ['COURT', 'RULES', 'ON', 'KOSHER', 'LAW'].map((t) => [t, 95]),
    );
  }
});

test('an ornament tesseract cannot read (low confidence, no sure word) is dropped; a low-confidence word in text is kept', () => {
  const out = ocrLines(
    page([
      line(200, 200, 'first article ends here.'),
      line(260, 700, 'Rr NE', 20),
      line(320, 200, 'SECOND HEADLINE'),
      [...line(360, 200, 'text with a'), { text: 'smudgc', x: 460, y: 360, conf: 30 }],
    ]),
    1700,
    2200,
    1,
  );
  assert.deepEqual(
    out.map((l) => l.text),
    ['first article ends here.', 'SECOND HEADLINE', 'text with a smudgc'],
  );
});

test('a bar alone is a piece of a column rule, never text, however surely read', () => {
  const out = ocrLines(
    page([line(200, 200, 'SIM PUPILS IN |'), line(260, 200, 'HEBREW ¦ SCHOOLS'), line(320, 200, 'a ‖ b')]),
    1700,
    2200,
    612 / 1700,
  );
  assert.equal(out.length, 3);
  assert.equal(out[0]!.text, 'SIM PUPILS IN');
  assert.match(out[1]!.text, /^HEBREW\s+SCHOOLS$/);
  assert.match(out[2]!.text, /^a\s+b$/);
  assert.ok(out.every((l) => l.words.every((w) => /\p{L}/u.test(w.text))));
});

test('garble read beside a surely read line, far apart on its row, is left out', () => {
  const garble = (y: number, x: number, text: string) => line(y, x, text, 20);
  const lines = [
    // One tesseract line: a picture's garble on the left, a headline's line on the right.
    [...garble(200, 100, 'Nadim sepa bietins-'), ...line(200, 900, 'COURT RULES ON', 90)],
    // Two tesseract lines on one row: garble, then the headline's next line.
    garble(240, 100, '“te'),
    line(240, 900, 'KOSHER FOOD', 90),
    // Small type read half surely, far from anything: kept for what it is.
    line(400, 100, 'wom ie wl wa spain', 55),
    // A masthead's two parts read surely: joined as before.
    [...line(500, 100, 'Vol. XII', 90), ...line(500, 900, 'No. 5', 90)],
  ];
  const out = ocrLines(page(lines), 1700, 2200, 612 / 1700);
  assert.deepEqual(
    out.map((l) => l.text.replace(/ {2,}/, ' | ')),
    ['COURT RULES ON', 'KOSHER FOOD', 'wom ie wl wa spain', 'Vol. XII | No. 5'],
  );
});
