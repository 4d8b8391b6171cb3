/** `dateline ocr --clear [--data DIR | --db URL] [FILE...]`: drops saved OCR pages, so files are read afresh. */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ArchiveError } from '../core/errors.js';
import { findNativeTesseract } from '../ingest/native-ocr.js';
import { ocrCacheKey } from '../ingest/ocr-reader.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';

export const ocrSpec = commandSpec({
  name: 'ocr',
  args: '--clear [FILE...]',
  about: `Drops the OCR pages saved while scans were ingested: those of the PDF files named (found by their
sha256), or all of them when no file is named. A file whose pages were dropped is read by OCR afresh
the next time it is ingested. A file already stored as a bulletin is skipped by ingest as unchanged, so
this matters for files whose ingest failed or was stopped, and to free the space.`,
  options: {
    ...archiveOptions,
    clear: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
  help: {
    ...archiveOptionHelp,
    clear: ['', 'drop the saved OCR pages (of the files named, or all)'],
    json: ['', 'print what was dropped as one JSON object'],
  },
  examples: ['ocr --clear', 'ocr --clear scans/1938-05-04.pdf --data ./data'],
});

/** The sha256 of a file, read as a stream (a scan can be 200 MB); a path that is no file is refused by name. */
async function sha256Of(path: string): Promise<string> {
  const s = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${path}: ${err.code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${err.code})`}. Check the path; nothing was dropped.`,
      { cause: err },
    );
  });
  if (!s.isFile())
    throw new ArchiveError(
      'USAGE',
      `${path} is not a file. Name the PDF files whose OCR pages to drop; nothing was dropped.\n${usageLine(ocrSpec)}`,
    );
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

const pages = (n: number) => `${n} saved OCR page${n === 1 ? '' : 's'}`;

/** Exits 0 when the pages were dropped. */
export async function ocrCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(ocrSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (!values.clear)
    throw new ArchiveError(
      'USAGE',
      `Say what to do with the saved OCR pages: --clear.\n${usageLine(ocrSpec)}`,
    );
  // Every file is hashed before anything is dropped, so a mistyped path drops nothing.
  const files: { path: string; sha256: string }[] = [];
  for (const path of positionals) files.push({ path, sha256: await sha256Of(path) });
  const archive = await openArchiveFromFlags(values);
  const native = files.length > 0 ? await findNativeTesseract() : null;
  try {
    const { store } = archive;
    if (files.length === 0) {
      const dropped = await store.dropOcrPages();
      process.stdout.write(
        values.json ? `${JSON.stringify({ dropped })}\n` : `Dropped ${pages(dropped)} (all of them).\n`,
      );
      return 0;
    }
    const report: { path: string; dropped: number; ingestedAs: string | null }[] = [];
    for (const f of files) {
      // Pages read in the archive's OCR languages, and in English (read before the languages were set),
      // by tesseract.js and by the `tesseract` command this machine has.
      const keys = new Set<string>();
      for (const engine of [null, native ? `tesseract ${native.version} native` : null])
        for (const langs of [['eng'], archive.config.ocrLanguages])
          keys.add(ocrCacheKey(f.sha256, langs, engine));
      const dropped = await store.dropOcrPages([...keys]);
      const edition = await store.findEditionByHash(f.sha256);
      report.push({ path: f.path, dropped, ingestedAs: edition?.date ?? null });
    }
    const total = report.reduce((n, r) => n + r.dropped, 0);
    if (values.json) {
      process.stdout.write(`${JSON.stringify({ dropped: total, files: report })}\n`);
      return 0;
    }
    for (const r of report) {
      const note = r.ingestedAs
        ? ` (it is stored as the bulletin of ${r.ingestedAs}: ingest leaves that file unchanged, so its text stays as read)`
        : '';
      process.stdout.write(`${r.path}: dropped ${pages(r.dropped)}${note}\n`);
    }
    process.stdout.write(
      `Dropped ${pages(total)} of ${files.length} file${files.length === 1 ? '' : 's'}.\n`,
    );
    return 0;
  } finally {
    await archive.close();
  }
}
