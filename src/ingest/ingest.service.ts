/** Ingests bulletin files: read, date, segment, store the PDF and the edition; one report line per file. */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { dateFromFileName } from '../core/dates.js';
import { ArchiveError, toArchiveError } from '../core/errors.js';
import { segment } from '../segment/segmenter.js';
import {
  correctionsNotice,
  type FileReport,
  type IngestDeps,
  type PageProgressFn,
  type ProgressFn,
} from './ingest-types.js';
import { checkFileSize, checkInput, checkPages, type InputLimits, resolveLimits } from './input-limits.js';
import { type LibraryFolder, libraryFolder } from './library/detect.js';
import { foldersByDay } from './library/issue-sources.js';
import { LibraryLoader } from './library/library-ingest.js';
import { isBatchDir } from './ndnp/ndnp-batch.js';
import { NdnpBatchLoader } from './ndnp/ndnp-ingest.js';
import { readBulletin } from './ocr-reader.js';
import { traceStage } from './stage-trace.js';

export type { FileReport, IngestDeps, PageProgressFn, ProgressFn } from './ingest-types.js';

/**
 * Expands files and folders (recursively) into the PDF files to ingest, sorted; missing paths are kept to
 * report. A folder holding an NDNP batch, a library issue (DIDL, METS, ABBYY) or a BagIt bag is kept whole
 * (its page PDFs are not bulletins of their own).
 */
export async function collectFiles(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  const walk = async (p: string): Promise<void> => {
    let s: Awaited<ReturnType<typeof stat>>;
    try {
      s = await stat(p);
    } catch {
      out.push(p);
      return;
    }
    if (s.isDirectory()) {
      if ((await isBatchDir(p)) || (await libraryFolder(p))) {
        out.push(p);
        return;
      }
      const entries = (await readdir(p)).sort();
      for (const e of entries) {
        if (e.startsWith('.')) continue;
        const child = join(p, e);
        const cs = await stat(child).catch(() => null);
        if (cs?.isDirectory()) await walk(child);
        else if (/\.pdf$/i.test(e)) out.push(child);
      }
    } else out.push(p);
  };
  for (const p of paths) await walk(resolve(p));
  return out;
}

export class IngestService {
  private readonly batches: NdnpBatchLoader;
  private readonly library: LibraryLoader;
  private readonly limits: InputLimits;

  constructor(private readonly deps: IngestDeps) {
    this.batches = new NdnpBatchLoader(deps);
    this.library = new LibraryLoader(deps);
    this.limits = deps.limits ?? resolveLimits();
  }

  /** The languages this service's OCR reads scans in, main one first. */
  get ocrLanguages(): string[] {
    return this.deps.ocr.pool.languages;
  }

  /** Ingests one file; never throws for a problem with the file, it reports it. */
  async ingestFile(path: string, onOcrPage?: PageProgressFn): Promise<FileReport> {
    const report = await this.tryIngest(path, onOcrPage).catch((err: unknown) => {
      const e = toArchiveError(err, 'UNREADABLE_FILE');
      return {
        path,
        status: 'failed' as const,
        date: null,
        articles: 0,
        pages: 0,
        error: e.message,
        code: e.code,
      };
    });
    await this.deps.store.recordIngest({
      path: report.path,
      status: report.status,
      date: report.date,
      articles: report.articles,
      pages: report.pages,
      // The event keeps a stored file's notice where a failed file's error goes, so no notice is lost.
      error: report.error ?? ('notice' in report ? report.notice : undefined) ?? null,
    });
    traceStage('done', path);
    return report;
  }

