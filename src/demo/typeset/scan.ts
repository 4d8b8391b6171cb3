/**
 * Image-only copies of typeset bulletins. A "web" copy reproduces what archives put online for the 1930s
 * dailies: each page a small image (about 410 × 600 px) said to be 240 ppi, so the PDF page box is tiny
 * (about 123 × 180 pt). A "page" copy keeps the page's own size with images at 100, 150 or 300 ppi.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Canvas, createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { Rng } from '../random.js';

const require = createRequire(import.meta.url);
const standardFontDataUrl = `${join(dirname(require.resolve('pdfjs-dist/package.json')), 'standard_fonts')}/`;

export interface TypesetScanOptions {
  /** Resolution the page images are given in the PDF (default 240 for web copies, 300 for page copies). */
  dpi?: number;
  /** 'web' (default): small page images, tiny page box; 'page': the page's own size at `dpi`. */
  size?: 'web' | 'page';
  /** Width of a web copy's page images in pixels (default 410). */
  pixelWidth?: number;
  /** Wear of a scan: paper grain and specks, slight blur, slight skew (seeded: the same seed, the same bytes). */
  degrade?: { seed: number; noise?: number; blur?: number; skewDegrees?: number };
}

/** Renders every page of `pdf` at `scale` × its width in points to a canvas (pdfjs on @napi-rs/canvas). */
async function renderPages(pdf: Uint8Array, widthOf: (pointsWide: number) => number): Promise<Canvas[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    isEvalSupported: false,
    verbosity: 0,
    standardFontDataUrl,
  }).promise;
  try {
    const out: Canvas[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: widthOf(base.width) / base.width });
      const canvas = createCanvas(Math.round(viewport.width), Math.round(viewport.height));
      const ctx = canvas.getContext('2d');
      await page.render({ canvasContext: ctx as never, viewport, background: '#ffffff' }).promise;
      page.cleanup();
      out.push(canvas);
    }
    return out;
  } finally {
    await doc.destroy();
  }
}

/** Scales a rendering down to `width` pixels (the web copies were reduced from larger scans). */
function reduce(src: Canvas, width: number): Canvas {
  const height = Math.round((src.height * width) / src.width);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(src, 0, 0, width, height);
  return canvas;
}

/** Turns, blurs and speckles a page image from a seeded generator. */
async function wear(src: Canvas, rng: Rng, d: NonNullable<TypesetScanOptions['degrade']>): Promise<Canvas> {
  const img = await loadImage(src.toBuffer('image/png'));
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  const skew = ((rng.next() * 2 - 1) * (d.skewDegrees ?? 0.4) * Math.PI) / 180;
  ctx.translate(img.width / 2, img.height / 2);
  ctx.rotate(skew);
  ctx.translate(-img.width / 2, -img.height / 2);
  // Blur in proportion to the image: a 410 px copy is already soft.
  ctx.filter = `blur(${(d.blur ?? 0.5) * Math.max(0.4, img.width / 1500)}px)`;
  ctx.drawImage(img, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = 'none';
  const data = ctx.getImageData(0, 0, img.width, img.height);
  const px = data.data;
  const noise = d.noise ?? 0.02;
  for (let i = 0; i < px.length; i += 4) {
    const grain = (rng.next() - 0.5) * 30;
    const speck = rng.next() < noise * 0.002 ? -150 : 0;
    for (let c = 0; c < 3; c++) px[i + c] = Math.max(0, Math.min(255, px[i + c]! + grain + speck));
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}

/**
 * An image-only copy of `pdf` (no text layer): by default a web copy, page images 410 px wide at 240 ppi in
 * page boxes of 123 pt; with `size: 'page'`, the page's own size at `dpi` (100, 150, 300 ...). JPEG images.
 */
export async function typesetScan(pdf: Uint8Array, opts: TypesetScanOptions = {}): Promise<Uint8Array> {
  const web = (opts.size ?? 'web') === 'web';
  const dpi = opts.dpi ?? (web ? 240 : 300);
  const pixelWidth = opts.pixelWidth ?? 410;
  // A web copy is rendered at three times its size and reduced, like a scan reduced for the web.
  const canvases = await renderPages(pdf, (pts) => (web ? pixelWidth * 3 : Math.round((pts * dpi) / 72)));
  const out = await PDFDocument.create({ updateMetadata: false });
  const rng = new Rng(opts.degrade?.seed ?? 1);
  for (const full of canvases) {
    let canvas = web ? reduce(full, pixelWidth) : full;
    if (opts.degrade) canvas = await wear(canvas, rng, opts.degrade);
    const image = await out.embedJpg(canvas.toBuffer('image/jpeg', web ? 75 : 85));
    const width = (canvas.width * 72) / dpi;
    const height = (canvas.height * 72) / dpi;
    out.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return out.save();
}
