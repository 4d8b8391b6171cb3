/**
 * Recursive XY-cut: a page's text fragments cut into regions along the white space between them, the
 * regions listed in reading order (columns left to right, bands top to bottom). Column gutters are tried
 * before horizontal gaps, because columns set with the same leading share every gap between lines.
 */

/** Anything with a box (points, origin top-left). */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface CutOptions {
  /** Narrowest white strip that counts as a gutter between columns, in points. */
  minGutter: number;
  /** A region shorter than this is never cut into columns (a line with a wide space is not two columns). */
  minColumnHeight: number;
  /** Fewest fragments on each side of a column cut. */
  minSideCount: number;
  /** A horizontal gap at least this high is cut before columns are looked for (none when absent). */
  minBand?: number;
  /** Fragments no column cut may cross (headline type); others may, a few. */
  solid?: (box: Box) => boolean;
  /** Rules printed across the page (horizontal strokes): a region is cut at one spanning it first. */
  rules?: Box[];
}

/** A rule cuts a region when it runs under this share of the region's width. */
const RULE_SPAN = 0.9;
/** Fewest fragments on each side of a rule cut. */
const RULE_SIDE = 2;

/**
 * Where a printed rule across the whole region parts it (the rule over a page's feuilleton, set across
 * the foot of every column; the rule under a band of advertisements): its middle, or undefined. The rule
 * must run under most of the region's width, lie between its fragments with none crossing it, and leave
 * a few fragments on each side. Above the rule is read before below, whatever gutters run down both.
 */
function ruleCut<T extends Box>(items: T[], rules: Box[]): number | undefined {
  const x0 = Math.min(...items.map((t) => t.x0));
  const x1 = Math.max(...items.map((t) => t.x1));
  for (const r of rules) {
    if (Math.min(r.x1, x1) - Math.max(r.x0, x0) < (x1 - x0) * RULE_SPAN) continue;
    const y = (r.y0 + r.y1) / 2;
    if (items.some((t) => t.y0 < y && t.y1 > y)) continue;
    const above = items.filter((t) => t.y1 <= y).length;
    if (above >= RULE_SIDE && items.length - above >= RULE_SIDE) return y;
  }
  return undefined;
}

/** A leaf region: its fragments, and whether a column cut led to it (it is one column of several). */
export interface Region<T extends Box> {
  items: T[];
  /** Depth of column cuts above this region: 0 for a page read as one column. */
  columnDepth: number;
}

interface Gap {
  at: number;
  width: number;
}

/** Gaps between the union of [lo, hi) intervals, in order along the axis. */
function gaps<T>(items: T[], lo: (t: T) => number, hi: (t: T) => number): Gap[] {
  const sorted = [...items].sort((a, b) => lo(a) - lo(b));
  const out: Gap[] = [];
  let end = Number.NEGATIVE_INFINITY;
  for (const t of sorted) {
    if (end !== Number.NEGATIVE_INFINITY && lo(t) > end)
      out.push({ at: (end + lo(t)) / 2, width: lo(t) - end });
    end = Math.max(end, hi(t));
  }
  return out;
}

/**
 * White strips down the region, left to right, as cut positions. Real text layers and OCR put stray
 * marks in gutters (letters bled from the next column, specks read as words), so a strip may be
 * crossed by a few fragments (up to 3 % of the region's) as long as none of them is `solid`
 * (headline type: a headline over two columns is never cut in two).
 */
