/** The archive's articles in a stable order, for OAI-PMH, feeds, sitemaps and the export. */
import type { Article } from '../../core/types.js';

/** One article in a harvest or export listing, with the time its edition was (re)ingested. */
export interface HarvestItem {
  /** Position in the archive's internal order; pass the last one back as `after` for the next batch. */
  seq: number;
  article: Article;
  /** ISO timestamp of the edition's ingest: when the record last changed. */
  datestamp: string;
}

export interface HarvestQuery {
  /** Inclusive bounds on the datestamp (ISO timestamps). */
  fromStamp?: string;
  untilStamp?: string;
  /** Inclusive bounds on the article's date. */
  fromDate?: string;
  toDate?: string;
  after?: number;
  limit: number;
}

/** What harvesting, sitemaps and the export read: batches keyed on the internal order, and datestamps. */
export interface HarvestSource {
  /** Articles in a stable order, in batches (keyset on `seq`), for harvesting and export. */
  harvest(q: HarvestQuery): Promise<HarvestItem[]>;
  /** The datestamp of one article's record, or null when there is no such article. */
  datestamp(articleId: string): Promise<string | null>;
  /** Article slugs and dates in a stable order, for sitemaps. */
  articleSlugs(offset: number, limit: number): Promise<{ slug: string; date: string; datestamp: string }[]>;
  /** The oldest datestamp in the archive, or null when it is empty. */
  earliestDatestamp(): Promise<string | null>;
}
