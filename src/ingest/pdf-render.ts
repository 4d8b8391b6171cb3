/** Renders PDF pages to PNG (pdfjs-dist on @napi-rs/canvas): thumbnails now, OCR input later. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ArchiveError } from '../core/errors.js';
import { resolveLimits } from './input-limits.js';

const require = createRequire(import.meta.url);
// pdfjs needs the metrics of the standard 14 fonts that typed bulletins use without embedding them.
const standardFontDataUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export const MAX_RENDER_WIDTH = 2400;

/** Renders page `pageNumber` (1-based) of a PDF at `width` pixels wide; returns PNG bytes. */
export async function renderPagePng(pdf: Uint8Array, pageNumber: number, width: number): Promise<Buffer> {
  if (!Number.isInteger(width) || width < 16 || width > MAX_RENDER_WIDTH) {
    throw new ArchiveError(
      'BAD_REQUEST',
      `A page image must be 16 to ${MAX_RENDER_WIDTH} pixels wide; got ${width}.`,
    );
  }
  const limits = resolveLimits();
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
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
    if (viewport.width * viewport.height > limits.maxRenderPixels) {
      throw new ArchiveError(
        'LIMIT_EXCEEDED',
        `Page ${pageNumber} would be ${Math.round(viewport.width)} × ${Math.round(viewport.height)} pixels at this width, over the limit of ${limits.maxRenderPixels} (DATELINE_MAX_RENDER_MEGAPIXELS).`,
      );
    }
    const factory = doc.canvasFactory as {
      create(w: number, h: number): { canvas: { toBuffer(mime: 'image/png'): Buffer }; context: unknown };
    };
    const { canvas, context } = factory.create(Math.round(viewport.width), Math.round(viewport.height));
    await page.render({ canvasContext: context as never, viewport, background: '#ffffff' }).promise;
    page.cleanup();
    return canvas.toBuffer('image/png');
  } finally {
    await doc.destroy();
  }
}

/** Which of `pageNumbers` (1-based) draw an image: a page scanned as a picture does. */
export async function pagesWithImages(pdf: Uint8Array, pageNumbers: number[]): Promise<Set<number>> {
  const out = new Set<number>();
  if (pageNumbers.length === 0) return out;
  const { getDocument, OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
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
      if (ops.fnArray.some((fn) => painting.has(fn))) out.add(n);
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
