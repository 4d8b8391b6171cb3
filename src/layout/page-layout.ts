/**
 * The page model shared by text-layer PDFs, OCR and ALTO: a page's words cut into fragments with their
 * type size, the fragments cut into blocks along column gutters and horizontal gaps (xy-cut.ts), and
 * the page's lines rebuilt block by block in reading order, each line knowing its block, block edges and
 * type size. A page with no columns keeps the lines its reader gave it.
 */
import type { PageRule, SourceLine, SourcePage, WordBox } from '../core/types.js';
import { xyCut } from './xy-cut.js';

/** A run of words on one line with no wide space inside: never crosses a column gutter. */
interface Fragment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  size: number;
  /** False when no word of it was read surely by OCR: its size is then the page's body size, not its boxes'. */
  sized: boolean;
  /** The line's `libraryOcr`: its boxes hold their letters (see DISPLAY_TYPE). */
  library: boolean;
  words: WordBox[];
}

/** A block of the analysed page: one column's stretch between gaps, with its lines. */
export interface LayoutBlock {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** Column cuts above this block: 0 when it spans the page (or the page has one column). */
  columnDepth: number;
  lines: SourceLine[];
}

/** A page after layout analysis. */
export interface PageLayout {
  /** Median type size of the page's text, weighted by characters, in points. */
  bodySize: number;
  /** True when column gutters were found and the lines were put in column order. */
  columns: boolean;
  blocks: LayoutBlock[];
  /** The page with its lines in reading order (the input page itself when it has no columns). */
  page: SourcePage;
}

