/** The whole archive as JSON Lines, one article a line, read in batches so memory stays constant. */
import type { ArticleVersion } from '../corrections/corrections-types.js';
import type { HarvestSource } from '../store/ports.js';
import { pdfUrl } from '../web/urls.js';
import { articleJson } from './article-json.js';

const BATCH = 500;

export interface ExportOptions {
  fromDate?: string;
  toDate?: string;
  origin: string;
  /** With each article, its versions newest first (reader corrections; the original reading is version 1). */
  history?: (articleId: string) => Promise<ArticleVersion[]>;
}

/** Yields one JSON line (with its newline) per article, in the archive's stable order. */
export async function* exportLines(store: HarvestSource, o: ExportOptions): AsyncGenerator<string> {
  let after = 0;
  for (;;) {
    const batch = await store.harvest({ fromDate: o.fromDate, toDate: o.toDate, after, limit: BATCH });
    if (batch.length === 0) return;
    let chunk = '';
    for (const { article: a, datestamp } of batch) {
      chunk += `${JSON.stringify({
        ...articleJson(a, o.origin),
        pdfUrl: `${o.origin}${pdfUrl(a.date)}`,
        datestamp,
        ...(o.history ? { history: await o.history(a.id) } : {}),
      })}\n`;
    }
    yield chunk;
    after = batch[batch.length - 1]!.seq;
  }
}
