import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { otsuThreshold, prepareForOcr } from './image-prep.js';

/** A 120 × 80 "page": a grey gradient background with dark strokes and a tinted block, as PNG. */
function samplePng(): Buffer {
  const c = createCanvas(120, 80);
  const ctx = c.getContext('2d');
  const grad = ctx.createLinearGradient(0, 0, 120, 0);
  grad.addColorStop(0, '#e8e4d8');
  grad.addColorStop(1, '#c9c4b5');
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, 120, 80);
  ctx.fillStyle = '#333333';
  for (let x = 10; x < 110; x += 9) ctx.fillRect(x, 20, 3, 12);
  ctx.fillRect(10, 50, 90, 2);
  ctx.fillStyle = 'rgba(40, 60, 200, 0.7)';
  ctx.fillRect(80, 55, 20, 15);
  return c.toBuffer('image/png');
}

async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

test('prepareForOcr scales the image by `scale`, rounding to whole pixels', async () => {
  const src = samplePng();
  for (const [scale, w, h] of [
    [1, 120, 80],
    [2, 240, 160],
    [2.5, 300, 200],
    [0.5, 60, 40],
    [1 / 3, 40, 27],
  ] as const) {
    const out = await pixels(await prepareForOcr(src, { scale, binarise: false, sharpen: true }));
    assert.deepEqual([out.width, out.height], [w, h], `scale ${scale}`);
  }
});

test('prepareForOcr gives grey pixels, opaque, and a stretched range reaching black and white', async () => {
  const out = await pixels(await prepareForOcr(samplePng(), { scale: 1.5, binarise: false, sharpen: false }));
  let min = 255;
  let max = 0;
  for (let p = 0; p < out.data.length; p += 4) {
    assert.equal(out.data[p], out.data[p + 1]);
    assert.equal(out.data[p], out.data[p + 2]);
    assert.equal(out.data[p + 3], 255);
    min = Math.min(min, out.data[p]!);
    max = Math.max(max, out.data[p]!);
  }
  assert.ok(min <= 5, `darkest ${min}`);
  assert.ok(max >= 250, `lightest ${max}`);
});

test('a binarised image has exactly two grey levels, black and white, with the strokes black', async () => {
  for (const sharpen of [false, true]) {
    const out = await pixels(await prepareForOcr(samplePng(), { scale: 2, binarise: true, sharpen }));
    const levels = new Set<number>();
    for (let p = 0; p < out.data.length; p += 4) {
      assert.equal(out.data[p], out.data[p + 1]);
      assert.equal(out.data[p], out.data[p + 2]);
      levels.add(out.data[p]!);
    }
    assert.deepEqual(
      [...levels].sort((a, b) => a - b),
      [0, 255],
      `sharpen ${sharpen}`,
    );
    const at = (x: number, y: number) => out.data[(y * out.width + x) * 4];
    assert.equal(at(22, 52), 0, 'inside a stroke (source 11, 26)');
    assert.equal(at(10, 10), 255, 'background');
  }
});

test('otsuThreshold splits a two-peaked histogram between the peaks', () => {
  const h = new Uint32Array(256);
  h[30] = 100;
  h[200] = 900;
  const t = otsuThreshold(h);
  assert.ok(t >= 30 && t < 200, `threshold ${t}`);
});

test('prepareForOcr refuses a scale that is not a positive number', async () => {
  await assert.rejects(prepareForOcr(samplePng(), { scale: 0, binarise: false, sharpen: false }), RangeError);
  await assert.rejects(
    prepareForOcr(samplePng(), { scale: Number.NaN, binarise: false, sharpen: false }),
    RangeError,
  );
});

test("format 'pgm' gives a binary greyscale PNM of the same pixels as the PNG", async () => {
  const opts = { scale: 1.5, binarise: true, sharpen: false } as const;
  const png = await pixels(await prepareForOcr(samplePng(), opts));
  const pgm = await prepareForOcr(samplePng(), { ...opts, format: 'pgm' });
  const header = 'P5\n180 120\n255\n';
  assert.equal(pgm.subarray(0, header.length).toString('ascii'), header);
  assert.equal(pgm.length, header.length + 180 * 120);
  for (let i = 0; i < 180 * 120; i++) assert.equal(pgm[header.length + i], png.data[i * 4]);
});
