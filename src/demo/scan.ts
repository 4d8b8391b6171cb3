/** Makes "scanned" copies of generated bulletins: pages rasterised into an image-only PDF, optionally degraded like a real scan. */
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { renderPagePng } from '../ingest/pdf-render.js';
import { Rng } from './random.js';

export interface ScanOptions {
  /** Resolution of the page images (default 200). */
  dpi?: number;
  /** Degrade the images as a worn typescript scanned on an office scanner: speckle, slight blur, slight skew. */
  degrade?: { seed: number; noise?: number; blur?: number; skewDegrees?: number };
}

/** Draws one page image, turned and blurred, with grey speckle from a seeded generator (same seed, same bytes). */
async function degradePage(png: Buffer, rng: Rng, d: NonNullable<ScanOptions['degrade']>): Promise<Buffer> {
  const img = await loadImage(png);
  const canvas = createCanvas(img.width, img.height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, img.width, img.height);
  // Skew of up to ±skewDegrees, its sign and size from the seed.
  const skew = ((rng.next() * 2 - 1) * (d.skewDegrees ?? 0.5) * Math.PI) / 180;
  ctx.translate(img.width / 2, img.height / 2);
  ctx.rotate(skew);
  ctx.translate(-img.width / 2, -img.height / 2);
  ctx.filter = `blur(${d.blur ?? 0.6}px)`;
  ctx.drawImage(img, 0, 0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = 'none';
  const data = ctx.getImageData(0, 0, img.width, img.height);
  const noise = d.noise ?? 0.02;
  const px = data.data;
  for (let i = 0; i < px.length; i += 4) {
    // Paper grain everywhere, and a few dark specks.
    const grain = (rng.next() - 0.5) * 40;
    const speck = rng.next() < noise * 0.002 ? -160 : 0;
    for (let c = 0; c < 3; c++) px[i + c] = Math.max(0, Math.min(255, px[i + c]! + grain + speck));
  }
  ctx.putImageData(data, 0, 0);
  // Scanners deliver JPEG; it also keeps the grain from bloating the file.
  return canvas.toBuffer('image/jpeg', 85);
}

/** Rasterises every page of `pdf` at `dpi` into a PDF of page images with no text layer. */
export async function scannedCopy(pdf: Uint8Array, opts: ScanOptions = {}): Promise<Uint8Array> {
  const dpi = opts.dpi ?? 200;
  const source = await PDFDocument.load(pdf);
  const out = await PDFDocument.create({ updateMetadata: false });
  const rng = new Rng(opts.degrade?.seed ?? 1);
  for (const [i, page] of source.getPages().entries()) {
    const { width, height } = page.getSize();
    const png = await renderPagePng(pdf, i + 1, Math.round((width * dpi) / 72));
    const image = opts.degrade
      ? await out.embedJpg(await degradePage(png, rng, opts.degrade))
      : await out.embedPng(png);
    out.addPage([width, height]).drawImage(image, { x: 0, y: 0, width, height });
  }
  return out.save();
}
