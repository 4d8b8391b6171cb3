/** What every library format reader gives: one issue's metadata, page OCR files, PDFs and the source's articles. */
import type { ArticleKind } from '../../core/types.js';

/** One input file, read: its path (for messages) and bytes (hashed, so a re-ingest of the same files is a no-op). */
export interface SourceFile {
  path: string;
  bytes: Buffer;
}

/** A page's scan in a format a PDF can hold as it is. */
export interface PageImageFile extends SourceFile {
  type: 'jpeg' | 'png';
}

/** A page's OCR: ALTO (any version and unit) or ABBYY FineReader XML. */
export interface PageOcr {
  kind: 'alto' | 'abbyy';
  file: SourceFile;
  /** Which page of the file (0-based): an ABBYY document may hold the whole issue. */
  index?: number;
}

/** An article as the source's own text gives it (KB DIDL article records). */
export interface TextArticle {
  title: string;
  paragraphs: string[];
  /** 1-based pages it is on, in order. */
  pages: number[];
  /** What the record says the item is (a KB DIDL's dc:subject); absent means an article. */
  kind?: ArticleKind;
}

/** A reference to text blocks of one page, as a METS area names them (BEGIN, and END for a range). */
export interface BlockRef {
  page: number;
  /** The block (or ComposedBlock) it begins at; '' for the whole page. */
  begin: string;
  end?: string;
}

/** An article as a METS logical structure map gives it: a label, heading blocks and body blocks. */
export interface BlockArticle {
  /** The ARTICLE div's LABEL, or its MODS title; empty when neither is given. */
  label: string;
  heading: BlockRef[];
  body: BlockRef[];
}

/** The source's articles, or null when it has none (our own segmentation reads the pages then). */
export type SourceArticles =
  | { kind: 'text'; list: TextArticle[] }
  | { kind: 'blocks'; list: BlockArticle[] }
  | null;

export interface LibraryIssue {
  /** The format, for the source hash and the source name. */
  format: 'didl' | 'mets' | 'abbyy';
  /** The file that describes the issue (didl.xml, the METS) or its folder: named in reports. */
  path: string;
  title: string;
  date: string;
  volume: string | null;
  number: string | null;
  /** Language codes as the metadata gives them. */
  languages: string[];
  pages: PageOcr[];
  /**
   * The issue's PDF (all pages), or one PDF per page, or none: then the PDF is made from the page images
   * (JPEG or PNG, the OCR's words invisible over them) and, for pages without one, drawn from the OCR.
   */
  pdf: { kind: 'issue'; file: SourceFile } | { kind: 'pages'; files: SourceFile[] } | null;
  /** One per page: its JPEG or PNG scan, or null. Used only when there is no PDF. */
  images?: (PageImageFile | null)[];
  articles: SourceArticles;
  /** Files read for the issue that are not pages or PDFs (the DIDL or METS, article texts): hashed too. */
  extra: SourceFile[];
}
