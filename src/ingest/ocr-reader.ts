/** Reads a bulletin's pages: the text layer where it is usable, OCR of the rendered page where not, resumable page by page. */
import { ArchiveError } from '../core/errors.js';
import type { SourcePage } from '../core/types.js';
import type { ArchiveStore } from '../store/ports.js';
import { ocrLines } from './ocr-lines.js';
import type { OcrPool } from './ocr-pool.js';
import { readPdfText } from './pdf-reader.js';
import { MAX_RENDER_WIDTH, pagesWithImages, renderPagePng } from './pdf-render.js';

/** `auto`: OCR pages that are images without a usable text layer; `always`: OCR every page; `never`: text layer only. */
export type OcrMode = 'auto' | 'always' | 'never';
export const OCR_MODES: readonly OcrMode[] = ['auto', 'always', 'never'];

/** Resolution pages are rendered at for OCR. */
export const OCR_DPI = 200;

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
  let todo = pages;
  if (ocr.mode === 'auto') {
    // A page with little text is read by OCR only when it is a picture: a short last page of a
    // born-digital bulletin ("year. -0-") is text enough.
    const scanned = await pagesWithImages(
      bytes,
      pages.filter((p) => !usable(p)).map((p) => p.number),
    );
    todo = pages.filter((p) => scanned.has(p.number));
  }
  if (todo.length === 0) return { pages, ocr: null };
  ocr.onOcr?.();

  const recorded = new Map((await ocr.store.ocrPages(sourceHash)).map((r) => [r.page, r]));
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
    const width = Math.min(MAX_RENDER_WIDTH, Math.round((page.width * OCR_DPI) / 72));
    let png: Buffer;
    try {
      png = await renderPagePng(bytes, page.number, width);
    } catch (err) {
      throw new ArchiveError(
        'UNREADABLE_FILE',
        `${name}: page ${page.number} cannot be drawn for OCR (${(err as Error).message}). The file may be damaged; export it again.`,
        { cause: err },
      );
    }
    const height = Math.round((page.height * width) / page.width);
    const { page: result, seconds } = await ocr.pool.recognize(png).catch((err: unknown) => {
      throw new ArchiveError(
        'INTERNAL',
        `${name}: page ${page.number} could not be read by OCR (${(err as Error)?.message ?? String(err)}). Check that tesseract.js and @tesseract.js-data/eng are installed (npm install), then ingest the file again; pages already read are kept.`,
        { cause: err },
      );
    });
    page.lines = ocrLines(result, width, height, page.width / width);
    summary.seconds += seconds;
    await ocr.store.saveOcrPage({
      sourceHash,
      page: page.number,
      lines: page.lines,
      seconds,
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
