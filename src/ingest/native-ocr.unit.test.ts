import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cropPgm, parseHocr } from './native-ocr.js';

const HOCR = `<?xml version="1.0" encoding="UTF-8"?>
<html><body>
  <div class='ocr_page' id='page_1' title='image "stdin"; bbox 0 0 800 600; ppageno 0'>
   <div class='ocr_carea' id='block_1_1' title="bbox 10 20 700 120">
    <p class='ocr_par' id='par_1_1' lang='eng' title="bbox 10 20 700 120">
     <span class='ocr_line' id='line_1_1' title="bbox 10 20 700 60; baseline 0.01 -8; x_size 40; x_descenders 8; x_ascenders 10">
      <span class='ocrx_word' id='word_1_1' title='bbox 10 20 200 60; x_wconf 96'>REFUGEES</span>
      <span class='ocrx_word' id='word_1_2' title='bbox 220 22 300 60; x_wconf 91'>&amp;</span>
      <span class='ocrx_word' id='word_1_3' title='bbox 320 21 700 59; x_wconf 88'>&quot;QUOTAS&quot;</span>
     </span>
     <span class='ocr_header' id='line_1_2' title="bbox 10 70 400 120; baseline 0 -10; x_size 30">
      <span class='ocrx_word' id='word_1_4' title='bbox 10 70 400 120; x_wconf 12'>Zürich</span>
     </span>
    </p>
   </div>
   <div class='ocr_carea' id='block_1_2' title="bbox 10 200 300 240">
    <p class='ocr_par' id='par_1_2' lang='eng' title="bbox 10 200 300 240">
     <span class='ocr_line' id='line_1_3' title="bbox 10 200 300 240; baseline 0 -5">
      <span class='ocrx_word' id='word_1_5' title='bbox 10 200 300 240; x_wconf 70'>WARSAW,</span>
     </span>
    </p>
   </div>
  </div>
</body></html>`;

test("tesseract's hOCR reads into blocks, paragraphs, lines and words, shifted into the whole image", () => {
  const page = parseHocr(HOCR, 100, 1000);
  const blocks = page.blocks ?? [];
  assert.equal(blocks.length, 2);
  const [first, second] = blocks;
  const lines = first!.paragraphs[0]!.lines;
  assert.deepEqual(
    lines.map((l) => l.words.map((w) => w.text)),
    [['REFUGEES', '&', '"QUOTAS"'], ['Zürich']],
  );
  assert.equal(lines[0]!.text, 'REFUGEES & "QUOTAS"');
  assert.deepEqual(
    lines[0]!.words.map((w) => w.confidence),
    [96, 91, 88],
  );
  // Boxes shifted by the crop's corner.
  assert.deepEqual(lines[0]!.words[0]!.bbox, { x0: 110, y0: 1020, x1: 300, y1: 1060 });
  // "baseline 0.01 -8": 8 px above the line box's bottom at its left, rising by 0.01 a pixel across.
  const b = lines[0]!.baseline;
  assert.equal(b.x0, 110);
  assert.equal(b.y0, 1060 - 8);
  assert.equal(b.x1, 800);
  assert.ok(Math.abs(b.y1 - (1052 + 0.01 * 690)) < 1e-9);
  assert.equal(second!.paragraphs[0]!.lines[0]!.words[0]!.text, 'WARSAW,');
});

test('an empty page reads as no blocks', () => {
  assert.deepEqual(
    parseHocr("<html><body><div class='ocr_page' title='bbox 0 0 10 10'></div></body></html>").blocks,
    [],
  );
});

test('a crop of a grey image is a binary PGM of just that rectangle, kept inside the image', () => {
  const pixels = Uint8Array.from({ length: 4 * 3 }, (_, i) => i);
  const pgm = cropPgm({ width: 4, height: 3, pixels }, { left: 1, top: 1, width: 2, height: 5 });
  const header = 'P5\n2 2\n255\n';
  assert.equal(pgm.subarray(0, header.length).toString('ascii'), header);
  assert.deepEqual([...pgm.subarray(header.length)], [5, 6, 9, 10]);
});
