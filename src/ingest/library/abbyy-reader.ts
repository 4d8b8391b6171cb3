/**
 * Reads an ABBYY FineReader XML page (FineReader 6 to 11 `page > block > text > par > line > formatting >
 * charParams`) into words with their boxes: letters are joined into words at spaces and at the letters
 * FineReader marks as a word's first (`wordStart="true"` or `wordFirst="1"`).
 */
import { ArchiveError } from '../../core/errors.js';
import type { SourceLine, WordBox } from '../../core/types.js';
import type { AltoBlock, AltoPage } from '../ndnp/alto-reader.js';
import { attr, children, parseXml, textOf, type XmlNode } from '../ndnp/safe-xml.js';
import type { AltoPageWords, AltoWord } from './alto-pdf.js';

const ARRAYS = new Set(['page', 'block', 'text', 'par', 'line', 'formatting', 'charParams']);

/** One word in the page's pixels. */
interface Word {
  text: string;
  l: number;
  t: number;
  r: number;
  b: number;
  conf: number;
  size: number;
  bold: boolean;
  italic: boolean;
}

interface Line {
  baseline: number;
  words: Word[];
}

/** An ABBYY page read: drawable words (pixels of a 300 ppi scan) and its text blocks for any page size. */
export interface AbbyyPage {
  drawn: AltoPageWords;
  /** The page's text blocks, boxes scaled onto a page of `target` size (points). */
  toPage(target: { width: number; height: number }): AltoPage;
}

/** FineReader's language names (as in `formatting lang=`), by ISO 639-1 code. */
const LANGUAGES: [RegExp, string][] = [
  [/^French/i, 'fr'],
  [/^German/i, 'de'],
  [/^Dutch/i, 'nl'],
  [/^English/i, 'en'],
  [/^Italian/i, 'it'],
  [/^Latin/i, 'la'],
];

const isTrue = (v: string | undefined) => v === 'true' || v === '1';
const n = (node: XmlNode, name: string) => Number(attr(node, name) ?? Number.NaN);

/**
 * Reads the pages of an ABBYY file: a FineReader document of one page or of the whole issue, or a bare
 * `<page>` as BCUL keeps them.
 */
export function readAbbyy(bytes: Uint8Array, file: string): AbbyyPage[] {
  const doc = parseXml(bytes, file, ARRAYS);
  const pages = children(doc.document ?? doc, 'page');
  if (pages.length === 0)
    throw new ArchiveError(
      'BAD_BATCH',
      `${file} is not an ABBYY FineReader page (no <page width= height=>). Check the delivery's OCR files.`,
    );
  return pages.map((page, i) => readPage(page, pages.length > 1 ? `${file}, page ${i + 1}` : file));
}

function readPage(page: XmlNode, file: string): AbbyyPage {
  const width = n(page, 'width');
  const height = n(page, 'height');
  if (!(width > 0 && height > 0))
    throw new ArchiveError(
      'BAD_BATCH',
      `${file}: the ABBYY <page> has no width and height, so its words cannot be placed. Check the delivery's OCR files.`,
    );
  // Coordinates are pixels of the scan at `resolution` ppi; drawing takes pixels of a 300 ppi scan.
  const ppi = n(page, 'resolution') > 0 ? n(page, 'resolution') : 300;
  const k = 300 / ppi;
  const blocks: { id: string; l: number; t: number; r: number; b: number; lines: Line[] }[] = [];
  const langs = new Map<string, number>();
  const rules: { l: number; t: number; r: number; b: number }[] = [];
  for (const [bi, block] of children(page, 'block').entries()) {
    const type = attr(block, 'blockType') ?? 'Text';
    if (type === 'Separator') {
      const box = { l: n(block, 'l'), t: n(block, 't'), r: n(block, 'r'), b: n(block, 'b') };
      if ([box.l, box.t, box.r, box.b].every(Number.isFinite)) rules.push(box);
    }
    if (type !== 'Text') continue;
    const lines: Line[] = [];
    for (const text of children(block, 'text'))
      for (const par of children(text, 'par'))
        for (const line of children(par, 'line')) {
          const l = readLine(line, langs);
          if (l.words.length > 0) lines.push(l);
        }
    if (lines.length === 0) continue;
    blocks.push({
      id: attr(block, 'ID') ?? `block${bi + 1}`,
      l: n(block, 'l'),
      t: n(block, 't'),
      r: n(block, 'r'),
      b: n(block, 'b'),
      lines,
    });
  }
  const words: AltoWord[] = blocks.flatMap((b) =>
    b.lines.flatMap((l) =>
      l.words.map((w) => ({
        text: w.text,
        x: w.l * k,
        y: (Number.isFinite(l.baseline) ? l.baseline : w.b) * k,
        length: (w.r - w.l) * k,
        thickness: (w.b - w.t) * k,
        rotation: 0,
        size: w.size,
        kind: w.bold ? (w.italic ? 'boldItalic' : 'bold') : w.italic ? 'italic' : 'roman',
      })),
    ),
  );
  const languages = [...langs.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l);
  return {
    drawn: { width: width * k, height: height * k, words },
    toPage: (target) => {
      const sx = target.width / width;
      const sy = target.height / height;
      const out: AltoBlock[] = blocks.map((b) => {
        const lines = b.lines.map((l) => toSourceLine(l, sx, sy));
        return {
          id: b.id,
          x: Number.isFinite(b.l) ? b.l * sx : Math.min(...lines.map((l) => l.x)),
          y: Number.isFinite(b.t) ? b.t * sy : Math.min(...lines.map((l) => l.y)),
          w: Number.isFinite(b.r - b.l) ? (b.r - b.l) * sx : Math.max(...lines.map((l) => l.width)),
          h: Number.isFinite(b.b - b.t) ? (b.b - b.t) * sy : lines.reduce((s, l) => s + l.height, 0),
          lines,
          within: [],
        };
      });
      const ruled = rules.map((r) => ({
        x: r.l * sx,
        y: r.t * sy,
        w: (r.r - r.l) * sx,
        h: (r.b - r.t) * sy,
      }));
      return { width: target.width, height: target.height, blocks: out, languages, rules: ruled };
    },
  };
}

