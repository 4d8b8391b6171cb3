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

/** A greyscale image: one byte a pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

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
  const h = new Float64Array(256);
  for (const v of img.pixels) h[v]!++;
  let total = 0;
  let sumAll = 0;
  for (let v = 0; v < 256; v++) {
    total += h[v]!;
    sumAll += v * h[v]!;
  }
  let wB = 0;
  let sumB = 0;
  let best = -1;
  let threshold = 127;
  for (let t = 0; t < 256; t++) {
    wB += h[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * h[t]!;
    const d = sumB / wB - (sumAll - sumB) / wF;
    const between = wB * wF * d * d;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

interface Ink {
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
  for (const [a, b] of runs.sort((x, y) => y[1] - y[0] - (x[1] - x[0]))) {
    const left = { left: r.left, top: r.top, width: a, height: r.height };
    const right = { left: r.left + b, top: r.top, width: r.width - b, height: r.height };
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
 * The regions to read one by one, in reading order (down the page, a column before the one to its
 * right); the whole image as one region when it has no columns.
 */
export function columnRegions(img: GreyImage): Region[] {
  const whole: Region = { left: 0, top: 0, width: img.width, height: img.height, depth: 0 };
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
  if (inked === 0 || inked > dark.length * 0.6) return [whole];
  const lim: Limits = {
    // A gutter at least half a percent of the page wide: 2 px on a 410 px web copy of a newspaper page.
    gutter: Math.max(2, Math.round(width * 0.005)),
    band: Math.max(2, Math.round(height * 0.004)),
    sideWidth: Math.round(width * 0.12),
    columnHeight: Math.round(height * 0.06),
  };
  const cells = cut({ width, height, dark }, { left: 0, top: 0, width, height }, lim, 0, 0);
  const regions = cells.map((r) => ({
    depth: r.depth,
    left: r.left * f,
    top: r.top * f,
    width: r.width * f,
    height: r.height * f,
  }));
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
