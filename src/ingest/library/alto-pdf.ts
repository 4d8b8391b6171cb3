/**
 * Draws ALTO pages (CCS docWORKS ALTO as the KB's Delpher newspapers have it, and any other ALTO) into a PDF
 * whose text layer puts every word where the scan has it, at its printed type size. Ingest uses it to give an
 * issue that comes without page images or PDF (a KB DIDL issue, an ABBYY-only issue) its PDF for the date;
 * the segmentation evaluation (scripts/real) uses it to segment a real page layout from a PDF.
 *
 * Units: pixel ALTO is taken as a 300 ppi scan (below); mm10 and inch1200 are turned into pixels of such a
 * scan first, so every unit draws at its printed size.
 *
 * Scale: the KB scans are 300 ppi, so one pixel is 72 / 300 = 0.24 pt. Worked out from the data:
 * - words' widths: at 300 ppi a word drawn in Times at its style's FONTSIZE comes out at its ALTO WIDTH
 *   (over the three issues' 53,600 words the horizontal scale drawing needs has median 0.98, middle half
 *   0.92–1.05, see `drawScaleReport`; were the scans 400 ppi it would be about 0.74);
 * - line pitch inside body blocks is 3.8–4.5 px per point of FONTSIZE, and type set solid at 300 ppi is
 *   300 / 72 = 4.17 px per point;
 * - x-height words (no ascender or descender) are 2.1–2.25 px high per point, i.e. an x-height of about
 *   0.5 em at 300 ppi, as the period's text faces have.
 * The page sizes follow: the 1876 Algemeen Handelsblad 4980 × 6914 px is 42 × 58.5 cm, a broadsheet; the
 * 1750 courant 22 × 36 cm (folio); the 1813 issue 18 × 24 cm (quarto).
 *
 * FONTSIZE is in points of the printed page, so it is drawn as it is, except where it cannot be right: a
 * line whose boxes say it is over 1.5 times its style's size (a heading in a block styled as body text) takes
 * the size its boxes give, and a single word with no size or a box over twice its size takes its box's.
 * Each word is then scaled horizontally (text matrix) so its drawn width is its ALTO WIDTH. CCS ALTO has no
 * baselines: a line's baseline is the bottom of its words without descenders (see readAltoWords). Blocks
 * with ROTATION 90 or 270 (the 1750 issue's sideways margin advertisements) are drawn rotated.
 *
 * The words are drawn in a neutral order (top to bottom by where they start, then left to right), never in ALTO's
 * block order, so the content stream cannot tell a reader which column or article a word belongs to.
 *
 * Longer than most files: reading ALTO styles and baselines, mapping characters onto the standard fonts and
 * drawing are one measured procedure (the figures above), kept together so it is read and changed as one.
 */
import {
  beginText,
  endText,
  PDFDocument,
  type PDFFont,
  type PDFImage,
  type PDFName,
  type PDFOperator,
  type PDFPage,
  StandardFonts,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
} from 'pdf-lib';
import { ArchiveError } from '../../core/errors.js';
import { attr, children, parseXml, type XmlNode } from '../ndnp/safe-xml.js';
import { glyphEms } from '../pdf-reader.js';

/** A word's advance in ems of a proportional face (what the text-layer reader shares a run's width out by). */
const emsOf = (text: string) => [...text].reduce((em, ch) => em + glyphEms(ch), 0);

/** Points per pixel: the scans are 300 ppi (see the file comment for how that was worked out). */
export const POINTS_PER_PIXEL = 72 / 300;

/** Pixels of a 300 ppi scan per ALTO measurement unit. */
const PIXELS_PER_UNIT: Record<string, number> = { pixel: 1, mm10: 300 / 254, inch1200: 300 / 1200 };

const ARRAYS = new Set([
  'TextBlock',
  'ComposedBlock',
  'TextLine',
  'String',
  'SP',
  'HYP',
  'Page',
  'TextStyle',
]);
const CONTAINERS = ['TopMargin', 'LeftMargin', 'PrintSpace', 'RightMargin', 'BottomMargin', 'ComposedBlock'];

type FontKind = 'roman' | 'bold' | 'italic' | 'boldItalic';

interface Style {
  size: number;
  kind: FontKind;
}

