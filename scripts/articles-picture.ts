/**
 * `node --import tsx scripts/articles-picture.ts ALTO.xml OUT.png|OUT.jpg [WIDTH]`: draws a library page (NDNP:
 * the ALTO beside its page PDF) with the articles the NDNP ingest finds on it: each article's regions
 * outlined in a colour of its own and numbered in reading order, its headline written over its first
 * region, advertisements hatched grey. For docs/page-model.md and for looking at a real page.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { rereadLibraryHeadlines } from '../src/ingest/headline-reread.js';
import { readAlto } from '../src/ingest/ndnp/alto-reader.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { MAX_OCR_RENDER_WIDTH, renderPagePng } from '../src/ingest/pdf-render.js';
import { newspaperArticles, toSourcePage } from '../src/segment/newspaper-articles.js';

const [altoPath, out, widthArg] = process.argv.slice(2);
if (!altoPath || !out) {
  console.error('usage: articles-picture.ts ALTO.xml OUT.png|OUT.jpg [WIDTH]');
  process.exit(2);
}
const pdfBytes = new Uint8Array(await readFile(altoPath.replace(/\.xml$/, '.pdf')));
const pdf = await PDFDocument.load(pdfBytes, { ignoreEncryption: true, updateMetadata: false });
const { width, height } = pdf.getPage(0).getSize();
const page = readAlto(await readFile(altoPath), altoPath, { width, height });
const date = /(\d{4})(\d{2})(\d{2})\d{2}\//.exec(altoPath);
const iso = date ? `${date[1]}-${date[2]}-${date[3]}` : '1900-01-01';
const { articles } = newspaperArticles([page], 'page', iso);
// The headlines the library's OCR could not read are read again from the scan, as the ingest does.
const pool = new OcrPool(1, ['eng']);
try {
  await rereadLibraryHeadlines(articles, [toSourcePage(page, 0)], pdfBytes, (pgm) => pool.recognize(pgm));
} finally {
  await pool.close();
}
const px = Number(widthArg ?? 1600);
const k = px / width;
const img = await loadImage(await renderPagePng(pdfBytes, 1, px, MAX_OCR_RENDER_WIDTH));
const canvas = createCanvas(img.width, img.height);
const ctx = canvas.getContext('2d');
ctx.drawImage(img, 0, 0);
const hues = [0, 210, 120, 30, 280, 180, 330, 60, 240, 150];
articles.forEach((a, i) => {
  const ad = a.kind === 'advertisement';
  const colour = ad ? 'rgba(110, 110, 110, 0.85)' : `hsla(${hues[i % hues.length]}, 85%, 40%, 0.9)`;
  const regions = (a.regions ?? []).filter((r) => r.page === 1);
  for (const r of regions) {
    ctx.strokeStyle = colour;
    ctx.lineWidth = 3;
    ctx.strokeRect(r.x * k, r.y * k, r.w * k, r.h * k);
    if (ad) {
      ctx.fillStyle = 'rgba(110, 110, 110, 0.15)';
      ctx.fillRect(r.x * k, r.y * k, r.w * k, r.h * k);
    }
  }
  const first = regions[0];
  if (!first) return;
  const label = `${i + 1}${ad ? ' ad' : ''} ${a.headline}`.slice(0, 34);
  ctx.font = 'bold 13px sans-serif';
  const w = Math.min(ctx.measureText(label).width + 6, first.w * k);
  ctx.fillStyle = colour;
  ctx.fillRect(first.x * k, first.y * k, w, 17);
  ctx.fillStyle = 'white';
  ctx.save();
  ctx.beginPath();
  ctx.rect(first.x * k, first.y * k, w, 17);
  ctx.clip();
  ctx.fillText(label, first.x * k + 3, first.y * k + 13);
  ctx.restore();
});
await writeFile(out, out.endsWith('.jpg') ? canvas.toBuffer('image/jpeg', 75) : canvas.toBuffer('image/png'));
console.log(`${out}: ${articles.length} pieces, ${img.width}×${img.height} px`);
