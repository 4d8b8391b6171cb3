/** Domain types of the archive: title, edition, page, article, reference. No I/O here. */

/** A word on a page with its box in PDF points, origin top-left of the page. */
export interface WordBox {
  text: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** OCR confidence 0..100 when the word came from OCR; absent for a text layer. */
  conf?: number;
}

/** One line of text on a page as read from the source, in reading order. */
export interface SourceLine {
  text: string;
  /** Left edge and baseline-top in points, origin top-left. */
  x: number;
  y: number;
  width: number;
  height: number;
  words: WordBox[];
  /** Type size in points (body text, headline), when the reader knows it; else `height` stands for it. */
  size?: number;
  /** Set by layout analysis: the block (a region no column gutter crosses) the line belongs to, in reading order. */
  block?: number;
  /** Set by layout analysis: the left and right edges of the line's block, in points. */
  blockLeft?: number;
  blockRight?: number;
  /**
   * Set by an OCR reader that read the page a column at a time: how many column gutters lie above the
   * line's block (0 for a block across the page). The page model then takes the reader's blocks as found.
   */
  blockDepth?: number;
  /**
   * Set by the text-layer reader: the line is set sideways on the page (an advertisement up a margin).
   * Segmentation reads such lines after the page's upright text, so they never cut a story in two.
   */
  sideways?: boolean;
  /**
   * Set by the readers of a library's OCR (ALTO, ABBYY): its word boxes hold their letters, so unsure words
   * in boxes far larger than the text are display type that OCR could not read (page-layout.ts,
   * DISPLAY_TYPE). Tesseract's own boxes swell over garble of small type, so its lines never set it.
   */
  libraryOcr?: boolean;
}

/** A rectangle of a page that holds part of an article, in PDF points, origin top-left of the page. */
export interface ArticleRegion {
  page: number;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A page as read from a source file, before segmentation. */
export interface SourcePage {
  number: number;
  width: number;
  height: number;
  lines: SourceLine[];
  /** Rules printed on the page, as the OCR found them (ABBYY's `Separator` blocks), boxes in points. */
  rules?: PageRule[];
}

/** A printed rule's box, in points, origin top-left: a stroke across or down the page. */
export interface PageRule {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The publication (e.g. "JTA Daily News Bulletin"). */
export interface Title {
  id: number;
  slug: string;
  name: string;
}

/** One dated bulletin of a title. */
export interface Edition {
  id: number;
  titleId: number;
  /** ISO date YYYY-MM-DD. */
  date: string;
  volume: string | null;
  number: string | null;
  pageCount: number;
  /** sha256 of the source file, hex. */
  sourceHash: string;
  sourceName: string;
  /** Blob key of the edition's PDF. */
  pdfKey: string;
  ingestedAt: string;
  /** Language code(s) of the text as the source declares them (e.g. MODS "eng"), space-separated; null when not declared. */
  language: string | null;
}

export interface Page {
  editionId: number;
  number: number;
  text: string;
  width: number;
  height: number;
  /** Word positions when known (text layer or OCR), else empty. */
  words: WordBox[];
}

export interface Dateline {
  /** As printed, e.g. "LONDON, Dec. 18 (JTA) --". */
  raw: string;
  place: string | null;
  /** ISO date of filing when it could be worked out, else null. */
  date: string | null;
  agency: string | null;
}

/**
 * What a piece of a page is: a news article (the default), a run of family notices (births, marriages,
 * deaths: one item, as libraries keep them), or an advertisement.
 */
export type ArticleKind = 'article' | 'notices' | 'advertisement';

/** An article as segmentation produces it, before it gets its identity in the store. */
export interface ArticleDraft {
  /** Position of the article in the bulletin, 0-based. */
  ordinal: number;
  headlinePrinted: string;
  headline: string;
  kicker: string | null;
  byline: string | null;
  dateline: Dateline | null;
  /** Body text, paragraphs separated by a blank line. */
  body: string;
  firstPage: number;
  lastPage: number;
  references: ReferenceDraft[];
  /** Credit line printed with the story ("(Jewish Telegraphic Agency)", "Special to the Bulletin"), kept apart from headline and text. */
  credit?: string | null;
  /** The page spans of a story continued elsewhere ("Continued on Page 4"), in reading order; absent for one part. */
  parts?: { firstPage: number; lastPage: number }[];
  /** Where the article stands on its pages: one rectangle per run of its lines in one block of a page, in reading order. */
  regions?: ArticleRegion[];
  /** What the piece is; absent means 'article'. */
  kind?: ArticleKind;
}

export interface ReferenceDraft {
  /** The reference as printed, e.g. "(See P. 3 for separate story.)". */
  text: string;
  kind: 'see' | 'related' | 'continued';
  /** The page the reference names. */
  page: number;
  /** Ordinal of the article it resolves to within the same bulletin, or null when unresolved. */
  targetOrdinal: number | null;
}

export interface Article {
  /** Stable id, never changes for the same article of the same date (see DESIGN.md). */
  id: string;
  editionId: number;
  date: string;
  ordinal: number;
  slug: string;
  headlinePrinted: string;
  headline: string;
  kicker: string | null;
  byline: string | null;
  dateline: Dateline | null;
  body: string;
  firstPage: number;
  lastPage: number;
  wordCount: number;
  /** The credit line printed with the story ("(Jewish Telegraphic Agency)"), kept apart from its text. */
  credit: string | null;
  /** The page spans of a story continued on other pages, in reading order; null for a story in one part. */
  parts: { firstPage: number; lastPage: number }[] | null;
  /** Where the article stands on its pages (see ArticleDraft.regions); null when the source gave no positions. */
  regions: ArticleRegion[] | null;
  /** What the piece is: a news article, a run of family notices, an advertisement (see ArticleKind). */
  kind: ArticleKind;
}

export interface Reference {
  sourceId: string;
  ordinal: number;
  text: string;
  kind: ReferenceDraft['kind'];
  page: number;
  targetId: string | null;
}

export type IngestStatus = 'ingested' | 'unchanged' | 'failed';

export interface IngestEvent {
  id: number;
  at: string;
  path: string;
  status: IngestStatus;
  date: string | null;
  articles: number;
  pages: number;
  error: string | null;
}
