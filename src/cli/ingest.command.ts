/**
 * `dateline ingest PATH... [--data DIR] [--json]`: ingests files and folders of bulletin PDFs, NDNP batches
 * and library deliveries (DIDL, METS/ALTO, ABBYY, BagIt).
 */
import { parseArgs } from 'node:util';
import { openArchive, resolveDataDir, resolveDb, resolveDurability } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { collectFiles, type FileReport } from '../ingest/ingest.service.js';
import { LIMIT_ENV, resolveLimits } from '../ingest/input-limits.js';
import { OCR_MODES, type OcrMode } from '../ingest/ocr-reader.js';
import { JobQueue } from '../jobs/job-queue.js';
import { createProgress } from './progress.js';

export const ingestUsage =
  'Usage: dateline ingest PATH... [--data DIR] [--db postgres://…] [--blobs DIR|database] [--ocr auto|always|never] [--durability normal|full] [--queue] [--config FILE] [--json]\n  limits: [--max-file-mb N] [--max-pages N] [--max-page-side POINTS] [--max-image-megapixels N]';

/** Prints one report line per file; returns 0 when nothing failed, 1 when some file did. */
export async function ingestCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      db: { type: 'string' },
      blobs: { type: 'string' },
      queue: { type: 'boolean', default: false },
      config: { type: 'string' },
      json: { type: 'boolean', default: false },
      ocr: { type: 'string', default: 'auto' },
      durability: { type: 'string' },
      ...Object.fromEntries(Object.values(LIMIT_ENV).map((l) => [l.flag, { type: 'string' as const }])),
    },
  });
  const ocr = values.ocr as OcrMode;
  if (!OCR_MODES.includes(ocr))
    throw new ArchiveError(
      'USAGE',
      `--ocr must be auto, always or never; got "${values.ocr}".\n${ingestUsage}`,
    );
  if (positionals.length === 0)
    throw new ArchiveError('USAGE', `Name at least one file or folder to ingest.\n${ingestUsage}`);
  const limits = resolveLimits(values as unknown as Record<string, string | undefined>);
  const archive = await openArchive({
    dataDir: resolveDataDir(values.data),
    configFile: values.config,
    db: resolveDb(values.db),
    blobs: values.blobs,
    ocr,
    limits,
    durability: resolveDurability(values.durability),
  });
  try {
    if (values.queue) {
      if (!archive.pool)
        throw new ArchiveError('USAGE', '--queue needs --db postgres://…: the queue lives in PostgreSQL.');
      const files = await collectFiles(positionals);
      // Each job keeps the options given here: a worker ingests it as this command would have.
      const n = await new JobQueue(archive.pool).enqueue(files, { ocr, limits });
      process.stdout.write(
        values.json
          ? `${JSON.stringify({ queued: n })}\n`
          : `${n} files queued; run "dateline worker" to ingest them.\n`,
      );
      return 0;
    }
    const progress = createProgress(process.stderr, 'files');
    let pages: ReturnType<typeof createProgress> | null = null;
    const reports: FileReport[] = await archive.ingest.ingestPaths(
      positionals,
      (done, total, file, last) => {
        if (pages && last) {
          pages.finish();
          pages = null;
        }
        progress.update(done, total, file);
        if (last?.status === 'failed' && !values.json && !process.stderr.isTTY)
          process.stderr.write(`failed: ${last.path}: ${last.error}\n`);
      },
      (done, total) => {
        pages ??= createProgress(process.stderr, "pages OCR'd");
        pages.update(done, total);
      },
    );
    progress.finish();
    if (values.json) {
      const files = reports.map(({ code: _code, ...r }) => r);
      process.stdout.write(`${JSON.stringify({ files })}\n`);
    } else {
      for (const r of reports) {
        const ocrNote = r.ocr ? ` (${r.ocr.pages} by OCR, ${r.ocr.reused} of them from an earlier run)` : '';
        const what =
          r.status === 'failed' ? r.error : `${r.date} · ${r.articles} articles · ${r.pages} pages${ocrNote}`;
        process.stdout.write(`${r.status.padEnd(9)} ${r.path}: ${what}\n`);
      }
      const count = (s: string) => reports.filter((r) => r.status === s).length;
      process.stdout.write(
        `${count('ingested')} ingested, ${count('unchanged')} unchanged, ${count('failed')} failed\n`,
      );
    }
    return reports.some((r) => r.status === 'failed') ? 1 : 0;
  } finally {
    await archive.close();
  }
}
