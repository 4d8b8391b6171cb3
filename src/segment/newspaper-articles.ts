/**
 * Finds articles on ALTO newspaper pages: a typed one-column page goes through the bulletin segmenter;
 * a multi-column page is read column by column, a story starting at each headline in large capitals;
 * a page with no headline to go by is one article, "<title>, page N".
 */
import type { ArticleDraft, ArticleRegion, SourceLine, SourcePage } from '../core/types.js';
import type { AltoPage } from '../ingest/ndnp/alto-reader.js';
import { readingCase } from '../text/reading-case.js';
import { isCaps } from './layout.js';
import { widen } from './pieces.js';
import { joinRuledDisplay } from './ruled-cells.js';
import { segment } from './segmenter.js';

/** How the articles of an issue were found: the segmenter, headlines on the page, or one per page. */
export type ArticleMethod = 'segmenter' | 'headlines' | 'pages';

interface Story {
  headline: string[];
  lines: SourceLine[];
  page: number;
  /** Where the story stands: one rectangle per run of its lines (headline too) in one ALTO block. */
  regions: ArticleRegion[];
}

/** Adds a line to the story's regions: the last region grows when the line is of the same block, else a new one. */
function place(s: Story, block: object, line: SourceLine, runs: WeakMap<ArticleRegion, object>): void {
  const last = s.regions.at(-1);
  if (last && runs.get(last) === block) {
    widen(last, { x: line.x, y: line.y, w: line.width, h: line.height });
    return;
  }
  const r = { page: s.page, x: line.x, y: line.y, w: line.width, h: line.height };
  runs.set(r, block);
  s.regions.push(r);
}

/** The articles, in reading order, and the method that found them. */
export function newspaperArticles(
  pages: AltoPage[],
  titleName: string,
  date: string,
): { articles: ArticleDraft[]; method: ArticleMethod } {
  // Every page goes through the page model and the segmenter, as a PDF's pages do: columns and blocks
  // found, headlines by their type, a story's small head centred over its dateline. The rule below,
  // headlines in capitals read column by column, is left for pages where that finds no headed story.
  const seg = segment(pages.map(toSourcePage), date, titleName);
  if (seg.articles.some((a) => a.headlinePrinted.trim() !== ''))
    return { articles: joinRuledDisplay(seg.layouts, seg.articles), method: 'segmenter' };
  if (pages.every(isOneColumn) && seg.articles.length > 0)
    return { articles: seg.articles, method: 'segmenter' };
  const stories: Story[] = [];
  const runs = new WeakMap<ArticleRegion, object>();
  let headlines = 0;
  pages.forEach((page, i) => {
    const number = i + 1;
    let cur: Story = { headline: [], lines: [], page: number, regions: [] };
    const flush = () => {
      if (cur.lines.length > 0 || cur.headline.length > 0) stories.push(cur);
    };
    const body = medianLineHeight(page);
    for (const block of page.blocks) {
      // A full-width block at the top is the masthead: it stays with the page's front matter.
      const masthead = block.w >= page.width * 0.6 && block.y < page.height * 0.15;
      const col = columnOf(block.lines);
      for (const line of block.lines) {
        if (!masthead && isHeadline(line, body, col)) {
          // Headline lines in a row belong to one headline (up to three); a fourth starts the body.
          if (cur.lines.length > 0 || cur.headline.length === 0) {
            flush();
            cur = { headline: [], lines: [], page: number, regions: [] };
            headlines++;
          }
          if (cur.headline.length < 3) {
            cur.headline.push(line.text);
            place(cur, block, line, runs);
            continue;
          }
        }
        cur.lines.push(line);
        place(cur, block, line, runs);
      }
    }
    flush();
  });
  const method: ArticleMethod = headlines > 0 ? 'headlines' : 'pages';
  if (method === 'pages') stories.length = 0;
  if (method === 'pages')
    pages.forEach((p, i) => {
      const story: Story = { headline: [], lines: [], page: i + 1, regions: [] };
      for (const b of p.blocks) {
        for (const l of b.lines) {
          story.lines.push(l);
          place(story, b, l, runs);
        }
      }
      stories.push(story);
    });
  const articles: ArticleDraft[] = stories
    .map((s) => ({ ...s, body: bodyOf(s.lines) }))
    .filter((s) => s.body.length > 0 || s.headline.length > 0)
    .map((s, ordinal) => {
      const printed = s.headline.join(' ').replace(/\s+/g, ' ').trim();
      const fallback = `${titleName}, page ${s.page}`;
      return {
        ordinal,
        headlinePrinted: printed || fallback,
        headline: printed ? readingCase(printed) : fallback,
        kicker: null,
        byline: null,
        dateline: null,
        body: s.body,
        firstPage: s.page,
        lastPage: s.page,
        references: [],
        regions: s.regions,
      };
    });
  return { articles, method };
}

function isOneColumn(page: AltoPage): boolean {
  return page.blocks.every((b) => b.w >= page.width * 0.6);
}

/**
 * A headline line: capitals and a few words, either in type clearly larger than the page's body text or
 * centred in its column with clear space on both sides (the small heads of shorter stories).
 */
function isHeadline(line: SourceLine, bodyHeight: number, col: { left: number; right: number }): boolean {
  const letters = line.text.replace(/[^\p{L}]/gu, '').length;
  if (letters < 4 || line.words.length > 10 || !isCaps(line.text)) return false;
  if (line.height >= bodyHeight * 1.4) return true;
  const width = col.right - col.left;
  const left = line.x - col.left;
  const right = col.right - (line.x + line.width);
  return letters >= 6 && left > width * 0.08 && right > width * 0.08 && Math.abs(left - right) < width * 0.12;
}

/** A column's text edges: where most of its lines start and end (block boxes in ALTO are often wider). */
function columnOf(lines: SourceLine[]): { left: number; right: number } {
  const lefts = lines.map((l) => l.x).sort((a, b) => a - b);
  const rights = lines.map((l) => l.x + l.width).sort((a, b) => a - b);
  return {
    left: lefts[Math.floor(lefts.length * 0.1)] ?? 0,
    right: rights[Math.floor(rights.length * 0.9)] ?? 0,
  };
}

function medianLineHeight(page: AltoPage): number {
  const hs = page.blocks.flatMap((b) => b.lines.map((l) => l.height)).sort((a, b) => a - b);
  return hs[Math.floor(hs.length / 2)] ?? 0;
}

/** Joins lines into paragraphs: a line-end hyphen before a lower-case word is undone; an indented line starts a paragraph. */
export function bodyOf(lines: SourceLine[]): string {
  const paras: string[] = [];
  let cur = '';
  let prev: SourceLine | null = null;
  for (const l of lines) {
    const indented = prev !== null && l.x - prev.x > Math.max(4, prev.height * 0.8) && l.y > prev.y;
    if (cur && indented) {
      paras.push(cur);
      cur = '';
    }
    if (cur.endsWith('-') && /^\p{Ll}/u.test(l.text)) cur = cur.slice(0, -1) + l.text;
    else cur = cur ? `${cur} ${l.text}` : l.text;
    prev = l;
  }
  if (cur) paras.push(cur);
  return paras.join('\n\n').trim();
}

/** An ALTO page as the segmenter reads PDFs: its lines in block order. */
export function toSourcePage(page: AltoPage, i: number): SourcePage {
  return {
    number: i + 1,
    width: page.width,
    height: page.height,
    lines: page.blocks.flatMap((b) => b.lines),
    ...(page.rules?.length ? { rules: page.rules } : {}),
  };
}
