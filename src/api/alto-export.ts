/** Writes a stored page as ALTO 4 XML from our own word boxes, so an archive built here can go back to a library. */
import type { Page, WordBox } from '../core/types.js';
import { xml } from '../harvest/xml.js';

/** ALTO's inch1200 unit per PDF point: boxes are stored in points, ALTO has no point unit. */
const UNIT = 1200 / 72;

const n = (v: number) => String(Math.round(v * UNIT * 100) / 100);

/** Groups a page's words (in reading order) into lines: a word that starts left of the last one, or below it, starts a line. */
export function wordLines(words: WordBox[]): WordBox[][] {
  const lines: WordBox[][] = [];
  let cur: WordBox[] = [];
  for (const w of words) {
    const prev = cur.at(-1);
    if (prev && (w.x < prev.x || w.y >= prev.y + Math.max(prev.h, 1) * 0.7)) {
      lines.push(cur);
      cur = [];
    }
    cur.push(w);
  }
  if (cur.length) lines.push(cur);
  return lines;
}

/** Groups lines into blocks: a line far below the last one, or that starts in another column, starts a block. */
function blocks(lines: WordBox[][]): WordBox[][][] {
  const out: WordBox[][][] = [];
  let cur: WordBox[][] = [];
  for (const line of lines) {
    const prev = cur.at(-1);
    if (prev) {
      const p = box(prev);
      const l = box(line);
      const gap = l.y - (p.y + p.h);
      if (gap > Math.max(p.h, 4) * 1.5 || gap < -p.h || l.x > p.x + p.w || l.x + l.w < p.x) {
        out.push(cur);
        cur = [];
      }
    }
    cur.push(line);
  }
  if (cur.length) out.push(cur);
  return out;
}

function box(words: WordBox[]): { x: number; y: number; w: number; h: number } {
  const x = Math.min(...words.map((w) => w.x));
  const y = Math.min(...words.map((w) => w.y));
  return {
    x,
    y,
    w: Math.max(...words.map((w) => w.x + w.w)) - x,
    h: Math.max(...words.map((w) => w.y + w.h)) - y,
  };
}

const pos = (b: { x: number; y: number; w: number; h: number }) =>
  `HPOS="${n(b.x)}" VPOS="${n(b.y)}" WIDTH="${n(b.w)}" HEIGHT="${n(b.h)}"`;

/** The page as an ALTO 4 document in inch1200 units; `source` names the page image or PDF it describes. */
export function altoXml(page: Page, source: string): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://www.loc.gov/standards/alto/ns-v4# http://www.loc.gov/standards/alto/v4/alto-4-2.xsd">',
    '<Description><MeasurementUnit>inch1200</MeasurementUnit>',
    `<sourceImageInformation><fileName>${xml(source)}</fileName></sourceImageInformation>`,
    '<Processing ID="P1"><processingSoftware><softwareName>Dateline</softwareName></processingSoftware></Processing>',
    '</Description>',
    `<Layout><Page ID="P${page.number}" PHYSICAL_IMG_NR="${page.number}" WIDTH="${n(page.width)}" HEIGHT="${n(page.height)}">`,
    `<PrintSpace HPOS="0" VPOS="0" WIDTH="${n(page.width)}" HEIGHT="${n(page.height)}">`,
  ];
  blocks(wordLines(page.words)).forEach((block, b) => {
    out.push(`<TextBlock ID="P${page.number}_TB${b + 1}" ${pos(box(block.flat()))}>`);
    block.forEach((line, l) => {
      out.push(`<TextLine ID="P${page.number}_TB${b + 1}_TL${l + 1}" ${pos(box(line))}>`);
      line.forEach((w, i) => {
        if (i > 0) out.push('<SP/>');
        const wc = w.conf === undefined ? '' : ` WC="${Math.round(w.conf * 100) / 10000}"`;
        out.push(`<String CONTENT="${xml(w.text)}" ${pos(w)}${wc}/>`);
      });
      out.push('</TextLine>');
    });
    out.push('</TextBlock>');
  });
  out.push('</PrintSpace></Page></Layout></alto>', '');
  return out.join('\n');
}
