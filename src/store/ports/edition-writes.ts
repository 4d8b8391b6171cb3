/** The writing side of the archive store: an edition stored or replaced whole, in one transaction. */
import type { Article, ArticleDraft, Edition, Page } from '../../core/types.js';

/** What an ingest hands the store to create or replace one edition, all at once. */
export interface EditionInput {
  titleName: string;
  date: string;
  volume: string | null;
  number: string | null;
  sourceHash: string;
  sourceName: string;
  pdfKey: string;
  /**
   * What the stored PDF is: "pdf" when it is the ingested file itself (so its key is the source hash),
   * else the kind of source it was made from ("ndnp": the page PDFs of an issue joined). When absent the
   * store takes "pdf" if pdfKey equals sourceHash and "derived" otherwise. `dateline check` holds each
   * edition to what its kind guarantees.
   */
  sourceKind?: string;
  /** Language code(s) the source declares, space-separated (see Edition.language); absent means none. */
  language?: string | null;
  pages: Omit<Page, 'editionId'>[];
  articles: ArticleDraft[];
  /**
   * The ids to store the articles under, one per article: an archive copied whole (`dateline migrate`) keeps
   * its ids, which readers' corrections may have moved away from the headlines. By default they are made
   * from the date and the headlines (core/ids.ts).
   */
  articleIds?: string[];
}

/** An edition as stored, and what storing it did. */
export interface StoredEdition {
  edition: Edition;
  articles: Article[];
  replaced: boolean;
  unchanged: boolean;
  /**
   * Articles of the replaced edition that readers had corrected (ids): their versions are kept, marked
   * superseded, and the corrections must be made again on the new reading. Empty or absent: none.
   */
  correctedArticles?: string[];
}

/** What ingest needs of the store: editions written whole, and the one a file already made. */
export interface EditionWrites {
  /**
   * Stores an edition in one transaction, replacing the one of the same title and date. When that one came
   * from the same file (another process stored it meanwhile), nothing is written and `unchanged` is true.
   */
  replaceEdition(input: EditionInput): Promise<StoredEdition>;
  /**
   * Creates or replaces several editions in ONE transaction, each as replaceEdition would: all are stored
   * or, when any fails (or the iterable throws), none. An NDNP batch is loaded this way, its issues read
   * one at a time while the transaction is open, so memory holds one issue, not the batch. Results are in
   * the order of `inputs`. On SQLite the write lock is held meanwhile: do not write through the same
   * store concurrently.
   */
  replaceEditions(inputs: Iterable<EditionInput> | AsyncIterable<EditionInput>): Promise<StoredEdition[]>;
  /** The edition stored from the file with this sha256, if any (a repeated ingest is a no-op). */
  findEditionByHash(sourceHash: string): Promise<Edition | null>;
}
