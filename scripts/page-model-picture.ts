/**
 * `node --import tsx scripts/page-model-picture.ts PDF PAGE OUT.png`: draws a page with its layout
 * analysis over it: each block outlined (blue in a column, grey across the page), numbered in reading
 * order, lines in headline type underlined in red. For docs/page-model.md and for looking at a page.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { MAX_OCR_RENDER_WIDTH, renderPagePng } from '../src/ingest/pdf-render.js';
import { analysePage, lineSize } from '../src/layout/page-layout.js';

const [file, pageArg, out] = process.argv.slice(2);
if (!file || !out) {
  console.error('usage: page-model-picture.ts PDF PAGE OUT.png');
  process.exit(2);
}
const pdf = new Uint8Array(await readFile(file));
const n = Number(pageArg ?? 1);
const { pages } = await readPdfText(pdf, file);
const page = pages[n - 1];
if (!page) throw new Error(`${file} has no page ${n}`);
const layout = analysePage(page);
const width = 900;
const k = width / page.width;
const img = await loadImage(await renderPagePng(pdf, n, width, MAX_OCR_RENDER_WIDTH));
const canvas = createCanvas(img.width, img.height);
const ctx = canvas.getContext('2d');
ctx.drawImage(img, 0, 0);
ctx.font = 'bold 16px sans-serif';
layout.blocks.forEach((b, i) => {
  ctx.strokeStyle = b.columnDepth > 0 ? 'rgba(0, 90, 220, 0.9)' : 'rgba(90, 90, 90, 0.9)';
  ctx.lineWidth = 3;
  ctx.strokeRect(b.x0 * k - 3, b.y0 * k - 3, (b.x1 - b.x0) * k + 6, (b.y1 - b.y0) * k + 6);
  ctx.fillStyle = 'rgba(0, 90, 220, 0.9)';
  ctx.fillText(String(i + 1), b.x0 * k + 2, b.y0 * k + 15);
  for (const l of b.lines) {
    if (lineSize(l) < layout.bodySize * 1.3) continue;
    ctx.strokeStyle = 'rgba(220, 0, 0, 0.9)';
    ctx.beginPath();
    ctx.moveTo(l.x * k, (l.y + l.height) * k + 2);
    ctx.lineTo((l.x + l.width) * k, (l.y + l.height) * k + 2);
    ctx.stroke();
  }
});
await writeFile(out, canvas.toBuffer('image/png'));
console.log(
  `${out}: ${layout.blocks.length} blocks, ${layout.columns ? 'read by columns' : 'one column'}, body ${layout.bodySize.toFixed(1)} pt`,
);
