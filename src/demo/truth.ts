/** Ground truth the demo generator records for each bulletin it writes, for tests and evaluation. */

export interface ReferenceTruth {
  /** The reference exactly as printed in the body, e.g. "(See P. 3 for separate story.)". */
  text: string;
  kind: 'see' | 'related' | 'continued';
  /** The page number the reference names. */
  page: number;
  /** Ordinal (0-based, in bulletin order) of the article it points to. */
  targetOrdinal: number;
}

export interface ArticleTruth {
  ordinal: number;
  /** Headline exactly as printed (capitals), lines of a two-line headline joined by one space. */
  headline: string;
  kicker: string | null;
  /** Byline as printed, e.g. "By Ben Gallob", or null. */
  byline: string | null;
  /** Dateline parts as printed: place ("LONDON"), agency code ("JTA"), filed ISO date; null when none. */
  dateline: { place: string; agency: string; date: string } | null;
  firstPage: number;
  lastPage: number;
  /** Paragraphs of the body text without the dateline prefix, as written, unwrapped. */
  paragraphs: string[];
  references: ReferenceTruth[];
  /**
   * Typeset bulletins: the credit line as printed, e.g. "(Jewish Transatlantic Agency)" or "By Cable to the
   * Bulletin"; null when none.
   */
  credit?: string | null;
  /** Typeset bulletins: the smaller decks under the headline (mixed case), each one's lines joined by a space. */
  decks?: string[];
  /** Typeset bulletins: each printed part in reading order, its page and the column (1-based) it starts in. */
  parts?: { page: number; column: number }[];
  /** Typeset bulletins: how many times the article jumps to another page ("Continued on Page 4"): parts - 1. */
  jumps?: number;
}

export interface EditionTruth {
  /** ISO date of the bulletin. */
  date: string;
  fileName: string;
  /** Whether the masthead prints the date; when false, the date is only in the file name. */
  dateInMasthead: boolean;
  volume: string;
  number: string;
  pageCount: number;
  /** Which layout variant drew it (for reports). */
  layout: string;
  articles: ArticleTruth[];
}
