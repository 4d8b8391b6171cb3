import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { JpegCache, pngToJpeg } from './jpeg.js';

/** A transparent PNG with a black square at 10,10–30,30. */
function png(width: number, height: number): Buffer {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#000000';
  context.fillRect(10, 10, 20, 20);
  return canvas.toBuffer('image/png');
}

test('a PNG becomes a JPEG of the same picture: the square black, transparent parts white', async () => {
  const jpeg = await pngToJpeg(png(120, 80));
  assert.deepEqual([...jpeg.subarray(0, 3)], [0xff, 0xd8, 0xff]);
  const image = await loadImage(jpeg);
  assert.deepEqual([image.width, image.height], [120, 80]);
  const canvas = createCanvas(120, 80);
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixel = (x: number, y: number) => [...context.getImageData(x, y, 1, 1).data];
  const [r, g, b, a] = pixel(20, 20);
  assert.ok(r! < 20 && g! < 20 && b! < 20 && a === 255, `inside the square: ${pixel(20, 20)}`);
  const [r2, g2, b2] = pixel(100, 60);
  assert.ok(r2! > 235 && g2! > 235 && b2! > 235, `outside it: ${pixel(100, 60)}`);
});

test('the cache encodes a key once and keeps no more bytes than it may', async () => {
  let asked = 0;
  const source = () => {
    asked++;
    return Promise.resolve(png(200, 200));
  };
  const size = (await pngToJpeg(png(200, 200))).byteLength;
  // Room for two JPEGs, not three.
  const cache = new JpegCache(size * 2 + size / 2);
  const a = await cache.get('a', source);
  assert.equal(await cache.get('a', source), a);
  assert.equal(asked, 1);
  // Past the bound the least recently used goes: 'a' is encoded again after two others.
  await cache.get('b', source);
  await cache.get('c', source);
  assert.equal(asked, 3);
  await cache.get('c', source);
  assert.equal(asked, 3);
  await cache.get('a', source);
  assert.equal(asked, 4);
});
