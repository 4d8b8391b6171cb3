/**
 * The pieces once drafted: where each stands on its pages, a heading with no text of its own folded into
 * the story under it, and scraps (a few words under a line of large type) absorbed into the piece before.
 */
import type { ArticleDraft, ArticleRegion } from '../core/types.js';
import { readingCase } from '../text/reading-case.js';
import { pieceWords, type StreamLine } from './layout.js';

/** One to three words ending in a full stop. */
export const SECTION_CAPS = /^\S+(?:\s+\S+){0,2}\.$/;

/** Grows a region, in place, to take in a box. */
export function widen(r: ArticleRegion, b: { x: number; y: number; w: number; h: number }): void {
  const right = Math.max(r.x + r.w, b.x + b.w);
  const bottom = Math.max(r.y + r.h, b.y + b.h);
  r.x = Math.min(r.x, b.x);
  r.y = Math.min(r.y, b.y);
  r.w = right - r.x;
  r.h = bottom - r.y;
}

/**
 * Where a run of lines stands on its pages: one rectangle per run of lines in one block of one page (a
 * story over two columns has two), in reading order. Lines without a box (none today) are left out.
 */
export function regionsOf(lines: StreamLine[]): ArticleRegion[] {
  const out: ArticleRegion[] = [];
  let last: StreamLine | null = null;
  for (const l of lines) {
    const b = l.box;
    if (!b || b.w <= 0 || b.h <= 0) continue;
    const r = out.at(-1);
    // The next line of the same block on the same page, below the last (not the top of a new column).
    if (r && last && last.page === l.page && last.block === l.block && b.y >= r.y - b.h) widen(r, b);
    else out.push({ page: l.page, x: b.x, y: b.y, w: b.w, h: b.h });
    last = l;
  }
  return out.map((r) => ({
    page: r.page,
    x: round(r.x),
    y: round(r.y),
    w: round(r.w),
    h: round(r.h),
  }));
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * A heading with a dateline and no text of its own over a story headed again ("VERVOLG DER
 * NIEUWSTIJDINGEN." and "AMSTERDAM, Donderdag 30 November." above "Tweede Kamer.") is that story's
 * section and date: its heading becomes the story's kicker, its dateline the story's, on the same page.
 */
export function foldEmptyHeads(drafts: ArticleDraft[]): ArticleDraft[] {
  const out: ArticleDraft[] = [];
  drafts.forEach((d, i) => {
    const next = drafts[i + 1];
    if (
      next &&
      d.dateline !== null &&
      d.body.trim() === '' &&
      d.headlinePrinted !== '' &&
      next.dateline === null &&
      next.kicker === null &&
      next.firstPage === d.lastPage
    ) {
      next.kicker = readingCase(d.headlinePrinted);
      next.dateline = d.dateline;
      next.firstPage = Math.min(next.firstPage, d.firstPage);
      next.regions = [...(d.regions ?? []), ...(next.regions ?? [])];
      return;
    }
    out.push(d);
  });
  return out;
}

/** Fewest words of text a piece needs to stand as an article of its own. */
const MIN_ARTICLE_WORDS = 20;

/** Share of a table's words holding a digit, past which a piece is read as a table of figures. */
const TABLE_DIGITS = 0.25;

const digitShare = (text: string) => {
  const tokens = text.split(/\s+/).filter(Boolean);
  return tokens.filter((t) => /\d/.test(t)).length / Math.max(1, tokens.length);
};

/**
 * A "heading" over a few words and nothing more (a line of large type inside an advertisement, "GOUD,
 * ZILVERWERK," over an address) is no article: it and its words go into the piece before it on the same
 * page. A piece with a dateline, or one that says where it goes on, stands whatever its length.
 *
 * A table of figures is cut by its own subheadings in the text's type ("Loten.", a garbled "SBV2" over
 * the stock prices): a piece of figures so headed goes into the table of figures before it on its page.
 */
export function absorbScraps(
  drafts: ArticleDraft[],
  heads: ReadonlyMap<ArticleDraft, StreamLine>,
  entries: ReadonlySet<ArticleDraft>,
): ArticleDraft[] {
  const textType = (d: ArticleDraft | undefined) => {
    const h = d && heads.get(d);
    return h !== undefined && !h.large && h.size < 1.1;
  };
  const section = (d: ArticleDraft | undefined) =>
    textType(d) && SECTION_CAPS.test(heads.get(d!)!.text.trim());
  const out: ArticleDraft[] = [];
  drafts.forEach((d, i) => {
    const prev = out.at(-1);
    // One of a run of sections headed alike ("BINNENGEKOMEN.", "VERTROKKEN.", "ZEILKLAAR.") stands.
    const sibling = section(d) && section(drafts[i - 1]);
    const words = pieceWords(d.body);
    const table =
      textType(d) &&
      prev !== undefined &&
      digitShare(d.body) >= TABLE_DIGITS &&
      digitShare(prev.body) >= TABLE_DIGITS;
    if (
      prev &&
      (words < MIN_ARTICLE_WORDS || table) &&
      !sibling &&
      !entries.has(d) &&
      d.dateline === null &&
      d.references.length === 0 &&
      prev.lastPage === d.firstPage
    ) {
      prev.body = [prev.body, d.headlinePrinted, d.body].filter((t) => t.trim() !== '').join('\n\n');
      prev.lastPage = Math.max(prev.lastPage, d.lastPage);
      prev.regions = [...(prev.regions ?? []), ...(d.regions ?? [])];
      return;
    }
    out.push(d);
  });
  return out;
}
