/** The ports every storage backend implements: archive store, search index, blob store. */

import type {
  Article,
  ArticleDraft,
  Edition,
  IngestEvent,
  IngestStatus,
  Page,
  Reference,
  SourceLine,
  Title,
} from '../core/types.js';
import type { ParsedQuery } from '../search/query.js';

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
}

export interface EditionSummary {
  date: string;
  articles: number;
  pages: number;
}

export interface ArticleSummary {
  id: string;
  slug: string;
  date: string;
  ordinal: number;
  headline: string;
  kicker: string | null;
  firstPage: number;
  lastPage: number;
  /** First words of the body, for lists. */
  teaser: string;
}

export interface ArchiveStats {
  editions: number;
  articles: number;
  pages: number;
  firstDate: string | null;
  lastDate: string | null;
}

/** A reference with the summary of the article at its other end. */
export interface ReferenceLink extends Reference {
  other: ArticleSummary | null;
}

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

/** One page's OCR result, kept by the source file's sha256 and page number so an interrupted ingest resumes. */
export interface OcrPageRecord {
  sourceHash: string;
  page: number;
  /** The page's lines in PDF points (origin top-left), words with their confidence. */
  lines: SourceLine[];
  /** Seconds of OCR the page took. */
  seconds: number;
  /** ISO timestamp when the page was recorded. */
  recordedAt: string;
}

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

/** How the search index compares with the articles, for `dateline check`. */
export interface IndexVerification {
  /** The engine's own consistency check: null when it passed (or the engine has none), else its message. */
  engine: string | null;
  /** Ids of articles the index does not have. */
  missing: string[];
  /** Index rows with no article (their row ids). */
  orphans: string[];
  /** Ids of articles indexed with other text than they have. */
  stale: string[];
}

export interface ArchiveStore {
  /** Creates the edition of `date` or replaces the existing one, in one transaction. */
  /**
   * Stores an edition in one transaction, replacing the one of the same title and date. When that one came
   * from the same file (another process stored it meanwhile), nothing is written and `unchanged` is true.
   */
  replaceEdition(
    input: EditionInput,
  ): Promise<{ edition: Edition; articles: Article[]; replaced: boolean; unchanged: boolean }>;
  /**
   * Creates or replaces several editions in ONE transaction, each as replaceEdition would: all are stored
   * or, when any fails (or the iterable throws), none. An NDNP batch is loaded this way, its issues read
   * one at a time while the transaction is open, so memory holds one issue, not the batch. Results are in
   * the order of `inputs`. On SQLite the write lock is held meanwhile: do not write through the same
   * store concurrently.
   */
  replaceEditions(
    inputs: Iterable<EditionInput> | AsyncIterable<EditionInput>,
  ): Promise<{ edition: Edition; articles: Article[]; replaced: boolean; unchanged: boolean }[]>;
  findEditionByHash(sourceHash: string): Promise<Edition | null>;
  getEdition(date: string): Promise<Edition | null>;
  getEditionById(id: number): Promise<Edition | null>;
  getTitle(id: number): Promise<Title | null>;
  getPages(editionId: number): Promise<Page[]>;
  getArticle(id: string): Promise<Article | null>;
  listArticles(editionId: number): Promise<ArticleSummary[]>;
  /** References made by an article, with their targets. */
  referencesFrom(articleId: string): Promise<ReferenceLink[]>;
  /** References pointing at an article, with their sources. */
  referencesTo(articleId: string): Promise<ReferenceLink[]>;
  /** Dates that have editions, oldest first, within an optional range (inclusive). */
  listDates(from?: string, to?: string, limit?: number): Promise<EditionSummary[]>;
  /** The nearest edition dates before and after `date`. */
  neighbours(date: string): Promise<{ previous: string | null; next: string | null }>;
  /** Editions of the same month and day (MM-DD) in any year, oldest first, each with its first articles. */
  sameDay(monthDay: string, articlesEach: number): Promise<{ date: string; articles: ArticleSummary[] }[]>;
  /** Editions per year, oldest first. */
  years(): Promise<{ year: number; editions: number }[]>;
  stats(): Promise<ArchiveStats>;
  /** Articles in a stable order, in batches (keyset on `seq`), for harvesting and export. */
  harvest(q: HarvestQuery): Promise<HarvestItem[]>;
  /** The datestamp of one article's record, or null when there is no such article. */
  datestamp(articleId: string): Promise<string | null>;
  /** The most recently ingested editions, newest first. */
  recentEditions(limit: number): Promise<(EditionSummary & { ingestedAt: string })[]>;
  /** Article slugs and dates in a stable order, for sitemaps. */
  articleSlugs(offset: number, limit: number): Promise<{ slug: string; date: string; datestamp: string }[]>;
  /** The oldest datestamp in the archive, or null when it is empty. */
  earliestDatestamp(): Promise<string | null>;
  recordIngest(event: Omit<IngestEvent, 'id' | 'at'>): Promise<void>;
  listIngestEvents(limit: number): Promise<IngestEvent[]>;
  /** Records one OCR'd page of a source file (replacing an earlier record of the same page). */
  saveOcrPage(record: OcrPageRecord): Promise<void>;
  /** The OCR'd pages recorded for a source file, by page number. */
  ocrPages(sourceHash: string): Promise<OcrPageRecord[]>;
  /**
   * Drops the recorded OCR pages of the given source keys (`ocrCacheKey` of a file's sha256), or every
   * recorded page when `sourceHashes` is undefined (an empty list drops none), so those files are read by
   * OCR afresh; returns how many pages were dropped.
   */
  dropOcrPages(sourceHashes?: readonly string[]): Promise<number>;
  /** Every edition's recorded and actual counts, oldest first, read in one snapshot (for `dateline check`). */
  editionCensus(): Promise<EditionCensus[]>;
  /** References whose target article does not exist. */
  danglingReferences(): Promise<{ sourceId: string; ordinal: number; targetId: string }[]>;
  close(): Promise<void>;
}

