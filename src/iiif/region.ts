/**
 * IIIF Image API 3 region and size requests beyond level 0 (`regionByPx`, `sizeByW`): a rectangle of the
 * page in canvas pixels, cut from the smallest kept page image that holds it at the asked width. The
 * article page shows an article's region of the scan this way (web/views/scan.ts).
 */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { ArchiveError } from '../core/errors.js';
import type { ArticleRegion } from '../core/types.js';
import { CANVAS_WIDTH, canvasHeight, IIIF_WIDTHS, type ImageFormat } from './iiif.js';

/** A rectangle in canvas pixels (the page at CANVAS_WIDTH). */
export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What a region request asks for: the rectangle, clipped to the canvas, and the width to draw it at. */
export interface RegionRequest {
  region: PixelRect;
  width: number;
  height: number;
}

const REGION = /^(\d{1,5}),(\d{1,5}),(\d{1,5}),(\d{1,5})$/;
const SIZE = /^(?:max|(\d{1,5}),|,(\d{1,5}))$/;

/**
 * Reads a region (`full` or `x,y,w,h` in canvas pixels) and a size (`max`, `w,`, `,h`) against a page of
 * `page` proportions. A region reaching past the edge is clipped (Image API 3 §4.1); one wholly outside,
 * an empty one, a size larger than the region (no upscaling without `^`) or any other form is BAD_REQUEST.
 */
export function parseRegionRequest(
  region: string,
  size: string,
  page: { width: number; height: number },
): RegionRequest {
  const cw = CANVAS_WIDTH;
  const ch = canvasHeight(page);
  let r: PixelRect;
  if (region === 'full') r = { x: 0, y: 0, w: cw, h: ch };
  else {
    const m = REGION.exec(region);
    if (!m) {
      throw new ArchiveError(
        'BAD_REQUEST',
        `Region "${region}" is not offered; ask for "full" or "x,y,w,h" in pixels of the ${cw}×${ch} page.`,
      );
    }
    const [x, y, w, h] = m.slice(1).map(Number) as [number, number, number, number];
    if (w === 0 || h === 0 || x >= cw || y >= ch) {
      throw new ArchiveError(
        'BAD_REQUEST',
        `Region "${region}" holds no pixel of the ${cw}×${ch} page; its width and height must be above 0 and it must start inside the page.`,
      );
    }
    r = { x, y, w: Math.min(w, cw - x), h: Math.min(h, ch - y) };
  }
  const s = SIZE.exec(size);
  if (!s) {
    throw new ArchiveError(
      'BAD_REQUEST',
      `Size "${size}" is not offered with a region; ask for "max", "w," or ",h" (at most the region's size).`,
    );
  }
  let width = r.w;
  if (s[1]) width = Number(s[1]);
  else if (s[2]) width = Math.round((Number(s[2]) * r.w) / r.h);
  const height = Math.max(1, Math.round((width * r.h) / r.w));
  if (width < 1 || width > r.w || height > r.h) {
    throw new ArchiveError(
      'BAD_REQUEST',
      `Size "${size}" is larger than the region (${r.w}×${r.h}); this service does not enlarge.`,
    );
  }
  return { region: r, width, height };
}

/** The narrowest kept page image that draws the region at least as sharp as asked (the largest at most). */
export function sourceWidth(req: RegionRequest): number {
  const needed = (req.width / req.region.w) * CANVAS_WIDTH;
  return IIIF_WIDTHS.find((w) => w >= needed - 0.5) ?? CANVAS_WIDTH;
}

/** An article region (PDF points) in canvas pixels, grown by `pad` points on each side and kept on the page. */
export function regionPixels(
  page: { width: number; height: number },
  r: Pick<ArticleRegion, 'x' | 'y' | 'w' | 'h'>,
  pad = 0,
): PixelRect {
  const s = CANVAS_WIDTH / page.width;
  const x0 = Math.max(0, Math.floor((r.x - pad) * s));
  const y0 = Math.max(0, Math.floor((r.y - pad) * s));
  const x1 = Math.min(CANVAS_WIDTH, Math.ceil((r.x + r.w + pad) * s));
  const y1 = Math.min(canvasHeight(page), Math.ceil((r.y + r.h + pad) * s));
  return { x: x0, y: y0, w: Math.max(1, x1 - x0), h: Math.max(1, y1 - y0) };
}

/** The region cut from `png` (the page drawn `fromWidth` pixels wide) and drawn at the asked size. */
export async function cutRegion(
  png: Uint8Array,
  fromWidth: number,
  req: RegionRequest,
  format: ImageFormat,
): Promise<Buffer> {
  const image = await loadImage(Buffer.from(png.buffer, png.byteOffset, png.byteLength));
  const k = fromWidth / CANVAS_WIDTH;
  const canvas = createCanvas(req.width, req.height);
  const context = canvas.getContext('2d');
  // JPEG has no alpha, and a PDF page drawn without a background is transparent: white goes underneath.
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, req.width, req.height);
  const { x, y, w, h } = req.region;
  context.drawImage(image, x * k, y * k, w * k, h * k, 0, 0, req.width, req.height);
  return format === 'png' ? canvas.encode('png') : canvas.encode('jpeg', 85);
}