/** One word (or line-end hyphen) to draw, in pixels of the scan (origin top-left). */
export interface AltoWord {
  text: string;
  /** Where the word starts on its baseline. */
  x: number;
  y: number;
  /** Extent along the reading direction, and across it (the box's height for unrotated text). */
  length: number;
  thickness: number;
  /** Counter-clockwise rotation of its block in degrees: 0, 90 (reads upwards), 180 or 270 (reads down). */
  rotation: number;
  /** Type size in points (0 when the ALTO gives none). */
  size: number;
  kind: FontKind;
}

export interface AltoPageWords {
  width: number;
  height: number;
  words: AltoWord[];
  /** Lines whose word boxes had collapsed to a point, laid out again in their block (see relayCollapsed). */
  relaid?: number;
}

/** A word box under this many pixels of a 300 ppi scan across or along is no box (a point, not type). */
const COLLAPSED_PX = 5;

/**
 * A line whose lettered words' boxes collapsed to a point (CCS ALTO does this to some headings: the 1750
 * courant's "ZWEEDEN." is 149 × 2 px, all of "DUYTSLAND EN D'AENGRENZENDE RYKEN." 2 × 2 px at one spot) is
 * laid out again inside its block: at its style's size, its top where its line or block starts, its words
 * side by side at their type's width, placed as the block's paragraph style aligns it. Drawn from the
 * collapsed boxes, such a heading was a few points of type merged into the text line beside it.
 */
function relayCollapsed(
  boxes: { text: string; box: Box; size: number }[],
  line: Box,
  block: Box,
  align: Align,
  fallbackSize: number,
): boolean {
  const lettered = boxes.filter((b) => /\p{L}{2}/u.test(b.text));
  const collapsed = (b: Box) => b.w < COLLAPSED_PX || b.h < COLLAPSED_PX;
  if (lettered.length === 0 || !lettered.every((b) => collapsed(b.box))) return false;
  if (!(block.w > COLLAPSED_PX) || !(block.h > COLLAPSED_PX)) return false;
  const size = median(boxes.map((b) => b.size).filter((v) => v > 0)) || fallbackSize;
  const em = size / POINTS_PER_PIXEL;
  // Display type is often set condensed: a heading never runs past its block.
  const natural = boxes.reduce((sum, b) => sum + emsOf(b.text) * em, 0) + 0.25 * em * (boxes.length - 1);
  const fit = Math.min(1, block.w / natural);
  const widths = boxes.map((b) => emsOf(b.text) * em * fit);
  const space = 0.25 * em * fit;
  const total = natural * fit;
  const inBlock = line.y >= block.y && line.y < block.y + block.h;
  const top = inBlock ? line.y : block.y;
  const height = Math.min(0.72 * em, block.y + block.h - top);
  let x =
    align === 'center'
      ? block.x + Math.max(0, (block.w - total) / 2)
      : align === 'right'
        ? Math.max(block.x, block.x + block.w - total)
        : block.x;
  boxes.forEach((b, i) => {
    b.size = size;
    b.box = { x, y: top, w: widths[i]!, h: height };
    x += widths[i]! + space;
  });
  return true;
}

const rawNum = (n: unknown, name: string): number => {
  const v = Number(attr(n, name));
  return Number.isFinite(v) ? v : Number.NaN;
};

function kindOf(fontStyle: string | undefined): FontKind | null {
  if (!fontStyle) return null;
  const bold = /\bbold\b/i.test(fontStyle);
  const italic = /\bitalics?\b/i.test(fontStyle);
  if (bold && italic) return 'boldItalic';
  if (bold) return 'bold';
  if (italic) return 'italic';
  return null;
}

function stylesOf(alto: XmlNode): Map<string, Style> {
  const out = new Map<string, Style>();
  for (const s of children(alto.Styles, 'TextStyle')) {
    const id = attr(s, 'ID');
    if (!id) continue;
    const size = rawNum(s, 'FONTSIZE') || 0;
    out.set(id, { size: Math.max(size, 0), kind: kindOf(attr(s, 'FONTSTYLE')) ?? 'roman' });
  }
  return out;
}

type Align = 'left' | 'center' | 'right';

/** Each ParagraphStyle's ALIGN ("Block" and "Left" both start at the block's left edge). */
function alignsOf(alto: XmlNode): Map<string, Align> {
  const out = new Map<string, Align>();
  for (const s of children(alto.Styles, 'ParagraphStyle')) {
    const id = attr(s, 'ID');
    const align = (attr(s, 'ALIGN') ?? '').toLowerCase();
    if (id) out.set(id, align === 'center' ? 'center' : align === 'right' ? 'right' : 'left');
  }
  return out;
}

