/**
 * Loads an NDNP batch: all new issues stored in one transaction, each read and checked as it is written,
 * so a batch that fails anywhere leaves nothing behind; issues stored before are reported `unchanged`.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ArchiveError, toArchiveError } from '../../core/errors.js';
import { newspaperArticles, toSourcePage } from '../../segment/newspaper-articles.js';
import type { EditionInput } from '../../store/ports.js';
import { rereadOrNotice } from '../headline-reread.js';
import { correctionsNotice, type FileReport, type IngestDeps, type ProgressFn } from '../ingest-types.js';
import { withoutOwnerPassword } from '../pdf-encryption.js';
import { type AltoPage, readAlto } from './alto-reader.js';
import { type Batch, findBatchFile, readBatch, readIssueMets } from './ndnp-batch.js';

/** Reads a file the batch names, or fails naming it and the file that named it. */
async function readNamed(path: string | null, what: string, namedBy: string): Promise<Buffer> {
  if (!path)
    throw new ArchiveError(
      'BAD_BATCH',
      `${namedBy} names no ${what} for one of its pages. Add it to the METS.`,
    );
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ArchiveError(
      'BAD_BATCH',
      `${path}: the ${what} named by ${namedBy} ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code})`}. Restore it from the batch's source.`,
      { cause: err },
    );
  }
}

/** Loads a page or issue PDF (a decrypted copy when it has only an owner password), or fails naming it. */
export async function loadPagePdf(bytes: Buffer, path: string): Promise<PDFDocument> {
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-'))
    throw new ArchiveError(
      'NOT_A_PDF',
      `${path} is not a PDF (no %PDF- header). Restore it from the batch's source.`,
    );
  // A page PDF with only an owner password is joined from a decrypted copy: its pages copied as they are
  // would carry encrypted content into the joined file, which has no /Encrypt dictionary.
  const readable = await withoutOwnerPassword(bytes, path);
  try {
    const doc = await PDFDocument.load(readable, { updateMetadata: false });
    if (doc.getPageCount() < 1) throw new Error('it has no pages');
    return doc;
  } catch (err) {
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${path} cannot be read as a PDF (${(err as Error).message}). Restore it from the batch's source.`,
      { cause: err },
    );
  }
}

/** An issue read and checked, ready to store (its PDF already in the blob store). */
interface Prepared {
  path: string;
  input: EditionInput;
  /** Something the admin should know though the issue was stored. */
  notice?: string;
}

export class NdnpBatchLoader {
  constructor(private readonly deps: IngestDeps) {}

  /** Loads the batch in `dir` (the batch folder or its data/ folder); one report per issue. */
  async load(dir: string, onProgress?: ProgressFn): Promise<FileReport[]> {
    let batch: Batch;
    try {
      const file = await findBatchFile(dir);
      if (!file) throw new ArchiveError('BAD_BATCH', `${dir} has no batch.xml (or data/batch.xml).`);
      batch = await readBatch(file);
    } catch (err) {
      return this.record([failed(dir, toArchiveError(err, 'BAD_BATCH'))]);
    }
    const reports: FileReport[] = [];
    /** The reports of the issues handed to the store, in the order of its results. */
    const stored: FileReport[] = [];
    const newBlobs: string[] = [];
    const seen = new Set<string>();
    let failure: FileReport | null = null;
    const total = batch.issues.length;
    // Issues are read one at a time while the store's transaction is open: memory holds one issue, and a
    // failure anywhere (thrown out of this generator) rolls back every issue written before it.
    const inputs = async function* (this: NdnpBatchLoader): AsyncGenerator<EditionInput> {
      for (const [i, issue] of batch.issues.entries()) {
        onProgress?.(i, total, issue.metsPath);
        let r: Prepared | { report: FileReport };
        try {
          r = await this.prepare(batch, issue.metsPath, seen, newBlobs);
        } catch (err) {
          failure = failed(issue.metsPath, toArchiveError(err, 'BAD_BATCH'));
          reports.push(failure);
          throw err;
        }
        reports.push('report' in r ? r.report : ingested(r));
        if ('input' in r) {
          stored.push(reports.at(-1)!);
          yield r.input;
        }
        onProgress?.(i + 1, total, issue.metsPath, reports.at(-1));
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
        batch.batchFile,
        new ArchiveError('STORE', `the batch could not be stored (${(err as Error).message})`, {
          cause: err,
        }),
      );
    }
    if (failure) {
      for (const key of newBlobs) await this.deps.blobs.delete(key);
      return this.record(rolledBack(batch, reports, failure));
    }
    return this.record(reports);
  }

