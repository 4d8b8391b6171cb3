import { type GreyImage, otsuThreshold } from './image-prep.js';

/**
 * Column regions of a page image, found before OCR so that tesseract reads one column at a time.
 *
 * Tesseract's single-block mode (what the OCR pool runs) finds text lines across the whole image: on a
 * page in columns it strings the lines of neighbouring columns together, and where their baselines do
 * not quite agree the word boxes swell (a headline word measured twice its height) and words run across
 * the gutter. Reading each column as its own rectangle keeps every line inside its column.
 *
 * The regions come from a recursive XY-cut on the ink of the image: a white column running the full
 * height of a region (a gutter) cuts it first; failing that, the widest white band across it, kept only
 * when a part below or above it has a gutter of its own (the masthead over the columns, a headline over
 * two of them). A typed page has no gutter and stays one region: it is read exactly as before.
 *
 * (Past the house size limit: ink map, profiles, the XY-cut, rule clearing and deskew are one pipeline over
 * one ink model and its thresholds, each step small; the PGM reading and writing could leave first.)
 */

/** A rectangle of the image, in pixels. */
export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A region to read: its rectangle and how many gutters were cut above it (0: it spans its part of the page). */
export interface Region extends Rect {
  depth: number;
}

export type { GreyImage } from './image-prep.js';

/** Reads a binary PGM (P5, 8-bit), as image-prep writes it; null for anything else. */
export function readPgm(bytes: Buffer): GreyImage | null {
  if (bytes.length < 8 || bytes[0] !== 0x50 || bytes[1] !== 0x35) return null;
  // Header: "P5", width, height, maxval, each after whitespace, then one whitespace byte.
  const fields: number[] = [];
  let i = 2;
  while (fields.length < 3 && i < bytes.length) {
    while (i < bytes.length && /\s/.test(String.fromCharCode(bytes[i]!))) i++;
    let n = '';
    while (i < bytes.length && /\d/.test(String.fromCharCode(bytes[i]!)))
      n += String.fromCharCode(bytes[i++]!);
    if (!n) return null;
    fields.push(Number(n));
  }
  const [width, height, max] = fields as [number, number, number];
  if (max !== 255 || width <= 0 || height <= 0) return null;
  const start = i + 1;
  if (bytes.length < start + width * height) return null;
  return { width, height, pixels: new Uint8Array(bytes.buffer, bytes.byteOffset + start, width * height) };
}

/** The grey level between paper and ink (Otsu's threshold over the image's histogram). */
function inkThreshold(img: GreyImage): number {
  const h = new Uint32Array(256);
  for (const v of img.pixels) h[v]!++;
  return otsuThreshold(h);
}

export interface Ink {
  width: number;
  height: number;
  /** 1 where the pixel is ink. */
  dark: Uint8Array;
}

/** Limits that keep the cut to real columns; all in pixels, from the image's size. */
interface Limits {
  gutter: number;
  band: number;
  sideWidth: number;
  columnHeight: number;
}

const MAX_DEPTH = 12;
/** Lines of text a column needs on each side of a gutter. */
const MIN_COLUMN_LINES = 5;
/** A page is read by columns only when one of them runs at least this share of its height. */
const MIN_LONG_COLUMN = 0.25;
const MAX_REGIONS = 40;

