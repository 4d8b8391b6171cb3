/**
 * Poppler's `pdftoppm` and `pdfimages` (native-render.ts) against pdf.js (pdf-render.ts) on the same scanned
 * page: the same image found, the same pixels drawn but for smoothing. CI installs poppler-utils; without it
 * the first test fails and says so.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { scannedCopy } from '../demo/scan.js';
import { findPdftoppm, largestImages, pageDrawer } from './native-render.js';
import { MAX_OCR_RENDER_WIDTH, pageImages } from './pdf-render.js';

let scan: Uint8Array;
const saved = process.env.DATELINE_PDF_RENDERER;
before(async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRomanBold);
  const page = doc.addPage([612, 792]);
  page.drawText('COUNCIL MEETS IN GENEVA', { x: 72, y: 700, size: 28, font });
  for (let i = 0; i < 20; i++)
    page.drawText(`Line ${i} of the story, set in body type.`, { x: 72, y: 640 - i * 18, size: 11, font });
  // A 150-dpi scan: its image is 1,275 pixels across the 612-point page.
  scan = await scannedCopy(await doc.save(), { dpi: 150 });
});
after(() => {
  if (saved === undefined) delete process.env.DATELINE_PDF_RENDERER;
  else process.env.DATELINE_PDF_RENDERER = saved;
});

test('pdftoppm draws a scanned page in grey as pdf.js does, and pdfimages finds the same image', async () => {
  assert.ok(await findPdftoppm(), 'no `pdftoppm` command: install it (apt-get install poppler-utils)');
  const native = await pageDrawer(scan);
  assert.equal(native.kind, 'pdftoppm');
  try {
    const [fromPoppler, fromPdfJs] = [await native.images([1]), await pageImages(scan, [1])];
    assert.equal(fromPoppler.get(1)?.pixels, 1275);
    assert.equal(fromPdfJs.get(1)?.pixels, 1275);
    // pdfimages gives the resolution in whole pixels per inch: the points agree to within one in a hundred.
    assert.ok(Math.abs(fromPoppler.get(1)!.points - fromPdfJs.get(1)!.points) < 6);

    const a = await native.grey(1, 1275, 1650, MAX_OCR_RENDER_WIDTH);
    process.env.DATELINE_PDF_RENDERER = 'pdfjs';
    const js = await pageDrawer(scan);
    assert.equal(js.kind, 'pdf.js');
    const b = await js.grey(1, 1275, 1650, MAX_OCR_RENDER_WIDTH);
    assert.deepEqual([a.width, a.height], [b.width, b.height]);
    let diff = 0;
    let ink = 0;
    for (let i = 0; i < a.pixels.length; i++) {
      diff += Math.abs(a.pixels[i]! - b.pixels[i]!);
      if (a.pixels[i]! < 128) ink++;
    }
    const mean = diff / a.pixels.length;
    assert.ok(ink > 10_000, `the page's ink is drawn: ${ink} dark pixels`);
    assert.ok(mean < 8, `mean difference per pixel ${mean.toFixed(2)} of 255`);
  } finally {
    delete process.env.DATELINE_PDF_RENDERER;
    await native.close();
  }
});

test('pdftoppm refuses a page past the pixel limit as pdf.js does, naming the limit', async () => {
  const native = await pageDrawer(scan);
  try {
    await assert.rejects(
      native.grey(1, 7000, 9_000_000, MAX_OCR_RENDER_WIDTH),
      /over the limit .*MEGAPIXELS/,
    );
    await assert.rejects(native.grey(1, 9000, 100, MAX_OCR_RENDER_WIDTH), /16 to 7200 pixels wide/);
  } finally {
    await native.close();
  }
});

test('the largest image of each page is read from pdfimages -list', () => {
  const listing = [
    'page   num  type   width height color comp bpc  enc interp  object ID x-ppi y-ppi size ratio',
    '--------------------------------------------------------------------------------------------',
    '   1     0 image    2835  3618  gray    1   8  jpeg   no         2  0   152   152 1144K  11%',
    '   1     1 smask     600   800  gray    1   8  image  no         3  0   300   300  10K  2%',
    '   2     2 image     100   120  rgb     3   8  jpeg   no         7  0    72    72  5K  3%',
    '   2     3 image    1700  2200  gray    1   8  jpx    no         8  0   200   200  1M  20%',
  ].join('\n');
  const found = largestImages(listing, [1, 2, 3]);
  assert.deepEqual(found.get(1), { pixels: 2835, points: (2835 / 152) * 72 });
  assert.deepEqual(found.get(2), { pixels: 1700, points: (1700 / 200) * 72 });
  assert.equal(found.has(3), false);
});
