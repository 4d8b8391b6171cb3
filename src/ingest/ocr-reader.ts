/** Reads a bulletin's pages: the text layer where it is usable, OCR of the rendered page where not, resumable page by page. */

import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { ArchiveError } from '../core/errors.js';
import type { SourcePage } from '../core/types.js';
import type { ArchiveStore } from '../store/ports.js';
import { greyImage, prepareForOcr } from './image-prep.js';
import { resolveLimits } from './input-limits.js';
import { REREAD_SCALES, rereadHeadlines } from './ocr-headlines.js';
import { ocrLines } from './ocr-lines.js';
import type { OcrPool } from './ocr-pool.js';
import { planOcr, readPgm, toPgm } from './ocr-regions.js';
import { readPdfText } from './pdf-reader.js';
import { MAX_OCR_RENDER_WIDTH, type PageImage, pageImages, renderPagePng } from './pdf-render.js';

/** `auto`: OCR pages that are images without a usable text layer; `always`: OCR every page; `never`: text layer only. */
export type OcrMode = 'auto' | 'always' | 'never';
export const OCR_MODES: readonly OcrMode[] = ['auto', 'always', 'never'];

/** Least resolution pages are rendered at for OCR, in dots per inch of the page box. */
export const OCR_DPI = 200;
/**
 * Fewest pixels across a page drawn for OCR. A small image (a 400-px web copy of a page) is enlarged to
 * this, at most OCR_MAX_ENLARGE times: tesseract reads letters some 20-30 px high best, and a whole page
 * of type at 1,700 px across (a letter page at 200 dpi) gives that.
 */
export const OCR_MIN_WIDTH = 1700;
export const OCR_MAX_ENLARGE = 5;

