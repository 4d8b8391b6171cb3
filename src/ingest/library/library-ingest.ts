/**
 * Loads the issues of a library folder (DIDL, METS/ALTO, ABBYY, or a BagIt bag holding them): every issue of
 * the folder stored in one transaction, each read and checked as it is written, so a folder that fails
 * anywhere leaves nothing behind; an issue stored before from the same files is reported `unchanged`.
 */
import { createHash } from 'node:crypto';
import { ArchiveError, toArchiveError } from '../../core/errors.js';
import type { EditionInput } from '../../store/ports.js';
import { correctionsNotice, type FileReport, type IngestDeps, type ProgressFn } from '../ingest-types.js';
import { bagContents } from './bagit.js';
import type { LibraryFolder } from './detect.js';
import { editionFromIssue, issueHash } from './issue-edition.js';
import { dayEditions, type IssueSource, issueSources, readIssue } from './issue-sources.js';

export class LibraryLoader {
  constructor(private readonly deps: IngestDeps) {}

  /**
   * Loads `folders` (one folder, a bag, or the folders of one day's one-page records) as one delivery: one
   * report per issue. For a bag, the manifest is checked first (a broken checksum stores nothing) and `pdfs`
   * lists the whole-issue PDFs it holds, for the caller to ingest as bulletins.
   */
  async load(
    folders: LibraryFolder[],
    onProgress?: ProgressFn,
  ): Promise<{ reports: FileReport[]; pdfs: string[] }> {
    const label = folders[0]?.dir ?? '';
    let issues: IssueSource[] = [];
    const pdfs: string[] = [];
    try {
      for (const folder of folders) {
        if (folder.kind === 'bag') {
          const contents = await bagContents(folder.dir);
          issues.push(...contents.issues.flatMap(issueSources));
          pdfs.push(...contents.pdfs);
        } else issues.push(...issueSources(folder));
      }
      issues = await dayEditions(issues);
    } catch (err) {
      return { reports: await this.record([failed(label, toArchiveError(err, 'BAD_BATCH'))]), pdfs: [] };
    }
    const reports: FileReport[] = [];
    /** The reports of the issues handed to the store, in the order of its results. */
    const stored: FileReport[] = [];
    const newBlobs: string[] = [];
    const seen = new Set<string>();
    let failure: FileReport | null = null;
    const total = issues.length;
    // Read one issue at a time while the store's transaction is open; a failure thrown out of this generator
    // rolls back every issue of the folder written before it.
    const inputs = async function* (this: LibraryLoader): AsyncGenerator<EditionInput> {
      for (const [i, src] of issues.entries()) {
        onProgress?.(i, total, src.path);
        let r: FileReport | { path: string; input: EditionInput; notice?: string };
        try {
          r = await this.prepare(src, seen, newBlobs);
        } catch (err) {
          failure = failed(src.path, toArchiveError(err, 'BAD_BATCH'));
          reports.push(failure);
          throw err;
        }
        reports.push('input' in r ? ingested(r.path, r.input, r.notice) : r);
        if ('input' in r) {
          stored.push(reports.at(-1)!);
          yield r.input;
        }
        onProgress?.(i + 1, total, src.path, reports.at(-1));
      }
    }.call(this);
    try {
      const results = await this.deps.store.replaceEditions(inputs);
      // An issue that replaced a date readers had corrected says so (ingest-types.ts correctionsNotice).
      results.forEach((res, i) => {
        const report = stored[i];
        if (report && res.correctedArticles?.length)
          report.notice = correctionsNotice(res.edition.date, res.correctedArticles);
      });
    } catch (err) {
      failure ??= failed(
        label,
        new ArchiveError('STORE', `the issues could not be stored (${(err as Error).message})`, {
          cause: err,
        }),
      );
    }
    if (failure) {
      for (const key of newBlobs) await this.deps.blobs.delete(key);
      return { reports: await this.record(rolledBack(label, reports, failure)), pdfs: [] };
    }
    return { reports: await this.record(reports), pdfs };
  }

  private async prepare(
    src: IssueSource,
    seen: Set<string>,
    newBlobs: string[],
  ): Promise<FileReport | { path: string; input: EditionInput; notice?: string }> {
    const { store, blobs } = this.deps;
    const issue = await readIssue(src);
    const key = `${issue.title}\n${issue.date}`;
    if (seen.has(key))
      throw new ArchiveError(
        'BAD_BATCH',
        `${issue.path}: a second issue of ${issue.title} for ${issue.date} in the same delivery; this archive keeps one per title and date. Ingest it on its own if it is to replace the first.`,
      );
    seen.add(key);
    const existing = await store.findEditionByHash(issueHash(issue));
    if (existing) {
      const articles = (await store.listArticles(existing.id)).length;
      return {
        path: issue.path,
        status: 'unchanged',
        date: existing.date,
        articles,
        pages: existing.pageCount,
        error: null,
      };
    }
    const { ocr } = this.deps;
    const { input, pdf, notice } = await editionFromIssue(
      issue,
      ocr.mode === 'never' ? undefined : (pgm) => ocr.pool.recognize(pgm),
    );
    const hadBlob = await blobs.has(createHash('sha256').update(pdf).digest('hex'));
    const pdfKey = await blobs.put(pdf);
    if (!hadBlob) newBlobs.push(pdfKey);
    return { path: issue.path, input: { ...input, pdfKey }, notice };
  }

  private async record(reports: FileReport[]): Promise<FileReport[]> {
    for (const r of reports) {
      await this.deps.store.recordIngest({
        path: r.path,
        status: r.status,
        date: r.date,
        articles: r.articles,
        pages: r.pages,
        error: r.error ?? r.notice ?? null,
      });
    }
    return reports;
  }
}

function failed(path: string, e: ArchiveError): FileReport {
  return { path, status: 'failed', date: null, articles: 0, pages: 0, error: e.message, code: e.code };
}

function ingested(path: string, input: EditionInput, notice?: string): FileReport {
  return {
    path,
    status: 'ingested',
    date: input.date,
    articles: input.articles.length,
    pages: input.pages.length,
    error: null,
    ...(notice ? { notice } : {}),
  };
}

/** After a failure: the failing report as it is, every issue that would have been stored reported failed with the cause. */
function rolledBack(dir: string, reports: FileReport[], failure: FileReport): FileReport[] {
  const why = `not stored: the issues of ${dir} were rolled back whole because ${failure.error}`;
  const out = reports.map((r) =>
    r === failure || r.status !== 'ingested'
      ? r
      : { ...r, status: 'failed' as const, articles: 0, pages: 0, error: why, code: failure.code },
  );
  return reports.includes(failure) ? out : [...out, failure];
}