/** The first TextStyle among an element's STYLEREFS (which also name ParagraphStyles). */
function styleRef(node: XmlNode, styles: Map<string, Style>): Style | undefined {
  for (const id of (attr(node, 'STYLEREFS') ?? '').split(/\s+/)) {
    const s = styles.get(id);
    if (s) return s;
  }
  return undefined;
}

/** Letters that reach below the baseline: a word with one of them does not sit on its box's bottom. */
const DESCENDERS = /[gjpqyQ,;()[\]{}§ƒ]/;

/** How much of the em a word's box spans, from the letters it has (see readAltoWords). */
function reach(text: string): number {
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '');
  const tall = letters === '' || /[\p{Lu}\p{N}bdfhijklt]/u.test(letters);
  return (tall ? 0.72 : 0.5) + (/[gjpqy]/.test(letters) ? 0.22 : 0);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * A block's text frame for each quarter turn: a word box's extent along and across the reading direction,
 * its bottom as a position along the text's "down" axis, and the page point where the word starts on a
 * baseline at `base` on that axis. At 90° the text reads upwards with its tops to the left; at 270° down.
 */
const FRAMES: Record<
  number,
  {
    along: (b: Box) => number;
    across: (b: Box) => number;
    bottom: (b: Box) => number;
    start: (b: Box, base: number) => [number, number];
  }
> = {
  0: { along: (b) => b.w, across: (b) => b.h, bottom: (b) => b.y + b.h, start: (b, base) => [b.x, base] },
  90: {
    along: (b) => b.h,
    across: (b) => b.w,
    bottom: (b) => b.x + b.w,
    start: (b, base) => [base, b.y + b.h],
  },
  180: { along: (b) => b.w, across: (b) => b.h, bottom: (b) => -b.y, start: (b, base) => [b.x + b.w, -base] },
  270: { along: (b) => b.h, across: (b) => b.w, bottom: (b) => -b.x, start: (b, base) => [-base, b.y] },
};

/**
 * Reads one ALTO page into its size and words (pixels of a 300 ppi scan, whatever its unit), the baseline of
 * each line worked out from its words.
 */