  private async tryIngest(path: string, onOcrPage?: PageProgressFn): Promise<FileReport> {
    const { store, blobs } = this.deps;
    const name = basename(path);
    let bytes: Buffer;
    traceStage('read', path);
    await checkFileSize(path, name, this.limits);
    try {
      bytes = await readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT'
          ? 'there is no such file or folder'
          : code === 'EISDIR'
            ? 'it is a folder'
            : `it cannot be read (${code ?? (err as Error).message})`;
      throw new ArchiveError('UNREADABLE_FILE', `${path}: ${why}. Check the path.`, { cause: err });
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    const existing = await store.findEditionByHash(hash);
    if (existing) {
      const articles = (await store.listArticles(existing.id)).length;
      return {
        path,
        status: 'unchanged',
        date: existing.date,
        articles,
        pages: existing.pageCount,
        error: null,
      };
    }
    await checkInput(bytes, name, this.limits);
    const { mode, pool } = this.deps.ocr;
    const { pages, ocr } = await readBulletin(bytes, name, hash, {
      mode,
      pool,
      store,
      onPage: onOcrPage,
      onOcr: () => traceStage('ocr', path),
    });
    checkPages(pages, name, this.limits);
    if (!pages.some((p) => p.lines.length > 0)) {
      throw new ArchiveError(
        'NO_TEXT',
        mode === 'never'
          ? `${name} has no text layer (a scan without OCR). Ingest it with --ocr auto (the default) to read it by OCR.`
          : `${name}: no text was found, neither in a text layer nor by OCR. Check that the pages are not blank.`,
      );
    }
    traceStage('segment', path);
    const fileDate = dateFromFileName(name);
    const seg = segment(pages, fileDate);
    const date = seg.masthead.date ?? fileDate;
    if (!date) {
      throw new ArchiveError(
        'NO_DATE',
        `${name}: no date in the masthead and none in the file name. Rename the file to include its date, e.g. 1974-12-19.pdf.`,
      );
    }
    if (seg.articles.length === 0) {
      throw new ArchiveError(
        'NO_ARTICLES',
        `${name}: no articles found in the text. Check that it is a news bulletin.`,
      );
    }
    traceStage('store', path);
    const hadBlob = await blobs.has(hash);
    const pdfKey = await blobs.put(bytes);
    try {
      const { articles, unchanged, correctedArticles } = await store.replaceEdition({
        titleName: this.deps.titleName,
        date,
        volume: seg.masthead.volume,
        number: seg.masthead.number,
        sourceHash: hash,
        sourceName: name,
        pdfKey,
        pages: pages.map((p) => ({
          number: p.number,
          text: p.lines.map((l) => l.text).join('\n'),
          width: p.width,
          height: p.height,
          words: p.lines.flatMap((l) => l.words),
        })),
        articles: seg.articles,
      });
      // Another worker may have stored this very file while it was read here: then it is unchanged.
      const report: FileReport = {
        path,
        status: unchanged ? 'unchanged' : 'ingested',
        date,
        articles: articles.length,
        pages: pages.length,
        error: null,
      };
      if (ocr) report.ocr = ocr;
      if (correctedArticles && correctedArticles.length > 0)
        report.notice = correctionsNotice(date, correctedArticles);
      return report;
    } catch (err) {
      // The blob goes only when it was new and no edition refers to it: another process may have stored
      // the same file, and so the same blob, while this write failed.
      if (!hadBlob && !(await store.findEditionByHash(hash).catch(() => null))) await blobs.delete(pdfKey);
      throw new ArchiveError(
        'STORE',
        `${name}: the edition could not be stored (${(err as Error).message}); nothing was changed.`,
        { cause: err },
      );
    }
  }

  /**
   * Ingests files and folders, one file at a time; one bad file never stops the rest. A folder that holds
   * an NDNP batch (batch.xml in it or in its data/ folder) is loaded as a batch: all its issues or none; so
   * is a library issue folder or a bag (its manifest checked first; the whole-issue PDFs in it are then
   * ingested as bulletins, one at a time).
   */
  async ingestPaths(
    paths: string[],
    onProgress?: ProgressFn,
    onOcrPage?: PageProgressFn,
  ): Promise<FileReport[]> {
    const items = await collectFiles(paths);
    const reports: FileReport[] = [];
    const folders = new Map<string, LibraryFolder>();
    for (const f of items) {
      const folder = await libraryFolder(f);
      if (folder) folders.set(f, folder);
    }
    // A day's one-page records (the ANP's bulletins), each in its own folder, load as one edition.
    const days = await foldersByDay([...folders.values()]);
    for (const [i, f] of items.entries()) {
      if (await isBatchDir(f)) {
        // A batch alone shows its issues' progress; among other items it counts as one.
        reports.push(...(await this.batches.load(f, items.length === 1 ? onProgress : undefined)));
        onProgress?.(i + 1, items.length, f, reports.at(-1));
        continue;
      }
      const folder = folders.get(f);
      if (folder) {
        const day = days.get(folder);
        if (day === null) continue;
        const { reports: issues, pdfs } = await this.library.load(
          day ?? [folder],
          items.length === 1 ? onProgress : undefined,
        );
        reports.push(...issues);
        for (const pdf of pdfs) reports.push(await this.ingestFile(pdf, onOcrPage));
        onProgress?.(i + 1, items.length, f, reports.at(-1));
        continue;
      }
      onProgress?.(i, items.length, f);
      const r = await this.ingestFile(f, onOcrPage);
      reports.push(r);
      onProgress?.(i + 1, items.length, f, r);
    }
    return reports;
  }

  /**
   * Runs one queued job: a PDF, or a whole NDNP batch, library issue folder or bag summed up in one report
   * (failed if any issue failed).
   */
  async ingestJob(path: string): Promise<FileReport> {
    let reports: FileReport[];
    if (await isBatchDir(path)) reports = await this.batches.load(path);
    else if (await libraryFolder(path)) reports = await this.ingestPaths([path]);
    else return this.ingestFile(path);
    const failed = reports.find((r) => r.status === 'failed');
    const sum = (k: 'articles' | 'pages') =>
      reports.reduce((n, r) => n + (r.status === 'failed' ? 0 : r[k]), 0);
    return {
      path,
      status: failed ? 'failed' : reports.some((r) => r.status === 'ingested') ? 'ingested' : 'unchanged',
      date: reports[0]?.date ?? null,
      articles: sum('articles'),
      pages: sum('pages'),
      error: failed?.error ?? null,
      ...(failed?.code ? { code: failed.code } : {}),
    };
  }
}
