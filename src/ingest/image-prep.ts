/**
 * Prepares a page image for OCR: resampling (tesseract reads typed text best with an x-height of about
 * 20–30 px, i.e. 10–12 pt type at 300 ppi; a page rendered smaller loses letters), greyscale, a contrast
 * stretch, optionally an unsharp mask and Otsu binarisation. Pure: bytes in, PNG bytes out (@napi-rs/canvas).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';

export interface PrepOptions {
  /** Resampling factor (1 = as is; 2 = twice as wide and high), drawn with the canvas's 'high' quality filter. */
  scale: number;
  /** Otsu's threshold over the page's grey histogram: black ink on white, two grey levels only. */
  binarise: boolean;
  /** An unsharp mask (Gaussian σ growing with `scale`, amount 1) after resampling, before any threshold. */
  sharpen: boolean;
  /** Linear contrast stretch from the 0.5th to the 99.5th percentile of grey (default true). */
  stretch?: boolean;
  /**
   * 'png' (default) or 'pgm': binary greyscale PNM, one byte a pixel, which tesseract (leptonica) reads as
   * well and which costs nothing to write, where encoding a 10-megapixel PNG takes a second or more.
   */
  format?: 'png' | 'pgm';
}

/** Largest side an output may have: bigger pages are refused rather than drawn at hundreds of megabytes. */
export const MAX_PREP_SIDE = 16_384;

/** Grey levels (0–255) of an RGBA buffer, composited on white. */
function toGrey(rgba: Uint8ClampedArray, n: number): Float32Array {
  const g = new Float32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += 4) {
    const a = rgba[p + 3]! / 255;
    const y = 0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!;
    g[i] = y * a + 255 * (1 - a);
  }
  return g;
}

function histogram(g: Float32Array): Uint32Array {
  const h = new Uint32Array(256);
  for (let i = 0; i < g.length; i++) h[Math.max(0, Math.min(255, Math.round(g[i]!)))]!++;
  return h;
}

function percentile(h: Uint32Array, total: number, q: number): number {
  const want = total * q;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += h[v]!;
    if (seen >= want) return v;
  }
  return 255;
}

/** Maps [0.5th percentile, 99.5th percentile] to [0, 255]; a flat image is left as it is. */
function stretchContrast(g: Float32Array): void {
  const h = histogram(g);
  const lo = percentile(h, g.length, 0.005);
  const hi = percentile(h, g.length, 0.995);
  if (hi - lo < 8) return;
  const k = 255 / (hi - lo);
  for (let i = 0; i < g.length; i++) g[i] = Math.max(0, Math.min(255, (g[i]! - lo) * k));
}

/** Separable Gaussian blur of a w × h grey image (edges clamped). */
function gaussianBlur(g: Float32Array, w: number, h: number, sigma: number): Float32Array {
  const r = Math.max(1, Math.ceil(sigma * 3));
  const kernel = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) {
    kernel[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
    sum += kernel[i + r]!;
  }
  for (let i = 0; i < kernel.length; i++) kernel[i]! /= sum;
  const tmp = new Float32Array(g.length);
  const out = new Float32Array(g.length);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) {
        const xx = x + k < 0 ? 0 : x + k >= w ? w - 1 : x + k;
        acc += g[row + xx]! * kernel[k + r]!;
      }
      tmp[row + x] = acc;
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let k = -r; k <= r; k++) {
        const yy = y + k < 0 ? 0 : y + k >= h ? h - 1 : y + k;
        acc += tmp[yy * w + x]! * kernel[k + r]!;
      }
      out[y * w + x] = acc;
    }
  }
  return out;
}

/** Unsharp mask: g + amount × (g − blur(g)), clamped. */
function unsharp(g: Float32Array, w: number, h: number, sigma: number, amount: number): void {
  const b = gaussianBlur(g, w, h, sigma);
  for (let i = 0; i < g.length; i++) g[i] = Math.max(0, Math.min(255, g[i]! + amount * (g[i]! - b[i]!)));
}

/** Otsu's threshold (the grey level that best splits the histogram into two classes). */
export function otsuThreshold(h: Uint32Array): number {
  let total = 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) {
    total += h[v]!;
    sumAll += v * h[v]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = 0;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += h[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * h[t]!;
    const mB = sumB / wB;
    const mF = (sumAll - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/**
 * Returns `png` (any image @napi-rs/canvas decodes: PNG, JPEG, WebP…) resampled by `opts.scale`, in grey,
 * contrast-stretched, optionally sharpened and binarised, as PNG bytes (or PGM: `opts.format`).
 */
export async function prepareForOcr(png: Buffer, opts: PrepOptions): Promise<Buffer> {
  if (!(opts.scale > 0) || !Number.isFinite(opts.scale))
    throw new RangeError(`scale must be > 0; got ${opts.scale}`);
  const img = await loadImage(png);
  const w = Math.max(1, Math.round(img.width * opts.scale));
  const h = Math.max(1, Math.round(img.height * opts.scale));
  if (w > MAX_PREP_SIDE || h > MAX_PREP_SIDE) {
    throw new RangeError(`a ${w} × ${h} image is over ${MAX_PREP_SIDE} px a side`);
  }
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, w, h);
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h);
  const g = toGrey(data.data, w * h);
  if (opts.stretch ?? true) stretchContrast(g);
  if (opts.sharpen) unsharp(g, w, h, Math.max(1, 0.5 * opts.scale), 1);
  if (opts.binarise) {
    const t = otsuThreshold(histogram(g));
    for (let i = 0; i < g.length; i++) g[i] = g[i]! > t ? 255 : 0;
  }
  if (opts.format === 'pgm') {
    const header = Buffer.from(`P5\n${w} ${h}\n255\n`, 'ascii');
    const body = Buffer.allocUnsafe(w * h);
    for (let i = 0; i < g.length; i++) body[i] = Math.round(g[i]!);
    return Buffer.concat([header, body]);
  }
  const out = data.data;
  for (let i = 0, p = 0; i < g.length; i++, p += 4) {
    const v = Math.round(g[i]!);
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
    out[p + 3] = 255;
  }
  ctx.putImageData(data, 0, 0);
  return canvas.toBuffer('image/png');
}

/** A greyscale image: one byte a pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Decodes an image (PNG, JPEG…) to one grey byte a pixel, for finding its columns (ocr-regions.ts). */
export async function greyImage(bytes: Buffer): Promise<GreyImage> {
  const img = await loadImage(bytes);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  ctx.drawImage(img, 0, 0);
  const g = toGrey(ctx.getImageData(0, 0, img.width, img.height).data, img.width * img.height);
  const pixels = new Uint8Array(g.length);
  for (let i = 0; i < g.length; i++) pixels[i] = Math.round(g[i]!);
  return { width: img.width, height: img.height, pixels };
}
