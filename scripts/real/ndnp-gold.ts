/**
 * Scores found articles against a hand-labelled page (test/fixtures/ndnp-gold): for each item a reader
 * sees on the page, its headline, its first and last words as printed, in reading order. The page's OCR
 * (the library's ALTO) is noisy, so words match within OCR slips: a word of four letters or more one edit
 * away, of eight or more two, counts as the same word.
 */
import { editDistance } from '../../src/text/edit-distance.js';

export interface GoldItem {
  headline: string | null;
  decks?: string[];
  dateline?: string | null;
  firstWords: string | null;
  lastWords?: string;
  column?: number;
  kind: 'article' | 'advertisement' | 'masthead' | 'table' | 'notice' | 'other';
}

export interface GoldPage {
  source: string;
  columns?: number;
  articles: GoldItem[];
}

export interface Found {
  headline: string;
  kicker?: string | null;
  body: string;
  kind?: string;
}

export interface GoldScore {
  /** Gold articles and notices (the items scored). */
  expected: number;
  /** Found pieces that are not advertisements. */
  found: number;
  /** Gold items whose first words open a found piece (within its first words): the piece starts where the item does. */
  starts: number;
  /** Of those, the piece also ends where the item does (its last words close the piece). */
  whole: number;
  /** Found pieces that start where some gold item (of any kind) starts. */
  foundStarting: number;
  /** Gold headlines (items that have one) found as a piece's headline, within OCR slips. */
  headlines: number;
  withHeadline: number;
  /** Consecutive gold items whose pieces come in the same order. */
  orderKept: number;
  orderPairs: number;
  /** Per gold item: the index of the found piece it opens, or -1. */
  matchOf: number[];
}

const tokens = (s: string | null | undefined) =>
  (s ?? '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((w) => w.length > 0);

/** The same word but for OCR slips. */
export function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const n = Math.min(a.length, b.length);
  if (n < 4) return false;
  return editDistance(a, b) <= (n >= 8 ? 2 : 1);
}

/**
 * True when `want`'s words occur in order in `have[from, to)` with at most a third missed, the first
 * within the window's first `lead` words. Gives where the match began, or -1.
 */
function findRun(want: string[], have: string[], from: number, to: number, lead: number): number {
  if (want.length === 0) return -1;
  const need = Math.ceil(want.length / 2);
  for (let s = from; s < Math.min(to, from + lead); s++) {
    let k = s;
    let hit = 0;
    let first = -1;
    for (const w of want) {
      // Each wanted word may be found within the next three words (OCR splits and joins words).
      for (let d = 0; d < 3 && k + d < to; d++) {
        if (sameWord(w, have[k + d]!)) {
          if (first < 0) first = k + d;
          hit++;
          k += d + 1;
          break;
        }
      }
    }
    if (hit >= need && first === s) return s;
  }
  return -1;
}

/** How many of a piece's opening words a gold start may sit after: a headline's decks come first. */
const OPENING = 90;
/** The last words must lie within the piece's last this many words. */
const CLOSING = 30;

/**
 * Headlines within OCR slips: at most 30 % of their letters (the library's OCR of display type is poor).
 * The spaces between words count for nothing: a letterspaced "L' A U T O M N E." is "L'AUTOMNE".
 */
export function sameHeadline(gold: string, found: string): boolean {
  const g = tokens(gold).join('');
  const f = tokens(found).join('');
  if (g.length === 0 || f.length === 0) return false;
  return editDistance(g, f) <= g.length * 0.3;
}