export function readAltoWords(xml: string | Uint8Array, file = 'ALTO page'): AltoPageWords {
  const doc = parseXml(typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml, file, ARRAYS);
  const alto = doc.alto as XmlNode | undefined;
  const page = children(alto?.Layout, 'Page')[0];
  if (!alto || !page)
    throw new ArchiveError('BAD_BATCH', `${file} is not an ALTO page (no <alto><Layout><Page>).`);
  const unit = String((alto.Description as XmlNode | undefined)?.MeasurementUnit ?? 'pixel').trim();
  const perUnit = PIXELS_PER_UNIT[unit];
  if (!perUnit)
    throw new ArchiveError(
      'BAD_BATCH',
      `${file}: the ALTO measurement unit "${unit}" is none of pixel, mm10, inch1200, so its words cannot be placed.`,
    );
  // Every position and extent in pixels of a 300 ppi scan.
  const num = (n: unknown, name: string): number => rawNum(n, name) * perUnit;
  /** An element's box (HPOS, VPOS, WIDTH, HEIGHT) in pixels. */
  const boxOf = (n: unknown): Box => ({
    x: num(n, 'HPOS'),
    y: num(n, 'VPOS'),
    w: num(n, 'WIDTH'),
    h: num(n, 'HEIGHT'),
  });
  const styles = stylesOf(alto);
  const aligns = alignsOf(alto);
  const words: AltoWord[] = [];
  let relaid = 0;
  const alignOf = (n: XmlNode) =>
    (attr(n, 'STYLEREFS') ?? '')
      .split(/\s+/)
      .map((id) => aligns.get(id))
      .find(Boolean);
  const extent = { right: 1, bottom: 1 };
  const visitBlock = (tb: XmlNode) => {
    const blockStyle = styleRef(tb, styles);
    // Sideways blocks (the 1750 issue has its advertisements set along the margin) have ROTATION 90 or
    // 270; anything else is taken to the nearest quarter turn.
    const rotation = (((Math.round((rawNum(tb, 'ROTATION') || 0) / 90) % 4) + 4) % 4) * 90;
    const frame = FRAMES[rotation]!;
    const lines = children(tb, 'TextLine');
    for (const tl of lines) {
      const lineStyle = styleRef(tl, styles) ?? blockStyle;
      const boxes: { text: string; box: Box; size: number; kind: FontKind }[] = [];
      for (const s of children(tl, 'String')) {
        const text = attr(s, 'CONTENT') ?? '';
        const box = boxOf(s);
        if (!text.trim() || !(box.x >= 0) || !(box.y >= 0) || !(box.w > 0) || !(box.h > 0)) continue;
        extent.right = Math.max(extent.right, box.x + box.w);
        extent.bottom = Math.max(extent.bottom, box.y + box.h);
        const st = styleRef(s, styles) ?? lineStyle;
        boxes.push({ text, box, size: st?.size ?? 0, kind: kindOf(attr(s, 'STYLE')) ?? st?.kind ?? 'roman' });
      }
      if (boxes.length === 0) continue;
      if (rotation === 0) {
        // A line that is its block's only one is a heading set apart, centred whatever the block's style says
        // (CCS styles the 1750 courant's and the 1876 paper's centred section heads "Left").
        const align = lines.length === 1 ? 'center' : (alignOf(tb) ?? 'left');
        if (relayCollapsed(boxes, boxOf(tl), boxOf(tb), align, blockStyle?.size || 10)) relaid++;
      }
      // ALTO styles are often set per block, so a heading line inside a block of body text carries the
      // body's size: the line's own boxes say more. A word's box reaches about 0.72 em when it has a capital,
      // digit, ascender or dotted i/j, 0.5 em for x-height letters only, 0.22 em more with a descender. When
      // the line's median box-derived size is over 1.5 times its style's (or it has none), the whole line
      // takes the box size; single words keep the style's, so body text is never set in mixed sizes.
      const styleSize = median(boxes.map((b) => b.size));
      const boxSize = median(boxes.map((b) => (frame.across(b.box) * POINTS_PER_PIXEL) / reach(b.text)));
      if (!(styleSize > 0) || boxSize > styleSize * 1.5) for (const b of boxes) b.size = boxSize;
      // The line's baseline, as a position along the text's "down" axis: the bottom of its words that have
      // no descender; failing those, its lowest bottom less a descender's depth (about a fifth of the size).
      const flat = boxes.filter((b) => !DESCENDERS.test(b.text)).map((b) => frame.bottom(b.box));
      const size = median(boxes.map((b) => b.size || (frame.across(b.box) * POINTS_PER_PIXEL) / 0.75));
      const baseline = flat.length
        ? median(flat)
        : Math.max(...boxes.map((b) => frame.bottom(b.box))) - (0.2 * size) / POINTS_PER_PIXEL;
      const hyphens = children(tl, 'HYP');
      boxes.forEach((b, i) => {
        // A sideways line's hyphen box is unreliable (it has no HEIGHT): it goes onto the word instead.
        const text =
          rotation !== 0 && i === boxes.length - 1 && hyphens.length && !b.text.endsWith('-')
            ? `${b.text}-`
            : b.text;
        const [x, y] = frame.start(b.box, baseline);
        words.push({
          text,
          x,
          y,
          length: frame.along(b.box),
          thickness: frame.across(b.box),
          rotation,
          size: b.size,
          kind: b.kind,
        });
      });
      if (rotation !== 0) continue;
      // The printed line-end hyphen of a divided word (ALTO keeps it apart from the word).
      const last = boxes.at(-1)!;
      for (const hyp of hyphens) {
        const x = num(hyp, 'HPOS');
        const w = num(hyp, 'WIDTH');
        if (!(x >= 0) || !(w > 0)) continue;
        words.push({
          text: attr(hyp, 'CONTENT') || '-',
          x,
          y: baseline,
          length: w,
          thickness: Math.max(...boxes.map((b) => b.box.h)),
          rotation: 0,
          size: last.size,
          kind: last.kind,
        });
      }
    }
  };
  const visit = (container: unknown) => {
    for (const tb of children(container, 'TextBlock')) visitBlock(tb);
    for (const name of CONTAINERS) for (const c of children(container, name)) visit(c);
  };
  visit(page);
  // A Page without its size (ALTO allows that) is as large as its words' boxes reach.
  const width = num(page, 'WIDTH') || extent.right;
  const height = num(page, 'HEIGHT') || extent.bottom;
  return { width, height, words, relaid };
}