/** The ink's bounding box inside `r`, or null when `r` holds no ink (specks allowed for). */
function trim(ink: Ink, r: Rect, specks: number): Rect | null {
  const rows = rowProfile(ink, r);
  const cols = colProfile(ink, r);
  const first = (p: Int32Array) => p.findIndex((v) => v > specks);
  const last = (p: Int32Array) => p.length - 1 - [...p].reverse().findIndex((v) => v > specks);
  const y0 = first(rows);
  const x0 = first(cols);
  if (y0 < 0 || x0 < 0) return null;
  const y1 = last(rows);
  const x1 = last(cols);
  return { left: r.left + x0, top: r.top + y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function rowProfile(ink: Ink, r: Rect): Int32Array {
  const out = new Int32Array(r.height);
  for (let y = 0; y < r.height; y++) {
    let n = 0;
    const row = (r.top + y) * ink.width + r.left;
    for (let x = 0; x < r.width; x++) n += ink.dark[row + x]!;
    out[y] = n;
  }
  return out;
}

function colProfile(ink: Ink, r: Rect): Int32Array {
  const out = new Int32Array(r.width);
  for (let y = 0; y < r.height; y++) {
    const row = (r.top + y) * ink.width + r.left;
    for (let x = 0; x < r.width; x++) out[x]! += ink.dark[row + x]!;
  }
  return out;
}

/** Runs of entries at or under `quiet` at least `min` long, not touching either end: [start, end). */
function quietRuns(p: Int32Array, quiet: number, min: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= p.length; i++) {
    const q = i < p.length && p[i]! <= quiet;
    if (q && start < 0) start = i;
    if (!q && start >= 0) {
      if (start > 0 && i < p.length && i - start >= min) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

/** The widest gutter running the full height of `r` with enough text either side, as a cut at x (absolute). */
function gutter(ink: Ink, r: Rect, lim: Limits): number | null {
  if (r.height < lim.columnHeight) return null;
  // A speck or two in the gutter (dust on the scan) does not close it.
  const cols = colProfile(ink, r);
  const runs = quietRuns(cols, Math.max(1, Math.floor(r.height * 0.004)), lim.gutter).filter(
    ([a, b]) => a >= lim.sideWidth && r.width - b >= lim.sideWidth,
  );
  // Widest first; a gutter needs lines of text down both sides (spaces of a few typed lines lining up are none).
  // The lines are counted in the strip next to it on either side: counted across two columns, whose lines
  // stand a little offset from each other, they run together (a band of continuation headings under a
  // running head read as four lines where each column has seven).
  for (const [a, b] of runs.sort((x, y) => y[1] - y[0] - (x[1] - x[0]))) {
    const left = { left: r.left + a - lim.sideWidth, top: r.top, width: lim.sideWidth, height: r.height };
    const right = { left: r.left + b, top: r.top, width: lim.sideWidth, height: r.height };
    if (textLines(ink, left) >= MIN_COLUMN_LINES && textLines(ink, right) >= MIN_COLUMN_LINES)
      return r.left + Math.floor((a + b) / 2);
  }
  return null;
}

/** Lines of text in `r`: runs of rows with ink, counted. */
function textLines(ink: Ink, r: Rect): number {
  let n = 0;
  let inLine = false;
  for (const v of rowProfile(ink, r)) {
    const inked = v > 1;
    if (inked && !inLine) n++;
    inLine = inked;
  }
  return n;
}

/** The widest white band across `r`, as a cut at y (absolute). */
function band(ink: Ink, r: Rect, lim: Limits): number | null {
  const rows = rowProfile(ink, r);
  const runs = quietRuns(rows, Math.max(0, Math.floor(r.width * 0.002)), lim.band);
  if (runs.length === 0) return null;
  const [a, b] = runs.reduce((best, run) => (run[1] - run[0] > best[1] - best[0] ? run : best));
  return r.top + Math.floor((a + b) / 2);
}

function cut(ink: Ink, region: Rect, lim: Limits, depth: number, level: number): Region[] {
  const specks = 1;
  const r = trim(ink, region, specks);
  if (!r) return [];
  if (level >= MAX_DEPTH) return [{ ...r, depth }];
  const x = gutter(ink, r, lim);
  if (x !== null) {
    return [
      ...cut(
        ink,
        { left: r.left, top: r.top, width: x - r.left, height: r.height },
        lim,
        depth + 1,
        level + 1,
      ),
      ...cut(
        ink,
        { left: x, top: r.top, width: r.left + r.width - x, height: r.height },
        lim,
        depth + 1,
        level + 1,
      ),
    ];
  }
  const y = band(ink, r, lim);
  if (y === null) return [{ ...r, depth }];
  const above = cut(
    ink,
    { left: r.left, top: r.top, width: r.width, height: y - r.top },
    lim,
    depth,
    level + 1,
  );
  const below = cut(
    ink,
    { left: r.left, top: y, width: r.width, height: r.top + r.height - y },
    lim,
    depth,
    level + 1,
  );
  // A band is kept only where it lets a gutter be found; two plain halves are one plain region.
  if (above.length <= 1 && below.length <= 1) return [{ ...r, depth }];
  return [...above, ...below];
}

/**
 * Clears printed rules from the ink: a column rule between columns (far taller than any letter) and a
 * rule across a column (far longer than any word) are drawing, and with them gone the gutters and the
 * gaps between stories are white, as the cut expects.
 */
function clearRules(dark: Uint8Array, width: number, height: number): void {
  // A column rule is thin ink with white either side; on a worn, slightly turned scan it breaks into
  // dashes and drifts a cell sideways now and then. Such cells chained down the page, breaks of up to
  // `bridge` cells and a drift of one cell allowed, for longer than any letter is tall, are a rule.
  const tall = Math.max(8, Math.round(height * 0.04));
  const bridge = 8;
  const side = 2;
  // A rule is a hairline on the paper, but a small scan enlarged for OCR (a 410-px web copy four times
  // over, blurred) draws it several cells wide: thin is up to 0.7 % of the width, at least 3 cells.
  const thinMax = Math.max(3, Math.round(width / 150));
  const thin = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let x = 0;
    while (x < width) {
      if (dark[row + x] !== 1) {
        x++;
        continue;
      }
      let end = x;
      while (end < width && dark[row + end] === 1) end++;
      if (end - x <= thinMax) {
        let clear = true;
        for (let k = 1; k <= side && clear; k++) {
          if (
            (x - k >= 0 && dark[row + x - k] === 1) ||
            (end - 1 + k < width && dark[row + end - 1 + k] === 1)
          )
            clear = false;
        }
        if (clear) for (let k = x; k < end; k++) thin[row + k] = 1;
      }
      x = end;
    }
  }
  const near = (x: number, y: number) =>
    thin[y * width + x] === 1 ||
    (x > 0 && thin[y * width + x - 1] === 1) ||
    (x + 1 < width && thin[y * width + x + 1] === 1);
  const clearRun = (x: number, from: number, to: number) => {
    for (let y = from; y <= to; y++)
      for (let k = Math.max(0, x - 1); k <= Math.min(width - 1, x + 1); k++)
        if (thin[y * width + k]) dark[y * width + k] = 0;
  };
  for (let x = 0; x < width; x++) {
    let start = -1;
    let last = -1;
    for (let y = 0; y < height; y++) {
      if (!near(x, y)) continue;
      if (start < 0 || y - last > bridge + 1) {
        if (start >= 0 && last - start + 1 >= tall) clearRun(x, start, last);
        start = y;
      }
      last = y;
    }
    if (start >= 0 && last - start + 1 >= tall) clearRun(x, start, last);
  }
  const long = Math.max(8, Math.round(width * 0.25));
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const ink = x < width && dark[row + x] === 1;
      if (ink && start < 0) start = x;
      if (!ink && start >= 0) {
        if (x - start >= long) dark.fill(0, row + start, row + x);
        start = -1;
      }
    }
  }
}

/**
 * The image's ink on a grid of f × f pixels (a cell is ink when any of its pixels is), printed rules
 * cleared; null when the page is blank or ink all over (nothing to cut).
 */
export function inkMap(img: GreyImage): (Ink & { f: number }) | null {
  const t = inkThreshold(img);
  // Found on a grid of f × f pixels (a cell is ink when any of its pixels is): a gutter or a line of type
  // is several cells wide at the sizes pages are read at, and the cut costs f² times less.
  const f = Math.max(1, Math.floor(img.width / 1000));
  const width = Math.floor(img.width / f);
  const height = Math.floor(img.height / f);
  const dark = new Uint8Array(width * height);
  let inked = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let ink = 0;
      for (let dy = 0; dy < f && !ink; dy++) {
        const row = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) {
          if (img.pixels[row + dx]! <= t) {
            ink = 1;
            break;
          }
        }
      }
      dark[y * width + x] = ink;
      inked += ink;
    }
  }
  // A blank page, or one that is ink all over, has nothing to cut.
  if (inked === 0 || inked > dark.length * 0.6) return null;
  clearRules(dark, width, height);
  return { width, height, dark, f };
}

