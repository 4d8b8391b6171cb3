/** A typeset demo bulletin ingested as a 410-px web copy, and its headlines looked up as the evaluation counts them. */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DemoBulletin } from '../../src/demo/generator.js';
import { typesetScan } from '../../src/demo/typeset/index.js';
import type { FileReport } from '../../src/ingest/ingest.service.js';
import type { ArticleSummary } from '../../src/store/ports.js';
import { editDistance } from '../../src/text/edit-distance.js';
import { squash } from '../../src/text/normalize.js';
import type { tempArchive } from './sample-bulletins.js';

/**
 * Writes `b` as a 240-ppi web copy (410 px wide, worn like a scan) into the archive's folder, ingests it,
 * and returns the ingest's report with the articles stored for its date.
 */
export async function ingestWebCopy(
  t: Awaited<ReturnType<typeof tempArchive>>,
  b: DemoBulletin,
): Promise<{ report: FileReport; articles: ArticleSummary[] }> {
  const file = join(t.dir, b.fileName);
  await writeFile(file, await typesetScan(b.pdf, { size: 'web', degrade: { seed: 7 } }));
  const [report] = (await t.archive.ingest.ingestPaths([file])) as [FileReport];
  const edition = await t.archive.store.getEdition(b.truth.date);
  return { report, articles: edition ? await t.archive.store.listArticles(edition.id) : [] };
}

const norm = (s: string) => squash(s).toUpperCase();

/**
 * The found article whose headline is the printed one but for OCR slips (at most one character in ten
 * wrong: "1.850" for "1,850"), or a found headline the printed one begins with (as scripts/eval-typeset.ts
 * counts one).
 */
export function foundHeadline(articles: ArticleSummary[], headline: string): ArticleSummary | undefined {
  return articles.find(
    (a) =>
      editDistance(norm(a.headline), norm(headline)) <= norm(headline).length * 0.1 ||
      (a.headline.length > 8 && norm(headline).startsWith(norm(a.headline))),
  );
}
