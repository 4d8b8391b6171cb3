/**
 * Headlines of a library's OCR read again from the page image. A library delivers its pages' OCR (ALTO)
 * with the page scans; the OCR of display and bold type is often worse than of the body ("Important CIISPR
 * nt U'nlioo." for "Important Cases at Wahoo.", in the NDNP's 1887 Omaha Daily Bee), and the headline is
 * what a reader sees first in every list. Once the articles are found, each headline's lines are cut from
 * the scan and read by tesseract at three sizes (ocr-headlines.ts), and every word is taken as most readings
 * give it, the library's reading among them.
 */
import type { Page } from 'tesseract.js';
import type { ArticleDraft, ArticleRegion, SourceLine, SourcePage } from '../core/types.js';
import { readingCase } from '../text/reading-case.js';
import { pageDrawer } from './native-render.js';
import { rereadHeadlines } from './ocr-headlines.js';
import { MAX_OCR_RENDER_WIDTH } from './pdf-render.js';

const inside = (l: SourceLine, r: ArticleRegion) => {
  const cx = l.x + l.width / 2;
  const cy = l.y + l.height / 2;
  return cx >= r.x - 1 && cx <= r.x + r.w + 1 && cy >= r.y - 1 && cy <= r.y + r.h + 1;
};

const squeeze = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * The lines that print an article's headline: among the page's lines inside the article's regions, in
 * order, the first run whose texts joined make the headline as printed. Null when there is none (the
 * segmenter dropped or joined something, so the headline is no longer the lines' own text).
 */
export function headlineLines(article: ArticleDraft, page: SourcePage): SourceLine[] | null {
  const printed = squeeze(article.headlinePrinted);
  if (!printed) return null;
  const regions = (article.regions ?? []).filter((r) => r.page === page.number);
  const lines = page.lines.filter((l) => l.text.trim() && regions.some((r) => inside(l, r)));
  for (let i = 0; i < lines.length; i++) {
    let text = '';
    for (let j = i; j < lines.length; j++) {
      text = squeeze(`${text} ${lines[j]!.text}`);
      if (text === printed) return lines.slice(i, j + 1);
      if (!printed.startsWith(text)) break;
    }
  }
  return null;
}

/**
 * Reads the headlines of `articles` again from the scans in `pdf` (page n of the PDF is page n of
 * `pages`) and puts the words most readings agree on into each headline and into its lines (so the stored
 * words, search and the ALTO export have them too). A page that draws no image is left as it is.
 * `recognize`: one read of an image (tesseract, PSM 6).
 */
export async function rereadLibraryHeadlines(
  articles: ArticleDraft[],
  pages: SourcePage[],
  pdf: Uint8Array,
  recognize: (pgm: Buffer) => Promise<{ page: Page; seconds: number }>,
): Promise<void> {
  const drawer = await pageDrawer(pdf);
  try {
    await readPages();
  } finally {
    await drawer.close();
  }

  async function readPages(): Promise<void> {
    const images = await drawer.images(pages.map((p) => p.number));
    for (const page of pages) {
      const image = images.get(page.number);
      if (!image || image.points <= 0) continue;
      const found = articles
        .filter((a) => a.firstPage === page.number)
        .map((a) => ({ a, lines: headlineLines(a, page) }))
        .filter((x): x is { a: ArticleDraft; lines: SourceLine[] } => x.lines !== null);
      if (found.length === 0) continue;
      // The page drawn at its scan's own pixels (never below them, never past the OCR width limit).
      const draw = Math.min(
        MAX_OCR_RENDER_WIDTH,
        Math.max(16, Math.round((image.pixels * page.width) / image.points)),
      );
      const grey = await drawer.grey(
        page.number,
        draw,
        Math.round((draw * page.height) / page.width),
        MAX_OCR_RENDER_WIDTH,
      );
      const before = found.map((f) => f.lines.map((l) => l.text));
      await rereadHeadlines(
        page.lines,
        grey,
        draw / page.width,
        1,
        async (pgm) => (await recognize(pgm)).page,
        found.flatMap((f) => f.lines),
      );
      found.forEach((f, k) => {
        const old = squeeze(before[k]!.join(' '));
        const now = squeeze(f.lines.map((l) => l.text).join(' '));
        if (now === old) return;
        const wasReadingCase = f.a.headline === readingCase(f.a.headlinePrinted);
        f.a.headlinePrinted = now;
        if (wasReadingCase) f.a.headline = readingCase(now);
      });
    }
  }
}

/**
 * rereadLibraryHeadlines for an ingest: where it fails, the library's reading stands, and the notice
 * returned says so to the admin (`what` names the issue, `again` what to run again); undefined when it ran.
 */
export async function rereadOrNotice(
  articles: ArticleDraft[],
  pages: SourcePage[],
  pdf: Uint8Array,
  recognize: (pgm: Buffer) => Promise<{ page: Page; seconds: number }>,
  what: string,
  again: string,
): Promise<string | undefined> {
  try {
    await rereadLibraryHeadlines(articles, pages, pdf, recognize);
    return undefined;
  } catch (err) {
    return `${what}: the headlines were kept as the library's OCR reads them; reading them again from the page scans failed (${(err as Error)?.message ?? String(err)}). Check that tesseract.js and @tesseract.js-data/eng are installed (npm install), then ${again}.`;
  }
}
