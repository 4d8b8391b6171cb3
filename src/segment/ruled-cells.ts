/**
 * Display advertisements between printed rules. A page of advertisements sets each one in a box of rules,
 * its lines centred and in many sizes of type ("TEMPLE DE MORGES" / "Concert annuel" / "Georges CRUCHET,
 * violoncelliste"), so the segmenter, which opens a piece at each line of large type, cuts one
 * advertisement into several. Where the OCR found the page's rules (ABBYY's `Separator` blocks), pieces
 * that lie one after another between the same two rules are one piece when what lies between those rules
 * is display type, not prose: news items under run-in heads share a ruled column too, and stay apart.
 */
import type { ArticleDraft, SourceLine } from '../core/types.js';
import { horizontalRules, lineSize, type PageLayout } from '../layout/page-layout.js';
import { isAdvertisement } from './advertisements.js';

type Box = { x: number; y: number; w: number; h: number };

/** A rule bounds a piece when it runs under this share of the piece's width. */
const RULE_SPAN = 0.6;
/** A cell is display type when under this share of its lines is prose (Morges: display boxes 0-0.40, news columns 0.71-0.87). */
const MAX_PROSE = 0.5;
/** Rules this close (points, less than a line of small type) are one boundary. */
const DOUBLE_RULE = 6;
/** Slack (points) for a piece's box touching its rule. */
const SLACK = 3;

/**
 * One boundary: the same rule, or rules a hair apart (a double rule, or a short rule drawn just over a
 * long one; on Morges page 1 the cinema's box closes on both).
 */
const sameRule = (a: Box, b: Box) => a === b || Math.abs(a.y - b.y) <= DOUBLE_RULE;

/**
 * True when a piece stands under the others in one column: most of the narrower's width shared. Rules
 * across the page bound every column's pieces alike; a box of advertisements is one column's stack.
 */
const stacked = (a: Box, b: Box) =>
  Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x) >= 0.5 * Math.min(a.w, b.w);

/** The box around a piece's regions on one page, or null when it has none there or runs on to another. */
function boxOn(a: ArticleDraft, page: number): Box | null {
  if (a.firstPage !== page || a.lastPage !== page) return null;
  const rs = (a.regions ?? []).filter((r) => r.page === page);
  if (rs.length === 0) return null;
  const x = Math.min(...rs.map((r) => r.x));
  const y = Math.min(...rs.map((r) => r.y));
  return {
    x,
    y,
    w: Math.max(...rs.map((r) => r.x + r.w)) - x,
    h: Math.max(...rs.map((r) => r.y + r.h)) - y,
  };
}

const spans = (rule: Box, b: Box) =>
  Math.min(rule.x + rule.w, b.x + b.w) - Math.max(rule.x, b.x) >= RULE_SPAN * b.w;

/** The rules straight above and below a box, or null when one side has none. */
function cellOf(b: Box, rules: Box[]): { above: Box; below: Box } | null {
  let above: Box | null = null;
  let below: Box | null = null;
  for (const r of rules) {
    if (!spans(r, b)) continue;
    if (r.y + r.h <= b.y + SLACK && (!above || r.y > above.y)) above = r;
    if (r.y >= b.y + b.h - SLACK && (!below || r.y < below.y)) below = r;
  }
  return above && below ? { above, below } : null;
}

/** The page's lines (as layout analysis set them in blocks) whose middle lies within a box. */
function linesIn(layout: PageLayout, b: Box): SourceLine[] {
  return layout.page.lines.filter((l) => {
    const cx = l.x + l.width / 2;
    const cy = l.y + l.height / 2;
    return cx >= b.x && cx <= b.x + b.w && cy >= b.y && cy <= b.y + b.h;
  });
}

/**
 * How much of a cell is prose: lines of the page's body type that fill the width of their block (the
 * column stretch layout analysis put them in). A display advertisement's lines are centred and of many
 * sizes; a column of news fills its measure.
 */