export function scoreGoldPage(page: GoldPage, found: Found[]): GoldScore {
  const scored = page.articles.filter((a) => a.kind === 'article' || a.kind === 'notice');
  const pieces = found.filter((f) => f.kind !== 'advertisement');
  const texts = pieces.map((p) => tokens([p.kicker ?? '', p.headline, p.body].join(' ')));
  /** The piece a gold item opens and where in it its first words begin (the earliest over all pieces). */
  const startOf = (g: GoldItem): { piece: number; at: number } => {
    const want = tokens(g.firstWords || g.headline).slice(0, 10);
    let best = { piece: -1, at: Number.POSITIVE_INFINITY };
    for (let i = 0; i < texts.length; i++) {
      // A piece headed by the item's headline starts where the item does, however garbled its text.
      if (g.headline && sameHeadline(g.headline, pieces[i]!.headline)) return { piece: i, at: 0 };
      const at = findRun(want, texts[i]!, 0, texts[i]!.length, OPENING);
      if (at >= 0 && at < best.at) best = { piece: i, at };
    }
    return best;
  };
  // One piece opens one item: when two items' first words lie in a piece's opening (a short item run
  // into the next), the piece opens the one that comes first in it, and the other is not found.
  const onePerPiece = (items: GoldItem[]): number[] => {
    const at = items.map(startOf);
    return at.map((m, k) =>
      m.piece >= 0 &&
      at.every((o, j) => j === k || o.piece !== m.piece || o.at > m.at || (o.at === m.at && j > k))
        ? m.piece
        : -1,
    );
  };
  const matchOf = onePerPiece(scored);
  let whole = 0;
  let headlines = 0;
  let withHeadline = 0;
  scored.forEach((g, k) => {
    const i = matchOf[k]!;
    if (g.headline) {
      withHeadline++;
      if (
        i >= 0 &&
        (sameHeadline(g.headline, pieces[i]!.headline) ||
          sameHeadline(g.headline, `${pieces[i]!.kicker ?? ''} ${pieces[i]!.headline}`))
      )
        headlines++;
    }
    if (i >= 0 && g.lastWords) {
      const t = texts[i]!;
      const want = tokens(g.lastWords).slice(-8);
      const from = Math.max(0, t.length - CLOSING);
      if (findRun(want, t, from, t.length, CLOSING) >= 0) whole++;
    }
  });
  // The masthead is no piece of its own: a piece that opens with it is not counted as starting right.
  const starting = new Set(
    onePerPiece(page.articles.filter((a) => a.kind !== 'masthead')).filter((i) => i >= 0),
  );
  let orderKept = 0;
  let orderPairs = 0;
  for (let k = 1; k < matchOf.length; k++) {
    const a = matchOf[k - 1]!;
    const b = matchOf[k]!;
    if (a < 0 || b < 0) continue;
    orderPairs++;
    if (b > a) orderKept++;
  }
  return {
    expected: scored.length,
    found: pieces.length,
    starts: matchOf.filter((i) => i >= 0).length,
    whole,
    foundStarting: starting.size,
    headlines,
    withHeadline,
    orderKept,
    orderPairs,
    matchOf,
  };
}

/** A set's figures from its pages' scores: stories found where they start (recall), pieces that start one (precision), F1, ends, headlines, order. */
export function summary(scores: GoldScore[]) {
  const sum = (f: (s: GoldScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const expected = sum((s) => s.expected);
  const found = sum((s) => s.found);
  const recall = sum((s) => s.starts) / expected;
  const precision = sum((s) => s.foundStarting) / found;
  return {
    expected,
    found,
    recall,
    precision,
    f1: (2 * precision * recall) / (precision + recall),
    whole: sum((s) => s.whole) / expected,
    headlines: sum((s) => s.headlines) / sum((s) => s.withHeadline),
    order: sum((s) => s.orderKept) / sum((s) => s.orderPairs),
  };
}

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '–');

/** A labelled set's table as markdown: a heading, a row per page (named as given) and the set's row. */
export function goldTable(heading: string, pages: { name: string; score: GoldScore }[]): string {
  const out = [
    heading,
    '',
    '| page | gold articles | found | starts found (recall) | found pieces that start an item (precision) | F1 | whole | headlines | reading order |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  const row = (name: string, s: ReturnType<typeof summary>) =>
    out.push(
      `| ${name} | ${s.expected} | ${s.found} | ${f3(s.recall)} | ${f3(s.precision)} | ${f3(s.f1)} | ${f3(s.whole)} | ${f3(s.headlines)} | ${f3(s.order)} |`,
    );
  for (const p of pages) row(p.name, summary([p.score]));
  row('**all**', summary(pages.map((p) => p.score)));
  return `${out.join('\n')}\n`;
}
