/**
 * Lays out one typeset bulletin: nameplate and folio line on page 1, running heads after; articles flowing
 * through the columns; long front-page stories jumping to a later page and continued there; and the truth.
 */
import { parts as dateParts, dayOfIso, isoOfDay, longDate, roman, weekday } from '../calendar.js';
import type { Rng } from '../random.js';
import { mixSeed } from '../random.js';
import type { ArticleTruth, EditionTruth } from '../truth.js';
import { inventArticle, type Nameplate } from './content.js';
import {
  type Fonts,
  newStory,
  type Op,
  PageBuilder,
  printJumps,
  type Story,
  truthParagraphs,
} from './layout.js';
import type { TypesetStyle } from './style.js';
import { finished, linesLeft } from './text.js';

/** One laid-out page: its size and what is drawn on it. */
export interface TypesetPage {
  width: number;
  height: number;
  ops: Op[];
}

export interface TypesetEdition {
  pages: TypesetPage[];
  truth: EditionTruth;
}

/** Volume (Roman, years since the paper's first issue) and number (days of issue since, Saturdays excepted). */
export function volumeAndNumber(plate: Nameplate, date: string): { volume: string; number: string } {
  const from = dayOfIso(plate.founded);
  const to = dayOfIso(date);
  const years =
    dateParts(date).y - dateParts(plate.founded).y + (date.slice(5) >= plate.founded.slice(5) ? 1 : 0);
  // Whole weeks have six days of issue; the days left over are counted one by one.
  const weeks = Math.floor((to - from) / 7);
  let n = weeks * 6;
  for (let d = from + weeks * 7; d <= to; d++) if (weekday(isoOfDay(d)) !== 6) n++;
  return { volume: roman(Math.max(1, years)), number: String(n) };
}

/** Draws text into `ops` centred, left or right between x and x + w. */
function put(
  ops: Op[],
  fonts: Fonts,
  text: string,
  font: keyof Fonts,
  size: number,
  y: number,
  x: number,
  w: number,
  align: 'left' | 'center' | 'right',
) {
  const tw = fonts[font].widthOfTextAtSize(text, size);
  const at = align === 'left' ? x : align === 'right' ? x + w - tw : x + (w - tw) / 2;
  ops.push({ kind: 'text', text, x: at, y, size, font, spacing: 0 });
}

const hrule = (ops: Op[], x: number, w: number, y: number, width: number) =>
  ops.push({ kind: 'rule', x1: x, y1: y, x2: x + w, y2: y, width });

/** Page 1's nameplate: ears, the paper's name in big bold type, imprint, folio line between rules. Returns its foot. */
function nameplate(
  ops: Op[],
  fonts: Fonts,
  st: TypesetStyle,
  plate: Nameplate,
  date: string,
  rng: Rng,
): number {
  const x = st.margin;
  const w = st.pageWidth - 2 * st.margin;
  const ed = volumeAndNumber(plate, date);
  let y = st.margin;
  // Ears: two small boxes either side of the title.
  const earW = Math.min(84, w * 0.16);
  const ears = [
    ['Cable and Wire', 'News Service', `Founded ${dateParts(plate.founded).y}`],
    ['Price', 'Five Cents', '$10.00 a Year'],
  ];
  ears.forEach((lines, i) => {
    const ex = i === 0 ? x : x + w - earW;
    ops.push(
      { kind: 'rule', x1: ex, y1: y, x2: ex + earW, y2: y, width: 0.6 },
      { kind: 'rule', x1: ex, y1: y + 38, x2: ex + earW, y2: y + 38, width: 0.6 },
      { kind: 'rule', x1: ex, y1: y, x2: ex, y2: y + 38, width: 0.6 },
      { kind: 'rule', x1: ex + earW, y1: y, x2: ex + earW, y2: y + 38, width: 0.6 },
    );
    for (const [j, l] of lines.entries()) {
      put(ops, fonts, l, j === 1 ? 'bold' : 'roman', 7, y + 11 + j * 10, ex, earW, 'center');
    }
  });
  const titleRoom = w - 2 * earW - 16;
  if (plate.over) {
    put(ops, fonts, plate.over, 'roman', 9, y + 8, x + earW, w - 2 * earW, 'center');
    y += 11;
  }
  const size = Math.min(46, titleRoom / fonts.bold.widthOfTextAtSize(plate.title, 1));
  put(ops, fonts, plate.title, 'bold', size, y + size * 0.78, x + earW, w - 2 * earW, 'center');
  y = Math.max(y + size * 0.95, st.margin + 40) + 4;
  put(ops, fonts, plate.imprint, 'italic', 7, y + 5, x, w, 'center');
  y += 10;
  hrule(ops, x, w, y, 2);
  hrule(ops, x, w, y + 2.6, 0.5);
  y += 3;
  const folio = 8.5;
  const base = y + 11;
  put(ops, fonts, `Vol. ${ed.volume}. No. ${ed.number}`, 'roman', folio, base, x + 2, w, 'left');
  put(ops, fonts, rng.chance(0.5) ? 'NEW YORK' : 'NEW YORK CITY', 'roman', folio, base, x, w, 'center');
  put(ops, fonts, longDate(date), 'roman', folio, base, x, w - 2, 'right');
  y += 15;
  hrule(ops, x, w, y, 0.8);
  return y + 8;
}