function proseShare(lines: SourceLine[], bodySize: number): number {
  if (lines.length === 0) return 0;
  const prose = lines.filter((l) => {
    const measure = (l.blockRight ?? l.x + l.width) - (l.blockLeft ?? l.x);
    return l.width >= measure * 0.85 && Math.abs(lineSize(l) - bodySize) <= bodySize * 0.2;
  });
  return prose.length / lines.length;
}

/** Pieces that share a ruled cell of display type become one: the first's head, the others' heads in its text. */
function joined(pieces: ArticleDraft[]): ArticleDraft {
  const [first, ...rest] = pieces as [ArticleDraft, ...ArticleDraft[]];
  const body = [
    first.body,
    ...rest.map((p) => [p.headlinePrinted, p.body].filter((t) => t.trim()).join('\n\n')),
  ]
    .filter((t) => t.trim())
    .join('\n\n');
  const one: ArticleDraft = {
    ...first,
    body,
    references: pieces.flatMap((p) => p.references),
    regions: pieces.flatMap((p) => p.regions ?? []),
  };
  if (pieces.some((p) => p.kind === 'advertisement')) one.kind = 'advertisement';
  else if (!one.kind && isAdvertisement(one)) one.kind = 'advertisement';
  return one;
}

/**
 * The pieces with each run that shares a ruled cell of display type joined into one, in reading order,
 * numbered again (references to a joined piece point at the whole). `layouts` are the segmenter's, a page
 * each: the rules and the lines in the blocks layout analysis found.
 */
export function joinRuledDisplay(layouts: PageLayout[], articles: ArticleDraft[]): ArticleDraft[] {
  const groups: ArticleDraft[][] = [];
  let run: { page: number; above: Box; below: Box; box: Box } | null = null;
  for (const a of articles) {
    const layout = layouts[a.firstPage - 1];
    const rules = layout ? horizontalRules(layout.page) : [];
    const b = rules.length > 0 ? boxOn(a, a.firstPage) : null;
    const cell = b ? cellOf(b, rules) : null;
    const last = groups.at(-1);
    if (
      b &&
      cell &&
      run &&
      last &&
      run.page === a.firstPage &&
      stacked(run.box, b) &&
      sameRule(run.above, cell.above) &&
      sameRule(run.below, cell.below)
    ) {
      const x = Math.min(run.box.x, b.x);
      run.box = { ...run.box, x, w: Math.max(run.box.x + run.box.w, b.x + b.w) - x };
      if (isDisplay(layout!, run.above, run.below, b)) {
        last.push(a);
        continue;
      }
    }
    groups.push([a]);
    run = b && cell ? { page: a.firstPage, ...cell, box: b } : null;
  }
  if (groups.length === articles.length) return articles;
  const ordinalOf = new Map<number, number>();
  groups.forEach((g, i) => {
    for (const a of g) ordinalOf.set(a.ordinal, i);
  });
  return groups.map((g, i) => {
    const one = g.length === 1 ? { ...g[0]! } : joined(g);
    one.ordinal = i;
    // A reference from one joined part to another is now within the piece: it is dropped.
    one.references = one.references
      .map((r) =>
        r.targetOrdinal === null ? r : { ...r, targetOrdinal: ordinalOf.get(r.targetOrdinal) ?? null },
      )
      .filter((r) => r.targetOrdinal !== i);
    return one;
  });
}

/**
 * True when what lies between the two rules down the piece's own column (its box's width) is display type
 * rather than prose: a piece that spans columns does not make its neighbours' column look like display.
 */
function isDisplay(layout: PageLayout, above: Box, below: Box, piece: Box): boolean {
  const top = above.y + above.h;
  const cell = { x: piece.x, y: top, w: piece.w, h: below.y - top };
  return proseShare(linesIn(layout, cell), layout.bodySize) < MAX_PROSE;
}
