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

/** Gaps between the union of [lo, hi) intervals, widest first. */
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

/** Every gutter of the region that makes a valid column cut, left to right. */
function columnCuts<T extends Box>(items: T[], o: CutOptions): number[] {
  const top = Math.min(...items.map((t) => t.y0));
  const bottom = Math.max(...items.map((t) => t.y1));
  if (bottom - top < o.minColumnHeight) return [];
  const cuts = gaps(
    items,
    (t) => t.x0,
    (t) => t.x1,
  )
    .filter((g) => g.width >= o.minGutter)
    .map((g) => g.at)
    .sort((a, b) => a - b);
  // Each column between two cuts must hold enough to be a column, not a stray word in a margin.
  const kept: number[] = [];
  let from = Number.NEGATIVE_INFINITY;
  for (const [i, c] of cuts.entries()) {
    const left = items.filter((t) => t.x0 >= from && t.x1 <= c).length;
    const next = cuts[i + 1] ?? Number.POSITIVE_INFINITY;
    const right = items.filter((t) => t.x0 >= c && t.x1 <= next).length;
    if (left >= o.minSideCount && right >= o.minSideCount) {
      kept.push(c);
      from = c;
    }
  }
  // The last column (right of the last kept cut) must hold enough too.
  while (kept.length > 0 && items.filter((t) => t.x0 >= kept.at(-1)!).length < o.minSideCount) kept.pop();
  return kept;
}

/** Cuts `items` into leaf regions in reading order. */
export function xyCut<T extends Box>(items: T[], o: CutOptions, columnDepth = 0): Region<T>[] {
  if (items.length < 2) return items.length ? [{ items, columnDepth }] : [];
  const cols = columnCuts(items, o);
  if (cols.length > 0) {
    const edges = [Number.NEGATIVE_INFINITY, ...cols, Number.POSITIVE_INFINITY];
    const out: Region<T>[] = [];
    for (let k = 0; k + 1 < edges.length; k++) {
      const part = items.filter((t) => (t.x0 + t.x1) / 2 >= edges[k]! && (t.x0 + t.x1) / 2 < edges[k + 1]!);
      out.push(...xyCut(part, o, columnDepth + 1));
    }
    return out;
  }
  const bands = gaps(
    items,
    (t) => t.y0,
    (t) => t.y1,
  );
  if (bands.length === 0) return [{ items, columnDepth }];
  // The widest horizontal gap first: around a headline that spans columns, not between two lines.
  const widest = bands.reduce((a, b) => (b.width > a.width ? b : a));
  const above = items.filter((t) => (t.y0 + t.y1) / 2 < widest.at);
  const below = items.filter((t) => (t.y0 + t.y1) / 2 >= widest.at);
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