/** The median of `values` (the upper one of an even count), or `fallback` when there are none. */
export function median(values: number[], fallback: number): number {
  if (values.length === 0) return fallback;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * The median of `values` each counted `weight` times (a size counted once per letter set in it, so a
 * stray mark does not weigh as much as a line of text); `fallback` when nothing weighs anything.
 */
export function weightedMedian(pairs: { value: number; weight: number }[], fallback: number): number {
  const total = pairs.reduce((n, p) => n + p.weight, 0);
  if (total <= 0) return fallback;
  const sorted = [...pairs].sort((a, b) => a.value - b.value);
  const half = Math.floor(total / 2);
  let seen = 0;
  for (const p of sorted) {
    seen += p.weight;
    if (seen > half) return p.value;
  }
  return sorted.at(-1)!.value;
}

/**
 * A word's type size in points. A text layer gives it (the box is one em high); an OCR box is as high as
 * the word's own letters, so it is scaled by what they reach: capitals and ascenders about 0.72 em, i, j, t 0.62,
 * descenders about 0.22 em more, x-height letters alone about 0.5 em.
 */
export function wordSize(w: WordBox): number {
  if (w.conf === undefined) return w.h;
  const t = w.text.replace(/[^\p{L}\p{N}]/gu, '');
  if (!t) return w.h / 0.72;
  // An i or j's dot and a t stand a little lower than an ascender.
  const reach = /[\p{Lu}\p{N}bdfhkl]/u.test(t) ? 0.72 : /[ijt]/.test(t) ? 0.62 : 0.5;
  return w.h / (reach + (/[gjpqy]/.test(t) ? 0.22 : 0));
}

/** OCR confidence a word needs for its box to tell the type size (a misread word's box is as wrong as its letters). */
export const SURE_CONF = 60;

/**
 * The words whose boxes tell the type size: those with a letter or digit and, from OCR, read with confidence.
 * Empty when OCR read none of them surely (garble from type too small to read).
 */
function sizeWords(words: WordBox[]): WordBox[] {
  return words.filter((w) => /[\p{L}\p{N}]/u.test(w.text) && (w.conf === undefined || w.conf >= SURE_CONF));
}

/**
 * Words a library's OCR read unsurely in boxes this many times the text's size are display type it could
 * not read (a decorative face: ABBYY's "£e bout te fictive" for "Le bout du fleuve", 37 points over
 * 11-point text; "Chronique vaudoise", 21 points, its boxes 1.98 times the text's), not garble from type too
 * small to read. Tesseract's boxes swell over such garble, so its lines are not taken so.
 */
export const DISPLAY_TYPE = 1.8;

/** Whether a line none of whose words was read surely is display type (see DISPLAY_TYPE). */
export function isDisplayType(libraryOcr: boolean | undefined, size: number, bodySize: number): boolean {
  return libraryOcr === true && size >= bodySize * DISPLAY_TYPE;
}

/** The line's type size: the reader's when known, else the median of its sure words' (marks without letters left out). */
export function lineSize(l: SourceLine): number {
  if (l.size) return l.size;
  const sure = sizeWords(l.words);
  if (sure.length > 0) return median(sure.map(wordSize), l.height);
  const words = l.words.filter((w) => /[\p{L}\p{N}]/u.test(w.text));
  return median((words.length > 0 ? words : l.words).map(wordSize), l.height);
}

/**
 * Where the page's columns begin: the x (to the point) at which the words after a space of a third of an
 * em or more, or at a line's start, begin on eight lines or more (and on at least one line in twelve), well
 * right of the page's left margin. A justified line spaced as wide as its gutter ("TEL AVIV, April 18. —
 * 17" running on into the next column's "Rights offered …") is still split where the next column begins.
 * A typed page (one column: every line starts at its margin or an indent near it) has none.
 */
export function columnStarts(page: SourcePage): number[] {
  const counts = new Map<number, number>();
  let lines = 0;
  let left = Number.POSITIVE_INFINITY;
  for (const l of page.lines) {
    const words = [...l.words].sort((a, b) => a.x - b.x);
    if (words.length === 0) continue;
    lines++;
    left = Math.min(left, words[0]!.x);
    const em = l.size ?? l.height;
    words.forEach((w, k) => {
      const prev = words[k - 1];
      if (prev && w.x - (prev.x + prev.w) < em / 3) return;
      const x = Math.round(w.x);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    });
  }
  const least = Math.max(8, lines / 12);
  // Neighbouring points count together (a start measured at 357.6 and 358.3), and the peak stands for them.
  const starts: number[] = [];
  for (const [x, n] of counts) {
    const near = n + (counts.get(x - 1) ?? 0) + (counts.get(x + 1) ?? 0);
    const peak = n >= (counts.get(x - 1) ?? 0) && n > (counts.get(x + 1) ?? 0);
    if (near >= least && peak && x > left + page.width * 0.2) starts.push(x);
  }
  return starts.sort((a, b) => a - b);
}

/**
 * Splits a line into fragments at every space wider than `split` ems, and before a word that begins one
 * of the page's columns (`starts`) after a space of half an em or more.
 */
function fragmentsOf(line: SourceLine, split: number, starts: number[] = []): Fragment[] {
  const words = [...line.words].sort((a, b) => a.x - b.x);
  const out: Fragment[] = [];
  let cur: WordBox[] = [];
  const flush = () => {
    if (cur.length === 0) return;
    const sure = sizeWords(cur);
    const size = line.size ?? median((sure.length > 0 ? sure : cur).map(wordSize), line.height);
    out.push({
      sized: line.size !== undefined || sure.length > 0,
      library: line.libraryOcr === true,
      x0: Math.min(...cur.map((w) => w.x)),
      y0: Math.min(...cur.map((w) => w.y)),
      x1: Math.max(...cur.map((w) => w.x + w.w)),
      y1: Math.max(...cur.map((w) => w.y + w.h)),
      size,
      words: cur,
    });
    cur = [];
  };
  // A space counts as wide beside the line's own word spaces: a typewriter's are all 0.6 em, a justified
  // line's vary, and a gutter is wider than most of them.
  const spaces = words.slice(1).map((w, k) => w.x - (words[k]!.x + words[k]!.w));
  const usual = median(spaces, 0);
  for (const w of words) {
    const prev = cur.at(-1);
    // A dash's box is a stroke a few pixels high, which tells no type size: its word's does ("…
    // proportionnelle. —" closing a run-in head at a justified line's end).
    const em = line.size ?? wordSize(prev && /^[—–]$/.test(w.text) ? prev : w);
    // The usual space counts up to an em: in a line of two or three words the median space may be the
    // gutter itself ("gerokend.  …  Allerlet." over three columns), which must still split.
    const space = prev ? w.x - (prev.x + prev.w) : 0;
    const columnStart = space > em * 0.5 && starts.some((x) => Math.abs(x - w.x) <= 1.5);
    if (prev && (space > Math.max(em * split, Math.min(usual, em) * 1.5) || columnStart)) flush();
    cur.push(w);
  }
  flush();
  return out;
}

/** A mark that is no text: a speck, a column rule read as "|" or "I", a lone stroke. */
function isNoise(f: Fragment): boolean {
  const text = f.words.map((w) => w.text).join('');
  if (/[\p{L}\p{N}]{2,}/u.test(text)) return false;
  if (/^[-_=~*.·]{3,}$/.test(text)) return false;
  return text.length <= 2;
}

/** Joins a block's fragments into lines by their vertical overlap, each line left to right. */
function linesOf(frags: Fragment[], block: number, left: number, right: number): SourceLine[] {
  const sorted = [...frags].sort((a, b) => a.y0 + a.y1 - (b.y0 + b.y1));
  const rows: Fragment[][] = [];
  for (const f of sorted) {
    const row = rows.at(-1);
    const mid = (f.y0 + f.y1) / 2;
    if (row) {
      const top = Math.min(...row.map((r) => r.y0));
      const bottom = Math.max(...row.map((r) => r.y1));
      const h = Math.min(bottom - top, f.y1 - f.y0);
      // Same line when the centre lies inside the row's band, shrunk a little for overlapping ascenders.
      if (mid > top + h * 0.25 && mid < bottom - h * 0.25) {
        row.push(f);
        continue;
      }
    }
    rows.push([f]);
  }
  return rows.map((row) => {
    row.sort((a, b) => a.x0 - b.x0);
    const words = row.flatMap((f) => f.words);
    // The size most of the line's letters have: a stray mark with a tall box does not make a headline.
    const size = weightedMedian(
      row.flatMap((f) => f.words.map((w) => ({ value: f.size, weight: Math.min(30, w.text.length) }))),
      row[0]!.size,
    );
    const x0 = row[0]!.x0;
    const x1 = Math.max(...row.map((f) => f.x1));
    const y0 = Math.min(...row.map((f) => f.y0));
    return {
      text: words.map((w) => w.text).join(' '),
      x: x0,
      y: y0,
      width: x1 - x0,
      height: Math.max(...row.map((f) => f.y1)) - y0,
      words,
      size,
      block,
      blockLeft: left,
      blockRight: right,
      ...(row.some((f) => f.library) ? { libraryOcr: true } : {}),
    };
  });
}

/** Share of the page's characters that must lie in column blocks for the page to be read by columns. */
const MIN_COLUMN_SHARE = 0.2;

/**
 * A page whose reader found its columns itself (OCR read a column at a time, `blockDepth` set on every
 * line): its blocks are taken as given, in the reader's order; sizes come from the lines' sure words.
 */
function givenBlocks(page: SourcePage): PageLayout {
  const order: number[] = [];
  const byBlock = new Map<number, SourceLine[]>();
  for (const l of page.lines) {
    const k = l.block ?? 0;
    if (!byBlock.has(k)) {
      byBlock.set(k, []);
      order.push(k);
    }
    byBlock.get(k)!.push(l);
  }
  const sure = page.lines.filter((l) => sizeWords(l.words).length > 0);
  const weigh = (ls: SourceLine[]) =>
    ls.map((l) => ({ value: lineSize(l), weight: Math.min(40, l.text.length) }));
  const bodySize = weightedMedian(weigh(sure), weightedMedian(weigh(page.lines), 12));
  // Garble read from type too small to read has no size of its own: it is body text, not a headline.
  const sized = page.lines.map((l) => ({
    ...l,
    size: sizeWords(l.words).length > 0 ? lineSize(l) : bodySize,
  }));
  const blocks: LayoutBlock[] = order.map((k) => {
    const lines = sized.filter((l) => (l.block ?? 0) === k).sort((a, b) => a.y - b.y);
    return {
      x0: Math.min(...lines.map((l) => l.x)),
      x1: Math.max(...lines.map((l) => l.x + l.width)),
      y0: Math.min(...lines.map((l) => l.y)),
      y1: Math.max(...lines.map((l) => l.y + l.height)),
      columnDepth: lines[0]!.blockDepth ?? 0,
      lines,
    };
  });
  const chars = (ls: SourceLine[]) => ls.reduce((n, l) => n + l.text.length, 0);
  const total = chars(sized);
  const inColumns = chars(blocks.filter((b) => b.columnDepth > 0).flatMap((b) => b.lines));
  const columns = total > 0 && inColumns / total >= MIN_COLUMN_SHARE;
  return { bodySize, columns, blocks, page: { ...page, lines: blocks.flatMap((b) => b.lines) } };
}

/**
 * A block's measure, the left and right edges its text is set to: most fragments' edges, not the
 * outermost. A stray fragment that runs over a narrow gutter into the next column would widen the
 * column's measure, and then its lines would read as indented, short or off-centre.
 */
function measureOf(frags: Fragment[], x0: number, x1: number): [number, number] {
  if (frags.length < 10) return [x0, x1];
  const lefts = frags.map((f) => f.x0).sort((a, b) => a - b);
  const rights = frags.map((f) => f.x1).sort((a, b) => a - b);
  const k = Math.floor(frags.length * 0.05);
  return [lefts[k]!, rights[frags.length - 1 - k]!];
}

/** A word that may be a column rule read as text: one to three strokes or marks ("|", "i", "!", "\\", "•I", "-1"). */
const RULE_MARK = /^(?:[^\p{L}\p{N}\s]|[Il1ij]){1,3}$/u;

/**
 * Column rules a text layer read as characters: marks of a stroke or two lined up down a gutter (six or
 * more within 0.6 em of one another across the page) where hardly any other word is centred. They would
 * bridge the gutter, joining the two columns' lines into one fragment; they are no text.
 */
function ruleMarks(page: SourcePage): Set<WordBox> {
  const words = page.lines.flatMap((l) => l.words);
  const centre = (w: WordBox) => w.x + w.w / 2;
  const em = median(
    words.map((w) => w.h),
    10,
  );
  // A line-end hyphen set close after its word's first part ("vijan-", ALTO's HYP drawn as a word of its
  // own) is no rule, though a justified column's hyphens line up down its right edge.
  const hyphens = new Set<WordBox>();
  for (const l of page.lines) {
    const sorted = [...l.words].sort((a, b) => a.x - b.x);
    sorted.forEach((w, k) => {
      const before = sorted[k - 1];
      if (
        before &&
        /^[-‐­]$/.test(w.text.trim()) &&
        /\p{L}$/u.test(before.text) &&
        w.x - (before.x + before.w) < em * 0.15
      )
        hyphens.add(w);
    });
  }
  const marks = words
    .filter((w) => RULE_MARK.test(w.text.trim()) && !hyphens.has(w))
    .sort((a, b) => centre(a) - centre(b));
  const out = new Set<WordBox>();
  if (marks.length < 6) return out;
  for (let i = 0, j = 0; i < marks.length; i++) {
    j = Math.max(j, i);
    while (j < marks.length && centre(marks[j]!) - centre(marks[i]!) <= em * 0.6) j++;
    const group = marks.slice(i, j);
    if (group.length < 6) continue;
    const x0 = Math.min(...group.map((w) => w.x));
    const x1 = Math.max(...group.map((w) => w.x + w.w));
    // Words centred in the band: none in a gutter (the columns' edges only touch it on a skewed page).
    const crossing = words.filter(
      (w) => !RULE_MARK.test(w.text.trim()) && centre(w) > x0 && centre(w) < x1,
    ).length;
    if (crossing <= group.length / 2) for (const w of group) out.add(w);
  }
  return out;
}

/**
 * The rules printed across a page, as the OCR found them (ABBYY separators): strokes at least four times as
 * long as they are thick and 20 points long. Layout analysis cuts at them; segmentation joins the pieces of
 * a display advertisement boxed by them (segment/ruled-cells.ts).
 */
export function horizontalRules(page: SourcePage): PageRule[] {
  return (page.rules ?? []).filter((r) => r.w >= 4 * Math.max(r.h, 0.5) && r.w >= 20);
}

/** Analyses one page: fragments, blocks, reading order. */
export function analysePage(page: SourcePage): PageLayout {
  if (page.lines.length > 0 && page.lines.every((l) => l.blockDepth !== undefined)) return givenBlocks(page);
  const marks = ruleMarks(page);
  const starts = columnStarts(page);
  const all = page.lines.flatMap((l) =>
    fragmentsOf(marks.size > 0 ? { ...l, words: l.words.filter((w) => !marks.has(w)) } : l, 0.45, starts),
  );
  const chars = (f: Fragment) => f.words.reduce((n, w) => n + w.text.length, 0);
  const bodySize = weightedMedian(
    all.filter((f) => f.sized).map((f) => ({ value: f.size, weight: Math.min(40, chars(f)) })),
    weightedMedian(
      all.map((f) => ({ value: f.size, weight: Math.min(40, chars(f)) })),
      12,
    ),
  );
  // Garble read from type too small to read has no size of its own: it is body text, not a headline.
  for (const f of all) if (!f.sized && !isDisplayType(f.library, f.size, bodySize)) f.size = bodySize;
  const frags = all.filter((f) => !isNoise(f));
  const rules = horizontalRules(page).map((r) => ({ x0: r.x, y0: r.y, x1: r.x + r.w, y1: r.y + r.h }));
  const regions = xyCut(frags, {
    rules,
    // A gutter may be narrow (0.3 em between the word boxes of a real 1876 page), so a column must be
    // at least six lines high with six fragments a side: spaces lined up down a typed page are no gutter.
    minGutter: bodySize * 0.3,
    minColumnHeight: bodySize * 6,
    minSideCount: 6,
    minBand: bodySize * 1.2,
    // A headline over two columns is never cut in two; a tall stray mark in a gutter is no headline.
    solid: (b) => {
      const f = b as Fragment;
      const letters = f.words
        .map((w) => w.text)
        .join('')
        .replace(/[^\p{L}]/gu, '').length;
      return f.size >= bodySize * 1.15 && f.x1 - f.x0 >= bodySize * 6 && letters >= 6;
    },
  });
  const total = frags.reduce((n, f) => n + chars(f), 0);
  const inColumns = regions
    .filter((r) => r.columnDepth > 0)
    .reduce((n, r) => n + r.items.reduce((m, f) => m + chars(f), 0), 0);
  const columns = total > 0 && inColumns / total >= MIN_COLUMN_SHARE;
  const blocks: LayoutBlock[] = regions.map((r, i) => {
    const x0 = Math.min(...r.items.map((f) => f.x0));
    const x1 = Math.max(...r.items.map((f) => f.x1));
    return {
      x0,
      x1,
      y0: Math.min(...r.items.map((f) => f.y0)),
      y1: Math.max(...r.items.map((f) => f.y1)),
      columnDepth: r.columnDepth,
      lines: linesOf(r.items, i, ...measureOf(r.items, x0, x1)),
    };
  });
  if (!columns) return { bodySize, columns, blocks, page };
  return { bodySize, columns, blocks, page: { ...page, lines: blocks.flatMap((b) => b.lines) } };
}

/** The pages with their lines in reading order (columns read one after the other). */
export function inReadingOrder(pages: SourcePage[]): SourcePage[] {
  return pages.map((p) => analysePage(p).page);
}