/**
 * A column cut in two by a white band that ran across the page only because every column happened to
 * break there (continuation headings under a running head, then the columns' text) is one column again:
 * a region in columns straight over another of the same column (their widths overlapping by 80 % of the
 * narrower, at most 3 % of the page's height apart, nothing else in between) becomes one with it, in the
 * upper one's place. Read apart, the band's columns came before the columns under them, and the text
 * under a continuation heading was read after the next column's heading.
 */
function joinLinedUpBreaks(regions: Region[], height: number): void {
  const gapMax = height * 0.03;
  const overlaps = (a: Rect, b: Rect) =>
    a.left < b.left + b.width &&
    b.left < a.left + a.width &&
    a.top < b.top + b.height &&
    b.top < a.top + a.height;
  for (let merged = true; merged; ) {
    merged = false;
    for (let i = 0; i < regions.length && !merged; i++) {
      const a = regions[i]!;
      if (a.depth === 0) continue;
      for (let j = 0; j < regions.length && !merged; j++) {
        const b = regions[j]!;
        if (j === i || b.depth === 0) continue;
        const gap = b.top - (a.top + a.height);
        const shared = Math.min(a.left + a.width, b.left + b.width) - Math.max(a.left, b.left);
        if (gap < -gapMax / 3 || gap > gapMax || shared < 0.8 * Math.min(a.width, b.width)) continue;
        const left = Math.min(a.left, b.left);
        const top = Math.min(a.top, b.top);
        const union = {
          left,
          top,
          width: Math.max(a.left + a.width, b.left + b.width) - left,
          height: Math.max(a.top + a.height, b.top + b.height) - top,
          depth: Math.max(a.depth, b.depth),
        };
        if (regions.some((c, k) => k !== i && k !== j && overlaps(c, union))) continue;
        regions[i] = union;
        regions.splice(j, 1);
        merged = true;
      }
    }
  }
}