function readLine(line: XmlNode, langs: Map<string, number>): Line {
  const words: Word[] = [];
  let cur: Word | null = null;
  const confs: number[] = [];
  const end = () => {
    if (cur?.text) {
      cur.conf = confs.length ? confs.reduce((s, c) => s + c, 0) / confs.length : Number.NaN;
      words.push(cur);
    }
    cur = null;
    confs.length = 0;
  };
  for (const f of children(line, 'formatting')) {
    const lang = LANGUAGES.find(([re]) => re.test(attr(f, 'lang') ?? ''))?.[1];
    const size = Number.parseFloat(attr(f, 'fs') ?? '') || 0;
    const bold = isTrue(attr(f, 'bold'));
    const italic = isTrue(attr(f, 'italic'));
    for (const c of children(f, 'charParams')) {
      const ch = textOf(c);
      if (ch === '') {
        end();
        continue;
      }
      if (isTrue(attr(c, 'wordStart')) || isTrue(attr(c, 'wordFirst'))) end();
      const box = { l: n(c, 'l'), t: n(c, 't'), r: n(c, 'r'), b: n(c, 'b') };
      if (!cur) {
        cur = { text: '', ...box, conf: 0, size, bold, italic };
        if (lang) langs.set(lang, (langs.get(lang) ?? 0) + 1);
      }
      const w: Word = cur;
      w.text += ch;
      if (Number.isFinite(box.l)) {
        w.l = Number.isFinite(w.l) ? Math.min(w.l, box.l) : box.l;
        w.t = Number.isFinite(w.t) ? Math.min(w.t, box.t) : box.t;
        w.r = Number.isFinite(w.r) ? Math.max(w.r, box.r) : box.r;
        w.b = Number.isFinite(w.b) ? Math.max(w.b, box.b) : box.b;
      }
      const conf = n(c, 'charConfidence');
      if (Number.isFinite(conf)) confs.push(conf);
    }
    // A formatting run ends where the type changes, not always a word: the next run starts a word only
    // when FineReader says so (or a space comes).
  }
  end();
  return {
    baseline: n(line, 'baseline'),
    words: words.filter((w) => [w.l, w.t, w.r, w.b].every(Number.isFinite)),
  };
}

const round = (v: number) => Math.round(v * 100) / 100;

function toSourceLine(line: Line, sx: number, sy: number): SourceLine {
  const words: WordBox[] = line.words.map((w) => {
    const box: WordBox = {
      text: w.text,
      x: round(w.l * sx),
      y: round(w.t * sy),
      w: round((w.r - w.l) * sx),
      h: round((w.b - w.t) * sy),
    };
    if (Number.isFinite(w.conf)) box.conf = round(w.conf);
    return box;
  });
  const x = Math.min(...words.map((w) => w.x));
  const y = Math.min(...words.map((w) => w.y));
  return {
    text: words.map((w) => w.text).join(' '),
    x,
    y,
    width: round(Math.max(...words.map((w) => w.x + w.w)) - x),
    height: round(Math.max(...words.map((w) => w.y + w.h)) - y),
    words,
    libraryOcr: true,
  };
}