/** The running head of pages 2 and after: page number outside, the paper's name, the date. */
function runningHead(
  ops: Op[],
  fonts: Fonts,
  st: TypesetStyle,
  plate: Nameplate,
  date: string,
  page: number,
): number {
  const x = st.margin;
  const w = st.pageWidth - 2 * st.margin;
  const y = st.margin + 8;
  const [left, right] = page % 2 === 0 ? [`Page ${page}`, longDate(date)] : [longDate(date), `Page ${page}`];
  put(ops, fonts, left, 'roman', 8, y, x, w, 'left');
  put(ops, fonts, plate.runningName, 'bold', 8, y, x, w, 'center');
  put(ops, fonts, right, 'roman', 8, y, x, w, 'right');
  hrule(ops, x, w, y + 4, 0.8);
  return y + 12;
}

type Kind = 'lead' | 'long' | 'medium' | 'brief';

/** Body length in characters and number of smaller decks for an article of each kind. */
function sizeOf(rng: Rng, kind: Kind): { chars: number; decks: number } {
  switch (kind) {
    case 'lead':
      return { chars: rng.int(2000, 2800), decks: rng.int(1, 2) };
    case 'long':
      return {
        chars: rng.int(1500, 2500),
        decks: rng.weighted<number>([
          [0, 1],
          [1, 3],
          [2, 2],
        ]),
      };
    case 'medium':
      return {
        chars: rng.int(800, 1500),
        decks: rng.weighted<number>([
          [0, 2],
          [1, 3],
          [2, 1],
        ]),
      };
    case 'brief':
      return {
        chars: rng.int(250, 550),
        decks: rng.weighted<number>([
          [0, 3],
          [1, 1],
        ]),
      };
  }
}

/**
 * Lays out a bulletin of `pageCount` pages for `date`. Page 1's stories mostly jump (about five in four
 * pages), to the last page mostly; the last page ends every story it holds.
 */
