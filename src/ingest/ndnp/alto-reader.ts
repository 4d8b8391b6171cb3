/** Reads an ALTO page (any version, any measurement unit) into lines, text blocks and word boxes in PDF points. */
import { ArchiveError } from '../../core/errors.js';
import type { PageRule, SourceLine, WordBox } from '../../core/types.js';
import { attr, children, parseXml, type XmlNode } from './safe-xml.js';

/** One ALTO TextBlock: its box and lines, in the page's PDF coordinate system (points, origin top-left). */
export interface AltoBlock {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  lines: SourceLine[];
  /** IDs of the ComposedBlocks it sits in, outermost first (a METS area may point at one of those). */
  within: string[];
}

export interface AltoPage {
  /** The page size the boxes were scaled to (the page PDF's size, in points). */
  width: number;
  height: number;
  blocks: AltoBlock[];
  /** Languages the OCR declared on its blocks (ISO codes as written), most frequent first. */
  languages: string[];
  /** The rules the OCR found printed on the page (ABBYY's `Separator` blocks), boxes in points. */
  rules?: PageRule[];
}

const ARRAYS = new Set(['TextBlock', 'ComposedBlock', 'TextLine', 'String', 'SP', 'HYP', 'Page']);
/**
 * Units per PDF point, for a Page that gives no size: the absolute units as they are, pixels as a 300 ppi scan
 * (the resolution `library/alto-pdf.ts` draws at).
 */
const UNITS_PER_POINT: Record<string, number> = { inch1200: 1200 / 72, mm10: 254 / 72, pixel: 300 / 72 };

const num = (n: XmlNode, name: string): number => {
  const v = Number(attr(n, name));
  return Number.isFinite(v) ? v : Number.NaN;
};

/**
 * Parses ALTO `bytes` and scales its boxes onto a page of `target` size (the page PDF's size in points):
 * x by target.width / ALTO page WIDTH and y likewise, so word boxes line up with the PDF whatever the unit.
 */
export function readAlto(
  bytes: Uint8Array,
  file: string,
  target: { width: number; height: number },
): AltoPage {
  const doc = parseXml(bytes, file, ARRAYS);
  const alto = doc.alto as XmlNode | undefined;
  const page = children(alto ? alto.Layout : undefined, 'Page')[0];
  if (!alto || !page) {
    throw new ArchiveError(
      'BAD_BATCH',
      `${file} is not an ALTO page (no <alto><Layout><Page>). Check that the METS points at the page's OCR file.`,
    );
  }
  const unit = String((alto.Description as XmlNode | undefined)?.MeasurementUnit ?? 'pixel').trim();
  let pw = num(page, 'WIDTH');
  let ph = num(page, 'HEIGHT');
  if (!(pw > 0 && ph > 0)) {
    const per = UNITS_PER_POINT[unit];
    if (!per)
      throw new ArchiveError(
        'BAD_BATCH',
        `${file}: the ALTO <Page> has no WIDTH and HEIGHT and its unit "${unit}" is none of pixel, mm10, inch1200, so its word boxes cannot be placed on the page.`,
      );
    pw = target.width * per;
    ph = target.height * per;
  }
  const sx = target.width / pw;
  const sy = target.height / ph;
  const blocks: AltoBlock[] = [];
  const langs = new Map<string, number>();
  const visit = (container: XmlNode, within: string[]): void => {
    for (const tb of children(container, 'TextBlock')) {
      const lang = attr(tb, 'language') ?? attr(tb, 'LANG') ?? attr(tb, 'lang');
      if (lang) langs.set(lang, (langs.get(lang) ?? 0) + 1);
      const lines = children(tb, 'TextLine')
        .map((l) => readLine(l, sx, sy))
        .filter((l): l is SourceLine => l !== null);
      if (lines.length === 0) continue;
      blocks.push({
        id: attr(tb, 'ID') ?? `block${blocks.length + 1}`,
        x: num(tb, 'HPOS') * sx || Math.min(...lines.map((l) => l.x)),
        y: num(tb, 'VPOS') * sy || Math.min(...lines.map((l) => l.y)),
        w: num(tb, 'WIDTH') * sx || Math.max(...lines.map((l) => l.width)),
        h: num(tb, 'HEIGHT') * sy || lines.reduce((s, l) => s + l.height, 0),
        lines,
        within,
      });
    }
    for (const cb of children(container, 'ComposedBlock')) {
      const id = attr(cb, 'ID');
      visit(cb, id ? [...within, id] : within);
    }
  };
  // Text can sit in the print space or in the margins (running heads, folios).
  for (const area of ['TopMargin', 'LeftMargin', 'PrintSpace', 'RightMargin', 'BottomMargin']) {
    for (const a of children(page, area)) visit(a, []);
  }
  return {
    width: target.width,
    height: target.height,
    blocks,
    languages: [...langs.entries()].sort((a, b) => b[1] - a[1]).map(([l]) => l),
  };
}

function readLine(line: XmlNode, sx: number, sy: number): SourceLine | null {
  const words: WordBox[] = [];
  for (const s of children(line, 'String')) {
    const text = attr(s, 'CONTENT')?.trim();
    const x = num(s, 'HPOS');
    const y = num(s, 'VPOS');
    if (!text || !Number.isFinite(x) || !Number.isFinite(y)) continue;
    const box: WordBox = {
      text,
      x: round(x * sx),
      y: round(y * sy),
      w: round((num(s, 'WIDTH') || 0) * sx),
      h: round((num(s, 'HEIGHT') || 0) * sy),
    };
    const wc = Number(attr(s, 'WC'));
    if (attr(s, 'WC') !== undefined && Number.isFinite(wc)) box.conf = round(wc <= 1 ? wc * 100 : wc);
    words.push(box);
  }
  if (words.length === 0) return null;
  // A line that ends in a hyphenated word part keeps its hyphen, so the segmenter joins it as it does in PDFs.
  const hyphen = children(line, 'HYP').length > 0 && !words.at(-1)!.text.endsWith('-') ? '-' : '';
  const x = Math.min(...words.map((w) => w.x));
  const y = Math.min(...words.map((w) => w.y));
  return {
    text: words.map((w) => w.text).join(' ') + hyphen,
    x,
    y,
    width: round(Math.max(...words.map((w) => w.x + w.w)) - x),
    height: round(Math.max(...words.map((w) => w.y + w.h)) - y),
    words,
    libraryOcr: true,
  };
}

const round = (n: number) => Math.round(n * 100) / 100;