const require = createRequire(import.meta.url);
const versionOf = (pkg: string): string => {
  try {
    return (require(`${pkg}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
};

/**
 * Everything that changes what OCR reads from a page: how it is drawn (renderer, resolution rules),
 * the engine, its model and language, and how its result is turned into lines. Bump READER_VERSION
 * whenever ocr-lines.ts or the drawing rules change.
 */
const READER_VERSION = 9;
export const OCR_SETTINGS = [
  `reader ${READER_VERSION}`,
  `pdfjs ${versionOf('pdfjs-dist')}`,
  `tesseract.js ${versionOf('tesseract.js')}`,
  'eng 4.0.0_best_int',
  `dpi ${OCR_DPI} min ${OCR_MIN_WIDTH} x${OCR_MAX_ENLARGE} resampled`,
  'columns read one by one',
  `headlines of small scans read again at ${REREAD_SCALES.join(', ')} times`,
].join('; ');

/**
 * The key OCR'd pages are recorded under: the source file's sha256, the OCR settings, the languages
 * read with and the engine (the `tesseract` command and its version; tesseract.js's version is in the
 * settings), so changed settings, languages or engine read the file afresh. English by tesseract.js
 * keeps the key it had before languages and engines could be chosen.
 */
export function ocrCacheKey(
  sourceHash: string,
  languages: readonly string[] = ['eng'],
  engine: string | null = null,
): string {
  const langs = languages.join('+');
  let settings = langs === 'eng' ? OCR_SETTINGS : `${OCR_SETTINGS}; languages ${langs}`;
  if (engine) settings += `; engine ${engine}`;
  return createHash('sha256').update(`${sourceHash}\n${settings}`).digest('hex');
}

/** How a page is drawn for OCR: pixels across as pdfjs draws it, and the enlargement applied after. */
export interface OcrRendering {
  draw: number;
  enlarge: number;
}

/**
 * How page `pageWidth` × `pageHeight` (points) is drawn for OCR: at least OCR_DPI of the page box and at
 * least the resolution of the image it draws (never fewer pixels than the scan has), within the render
 * limits; a page still narrower than OCR_MIN_WIDTH is then enlarged by resampling (at most
 * OCR_MAX_ENLARGE times), which reads better than pdfjs drawing the small image large (about 8 points of
 * character error rate on the KB's 1937 ANP bulletins at 410 px, scripts/ocr-compare.ts).
 */
export function ocrRendering(pageWidth: number, pageHeight: number, image?: PageImage): OcrRendering {
  const box = (pageWidth * OCR_DPI) / 72;
  const native =
    image && image.pixels > 0 && image.points > 0 ? (image.pixels * pageWidth) / image.points : 0;
  const maxPixels = resolveLimits().maxRenderPixels;
  const byPixels = Math.sqrt((maxPixels * pageWidth) / Math.max(1, pageHeight));
  const draw = Math.max(16, Math.floor(Math.min(Math.max(box, native), MAX_OCR_RENDER_WIDTH, byPixels)));
  const enlarge = draw < OCR_MIN_WIDTH ? Math.min(OCR_MAX_ENLARGE, OCR_MIN_WIDTH / draw) : 1;
  // The enlarged page stays within the same pixel limit.
  const room = Math.sqrt(maxPixels / Math.max(1, draw * ((draw * pageHeight) / pageWidth)));
  return { draw, enlarge: Math.max(1, Math.min(enlarge, room)) };
}

export interface OcrContext {
  mode: OcrMode;
  pool: OcrPool;
  /** Where OCR'd pages are recorded and found again (the archive store, or a scratch one for evaluation). */
  store: Pick<ArchiveStore, 'ocrPages' | 'saveOcrPage'>;
  /** Called with 0 before the first page is read by OCR, then after each: pages done and pages to read in this file (recorded ones not counted). */
  onPage?: (done: number, total: number) => void;
  /** Called once when some page of the file is to be read by OCR (recorded pages included), before any is. */
  onOcr?: () => void;
}

/** What OCR did for one file: pages read by OCR, how many of them came from an earlier (interrupted) run, seconds. */
export interface OcrSummary {
  pages: number;
  reused: number;
  seconds: number;
}

/** A text layer with fewer letters than this on a page that draws an image is not the page's text (a scan, or a stamp on one). */
const MIN_LETTERS = 20;

function usable(page: SourcePage): boolean {
  let letters = 0;
  for (const l of page.lines) letters += l.text.replace(/[^\p{L}]/gu, '').length;
  return letters >= MIN_LETTERS;
}

/**
 * Reads every page of a PDF. Pages that need OCR are rendered at OCR_DPI and read by the pool in
 * parallel; each page's result is recorded in the store as soon as it is read, under the file's
 * sha256, so a run that is killed and started again reads only the pages it had not finished.
 */
export async function readBulletin(
  bytes: Uint8Array,
  name: string,
  sourceHash: string,
  ocr: OcrContext,
): Promise<{ pages: SourcePage[]; ocr: OcrSummary | null }> {
  const { pages } = await readPdfText(bytes, name);
  if (ocr.mode === 'never') return { pages, ocr: null };
  // A page with little text is read by OCR only when it is a picture: a short last page of a
  // born-digital bulletin ("year. -0-") is text enough.
  const images = await pageImages(
    bytes,
    pages.filter((p) => ocr.mode === 'always' || !usable(p)).map((p) => p.number),
  );
  const todo = ocr.mode === 'always' ? pages : pages.filter((p) => images.has(p.number));
  if (todo.length === 0) return { pages, ocr: null };
  ocr.onOcr?.();

  const key = ocrCacheKey(sourceHash, ocr.pool.languages, await ocr.pool.engineKey());
  const recorded = new Map((await ocr.store.ocrPages(key)).map((r) => [r.page, r]));
  const summary: OcrSummary = { pages: todo.length, reused: 0, seconds: 0 };
  const fresh = todo.filter((p) => !recorded.has(p.number)).length;
  let done = 0;
  const read = async (page: SourcePage): Promise<void> => {
    const earlier = recorded.get(page.number);
    if (earlier) {
      page.lines = earlier.lines;
      summary.reused++;
      return;
    }
    const { draw, enlarge } = ocrRendering(page.width, page.height, images.get(page.number));
    const width = Math.max(1, Math.round(draw * enlarge));
    const height = Math.max(1, Math.round(Math.round((page.height * draw) / page.width) * enlarge));
    let png: Buffer;
    try {
      png = await renderPagePng(bytes, page.number, draw, MAX_OCR_RENDER_WIDTH);
      // Greyscale PGM: tesseract reads it as well, and it costs nothing to write where a PNG costs seconds.
      if (enlarge > 1)
        png = await prepareForOcr(png, {
          scale: enlarge,
          binarise: false,
          sharpen: false,
          stretch: false,
          format: 'pgm',
        });
    } catch (err) {
      throw new ArchiveError(
        'UNREADABLE_FILE',
        `${name}: page ${page.number} cannot be drawn for OCR (${(err as Error).message}). The file may be damaged; export it again.`,
        { cause: err },
      );
    }
    // A page in columns is read a column at a time (ocr-regions.ts); a typed page stays one region.
    const grey = readPgm(png) ?? (await greyImage(png));
    const plan = planOcr(grey);
    const regions = plan.regions;
    if (plan.straightened) png = toPgm(plan.straightened);
    const {
      page: result,
      seconds,
      blockRegions,
    } = await ocr.pool.recognize(png, regions).catch((err: unknown) => {
      throw new ArchiveError(
        'INTERNAL',
        `${name}: page ${page.number} could not be read by OCR (${(err as Error)?.message ?? String(err)}). Check that tesseract.js and @tesseract.js-data/eng are installed (npm install), then ingest the file again; pages already read are kept.`,
        { cause: err },
      );
    });
    page.lines = ocrLines(result, width, height, page.width / width, {
      regions,
      blockRegions: blockRegions ?? [],
    });
    // A small scan's headline lines are read again at the sizes headline type reads best (ocr-headlines.ts).
    let again = 0;
    await rereadHeadlines(page.lines, plan.straightened ?? grey, width / page.width, enlarge, async (pgm) => {
      const r = await ocr.pool.recognize(pgm);
      again += r.seconds;
      return r.page;
    }).catch((err: unknown) => {
      throw new ArchiveError(
        'INTERNAL',
        `${name}: the headlines of page ${page.number} could not be read again by OCR (${(err as Error)?.message ?? String(err)}). Ingest the file again; pages already read are kept.`,
        { cause: err },
      );
    });
    summary.seconds += seconds + again;
    await ocr.store.saveOcrPage({
      sourceHash: key,
      page: page.number,
      lines: page.lines,
      seconds: seconds + again,
      recordedAt: new Date().toISOString(),
    });
    ocr.onPage?.(++done, fresh);
  };
  // Said at the start, so that a progress display times the pages from here, not from the first one done.
  if (fresh > 0) ocr.onPage?.(0, fresh);
  // Keep every worker busy, and no more pages drawn ahead than there are workers.
  const queue = [...todo];
  const lanes = Array.from({ length: Math.min(ocr.pool.size, todo.length) }, async () => {
    for (let p = queue.shift(); p; p = queue.shift()) await read(p);
  });
  await Promise.all(lanes);
  return { pages, ocr: summary };
}