export type SortOrder = 'relevance' | 'date' | '-date';

export interface SearchRequest {
  /** The parsed query (search/query.ts); each index compiles it for its engine. */
  query: ParsedQuery;
  from?: string;
  to?: string;
  /** MM-DD: only articles of that day in any year. */
  day?: string;
  /** False to skip the facet pass (total then counts only the hits returned): for related articles. */
  facets?: boolean;
  sort: SortOrder;
  offset: number;
  limit: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  date: string;
  headline: string;
  kicker: string | null;
  /** The dateline's place, when the article has one. */
  place: string | null;
  page: number;
  /**
   * Snippet text with matches between \uE000 and \uE001 markers; not escaped. An index whose
   * `capabilities.snippets` is 'text' leaves it empty and gives `text` instead.
   */
  snippet: string;
  /** The article's body, for the search service to cut the snippet from (`capabilities.snippets` 'text'). */
  text?: string;
  /** Higher is better. */
  score: number;
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /** Matching articles per year, oldest first, over the whole result (not only this page). */
  years: { year: number; count: number }[];
  /** Matching articles per dateline place, most first (at most 30), over the whole result. */
  places: { place: string; count: number }[];
  /** True when total, years and places are estimated from samples (shown as "about"), not counted. */
  estimated?: boolean;
}

/** What a search index can and cannot do the way the reference (SQLite FTS5) backend does. */
export interface SearchCapabilities {
  /** 'bm25': FTS5's BM25 (headline weight 5, body 1); 'ts_rank': PostgreSQL's ts_rank (weights A=1, D=0.2). */
  ranking: 'bm25' | 'ts_rank';
  /**
   * 'near': "a b"~N finds the words within N words of each other, any order, for any number of words.
   * 'pairs': exactly that for two words up to ~20; more words, or a wider N, are matched as plain AND.
   */
  proximity: 'near' | 'pairs';
  /**
   * 'text': the index gives each hit's body and the search service cuts and marks its snippet
   * (search/snippet.ts), folding words as the index does. 'engine': the index marks `snippet` itself.
   */
  snippets: 'text' | 'engine';
}

export interface SearchIndex {
  readonly capabilities: SearchCapabilities;
  search(req: SearchRequest): Promise<SearchResult>;
  /** A value that changes whenever the indexed articles change (to know when a cached vocabulary is stale). */
  generation(): Promise<string>;
  /** The same value read synchronously, where the engine can (SQLite): lets the page cache answer without awaiting. */
  generationNow?(): string;
  /** Every indexed word with the number of articles that have it. */
  vocabulary(): Promise<Map<string, number>>;
  /** Rebuilds the index from the archive store's articles. */
  rebuild(): Promise<void>;
  /** Compares the index with the articles (for `dateline check`); reads only. */
  verify(): Promise<IndexVerification>;
}

export interface BlobStore {
  /** Stores bytes under their sha256 and returns that key; storing the same bytes twice is a no-op. */
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Buffer | null>;
  has(key: string): Promise<boolean>;
  /** A blob's size in bytes, or null when it is absent. */
  size(key: string): Promise<number | null>;
  /**
   * Bytes `start` to `end` (inclusive) of a blob as a stream, read as they are sent rather than all at
   * once (a PDF served to a reader, or the part of it a Range request asks for).
   */
  stream(key: string, start: number, end: number): ReadableStream<Uint8Array>;
  delete(key: string): Promise<void>;
  /** Every blob key held, in key order (for `dateline check` and backups). */
  keys(): AsyncIterable<string>;
  /** A file derived from a blob (a page image), stored under the blob's key and a name like "p1-w200.png". */
  getDerived(key: string, name: string): Promise<Buffer | null>;
  putDerived(key: string, name: string, bytes: Uint8Array): Promise<void>;
  /**
   * Temporary files left by writes that were interrupted (a killed process), oldest first; a store that
   * writes in one transaction has none. They are never blobs: nothing refers to them.
   */
  tempFiles(): Promise<BlobTempFile[]>;
}

