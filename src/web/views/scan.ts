/**
 * The geometry of an article on its scan, shared by the article page (its region(s) cut from the page image)
 * and the page viewer (the article's regions outlined and clickable). Everything is in PDF points, origin
 * top-left, as ArticleRegion and the stored word boxes are.
 */
import type { ArticleRegion, Page, WordBox } from '../../core/types.js';

/** A rectangle in PDF points. */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The smallest box holding all of `boxes` (which must not be empty). */
export function boundsOf(boxes: readonly Box[]): Box {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.w));
  const y1 = Math.max(...boxes.map((b) => b.y + b.h));
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

const area = (b: Box) => b.w * b.h;

/** One cut of the scan for the article page: a box of one page and the article's regions inside it. */
export interface ScanCut {
  page: number;
  /** The part of the page shown: the regions' bounds and a margin, kept on the page. */
  view: Box;
  regions: ArticleRegion[];
}

/** The margin around an article's regions in a cut, in points: enough to see where it stands on the page. */
export const CUT_MARGIN = 8;

/**
 * The cuts that show an article: per page, in reading order. A page's regions share one cut when their
 * bounds are mostly the article (at most twice the regions' area, so a story in two neighbouring columns
 * is one picture); else each run of regions that lie over one another in one column is its own cut (a
 * story at the foot of one column and the head of the next is two pictures, not the page between them).
 */
export function scanCuts(regions: readonly ArticleRegion[], pages: readonly Page[]): ScanCut[] {
  const size = new Map(pages.map((p) => [p.number, p]));
  const cuts: ScanCut[] = [];
  const byPage = new Map<number, ArticleRegion[]>();
  for (const r of regions) {
    if (!size.has(r.page) || r.w <= 0 || r.h <= 0) continue;
    const list = byPage.get(r.page) ?? [];
    if (list.length === 0) byPage.set(r.page, list);
    list.push(r);
  }
  for (const [n, list] of byPage) {
    const page = size.get(n)!;
    const groups: ArticleRegion[][] =
      area(boundsOf(list)) <= 2 * list.reduce((s, r) => s + area(r), 0) ? [list] : columnRuns(list);
    for (const g of groups) cuts.push({ page: n, view: withMargin(boundsOf(g), page), regions: g });
  }
  return cuts;
}

/** Consecutive regions grouped while each overlaps the previous one horizontally (one column). */
function columnRuns(list: readonly ArticleRegion[]): ArticleRegion[][] {
  const runs: ArticleRegion[][] = [];
  for (const r of list) {
    const run = runs.at(-1);
    const prev = run?.at(-1);
    const overlap = prev ? Math.min(prev.x + prev.w, r.x + r.w) - Math.max(prev.x, r.x) : 0;
    if (run && prev && overlap > 0.5 * Math.min(prev.w, r.w)) run.push(r);
    else runs.push([r]);
  }
  return runs;
}

function withMargin(b: Box, page: { width: number; height: number }, m = CUT_MARGIN): Box {
  const x = Math.max(0, b.x - m);
  const y = Math.max(0, b.y - m);
  return { x, y, w: Math.min(page.width, b.x + b.w + m) - x, h: Math.min(page.height, b.y + b.h + m) - y };
}

/**
 * A view of the page in the page's own proportions around `b` (grown to them, centred, kept on the page),
 * so the viewer's picture keeps its shape when a reader zooms out from an article to the whole page.
 */
export function viewAround(b: Box, page: { width: number; height: number }, m = 3 * CUT_MARGIN): Box {
  const ratio = page.height / page.width;
  let w = b.w + 2 * m;
  let h = b.h + 2 * m;
  if (h / w > ratio) w = h / ratio;
  else h = w * ratio;
  if (w > page.width) {
    w = page.width;
    h = page.height;
  }
  const x = Math.min(Math.max(0, b.x + b.w / 2 - w / 2), page.width - w);
  const y = Math.min(Math.max(0, b.y + b.h / 2 - h / 2), page.height - h);
  return { x, y, w, h };
}

/** Whether most of a word box lies inside one of the boxes (a word on a region's edge counts where its middle is). */
export function inside(w: WordBox, boxes: readonly Box[]): boolean {
  const cx = w.x + w.w / 2;
  const cy = w.y + w.h / 2;
  return boxes.some((b) => cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h);
}

/** A number of points rounded to a tenth, for SVG attributes. */
export const pt = (v: number) => Math.round(v * 10) / 10;
