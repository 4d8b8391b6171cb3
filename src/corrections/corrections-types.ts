/**
 * Reader corrections (issue #19): the shared contract between the store, the service, the API and the
 * web pages. Readers correct an article's text and structure; every change is a numbered version of the
 * article, kept for ever and readable at its own address (/article/ID/v/N). The original reading is
 * version 1 and is never overwritten: search finds an article by its current text and by its original.
 */

/** What a correction may change. Absent fields stay as they are; null clears an optional field. */
export interface CorrectionFields {
  /** The whole body, paragraphs separated by a blank line. */
  text?: string;
  headline?: string;
  kicker?: string | null;
  byline?: string | null;
  /** The dateline's place. */
  place?: string | null;
  /** The bulletin date the article belongs to (ISO YYYY-MM-DD); the article moves to that date's edition. */
  date?: string;
  /** Its first and last page within its bulletin. */
  firstPage?: number;
  lastPage?: number;
}

/** One correction as the API and the form send it. */
export interface CorrectionInput extends CorrectionFields {
  /** Split the article before this paragraph (0-based; ≥ 1): the rest becomes a new article after it. */
  split?: { paragraph: number; headline?: string };
  /** Merge the article with the next article of its bulletin (the next one's text follows; it is gone). */
  merge?: 'next';
  /** A name the contributor gives; absent or empty means "anonymous". */
  contributor?: string;
  comment?: string;
  /**
   * The version the editor started from. When the article has moved on since, the correction is refused
   * (ArchiveError CONFLICT, HTTP 409: add it to the catalogue) and nothing is stored: the second of two concurrent editors is told.
   */
  baseVersion?: number;
}

export type ChangeKind = 'original' | 'text' | 'structure' | 'split' | 'merge' | 'revert';

/**
 * live: in force (the newest live version is the article as shown); held: waiting for an admin (it
 * empties the article or replaces most of it); rejected: an admin refused a held one; reverted: undone.
 */
export type VersionStatus = 'live' | 'held' | 'rejected' | 'reverted';

/** An article as one version has it. */
export interface VersionSnapshot {
  headline: string;
  kicker: string | null;
  byline: string | null;
  place: string | null;
  date: string;
  firstPage: number;
  lastPage: number;
  body: string;
}

export interface ArticleVersion {
  articleId: string;
  /** 1 is the machine's reading; each change adds one. */
  version: number;
  /** ISO timestamp. */
  at: string;
  /** The name given, or "anonymous". */
  contributor: string;
  /** A key derived from the client (a keyed hash of its address), never the raw address. Shown to admins. */
  contributorKey: string;
  comment: string | null;
  change: ChangeKind;
  status: VersionStatus;
  /** For a revert: the version it went back to. For a split/merge: the other article's id. */
  refersTo: string | null;
  snapshot: VersionSnapshot;
}

/** A change to any article, for the archive-wide Atom feed of recent changes. */
export interface RecentChange {
  articleId: string;
  headline: string;
  version: number;
  at: string;
  contributor: string;
  change: ChangeKind;
  status: VersionStatus;
  comment: string | null;
}

/** Who is asking: the derived client key and, for moderation, whether an admin token was shown. */
export interface Contributor {
  key: string;
  admin?: boolean;
}

export interface CorrectionResult {
  /** The version stored (status 'held' when it waits for review). */
  version: ArticleVersion;
  /** The article as it now reads (unchanged when held). */
  articleId: string;
  /** A split's new article. */
  newArticleId?: string;
}

/** What the API, the web pages and the moderation tools ask of corrections (src/corrections/corrections.service.ts). */
export interface CorrectionsPort {
  /**
   * Records one correction as a new version. Refused with a clear ArchiveError (nothing stored) when the
   * article is locked, the contributor is banned, the rate limit is passed (RATE_LIMITED → 429), the
   * change is too large (TOO_LARGE → 413), empty or invalid (BAD_REQUEST), locked or banned (FORBIDDEN → 403:
   * add it), or baseVersion is stale (CONFLICT → 409).
   */
  correct(articleId: string, input: CorrectionInput, who: Contributor): Promise<CorrectionResult>;
  /** Every version of an article, newest first (held and reverted ones included, marked). */
  history(articleId: string): Promise<ArticleVersion[]>;
  /** One version, or null. */
  version(articleId: string, version: number): Promise<ArticleVersion | null>;
  /** The archive's recent changes, newest first. */
  recent(limit: number): Promise<RecentChange[]>;
  /** Admin: undo a version (the article goes back to the version before it); recorded as a 'revert' version. */
  revert(articleId: string, version: number, who: Contributor): Promise<CorrectionResult>;
  /** Admin: accept or reject a held version. */
  review(articleId: string, version: number, accept: boolean, who: Contributor): Promise<CorrectionResult>;
  /** Admin: lock or unlock an article against corrections. */
  lock(articleId: string, locked: boolean): Promise<void>;
  isLocked(articleId: string): Promise<boolean>;
  /** Admin: ban or unban a contributor key. */
  ban(contributorKey: string, banned: boolean): Promise<void>;
  /** Held versions waiting for review, oldest first. */
  held(limit: number): Promise<ArticleVersion[]>;
  /**
   * (Added with the implementation.) The contributor key of a client address (`Contributor.key`): a keyed
   * hash with the archive's secret, `k-` and 20 hex digits. The raw address is never stored.
   */
  keyFor(address: string): Promise<string>;
  /**
   * (Added with the implementation.) Where an article id that is gone now leads (merged into another, or a
   * split undone): that article's id, or null. Pages and the API redirect there instead of answering 404.
   */
  movedTo(articleId: string): Promise<string | null>;
}
