/**
 * `dateline ingest PATH... [options]`: ingests files and folders of bulletin PDFs, NDNP batches and library
 * deliveries (DIDL, METS/ALTO, ABBYY, BagIt).
 */
import { basename, resolve } from 'node:path';
import { type Archive, resolveDurability } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { collectFiles, type FileReport } from '../ingest/ingest.service.js';
import { resolveLimits } from '../ingest/input-limits.js';
import { OCR_MODES, type OcrMode } from '../ingest/ocr-reader.js';
import { hasTopK } from '../search/top-k.js';
import {
  type ArchiveFlags,
  archiveArgs,
  archiveOptionHelp,
  archiveOptions,
  openArchiveFromFlags,
} from './archive-flags.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';
import { createProgress } from './progress.js';

export const ingestSpec = commandSpec({
  name: 'ingest',
  args: 'PATH...',
  about:
    'Ingests files and folders of bulletin PDFs (folders are searched to the bottom), NDNP batches and library\ndeliveries (DIDL, METS/ALTO, ABBYY, BagIt). Exits 0 when nothing failed, 1 when a file failed.',
  options: {
    ...archiveOptions,
    ocr: { type: 'string', default: 'auto' },
    durability: { type: 'string' },
    queue: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'max-file-mb': { type: 'string' },
    'max-pages': { type: 'string' },
    'max-page-side': { type: 'string' },
    'max-image-megapixels': { type: 'string' },
    'max-render-megapixels': { type: 'string' },
  },
  help: {
    ...archiveOptionHelp,
    ocr: ['auto|always|never', 'which pages to read by OCR: those without a text layer (auto), all, none'],
    durability: ['normal|full', 'SQLite: full flushes every commit to disk (or DATELINE_DURABILITY)'],
    queue: ['', 'queue the files for workers instead of ingesting them here (needs --db)'],
    json: ['', 'print the report as one JSON object'],
    'max-file-mb': ['N', 'refuse larger files (default 200, or DATELINE_MAX_FILE_MB)'],
    'max-pages': ['N', 'refuse bulletins with more pages (default 2000, or DATELINE_MAX_PAGES)'],
    'max-page-side': ['POINTS', 'refuse larger pages (default 14400, or DATELINE_MAX_PAGE_SIDE)'],
    'max-image-megapixels': [
      'N',
      'refuse larger images in a PDF (default 200, or DATELINE_MAX_IMAGE_MEGAPIXELS)',
    ],
    'max-render-megapixels': [
      'N',
      'largest page image drawn (default 40, or DATELINE_MAX_RENDER_MEGAPIXELS)',
    ],
  },
  examples: ['ingest ./scans --data ./data', 'ingest 1974-12-19.pdf --ocr always --json'],
});