/** A leftover temporary file of an interrupted blob write. */
export interface BlobTempFile {
  /** Its path under the blob store's root, e.g. "ab/ab12….1234.1700000000000.tmp". */
  name: string;
  bytes: number;
  /** When it was last written (ISO 8601). */
  modifiedAt: string;
}

/** An admin token as the store keeps it: never the token itself, only its sha256. */
export interface AdminToken {
  id: number;
  label: string;
  /** sha256 of the token, lower-case hex. */
  tokenHash: string;
  createdAt: string;
  /** When it was revoked; null while it is valid. */
  revokedAt: string | null;
}

/** The credentials that allow writes over HTTP, kept in the archive's database. */
export interface AdminTokenStore {
  /** Stores a new token's hash under a label; throws USAGE when the label is taken. */
  createAdminToken(label: string, tokenHash: string): Promise<AdminToken>;
  /** The valid (not revoked) token with this hash, or null. */
  findAdminToken(tokenHash: string): Promise<AdminToken | null>;
  /** Every token, revoked ones included, oldest first. */
  listAdminTokens(): Promise<AdminToken[]>;
  /** Revokes the valid token with this label; false when there is none. */
  revokeAdminToken(label: string): Promise<boolean>;
  /**
   * Stores a token record as another archive kept it (its hash, label, times, revocation), for
   * `dateline migrate`; the same hash already held is left as it is; a label taken by another hash is USAGE.
   */
  importAdminToken(token: Omit<AdminToken, 'id'>): Promise<void>;
}

/** One file of a backup as its manifest lists it. */
export interface BackupManifestFile {
  /** Slash-separated path inside the backup folder. */
  path: string;
  size: number;
  sha256: string;
}

/** manifest.json of a backup folder, written last: a folder without one is not a finished backup. */
export interface BackupManifest {
  format: 'dateline-backup';
  version: number;
  backend: 'sqlite' | 'postgres';
  created: string;
  dateline: string;
  /** PostgreSQL: the schema the dump holds. */
  schema?: string;
  /** PostgreSQL: whether the PDFs are inside the dump (true) or in blobs/ (false). */
  blobsInDatabase?: boolean;
  editions: number;
  articles: number;
  blobs: number;
  files: BackupManifestFile[];
}

/** What a backend's snapshot holds, read from the same moment as the copy itself. */
export interface DatabaseSnapshot {
  /** The PDFs its editions refer to: blob key → the edition's date. */
  referenced: Map<string, string>;
  editions: number;
  articles: number;
  /** What the manifest records for this backend alone (PostgreSQL: its schema, where its PDFs are). */
  manifest: Pick<BackupManifest, 'schema' | 'blobsInDatabase'>;
}

/** What a restore is told: the verified backup, and how to report as it goes. */
export interface RestoreFrom {
  /** The backup folder, every file in it checked against `manifest`. */
  folder: string;
  manifest: BackupManifest;
  /** Replace an archive that is there. */
  force: boolean;
  say(line: string): void;
  progress(what: string): { update(done: number, total: number): void; finish(): void };
}

/** A restore put beside the archive it replaces, to be checked, then put in place or undone. */
export interface PendingRestore {
  /** Where the restored archive opens for its check. */
  readonly location: { dataDir: string; db?: string; blobs?: string };
  /** Whether the backup's PDFs came with the database; if not, they are put through the archive's blob store. */
  readonly blobsRestored: boolean;
  /** What is left as it was when the check fails, for messages ("./data", 'the schema "x"'). */
  readonly target: string;
  /** Puts the restored archive in place of the old one, which is then removed. */
  commit(): Promise<void>;
  /** Removes what the restore made and leaves the old archive as it was. */
  abort(): Promise<void>;
}

/**
 * A backend's own part of `dateline backup` and `restore` (src/backup/ does the rest: manifest, PDFs,
 * site files, checks): its database copied as of one moment while writers go on, and put back.
 */
export interface DatabaseBackup {
  readonly backend: BackupManifest['backend'];
  /** The database's file in a backup folder. */
  readonly file: string;
  /** Writes the database as of one moment to `folder`/`file`; throws USAGE when there is no archive. */
  snapshot(folder: string, say: (line: string) => void): Promise<DatabaseSnapshot>;
  /** Puts a backup's database beside this archive (throws USAGE before touching anything it may not replace). */
  restore(from: RestoreFrom): Promise<PendingRestore>;
}

export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
export type { IngestStatus };