function strips<T extends Box>(items: T[], o: CutOptions, clean: boolean | number = false): number[] {
  const tol = clean === true ? 0 : Math.floor(items.length * (clean === false ? 0.03 : clean));
  const events: [number, number][] = [];
  for (const t of items) {
    events.push([t.x0, 1], [t.x1, -1]);
    // Headline type blocks a cut through its middle; a heading that only overhangs a gutter a little
    // (a wide-set word, a box drawn a little wide) does not.
    if (o.solid?.(t)) {
      const inset = (t.x1 - t.x0) * 0.15;
      events.push([t.x0 + inset, tol + 1], [t.x1 - inset, -(tol + 1)]);
    }
  }
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: number[] = [];
  const first = events[0]?.[0] ?? 0;
  let count = 0;
  let runStart = Number.NaN;
  let best = Number.POSITIVE_INFINITY;
  let bestAt = Number.NaN;
  for (let k = 0; k + 1 < events.length; k++) {
    const [x, d] = events[k]!;
    count += d;
    const next = events[k + 1]![0];
    if (next <= x) continue;
    if (count <= tol) {
      if (Number.isNaN(runStart)) {
        runStart = x;
        best = Number.POSITIVE_INFINITY;
      }
      // Within the strip, cut where fewest fragments cross.
      if (count < best) {
        best = count;
        bestAt = (x + next) / 2;
      }
    } else if (!Number.isNaN(runStart)) {
      if (x - runStart >= o.minGutter && runStart > first) out.push(bestAt);
      runStart = Number.NaN;
    }
  }
  return out;
}

/** Every gutter of the region that makes a valid column cut, left to right. */
function columnCuts<T extends Box>(items: T[], o: CutOptions, clean: boolean | number = false): number[] {
  const top = Math.min(...items.map((t) => t.y0));
  const bottom = Math.max(...items.map((t) => t.y1));
  if (bottom - top < o.minColumnHeight) return [];
  const cuts = strips(items, o, clean);
  // Each column between two cuts must hold enough to be a column, not a stray word in a margin.
  const kept: number[] = [];
  let from = Number.NEGATIVE_INFINITY;
  for (const [i, c] of cuts.entries()) {
    const mid = (t: T) => (t.x0 + t.x1) / 2;
    const left = items.filter((t) => mid(t) >= from && mid(t) < c).length;
    const next = cuts[i + 1] ?? Number.POSITIVE_INFINITY;
    const right = items.filter((t) => mid(t) >= c && mid(t) < next).length;
    if (left >= o.minSideCount && right >= o.minSideCount) {
      kept.push(c);
      from = c;
    }
  }
  // The last column (right of the last kept cut) must hold enough too.
  while (kept.length > 0 && items.filter((t) => (t.x0 + t.x1) / 2 >= kept.at(-1)!).length < o.minSideCount)
    kept.pop();
  return kept;
}

/**
 * True when a band at `y` has lines of text on each side (three rows or more: not a running head's one
 * line) and a gutter no fragment crosses runs down the whole region.
 */
function linedUpBreaks<T extends Box>(items: T[], y: number, o: CutOptions, crossing = 0): boolean {
  const rows = (part: T[]) => new Set(part.map((t) => Math.round((t.y0 + t.y1) / 2))).size;
  const [above, below] = splitAt(items, y);
  if (rows(above) < 3 || rows(below) < 3) return false;
  return columnCuts(items, o, crossing || true).length > 0;
}

/** The items above a horizontal cut at `y` and those below it, by their middles. */
function splitAt<T extends Box>(items: T[], y: number): [T[], T[]] {
  const above = items.filter((t) => (t.y0 + t.y1) / 2 < y);
  const below = items.filter((t) => (t.y0 + t.y1) / 2 >= y);
  return [above, below];
}

/** Share of a part's fragments that may cross its gutter when it is cut from what lies across its columns. */
const CROSSING = 0.005;

/** The region cut at the column gutters `cuts`, each column cut further, left to right. */
function byColumns<T extends Box>(
  items: T[],
  cuts: number[],
  o: CutOptions,
  columnDepth: number,
): Region<T>[] {
  const edges = [Number.NEGATIVE_INFINITY, ...cuts, Number.POSITIVE_INFINITY];
  const out: Region<T>[] = [];
  for (let k = 0; k + 1 < edges.length; k++) {
    const part = items.filter((t) => (t.x0 + t.x1) / 2 >= edges[k]! && (t.x0 + t.x1) / 2 < edges[k + 1]!);
    out.push(...xyCut(part, o, columnDepth + 1));
  }
  return out;
}

