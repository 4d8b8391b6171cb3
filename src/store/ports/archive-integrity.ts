/** What `dateline check` reads of the store to hold it to its own records. */

/** One edition's figures as stored, for `dateline check`. */
export interface EditionCensus {
  date: string;
  /** The page count recorded on the edition. */
  pageCount: number;
  /** Page rows stored, and their lowest and highest numbers (0 when there are none). */
  pages: number;
  firstPage: number;
  lastPage: number;
  articles: number;
  /** Articles whose page span is not within 1..pageCount. */
  articlesOffPage: number;
  pdfKey: string;
  sourceHash: string;
  /** EditionInput.sourceKind as stored. */
  sourceKind: string;
}

/** The store's own figures, for `dateline check`. */
export interface ArchiveIntegrity {
  /** Every edition's recorded and actual counts, oldest first, read in one snapshot (for `dateline check`). */
  editionCensus(): Promise<EditionCensus[]>;
  /** References whose target article does not exist. */
  danglingReferences(): Promise<{ sourceId: string; ordinal: number; targetId: string }[]>;
}