  private async prepare(
    batch: Batch,
    metsPath: string,
    seen: Set<string>,
    newBlobs: string[],
  ): Promise<Prepared | { report: FileReport }> {
    const { store, blobs } = this.deps;
    const metsBytes = await readNamed(metsPath, 'issue METS', batch.batchFile);
    const mets = readIssueMets(metsBytes, metsPath, batch.dataDir);
    const hash = createHash('sha256').update('ndnp-issue\n').update(metsBytes);
    const files: { alto: Buffer; pdf: Buffer; altoPath: string; pdfPath: string }[] = [];
    for (const p of mets.pages) {
      const alto = await readNamed(p.alto, 'ALTO file', metsPath);
      const pdf = await readNamed(p.pdf, 'page PDF', metsPath);
      hash.update(alto).update(pdf);
      files.push({ alto, pdf, altoPath: p.alto!, pdfPath: p.pdf! });
    }
    const sourceHash = hash.digest('hex');
    const key = `${mets.title}\n${mets.date}`;
    if (seen.has(key)) {
      return {
        report: failed(
          metsPath,
          new ArchiveError(
            'BAD_BATCH',
            `${metsPath}: edition ${mets.editionOrder} of ${mets.title} for ${mets.date} was not loaded; this archive keeps one edition per title and date (the first in the batch).`,
          ),
        ),
      };
    }
    seen.add(key);
    const existing = await store.findEditionByHash(sourceHash);
    if (existing) {
      const articles = (await store.listArticles(existing.id)).length;
      return {
        report: {
          path: metsPath,
          status: 'unchanged',
          date: existing.date,
          articles,
          pages: existing.pageCount,
          error: null,
        },
      };
    }
    const joined = await PDFDocument.create({ updateMetadata: false });
    const pages: AltoPage[] = [];
    for (const f of files) {
      const src = await loadPagePdf(f.pdf, f.pdfPath);
      const [copied] = await joined.copyPages(src, [0]);
      joined.addPage(copied!);
      const { width, height } = src.getPage(0).getSize();
      const turned = src.getPage(0).getRotation().angle % 180 !== 0;
      pages.push(readAlto(f.alto, f.altoPath, turned ? { width: height, height: width } : { width, height }));
    }
    const { articles } = newspaperArticles(pages, mets.title, mets.date);
    const pdfBytes = await joined.save();
    // The headlines read again from the page scans (headline-reread.ts); where OCR cannot run, the
    // library's reading stands and the report says so.
    const { ocr } = this.deps;
    const notice =
      ocr.mode === 'never'
        ? undefined
        : await rereadOrNotice(
            articles,
            pages.map(toSourcePage),
            pdfBytes,
            (pgm) => ocr.pool.recognize(pgm),
            metsPath,
            'load the batch again',
          );
    const hadBlob = await blobs.has(createHash('sha256').update(pdfBytes).digest('hex'));
    const pdfKey = await blobs.put(pdfBytes);
    if (!hadBlob) newBlobs.push(pdfKey);
    return {
      path: metsPath,
      notice,
      input: {
        titleName: mets.title,
        date: mets.date,
        volume: mets.volume,
        number: mets.number,
        sourceHash,
        sourceName: `${batch.name}/${relative(batch.dataDir, metsPath)}`,
        pdfKey,
        // MODS says what the issue is in; failing that, what the OCR declared on its text blocks.
        language:
          [...new Set(mets.languages.length ? mets.languages : pages.flatMap((p) => p.languages))].join(
            ' ',
          ) || null,
        pages: pages.map((p, i) => ({
          number: i + 1,
          text: p.blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n'),
          width: p.width,
          height: p.height,
          words: p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)),
        })),
        articles,
      },
    };
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

function ingested(p: Prepared): FileReport {
  return {
    path: p.path,
    status: 'ingested',
    date: p.input.date,
    articles: p.input.articles.length,
    pages: p.input.pages.length,
    error: null,
    ...(p.notice ? { notice: p.notice } : {}),
  };
}

/** After a failure: the failing report as it is, every issue that would have been stored reported failed with the cause. */
function rolledBack(batch: Batch, reports: FileReport[], failure: FileReport): FileReport[] {
  const why = `not stored: the batch ${batch.name} was rolled back whole because ${failure.error}`;
  const out = reports.map((r) =>
    r === failure || r.status !== 'ingested'
      ? r
      : { ...r, status: 'failed' as const, articles: 0, pages: 0, error: why, code: failure.code },
  );
  return reports.includes(failure) ? out : [...out, failure];
}
