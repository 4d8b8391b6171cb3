import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArchiveError } from '../core/errors.js';
import { parseRegionRequest, regionPixels, sourceWidth } from './region.js';

// A US Letter page: 1600 × 2071 canvas pixels.
const letter = { width: 612, height: 792 };

test('a region in canvas pixels at max, w, or ,h; clipped at the page edge', () => {
  assert.deepEqual(parseRegionRequest('100,200,600,300', 'max', letter), {
    region: { x: 100, y: 200, w: 600, h: 300 },
    width: 600,
    height: 300,
  });
  assert.deepEqual(parseRegionRequest('100,200,600,300', '150,', letter).height, 75);
  assert.deepEqual(parseRegionRequest('100,200,600,300', ',150', letter).width, 300);
  assert.deepEqual(parseRegionRequest('1500,2000,400,400', 'max', letter).region, {
    x: 1500,
    y: 2000,
    w: 100,
    h: 71,
  });
  assert.deepEqual(parseRegionRequest('full', '300,', letter), {
    region: { x: 0, y: 0, w: 1600, h: 2071 },
    width: 300,
    height: 388,
  });
});

test('what the service cannot give is BAD_REQUEST, saying what it can', () => {
  const bad = (region: string, size: string, why: RegExp) =>
    assert.throws(
      () => parseRegionRequest(region, size, letter),
      (e: unknown) => e instanceof ArchiveError && e.code === 'BAD_REQUEST' && why.test(e.message),
    );
  bad('square', 'max', /ask for "full" or "x,y,w,h"/);
  bad('pct:10,10,10,10', 'max', /ask for "full" or "x,y,w,h"/);
  bad('0,0,0,10', 'max', /holds no pixel/);
  bad('1600,0,10,10', 'max', /holds no pixel/);
  bad('0,0,100,100', '200,', /does not enlarge/);
  bad('0,0,100,100', '^200,', /"max", "w," or ",h"/);
  bad('0,0,100,100', 'pct:50', /"max", "w," or ",h"/);
});

test('a cut comes from the narrowest kept image that is sharp enough', () => {
  assert.equal(sourceWidth(parseRegionRequest('0,0,800,400', '100,', letter)), 200);
  assert.equal(sourceWidth(parseRegionRequest('0,0,800,400', '400,', letter)), 800);
  assert.equal(sourceWidth(parseRegionRequest('0,0,800,400', 'max', letter)), 1600);
});

test('an article region in points becomes canvas pixels, grown outward and kept on the page', () => {
  // 1600 / 612 pixels a point.
  assert.deepEqual(regionPixels(letter, { x: 61.2, y: 61.2, w: 306, h: 61.2 }), {
    x: 160,
    y: 160,
    w: 800,
    h: 160,
  });
  assert.deepEqual(regionPixels(letter, { x: 0, y: 780, w: 612, h: 12 }, 8), {
    x: 0,
    y: 2018,
    w: 1600,
    h: 53,
  });
});