/** Prints one report line per file; returns 0 when nothing failed, 1 when some file did. */
export async function ingestCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(ingestSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const ocr = values.ocr as OcrMode;
  if (!OCR_MODES.includes(ocr))
    throw new ArchiveError(
      'USAGE',
      `--ocr must be auto, always or never; got "${values.ocr}".\n${usageLine(ingestSpec)}`,
    );
  if (positionals.length === 0)
    throw new ArchiveError('USAGE', `Name at least one file or folder to ingest.\n${usageLine(ingestSpec)}`);
  const items = await findInputs(positionals);
  const limits = resolveLimits(values as unknown as Record<string, string | undefined>);
  const archive = await openArchiveFromFlags(values, {
    ocr,
    limits,
    durability: resolveDurability(values.durability),
  });
  try {
    if (values.queue) {
      if (!archive.queue)
        throw new ArchiveError('USAGE', '--queue needs --db postgres://…: the queue lives in PostgreSQL.');
      // Each job keeps the options given here: a worker ingests it as this command would have.
      const n = await archive.queue.enqueue(items, {
        ocr,
        limits,
        ocrLanguages: archive.config.ocrLanguages,
      });
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ queued: n })}\n`
          : `${n} files queued; run "npx dateline worker ${archiveArgs(values)}" to ingest them.\n`,
      );
      return 0;
    }
    const reports = await ingestWithProgress(archive, items);
    await refreshTopKLists(archive, reports);
    if (values.json) {
      const files = reports.map(({ code: _code, ...r }) => r);
      process.stdout.write(`${JSON.stringify({ files })}\n`);
    } else printReport(reports, values);
    return reports.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    await archive.close();
  }
}

/** How long an ingest goes on remaking top-k lists after its bulletins are stored (refreshTopK). */
const TOPK_REFRESH_MS = 120_000;

/**
 * After every bulletin's transaction has committed: remakes the top-k lists the new bulletins made stale
 * (docs/adr/0012), so a reader's next search reads a list. Stopped at its budget, it leaves the rest to
 * `dateline reindex --lists-only` or to their next search.
 */
async function refreshTopKLists(archive: Archive, reports: FileReport[]): Promise<void> {
  if (!hasTopK(archive.index) || !reports.some((r) => r.status === 'ingested')) return;
  const started = performance.now();
  const r = await archive.index.refreshTopK(TOPK_REFRESH_MS);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (r.made > 0 || r.stopped)
    process.stderr.write(
      `top-k lists: ${r.made} made, ${r.current} current, of ${r.terms} (${seconds} s)${r.stopped ? '; the rest are made by dateline reindex --lists-only or by their next search' : ''}\n`,
    );
}

const LOOKED_FOR =
  'looked for *.pdf files in it and its subfolders, NDNP batches and library deliveries: DIDL, METS/ALTO, ABBYY, BagIt';

/**
 * The files and folders to ingest. A named folder that holds none is warned of; when no path named holds
 * anything, nothing is opened and the command fails (a path that does not exist is kept, to be reported).
 */
async function findInputs(paths: string[]): Promise<string[]> {
  const found = await Promise.all(
    paths.map(async (p) => ({ path: resolve(p), items: await collectFiles([p]) })),
  );
  const empty = found.filter((f) => f.items.length === 0).map((f) => f.path);
  if (empty.length === found.length)
    throw new ArchiveError(
      'NOT_FOUND',
      `Nothing to ingest: ${empty.join(', ')} ${empty.length === 1 ? 'holds' : 'hold'} no bulletins (${LOOKED_FOR}).`,
    );
  for (const path of empty)
    process.stderr.write(`dateline: warning: ${path} holds nothing to ingest (${LOOKED_FOR}).\n`);
  return found.flatMap((f) => f.items);
}

/** Ingests the items with a progress bar (and one for OCR'd pages) on stderr. */
async function ingestWithProgress(archive: Archive, items: string[]): Promise<FileReport[]> {
  const progress = createProgress(process.stderr, 'files');
  let pages: ReturnType<typeof createProgress> | null = null;
  const reports = await archive.ingest.ingestPaths(
    items,
    (done, total, file, last) => {
      if (pages && last) {
        pages.finish();
        pages = null;
      }
      progress.update(done, total, file);
    },
    (done, total) => {
      pages ??= createProgress(process.stderr, "pages OCR'd");
      pages.update(done, total);
    },
  );
  progress.finish();
  return reports;
}

/** One line per file (a failure once, its path once), the counts, and the command that serves the archive. */
function printReport(reports: FileReport[], flags: ArchiveFlags): void {
  for (const r of reports) {
    const ocrNote = r.ocr ? ` (${r.ocr.pages} by OCR, ${r.ocr.reused} of them from an earlier run)` : '';
    const what =
      r.status === 'failed'
        ? withoutPath(r.error ?? '', r.path)
        : `${r.date} · ${r.articles} articles · ${r.pages} pages${ocrNote}`;
    process.stdout.write(`${r.status.padEnd(9)} ${r.path}: ${what}\n`);
    if (r.notice) process.stdout.write(`  note: ${r.notice}\n`);
  }
  const count = (s: string) => reports.filter((r) => r.status === s).length;
  process.stdout.write(
    `${count('ingested')} ingested, ${count('unchanged')} unchanged, ${count('failed')} failed\n`,
  );
  if (reports.some((r) => r.status !== 'failed'))
    process.stdout.write(`Serve it: npx dateline serve ${archiveArgs(flags)}\n`);
}

/** An error message without the "PATH: " (or "NAME: ") it starts with, since the report line names the file. */
export function withoutPath(message: string, path: string): string {
  for (const prefix of [`${path}: `, `${basename(path)}: `])
    if (message.startsWith(prefix)) return message.slice(prefix.length);
  return message;
}
