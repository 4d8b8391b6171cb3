/**
 * Jumps: an article that ends "(Continued on Page 4)" goes on under a short repeated heading and
 * "(Continued from Page 1)". The parts are joined into one article: one text, the page span of both,
 * and the continuation's heading is not an article of its own.
 */
import type { ArticleDraft } from '../core/types.js';
import { maxCost, ocrCost } from '../search/ocr-distance.js';
import { tokens } from '../text/normalize.js';

/** "(Continued on Page 4)", "(Continued on Page 3, Column 2)", "Continued on page 4", "(Cont'd on P. 4)". */
export const CONTINUED_ON =
  /\(?\s*(?:continued|cont(?:'|’)?d\.?)\s+on\s+(?:page|p\.?)\s*(\d{1,3})(?:\s*,?\s*(?:column|col\.?)\s*(\d{1,2}))?\s*\.?\s*\)?/i;
/** "(Continued from Page 1)", "Continued from page 1, column 3". */
export const CONTINUED_FROM =
  /\(?\s*(?:continued|cont(?:'|’)?d\.?)\s+from\s+(?:page|p\.?)\s*(\d{1,3})(?:\s*,?\s*(?:column|col\.?)\s*(\d{1,2}))?\s*\.?\s*\)?/i;

/** True when a line is a jump line of either kind and nothing else. */
export function isJumpLine(text: string): boolean {
  const t = text.trim();
  const m = CONTINUED_ON.exec(t) ?? CONTINUED_FROM.exec(t);
  return m !== null && m[0].trim().length >= t.length - 2;
}

/** Where a part says it goes on: the page named in a "Continued on" near its end. */
function jumpTo(a: ArticleDraft): { page: number; at: number; length: number } | null {
  const tail = a.body.slice(-240);
  const m = CONTINUED_ON.exec(tail);
  if (!m) return null;
  return { page: Number(m[1]), at: a.body.length - tail.length + m.index, length: m[0].length };
}

/** Where a part says it came from: a "Continued from" at its start. */
function jumpFrom(a: ArticleDraft): { page: number; length: number } | null {
  const head = a.body.slice(0, 200);
  const m = CONTINUED_FROM.exec(head);
  if (!m || head.slice(0, m.index).trim().length > 0) return null;
  return { page: Number(m[1]), length: m.index + m[0].length };
}

function overlap(a: string, b: string): number {
  const wa = new Set(tokens(a).filter((t) => t.length > 2));
  return tokens(b).filter((t) => t.length > 2 && wa.has(t)).length;
}

/** How many jumps were joined, for reports. */
export interface JoinResult {
  articles: ArticleDraft[];
  joined: number;
}

/**
 * Joins continued parts. A part ending "Continued on Page N" takes the article on page N that opens
 * "Continued from Page P" (P one of its pages), preferring the one whose heading shares most words with
 * its headline; without such an opening, the article on page N whose heading words all come from its
 * headline. Ordinals are renumbered; the joined part's "Continued" lines are dropped from the text.
 * `ownHeads` are pieces headed by their paragraph's run-in head ("La représentation proportionnelle. —
 * Nous voici …"): an item's own head, never a jump heading, whatever headline before it shares its words.
 */
export function joinContinuations(
  articles: ArticleDraft[],
  ownHeads: ReadonlySet<ArticleDraft> = new Set(),
): JoinResult {
  const taken = new Set<ArticleDraft>();
  let joined = 0;
  for (const a of articles) {
    if (taken.has(a)) continue;
    // A part may jump more than once (page 1 → 4 → 6).
    for (let hop = 0; hop < 4; hop++) {
      const to = jumpTo(a);
      if (!to) break;
      const onPage = articles.filter((b) => b !== a && !taken.has(b) && b.firstPage === to.page);
      const opens = onPage.filter((b) => {
        const from = jumpFrom(b);
        return from !== null && from.page >= a.firstPage && from.page <= a.lastPage;
      });
      const named = onPage.filter((b) => {
        const words = tokens(b.headlinePrinted).filter((t) => t.length > 2);
        return (
          words.length > 0 &&
          words.length <= 6 &&
          overlap(a.headlinePrinted, b.headlinePrinted) === words.length
        );
      });
      const pool = opens.length > 0 ? opens : named;
      if (pool.length === 0) break;
      const b = pool.reduce((x, y) =>
        overlap(a.headlinePrinted, y.headlinePrinted) > overlap(a.headlinePrinted, x.headlinePrinted) ? y : x,
      );
      const mine = a.parts ?? [{ firstPage: a.firstPage, lastPage: a.lastPage }];
      const from = jumpFrom(b);
      const rest = (from ? b.body.slice(from.length) : b.body).replace(/^\s+/, '');
      const before = (a.body.slice(0, to.at) + a.body.slice(to.at + to.length)).replace(/\s+$/, '');
      a.body = `${before}\n\n${rest}`.trim();
      a.lastPage = Math.max(a.lastPage, b.lastPage);
      a.firstPage = Math.min(a.firstPage, b.firstPage);
      a.references = [
        ...a.references.filter((r) => r.kind !== 'continued'),
        ...b.references.filter((r) => r.kind !== 'continued'),
      ];
      a.parts = [...mine, ...(b.parts ?? [{ firstPage: b.firstPage, lastPage: b.lastPage }])];
      if (a.regions || b.regions) a.regions = [...(a.regions ?? []), ...(b.regions ?? [])];
      taken.add(b);
      joined++;
    }
  }
  joined += joinUnmarked(articles, taken, ownHeads);
  const out = articles.filter((a) => !taken.has(a));
  out.forEach((a, i) => {
    a.ordinal = i;
  });
  return { articles: out, joined };
}

/** Two words alike but for OCR slips (a misread letter or two in a long word). */
function alike(a: string, b: string): boolean {
  return (
    a === b || ocrCost(a, b, maxCost(Math.min(a.length, b.length))) <= maxCost(Math.min(a.length, b.length))
  );
}

/**
 * Jumps whose "Continued" lines could not be read (a small scan turns them to garble): a part on a later
 * page that opens with no dateline under a short heading whose words, but for OCR slips, nearly all come
 * from an earlier article's headline ("GENEVA ABOARD SHIP" under "1,850 REFUGEES REACH GENEVA ABOARD
 * SHIP") is that article's continuation. At least two words must agree, and two thirds of the heading.
 */
const longWords = (s: string) => tokens(s).filter((t) => t.length > 2);

/**
 * How many words of a short heading (two to six words of three letters or more) are, but for OCR slips,
 * words of a longer headline: the count when at least two and two thirds of the heading's agree, else 0.
 * A jump heading repeats its story's headline so ("SCHOLARS MEET IN RIO" read "SMCTIOLARS MENT IN RIO").
 */
export function jumpHeadingHits(heading: string, headline: string): number {
  const words = longWords(heading);
  const head = longWords(headline);
  if (words.length < 2 || words.length > 6 || head.length <= words.length) return 0;
  const hits = words.filter((w) => head.some((h) => alike(w, h))).length;
  return hits >= 2 && hits * 3 >= words.length * 2 ? hits : 0;
}

function joinUnmarked(
  articles: ArticleDraft[],
  taken: Set<ArticleDraft>,
  ownHeads: ReadonlySet<ArticleDraft>,
): number {
  let joined = 0;
  for (const b of articles) {
    if (taken.has(b) || b.dateline !== null || b.parts !== undefined || ownHeads.has(b)) continue;
    let best: ArticleDraft | null = null;
    let bestHits = 0;
    for (const a of articles) {
      if (a === b || taken.has(a) || a.lastPage >= b.firstPage || jumpTo(a) !== null) continue;
      const hits = jumpHeadingHits(b.headlinePrinted, a.headlinePrinted);
      if (hits > bestHits) {
        best = a;
        bestHits = hits;
      }
    }
    if (!best) continue;
    const mine = best.parts ?? [{ firstPage: best.firstPage, lastPage: best.lastPage }];
    best.body = `${best.body.replace(/\s+$/, '')}\n\n${b.body.replace(/^\s+/, '')}`.trim();
    best.lastPage = Math.max(best.lastPage, b.lastPage);
    best.references = [...best.references, ...b.references.filter((r) => r.kind !== 'continued')];
    best.parts = [...mine, { firstPage: b.firstPage, lastPage: b.lastPage }];
    if (best.regions || b.regions) best.regions = [...(best.regions ?? []), ...(b.regions ?? [])];
    taken.add(b);
    joined++;
  }
  return joined;
}
