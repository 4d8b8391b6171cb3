import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  columnRegions,
  type GreyImage,
  inkMap,
  planOcr,
  readPgm,
  skewOf,
  straighten,
} from './ocr-regions.js';

/** A white page with dark bars standing for lines of type: each [left, top, width, height] in pixels. */
function page(width: number, height: number, bars: [number, number, number, number][]): GreyImage {
  const pixels = new Uint8Array(width * height).fill(250);
  for (const [x0, y0, w, h] of bars)
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) pixels[y * width + x] = 20;
  return { width, height, pixels };
}

/** Lines of "words" down a column: bars with word spaces at varying places, so no white runs down the column. */
function column(
  left: number,
  width: number,
  top: number,
  lines: number,
  step = 30,
): [number, number, number, number][] {
  const out: [number, number, number, number][] = [];
  for (let i = 0; i < lines; i++) {
    let x = left;
    let k = i;
    while (x < left + width - 10) {
      const w = Math.min(left + width - x, 40 + ((k * 37) % 60));
      out.push([x, top + i * step, w, 18]);
      x += w + 12;
      k++;
    }
  }
  return out;
}

test('a page in three columns under a nameplate is read as the nameplate and each column, in reading order', () => {
  const img = page(1200, 1600, [
    // Nameplate across the page, in large letters.
    ...Array.from({ length: 18 }, (_, k): [number, number, number, number] => [200 + k * 44, 40, 40, 70]),
    ...column(60, 340, 200, 40),
    ...column(430, 340, 200, 40),
    ...column(800, 340, 200, 40),
  ]);
  const regions = columnRegions(img);
  assert.equal(regions.length, 4);
  const [top, ...cols] = regions;
  assert.equal(top!.depth, 0);
  assert.ok(top!.top < 40 && top!.top + top!.height > 110 && top!.top + top!.height < 200);
  assert.deepEqual(
    cols.map((r) => r.left < 60 + 5 || (r.left > 400 && r.left < 430) || (r.left > 770 && r.left < 800)),
    [true, true, true],
  );
  assert.ok(cols.every((r) => r.depth > 0));
  // Left to right, and no region reaches into the next column.
  assert.ok(cols[0]!.left < cols[1]!.left && cols[1]!.left < cols[2]!.left);
  assert.ok(cols[0]!.left + cols[0]!.width <= 430 && cols[1]!.left + cols[1]!.width <= 800);
});

test('a typed page with no gutter stays one region, as before', () => {
  const img = page(1200, 1600, column(100, 1000, 100, 45));
  assert.deepEqual(columnRegions(img), [{ left: 0, top: 0, width: 1200, height: 1600, depth: 0 }]);
});

test('column rules between the columns, broken into dashes by wear, do not close the gutters', () => {
  const rule = (x: number): [number, number, number, number][] =>
    Array.from({ length: 60 }, (_, k): [number, number, number, number] => [
      x + (k > 30 ? 1 : 0),
      200 + k * 20,
      2,
      16,
    ]);
  const img = page(1200, 1600, [
    ...column(60, 340, 200, 40),
    ...rule(415),
    ...column(430, 340, 200, 40),
    ...rule(785),
    ...column(800, 340, 200, 40),
  ]);
  assert.equal(columnRegions(img).length, 3);
});

test('a page turned half a degree on the scanner is straightened, and its columns found', () => {
  const img = page(1200, 1600, [
    ...column(60, 340, 200, 40),
    ...column(430, 340, 200, 40),
    ...column(800, 340, 200, 40),
  ]);
  const turned = straighten(img, (-0.5 * Math.PI) / 180);
  const ink = inkMap(turned);
  assert.ok(ink);
  assert.ok(Math.abs((skewOf(ink) * 180) / Math.PI - 0.5) <= 0.11, `skew ${(skewOf(ink) * 180) / Math.PI}`);
  const plan = planOcr(turned);
  assert.ok(plan.straightened);
  assert.equal(plan.regions.length, 3);
  // A typed page is read as it came, whatever its turn.
  const typed = planOcr(straighten(page(1200, 1600, column(100, 1000, 100, 45)), (0.5 * Math.PI) / 180));
  assert.equal(typed.straightened, null);
  assert.equal(typed.regions.length, 1);
});

test('a blank page is one region', () => {
  assert.equal(columnRegions(page(300, 400, [])).length, 1);
});

test('a PGM is read back as written; anything else is not a PGM', () => {
  const body = Buffer.from([0, 128, 255, 7, 8, 9]);
  const pgm = readPgm(Buffer.concat([Buffer.from('P5\n3 2\n255\n'), body]));
  assert.deepEqual(pgm && { w: pgm.width, h: pgm.height, px: [...pgm.pixels] }, {
    w: 3,
    h: 2,
    px: [...body],
  });
  assert.equal(readPgm(Buffer.from('\x89PNG\r\n')), null);
  assert.equal(readPgm(Buffer.from('P5\n3 2\n255\n\x00')), null);
});

test('columns that all break at one height stay whole columns; a gutter is told by the column beside it', () => {
  // Under a running head, three short continuations (six lines each) and, after a white band that runs
  // across the page only because all three break there, the columns' text; the columns' edges lie a few
  // pixels apart from band to band, so no white strip runs down the page as wide as above or below.
  const img = page(1200, 1800, [
    [200, 30, 800, 30],
    ...column(60, 340, 140, 6, 24),
    ...column(430, 340, 140, 6, 24),
    ...column(800, 340, 140, 6, 24),
    // Gutters 400-430 and 770-800 above, 426-440 and 796-810 below: 4 px where both stretches meet.
    ...column(60, 366, 330, 45),
    ...column(440, 356, 330, 45),
    ...column(810, 340, 330, 45),
  ]);
  const regions = columnRegions(img);
  const cols = regions.filter((r) => r.depth > 0);
  assert.equal(cols.length, 3, JSON.stringify(regions));
  for (const c of cols) assert.ok(c.top < 145 && c.top + c.height > 1650, JSON.stringify(c));
  assert.deepEqual(
    cols.map((c) => c.left < 70),
    [true, false, false],
  );
});