/**
 * The regions to read one by one, in reading order (down the page, a column before the one to its
 * right); the whole image as one region when it has no columns.
 */
export function columnRegions(img: GreyImage): Region[] {
  const whole: Region = { left: 0, top: 0, width: img.width, height: img.height, depth: 0 };
  const ink = inkMap(img);
  if (!ink) return [whole];
  const { width, height, f } = ink;
  const lim: Limits = {
    // A gutter at least half a percent of the page wide: 2 px on a 410 px web copy of a newspaper page.
    gutter: Math.max(2, Math.round(width * 0.005)),
    band: Math.max(2, Math.round(height * 0.002)),
    sideWidth: Math.round(width * 0.12),
    columnHeight: Math.round(height * 0.06),
  };
  const cells = cut(ink, { left: 0, top: 0, width, height }, lim, 0, 0);
  const regions = cells.map((r) => ({
    depth: r.depth,
    left: r.left * f,
    top: r.top * f,
    width: r.width * f,
    height: r.height * f,
  }));
  joinLinedUpBreaks(regions, img.height);
  if (regions.length <= 1 || regions.length > MAX_REGIONS) return [whole];
  // Columns of a newspaper run down the page; a short stretch of two columns on a typed page (a table, a
  // list of names) is read well enough whole.
  if (!regions.some((r) => r.depth > 0 && r.height >= img.height * MIN_LONG_COLUMN)) return [whole];
  // A little paper round each region, so letters at its edge are read whole.
  const pad = Math.max(2, Math.round((lim.gutter * f) / 2));
  return regions.map((r) => {
    const left = Math.max(0, r.left - pad);
    const top = Math.max(0, r.top - pad);
    return {
      depth: r.depth,
      left,
      top,
      width: Math.min(img.width, r.left + r.width + pad) - left,
      height: Math.min(img.height, r.top + r.height + pad) - top,
    };
  });
}