/** Characters the standard fonts' WinAnsi encoding lacks, mapped to what was printed or its nearest. */
const FALLBACK: Record<string, string> = {
  ſ: 's',
  ß: 'ss',
  '■': '-',
  '□': '-',
  '▪': '-',
  '●': '•',
  '−': '-',
  '‐': '-',
  '‑': '-',
  '⁄': '/',
  '′': "'",
  '″': '"',
  '\u00a0': ' ',
};

/** Makes `text` drawable in a standard font: every character outside its set is mapped or dropped; never throws. */
export function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (charset.has(cp) && cp >= 0x20) {
      out += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      out += ' ';
      continue;
    }
    const mapped = FALLBACK[ch];
    if (mapped !== undefined && [...mapped].every((c) => charset.has(c.codePointAt(0)!))) {
      out += mapped;
      continue;
    }
    // Decompose (ĳ → ij, ŵ → w + accent) and keep what the font has, without combining marks.
    const plain = ch.normalize('NFKD').replace(/\p{M}/gu, '');
    if (plain && plain !== ch && [...plain].every((c) => charset.has(c.codePointAt(0)!) && c >= ' ')) {
      out += plain;
      continue;
    }
    if (/\p{L}|\p{N}/u.test(ch)) out += '?';
  }
  return out;
}

interface PageFont {
  font: PDFFont;
  key: PDFName;
  charset: ReadonlySet<number>;
}

/** What drawing did: words drawn and the horizontal scales used (1 = the font's own width). */
export interface DrawStats {
  words: number;
  scales: number[];
  replaced: number;
  /** Words whose box was far from their width (drawn at their natural width instead). */
  broken?: number;
  /** Lines whose word boxes had collapsed to a point, laid out again in their block. */
  relaid?: number;
}

/** Past these horizontal scales a word's box is taken as broken (the middle half of the KB's is 0.92–1.05). */
const MAX_BOX_SCALE = 2.5;
const MIN_BOX_SCALE = 0.4;

/**
 * Draws one ALTO page onto a new PDF page; over a page image (the scan, filling the page) the words are
 * invisible, as a scanner's OCR layer is: found and copied in a PDF viewer, never drawn over the print.
 */
function drawPage(
  pdf: PDFDocument,
  alto: AltoPageWords,
  fonts: Record<FontKind, PDFFont>,
  stats: DrawStats,
  image?: PDFImage,
): PDFPage {
  const k = POINTS_PER_PIXEL;
  const page = pdf.addPage([alto.width * k, alto.height * k]);
  if (image) page.drawImage(image, { x: 0, y: 0, width: alto.width * k, height: alto.height * k });
  const pageFonts = {} as Record<FontKind, PageFont>;
  for (const kind of Object.keys(fonts) as FontKind[]) {
    const font = fonts[kind];
    pageFonts[kind] = {
      font,
      key: page.node.newFontDictionary(font.name, font.ref),
      charset: new Set(font.getCharacterSet()),
    };
  }
  // The neutral order: top to bottom by where each word starts (rounded to a pixel), then left to right,
  // whatever ALTO's blocks say.
  const words = [...alto.words].sort((a, b) => Math.round(a.y) - Math.round(b.y) || a.x - b.x);
  // The page's text size: display type may be set letter-spaced or condensed far past a text word's width.
  const sized = words.map((w) => w.size).filter((v) => v > 0);
  const textSize = sized.length > 0 ? median(sized) : 0;
  const ops: PDFOperator[] = [];
  for (const w of words) {
    const f = pageFonts[w.kind];
    const text = toWinAnsi(w.text, f.charset).trim();
    if (text !== w.text.trim()) stats.replaced++;
    if (!text) continue;
    const thickness = w.thickness * k;
    // A size the box cannot hold (or none) comes from the box: a word's box is about 0.75 em high.
    const size = w.size > 0 && thickness <= w.size * 2 ? w.size : Math.max(2, thickness / 0.75);
    const natural = f.font.widthOfTextAtSize(text, size);
    if (!(natural > 0)) continue;
    // A text-sized word's box far from its width is the OCR's mistake, not the type's (a heading's box as
    // wide as its column, "BINNENGEKOMEN." in a box for three letters): the word keeps its natural width,
    // centred in a box too wide, from the box's start in one too narrow, so it crosses no gutter it did not.
    const fits = (w.length * k) / natural;
    const broken = fits > MAX_BOX_SCALE || (fits < MIN_BOX_SCALE && size <= textSize * 1.25);
    const scale = broken ? 1 : fits;
    const x = w.x * k + (fits > MAX_BOX_SCALE && w.rotation === 0 ? (w.length * k - natural) / 2 : 0);
    if (broken) stats.broken = (stats.broken ?? 0) + 1;
    stats.words++;
    stats.scales.push(fits);
    const cos = Math.round(Math.cos((w.rotation * Math.PI) / 180));
    const sin = Math.round(Math.sin((w.rotation * Math.PI) / 180));
    ops.push(
      beginText(),
      ...(image ? [setTextRenderingMode(TextRenderingMode.Invisible)] : []),
      setFontAndSize(f.key, size),
      setTextMatrix(scale * cos, scale * sin, -sin, cos, x, (alto.height - w.y) * k),
      showText(f.font.encodeText(text)),
      endText(),
    );
  }
  // In slices: a spread of a whole page's operators would overrun the argument limit.
  for (let i = 0; i < ops.length; i += 5000) page.pushOperators(...ops.slice(i, i + 5000));
  return page;
}

