/** Renders PDF pages to PNG (pdfjs-dist on @napi-rs/canvas): thumbnails now, OCR input later. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArchiveError } from '../core/errors.js';
import { resolveLimits } from './input-limits.js';
import { loadPdfJs } from './pdfjs.js';

const require = createRequire(import.meta.url);
// pdfjs needs the metrics of the standard 14 fonts that typed bulletins use without embedding them.
const standardFontDataUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export const MAX_RENDER_WIDTH = 2400;
/** OCR may draw wider than a web image: a broadsheet master is read at its own resolution (the pixel limit still holds). */
export const MAX_OCR_RENDER_WIDTH = 7200;

/** Refuses a page image narrower than 16 pixels or wider than `maxWidth`. */
export function checkRenderWidth(width: number, maxWidth: number): void {
  if (!Number.isInteger(width) || width < 16 || width > maxWidth) {
    throw new ArchiveError(
      'BAD_REQUEST',
      `A page image must be 16 to ${maxWidth} pixels wide; got ${width}.`,
    );
  }
}

/** Refuses to draw page `pageNumber` at `width` × `height` pixels past the render limit (an image bomb's page box). */
export function checkRenderPixels(pageNumber: number, width: number, height: number): void {
  const limit = resolveLimits().maxRenderPixels;
  if (width * height > limit) {
    throw new ArchiveError(
      'LIMIT_EXCEEDED',
      `Page ${pageNumber} would be ${Math.round(width)} × ${Math.round(height)} pixels at this width, over the limit of ${limit} (DATELINE_MAX_RENDER_MEGAPIXELS).`,
    );
  }
}

/**
 * Renders page `pageNumber` (1-based) of a PDF at `width` pixels wide; returns PNG bytes. An aborted
 * `signal` (the reader went away) cancels the drawing and rejects with the signal's reason.
 */
export async function renderPagePng(
  pdf: Uint8Array,
  pageNumber: number,
  width: number,
  maxWidth = MAX_RENDER_WIDTH,
  signal?: AbortSignal,
): Promise<Buffer> {
  checkRenderWidth(width, maxWidth);
  const limits = resolveLimits();
  const { getDocument } = await loadPdfJs();
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    verbosity: 0,
    standardFontDataUrl,
    // An image declaring more pixels than this is not decoded (an image bomb draws as nothing).
    maxImageSize: limits.maxImagePixels,
  }).promise;
  try {
    if (pageNumber < 1 || pageNumber > doc.numPages) {
      throw new ArchiveError(
        'NOT_FOUND',
        `The bulletin has ${doc.numPages} pages; there is no page ${pageNumber}.`,
      );
    }
    const page = await doc.getPage(pageNumber);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / base.width });
    checkRenderPixels(pageNumber, viewport.width, viewport.height);
    const factory = doc.canvasFactory as {
      create(w: number, h: number): { canvas: { toBuffer(mime: 'image/png'): Buffer }; context: unknown };
    };
    const { canvas, context } = factory.create(Math.round(viewport.width), Math.round(viewport.height));
    signal?.throwIfAborted();
    const task = page.render({ canvasContext: context as never, viewport, background: '#ffffff' });
    const cancel = () => task.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await task.promise;
    } finally {
      signal?.removeEventListener('abort', cancel);
      page.cleanup();
    }
    signal?.throwIfAborted();
    return canvas.toBuffer('image/png');
  } finally {
    await doc.destroy();
  }
}

/**
 * Loads pdfjs ahead of the first render (a server calls it at start): parsing the library took most of a
 * first page image's time, seconds on a busy machine, and a first reader's request could run out of time.
 */
export async function preloadRenderer(): Promise<void> {
  // Its minified build, with source maps off while it loads (ingest/pdfjs.ts).
  await loadPdfJs();
}

/** The largest image a page draws: its own pixels across, and the points across the page it covers. */
export interface PageImage {
  pixels: number;
  points: number;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];

/**
 * For each of `pageNumbers` (1-based) that draws an image (a page scanned as a picture does), its
 * largest image: how many pixels across it has and how many points across the page it is drawn, read
 * from the operator list with the transformation matrix followed through save/restore.
 */
export async function pageImages(pdf: Uint8Array, pageNumbers: number[]): Promise<Map<number, PageImage>> {
  const out = new Map<number, PageImage>();
  if (pageNumbers.length === 0) return out;
  const { getDocument, OPS } = await loadPdfJs();
  const painting = new Set<number>([
    OPS.paintImageXObject,
    OPS.paintInlineImageXObject,
    OPS.paintImageXObjectRepeat,
    OPS.paintImageMaskXObject,
  ]);
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
  try {
    for (const n of pageNumbers) {
      const page = await doc.getPage(n);
      const ops = await page.getOperatorList();
      let ctm: Matrix = [1, 0, 0, 1, 0, 0];
      const stack: Matrix[] = [];
      let best: PageImage | null = null;
      ops.fnArray.forEach((fn, k) => {
        const args = ops.argsArray[k] as unknown[] | null;
        if (fn === OPS.save) stack.push(ctm);
        else if (fn === OPS.restore) ctm = stack.pop() ?? ctm;
        else if (fn === OPS.transform && args) ctm = multiply(ctm, args as Matrix);
        else if (fn === OPS.paintFormXObjectBegin && Array.isArray(args?.[0])) {
          stack.push(ctm);
          ctm = multiply(ctm, args[0] as Matrix);
        } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? ctm;
        else if (painting.has(fn)) {
          // Image XObjects carry [id, width, height]; inline images an object with width.
          const first = args?.[0] as { width?: number } | undefined;
          const pixels = Number(args?.[1] ?? first?.width ?? 0);
          const points = Math.hypot(ctm[0], ctm[1]);
          if (pixels > 0 && points > 0 && (!best || pixels * points > best.pixels * best.points))
            best = { pixels, points };
          else if (!best) best = { pixels: 0, points };
        }
      });
      if (best) out.set(n, best);
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