/**
 * The slope of the page's lines of type, in radians (positive when they run down to the right): the
 * shear, within ±1.5°, under which the ink's rows are sharpest (the row profile's sum of squares largest).
 */
export function skewOf(ink: Ink): number {
  const cells: number[] = [];
  for (let y = 0; y < ink.height; y++)
    for (let x = 0; x < ink.width; x++) if (ink.dark[y * ink.width + x] === 1) cells.push(x, y);
  let best = 0;
  let bestScore = -1;
  const pad = Math.ceil(ink.width * Math.tan((1.6 * Math.PI) / 180)) + 1;
  const rows = new Float64Array(ink.height + 2 * pad);
  for (let tenth = -15; tenth <= 15; tenth++) {
    const t = Math.tan((tenth / 10) * (Math.PI / 180));
    rows.fill(0);
    for (let i = 0; i < cells.length; i += 2) rows[Math.round(cells[i + 1]! - cells[i]! * t) + pad]!++;
    let score = 0;
    for (const v of rows) score += v * v;
    if (score > bestScore) {
      bestScore = score;
      best = (tenth / 10) * (Math.PI / 180);
    }
  }
  return best;
}

/** The image turned by `-angle` about its centre (bilinear, paper white where nothing was). */
export function straighten(img: GreyImage, angle: number): GreyImage {
  const { width: w, height: h, pixels } = img;
  const out = new Uint8Array(w * h);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = w / 2;
  const cy = h / 2;
  for (let v = 0; v < h; v++) {
    for (let u = 0; u < w; u++) {
      const x = cx + (u - cx) * cos - (v - cy) * sin;
      const y = cy + (u - cx) * sin + (v - cy) * cos;
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) {
        out[v * w + u] = 255;
        continue;
      }
      const fx = x - x0;
      const fy = y - y0;
      const i = y0 * w + x0;
      const top = pixels[i]! * (1 - fx) + pixels[i + 1]! * fx;
      const bottom = pixels[i + w]! * (1 - fx) + pixels[i + w + 1]! * fx;
      out[v * w + u] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width: w, height: h, pixels: out };
}

/** The image as binary PGM (what tesseract is given). */
export function toPgm(img: GreyImage): Buffer {
  return Buffer.concat([
    Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii'),
    Buffer.from(img.pixels),
  ]);
}

/** How to read a page: the regions, and the image straightened first when its columns needed it. */
export interface OcrPlan {
  regions: Region[];
  /** The page straightened (its columns found on it), to be read instead of the image given; null: read as given. */
  straightened: GreyImage | null;
}

/** Smallest turn worth straightening a page in columns for: 0.1°, a pixel in 570 across. */
const MIN_SKEW = (0.1 * Math.PI) / 180;

/**
 * Plans the OCR of a page image: a page turned a little on the scanner has its gutters slanting, so
 * that no white strip runs down the page; it is straightened first, and read straightened when it has
 * columns. A page with none is read as it came (tesseract copes with a slight turn of a single block).
 */
export function planOcr(img: GreyImage): OcrPlan {
  const ink = inkMap(img);
  const angle = ink ? skewOf(ink) : 0;
  if (Math.abs(angle) >= MIN_SKEW) {
    const straight = straighten(img, angle);
    const regions = columnRegions(straight);
    if (regions.length > 1) return { regions, straightened: straight };
    return {
      regions: [{ left: 0, top: 0, width: img.width, height: img.height, depth: 0 }],
      straightened: null,
    };
  }
  return { regions: columnRegions(img), straightened: null };
}
