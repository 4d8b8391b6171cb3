/** Integrity check of an archive over its ports: search index against the articles, blobs against records, counts. */
import { createHash } from 'node:crypto';
import type { Archive } from '../app.js';

export type FindingKind =
  | 'index-engine'
  | 'index-missing'
  | 'index-orphan'
  | 'index-stale'
  | 'blob-missing'
  | 'blob-corrupt'
  | 'blob-orphan'
  | 'blob-temp'
  | 'edition-pages'
  | 'edition-articles'
  | 'edition-checksum'
  | 'article-pages'
  | 'reference-dangling';

/** One problem found. Errors make the check fail; warnings are reported only. */
export interface Finding {
  kind: FindingKind;
  severity: 'error' | 'warning';
  /** What it is about: an edition date, an article id, a blob key, an index row. */
  subject: string;
  message: string;
}

export interface CheckReport {
  editions: number;
  articles: number;
  pages: number;
  blobs: number;
  findings: Finding[];
  /** True when no finding is an error. */
  ok: boolean;
}

export type CheckProgress = (step: string, done: number, total: number) => void;

const error = (kind: FindingKind, subject: string, message: string): Finding => ({
  kind,
  severity: 'error',
  subject,
  message,
});

/** Checks the editions' figures as stored: page rows against page counts, articles, and the PDF key against the source hash where the source was the PDF. */
async function checkEditions(archive: Archive, out: Finding[]) {
  const census = await archive.store.editionCensus();
  for (const e of census) {
    if (e.pages !== e.pageCount || (e.pages > 0 && (e.firstPage !== 1 || e.lastPage !== e.pageCount))) {
      out.push(
        error(
          'edition-pages',
          e.date,
          `${e.date}: the bulletin records ${e.pageCount} pages but ${e.pages} are stored (numbered ${e.firstPage}–${e.lastPage}).`,
        ),
      );
    }
    if (e.articles === 0)
      out.push(error('edition-articles', e.date, `${e.date}: the bulletin has no articles.`));
    if (e.articlesOffPage > 0) {
      out.push(
        error(
          'article-pages',
          e.date,
          `${e.date}: ${e.articlesOffPage} articles have pages outside 1–${e.pageCount}.`,
        ),
      );
    }
    // A bulletin ingested from its PDF keeps that very file: its key is the file's sha256. A PDF made from
    // another source (an NDNP issue's page PDFs joined) has only its own sha256 to answer for, which the
    // blob check verifies; the hash of its source files cannot be checked without them.
    if (e.sourceKind === 'pdf' && e.pdfKey !== e.sourceHash) {
      out.push(
        error(
          'edition-checksum',
          e.date,
          `${e.date}: the PDF key ${e.pdfKey} is not the sha256 of the ingested file (${e.sourceHash}).`,
        ),
      );
    }
  }
  for (const r of await archive.store.danglingReferences()) {
    out.push(
      error(
        'reference-dangling',
        r.sourceId,
        `${r.sourceId}: reference ${r.ordinal} points at ${r.targetId}, which does not exist.`,
      ),
    );
  }
  return census;
}

async function checkIndex(archive: Archive, out: Finding[]) {
  const v = await archive.index.verify();
  if (v.engine) out.push(error('index-engine', 'search index', v.engine));
  for (const id of v.missing)
    out.push(error('index-missing', id, `${id}: the article is not in the search index.`));
  for (const id of v.stale)
    out.push(error('index-stale', id, `${id}: the search index holds other text for the article.`));
  for (const row of v.orphans) {
    out.push(error('index-orphan', row, `index row ${row}: indexed, but there is no such article.`));
  }
}

/** Reads every blob (checking its sha256 against its key), then every PDF key the editions name. */
async function checkBlobs(
  archive: Archive,
  referenced: Map<string, string>,
  out: Finding[],
  onProgress?: CheckProgress,
) {
  const seen = new Set<string>();
  for await (const key of archive.blobs.keys()) {
    const bytes = await archive.blobs.get(key);
    seen.add(key);
    onProgress?.('blobs', seen.size, referenced.size);
    if (!bytes) continue;
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== key) {
      out.push(
        error(
          'blob-corrupt',
          key,
          `blob ${key}${referenced.has(key) ? ` (the PDF of ${referenced.get(key)})` : ''}: its content has sha256 ${actual}; the file is damaged. Restore it from a backup or ingest the bulletin again.`,
        ),
      );
    }
    if (!referenced.has(key)) {
      out.push({
        kind: 'blob-orphan',
        severity: 'warning',
        subject: key,
        message: `blob ${key}: no bulletin refers to it (an earlier scan of a replaced bulletin, or left by an interrupted ingest).`,
      });
    }
  }
  for (const [key, date] of referenced) {
    if (!seen.has(key)) {
      out.push(
        error(
          'blob-missing',
          key,
          `blob ${key}: the PDF of ${date} is missing. Restore it from a backup or ingest the bulletin again.`,
        ),
      );
    }
  }
  for (const t of await archive.blobs.tempFiles()) {
    out.push({
      kind: 'blob-temp',
      severity: 'warning',
      subject: t.name,
      message: `blob store temporary file ${t.name} (${t.bytes} bytes, written ${t.modifiedAt}): left by an interrupted write (a killed ingest), or a write in progress; nothing refers to it. The first ingest after it is 15 minutes old removes it.`,
    });
  }
  return seen.size;
}

/** Runs every check; never throws for a problem found, it reports it. */
export async function checkArchive(archive: Archive, onProgress?: CheckProgress): Promise<CheckReport> {
  const findings: Finding[] = [];
  onProgress?.('editions', 0, 1);
  const census = await checkEditions(archive, findings);
  onProgress?.('search index', 0, 1);
  await checkIndex(archive, findings);
  const referenced = new Map(census.map((e) => [e.pdfKey, e.date]));
  const blobs = await checkBlobs(archive, referenced, findings, onProgress);
  return {
    editions: census.length,
    articles: census.reduce((n, e) => n + e.articles, 0),
    pages: census.reduce((n, e) => n + e.pages, 0),
    blobs,
    findings,
    ok: findings.every((f) => f.severity !== 'error'),
  };
}
