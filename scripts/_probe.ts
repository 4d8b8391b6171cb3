import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { generateDemoCollection } from '../src/demo/generator.js';
import { scannedCopy } from '../src/demo/scan.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { readBulletin } from '../src/ingest/ocr-reader.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { renderPagePng } from '../src/ingest/pdf-render.js';
const bs = await generateDemoCollection({ editions: 120 });
const b = bs.find((x) => x.truth.layout === process.argv[2])!;
let t = performance.now();
const scan = await scannedCopy(b.pdf, { dpi: 200, degrade: { seed: 5 } });
console.log('scan s', (performance.now() - t) / 1000, scan.length);
await writeFile('/tmp/ocrt/scan.png', await renderPagePng(scan, 1, 1700));
const pool = new OcrPool(2);
const mem: any[] = [];
t = performance.now();
const r = await readBulletin(scan, b.fileName, 'x', { mode: 'auto', pool, store: { ocrPages: async () => [], saveOcrPage: async (x) => { mem.push(x); } } });
console.log('ocr s', (performance.now() - t) / 1000, r.ocr);
await pool.close();
const truth = (await readPdfText(b.pdf, b.fileName)).pages;
for (const k of [0, 1]) {
  const a = r.pages[k]!.lines; const w = truth[k]!.lines;
  for (let i = 0; i < Math.max(a.length, w.length); i++) {
    const x = a[i]; const y = w[i];
    const mark = x?.text.replace(/\s+/g,' ') === y?.text.replace(/\s+/g,' ') ? ' ' : '*';
    console.log(mark, (x ? `${x.x.toFixed(0)},${x.y.toFixed(0)} ${x.text}` : '-').padEnd(80), '|', y ? `${y.x.toFixed(0)},${y.y.toFixed(0)} ${y.text}` : '-');
  }
}
for (const p of r.pages) for (const l of p.lines) { const c = l.words.map(w=>w.conf); if (Math.min(...c as number[]) < 70) console.log(p.number, l.text, JSON.stringify(c)); }