/** Draws each ALTO page (XML text) into one page of a new PDF, words at their positions and sizes. */
export async function altoPagesToPdf(
  altoXmls: (string | Uint8Array)[],
  stats?: DrawStats,
): Promise<Uint8Array> {
  return wordPagesToPdf(
    altoXmls.map((xml, i) => readAltoWords(xml, `ALTO page ${i + 1}`)),
    stats,
  );
}

/** The size in PDF points of the page `drawPage` makes for these words. */
export function drawnPageSize(page: AltoPageWords): { width: number; height: number } {
  return { width: page.width * POINTS_PER_PIXEL, height: page.height * POINTS_PER_PIXEL };
}

/** A page image to put under a page's words: JPEG or PNG bytes, and the file they came from (for messages). */
export interface PageImage {
  path: string;
  bytes: Uint8Array;
  type: 'jpeg' | 'png';
}

/**
 * Draws pages of words (pixels of a 300 ppi scan) into a new PDF, one page each, over the page's image when
 * it has one; the same words and images give the same bytes.
 */
export async function wordPagesToPdf(
  pages: AltoPageWords[],
  stats?: DrawStats,
  images?: (PageImage | null)[],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setProducer('Dateline (text drawn from the OCR)');
  pdf.setCreationDate(new Date(0));
  pdf.setModificationDate(new Date(0));
  const fonts: Record<FontKind, PDFFont> = {
    roman: await pdf.embedFont(StandardFonts.TimesRoman),
    bold: await pdf.embedFont(StandardFonts.TimesRomanBold),
    italic: await pdf.embedFont(StandardFonts.TimesRomanItalic),
    boldItalic: await pdf.embedFont(StandardFonts.TimesRomanBoldItalic),
  };
  const s = stats ?? { words: 0, scales: [], replaced: 0 };
  for (const [i, page] of pages.entries()) {
    const img = images?.[i];
    let embedded: PDFImage | undefined;
    if (img) {
      try {
        embedded = img.type === 'jpeg' ? await pdf.embedJpg(img.bytes) : await pdf.embedPng(img.bytes);
      } catch (err) {
        throw new ArchiveError(
          'BAD_BATCH',
          `${img.path} cannot be read as a ${img.type.toUpperCase()} image (${(err as Error).message}). Restore the page image from the delivery.`,
          { cause: err },
        );
      }
    }
    drawPage(pdf, page, fonts, s, embedded);
    s.relaid = (s.relaid ?? 0) + (page.relaid ?? 0);
  }
  return pdf.save({ useObjectStreams: false });
}

/** The median and middle half of the horizontal scales drawing needed: near 1 when the ppi is right. */
export function drawScaleReport(stats: DrawStats): string {
  const s = [...stats.scales].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? Number.NaN;
  return `${stats.words} words drawn, horizontal scale median ${q(0.5).toFixed(2)} (middle half ${q(0.25).toFixed(2)}–${q(0.75).toFixed(2)}), ${stats.replaced} words with characters replaced, ${stats.broken ?? 0} drawn at their own width (a box under ${MIN_BOX_SCALE} or over ${MAX_BOX_SCALE} times it), ${stats.relaid ?? 0} lines of boxes collapsed to a point laid out again in their block`;
}
