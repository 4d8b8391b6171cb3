import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ArticleRegion, Page } from '../../core/types.js';
import { CUT_MARGIN, inside, scanCuts, viewAround } from './scan.js';

const page = (number: number): Page => ({
  editionId: 1,
  number,
  text: '',
  width: 612,
  height: 792,
  words: [],
});
const pages = [page(1), page(2), page(4)];
const r = (p: number, x: number, y: number, w: number, h: number): ArticleRegion => ({ page: p, x, y, w, h });

test('regions of one page that are mostly the article share one cut, with a margin, kept on the page', () => {
  // A story in two neighbouring columns: headline across both, then a column each (bounds 1.1× their area).
  const regions = [r(1, 36, 100, 540, 30), r(1, 36, 140, 260, 300), r(1, 316, 140, 260, 300)];
  const [cut, ...rest] = scanCuts(regions, pages);
  assert.equal(rest.length, 0);
  assert.deepEqual(cut, {
    page: 1,
    view: { x: 36 - CUT_MARGIN, y: 100 - CUT_MARGIN, w: 540 + 2 * CUT_MARGIN, h: 340 + 2 * CUT_MARGIN },
    regions,
  });
  // At the page's edge the margin is cut off.
  assert.deepEqual(scanCuts([r(1, 0, 2, 100, 50)], pages)[0]!.view, { x: 0, y: 0, w: 108, h: 60 });
});

test('a story at the foot of one column and the head of the next is two cuts, not the page between', () => {
  const foot = r(1, 36, 600, 260, 150);
  const head = r(1, 316, 72, 260, 100);
  const cuts = scanCuts([foot, head], pages);
  assert.deepEqual(
    cuts.map((c) => c.regions),
    [[foot], [head]],
  );
});

test('a continued story has a cut on each page, in reading order; a region off the bulletin is left out', () => {
  const cuts = scanCuts([r(1, 36, 600, 540, 150), r(4, 36, 72, 540, 80), r(3, 0, 0, 10, 10)], pages);
  assert.deepEqual(
    cuts.map((c) => c.page),
    [1, 4],
  );
  assert.deepEqual(scanCuts([], pages), []);
});

test("the viewer's view of an article keeps the page's proportions and stays on the page", () => {
  const v = viewAround({ x: 36, y: 600, w: 260, h: 150 }, page(1));
  assert.ok(Math.abs(v.h / v.w - 792 / 612) < 1e-9);
  assert.ok(v.x >= 0 && v.y >= 0 && v.x + v.w <= 612 + 1e-9 && v.y + v.h <= 792 + 1e-9, JSON.stringify(v));
  // The article is inside the view.
  assert.ok(v.x <= 36 && v.y <= 600 && v.x + v.w >= 296 && v.y + v.h >= 750);
  // Wider than the page with its margin: the whole page.
  assert.deepEqual(viewAround({ x: 0, y: 0, w: 612, h: 100 }, page(1)), { x: 0, y: 0, w: 612, h: 792 });
});

test('a word counts as inside a region where its middle is', () => {
  const box = [{ x: 100, y: 100, w: 200, h: 50 }];
  assert.equal(inside({ text: 'in', x: 280, y: 140, w: 30, h: 8 }, box), true);
  assert.equal(inside({ text: 'out', x: 290, y: 140, w: 30, h: 8 }, box), false);
});