export function layoutBulletin(
  rng: Rng,
  st: TypesetStyle,
  fonts: Fonts,
  plate: Nameplate,
  date: string,
  pageCount: number,
  fileName: string,
): TypesetEdition {
  const used = new Set<string>();
  const placed: Story[] = [];
  const pending: Story[] = [];
  const continuations = new Map<number, Story[]>();
  /** Lines promised to each later page by the jumps to it. */
  const promised = new Map<number, number>();
  const columnsOf = (p: number) => (st.twoColumnPages.includes(p) ? 2 : st.columns);
  const inner = st.pageWidth - 2 * st.margin;
  const widthOf = (p: number) => (inner - (columnsOf(p) - 1) * st.gutter) / columnsOf(p);
  const body = (t: string) => fonts.roman.widthOfTextAtSize(t, st.bodySize);
  const capacity = (p: number) =>
    columnsOf(p) * Math.floor((st.pageHeight - st.bottom - st.margin - 20) / st.leading);
  const fresh = (kind: Kind) => {
    const { chars, decks } = sizeOf(rng, kind);
    return newStory(inventArticle(rng, date, plate, chars, decks, used), st, rng.int(0, 0x7fffffff));
  };
  const record = (s: Story) => {
    if (s.ordinal < 0) {
      s.ordinal = placed.length;
      placed.push(s);
    }
  };
  /** Sends a story that jumped from page p to a later page with room for its rest, the last page by preference. */
  const sendOn = (s: Story, p: number) => {
    const later = Array.from({ length: pageCount - p }, (_, i) => p + 1 + i);
    const need = (q: number) => linesLeft(s.paras, s.cursor, widthOf(q), body, st.indent) + 4;
    const weights = later.map((q) => [q, q === pageCount ? 5 : q === p + 1 ? 2 : 1] as const);
    const roomy = weights.filter(([q]) => (promised.get(q) ?? 0) + need(q) <= capacity(q) * 0.7);
    const q =
      roomy.length > 0
        ? rng.weighted(roomy)
        : later.reduce((a, b) => ((promised.get(b) ?? 0) < (promised.get(a) ?? 0) ? b : a));
    promised.set(q, (promised.get(q) ?? 0) + need(q));
    s.jumps.at(-1)!.toPage = q;
    continuations.set(q, [...(continuations.get(q) ?? []), s]);
  };
  /** Whether a later page still has room for another story's rest. */
  const roomLater = (p: number) =>
    Array.from({ length: pageCount - p }, (_, i) => p + 1 + i).some(
      (q) => (promised.get(q) ?? 0) + 30 <= capacity(q) * 0.6,
    );
  /** Places a short item with a small one-deck head in what is left of the current column, if it fits. */
  const filler = (pb: PageBuilder): boolean => {
    if (pb.roomLines < 5) return false;
    const f = fresh('brief');
    f.art.decks = [];
    f.art.byline = null;
    if (
      pb.placeNew(f, { size: Math.min(st.headSize, 11), jump: false, minKeep: 1, stay: true }) === 'nofit'
    ) {
      return false;
    }
    record(f);
    return true;
  };
  const pages: TypesetPage[] = [];
  for (let p = 1; p <= pageCount; p++) {
    const ops: Op[] = [];
    const top =
      p === 1 ? nameplate(ops, fonts, st, plate, date, rng) : runningHead(ops, fonts, st, plate, date, p);
    const pb = new PageBuilder(p, st, fonts, columnsOf(p), top);
    pb.ops.push(...ops);
    const last = p === pageCount;
    const conts = continuations.get(p) ?? [];
    for (const s of conts) {
      const from = s.parts.at(-1)!.page;
      const j = s.jumps.at(-1)!;
      if (pb.placeContinuation(s, from) === 'nofit') {
        // The page is full: the rest goes on to the next page (its jump line is printed last, so it says so).
        if (last)
          throw new Error(
            `typeset demo ${fileName}: no room on page ${p} for the rest of "${s.art.headline}"`,
          );
        j.toPage = p + 1;
        continuations.set(p + 1, [...(continuations.get(p + 1) ?? []), s]);
        continue;
      }
      j.toColumn = s.parts.at(-1)!.column;
    }
    // The lead story under a headline across two columns, at the top of page 1 and of some inner pages.
    if (conts.length === 0 && columnsOf(p) >= 3 && rng.chance(p === 1 ? 0.75 : 0.3)) {
      const s = pending.shift() ?? fresh('lead');
      const r = pb.placeSpanning(s, {
        size: st.leadSize,
        legLines: rng.int(11, 17),
        jump: !last && roomLater(p),
      });
      record(s);
      if (r === 'jumped') sendOn(s, p);
    }
    for (let tries = 0; tries < 80; tries++) {
      const kind: Kind =
        p === 1
          ? rng.weighted<Kind>([
              ['long', 4],
              ['brief', 1],
            ])
          : rng.weighted<Kind>([
              ['long', 2],
              ['medium', 2],
              ['brief', 1],
            ]);
      const s = pending.shift() ?? fresh(kind);
      // Front-page stories jump after a few inches (a short one ends first); inner-page ones sometimes jump
      // at the foot of the page.
      const jump = !last && roomLater(p) && (p === 1 || rng.chance(0.4));
      const budget = p === 1 ? Math.round(pb.columnLines * (0.2 + rng.next() * 0.14)) : undefined;
      // Space at a column's foot too short for this story takes a short item first.
      if (!pb.headFits(s, st.headSize, jump ? 5 : 3) && filler(pb)) {
        pending.unshift(s);
        continue;
      }
      const r = pb.placeNew(s, { size: st.headSize, jump, budget, minKeep: 2 });
      if (r === 'nofit') {
        pending.unshift(s);
        if (filler(pb)) continue;
        break;
      }
      record(s);
      if (r === 'jumped') sendOn(s, p);
    }
    pages.push({ width: st.pageWidth, height: st.pageHeight, ops: pb.finish() });
  }
  printJumps(placed, fonts);
  for (const s of placed) {
    if (!finished(s.paras, s.cursor))
      throw new Error(`typeset demo ${fileName}: "${s.art.headline}" never ended`);
  }
  const ed = volumeAndNumber(plate, date);
  const articles: ArticleTruth[] = placed.map((s) => ({
    ordinal: s.ordinal,
    headline: s.art.headline,
    kicker: null,
    byline: s.art.byline,
    dateline: s.art.dateline ? { ...s.art.dateline } : null,
    firstPage: s.parts[0]!.page,
    lastPage: s.parts.at(-1)!.page,
    paragraphs: truthParagraphs(s),
    references: [],
    credit: s.art.credit,
    decks: [...s.art.decks],
    parts: s.parts.map((x) => ({ ...x })),
    jumps: s.parts.length - 1,
  }));
  return {
    pages,
    truth: {
      date,
      fileName,
      dateInMasthead: true,
      volume: ed.volume,
      number: ed.number,
      pageCount,
      layout: st.id,
      articles,
    },
  };
}

/** A seed for one bulletin of a run. */
export const bulletinSeed = (seed: number, i: number) => mixSeed(seed, 0x7e5e7, i);