/**
 * Where the region is cut before its widest band when that band is two columns' breaks lined up, and the
 * gutter down them is only stopped by what lies across the columns further up or down (advertisements set
 * over both columns under them): the band, at least a third of `minBand` high, that parts that from the
 * columns, the farthest such from the widest band (so the columns keep all their text). Undefined when
 * there is none. Without it the columns were cut at the widest band, and each column's lower part read
 * after the other column's upper part.
 */
function bandBeforeColumns<T extends Box>(
  items: T[],
  bands: Gap[],
  widest: Gap,
  o: CutOptions,
): number | undefined {
  const far = bands
    .filter((g) => g !== widest && g.width >= (o.minBand ?? 0) / 3)
    .sort((a, b) => Math.abs(b.at - widest.at) - Math.abs(a.at - widest.at));
  for (const g of far) {
    const [above, below] = splitAt(items, g.at);
    if (linedUpBreaks(g.at > widest.at ? above : below, widest.at, o, CROSSING)) return g.at;
  }
  return undefined;
}

/** Cuts `items` into leaf regions in reading order. */
export function xyCut<T extends Box>(items: T[], o: CutOptions, columnDepth = 0): Region<T>[] {
  if (items.length < 2) return items.length ? [{ items, columnDepth }] : [];
  const ruled = o.rules?.length ? ruleCut(items, o.rules) : undefined;
  if (ruled !== undefined) {
    const [above, below] = splitAt(items, ruled);
    return [...xyCut(above, o, columnDepth), ...xyCut(below, o, columnDepth)];
  }
  const bands = gaps(
    items,
    (t) => t.y0,
    (t) => t.y1,
  );
  // The widest horizontal gap: around a headline that spans columns, not between two lines.
  const widest = bands.length > 0 ? bands.reduce((a, b) => (b.width > a.width ? b : a)) : null;
  // A clear white band across the whole region (under a masthead, around a running head or a headline
  // over the columns) separates what is above from what is below before any column is looked for;
  // unless the band has columns of text on both sides and a gutter that nothing at all crosses runs down
  // the whole region: then it is two columns' breaks that happen to line up (one story's end beside
  // another's start), and the columns come first. (A running head or a masthead over the columns is a
  // line or two: it goes first, whatever gaps its words leave.)
  if (widest && o.minBand && widest.width >= o.minBand && !linedUpBreaks(items, widest.at, o)) {
    const at = bandBeforeColumns(items, bands, widest, o);
    if (at === undefined) {
      const [above, below] = splitAt(items, widest.at);
      return [...xyCut(above, o, columnDepth), ...xyCut(below, o, columnDepth)];
    }
    // The columns apart from what lies across them; they are cut at once, the stray fragments that
    // cross their gutter (a text layer's line run on into the next column) allowed.
    const [above, below] = splitAt(items, at);
    if (at > widest.at)
      return [
        ...byColumns(above, columnCuts(above, o, CROSSING), o, columnDepth),
        ...xyCut(below, o, columnDepth),
      ];
    return [
      ...xyCut(above, o, columnDepth),
      ...byColumns(below, columnCuts(below, o, CROSSING), o, columnDepth),
    ];
  }
  const cols = columnCuts(items, o);
  if (cols.length > 0) return byColumns(items, cols, o, columnDepth);
  if (!widest) return [{ items, columnDepth }];
  const [above, below] = splitAt(items, widest.at);
  const top = xyCut(above, o, columnDepth);
  const bottom = xyCut(below, o, columnDepth);
  // Bands one above the other that no column cut split are one block again: the cut only ordered them.
  const last = top.at(-1);
  const first = bottom[0];
  if (last && first && last.columnDepth === columnDepth && first.columnDepth === columnDepth) {
    return [...top.slice(0, -1), { items: [...last.items, ...first.items], columnDepth }, ...bottom.slice(1)];
  }
  return [...top, ...bottom];
}
