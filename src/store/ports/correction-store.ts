/**
 * What reader corrections (src/corrections/) need of a backend: the versions of articles, locks, bans and
 * the ids of merged articles, and one write transaction per correction. The service decides what a
 * correction writes (a pure plan over the state read in the transaction); the store reads and writes.
 */
import type { Article, Reference } from '../../core/types.js';
import type {
  ArticleVersion,
  RecentChange,
  VersionSnapshot,
  VersionStatus,
} from '../../corrections/corrections-types.js';

/** An article's whole row and its references, kept with a version so that a removed article can come back. */
export interface ArticleDetail {
  article: Article;
  references: Reference[];
}

/** A version as stored: the public fields and, for split/merge/revert, the row it was made from. */
export interface StoredVersion extends ArticleVersion {
  detail: ArticleDetail | null;
}

/** What a plan reads, in the transaction, with the article's row locked. */
export interface CorrectionState {
  /** The article, or null when there is none by that id. */
  article: Article | null;
  /** When the article's edition was ingested (the time of its version 1). */
  ingestedAt: string | null;
  /** Its versions in force, oldest first. */
  versions: StoredVersion[];
  locked: boolean;
  /** Whether the contributor's key is banned. */
  banned: boolean;
  /** Versions the contributor's key stored in the last minute (the rate limit). */
  recentByKey: number;
  /** The other article a plan needs (the next one for a merge, the other side of a split or merge to revert). */
  other: { article: Article | null; versions: StoredVersion[]; locked: boolean } | null;
}

/**
 * A version to insert. `captureDetail` keeps the article's row as it was before this transaction's writes.
 * NEW_ARTICLE as its article id or refersTo stands for the id the new article gets.
 */
export interface NewVersion extends ArticleVersion {
  captureDetail?: boolean;
  /** Set when the plan carries the detail itself. */
  detail?: ArticleDetail | null;
}

/** The id a plan gives a new article; the store replaces it with the first free candidate. */
export const NEW_ARTICLE = '@new';

/** What one correction writes, applied by the store in this order: versions, statuses, remove, restore, insert, update. */
export interface CorrectionWrites {
  versions: NewVersion[];
  statuses: { articleId: string; version: number; status: VersionStatus }[];
  /** Deletes an article (a merged or un-split one); its id then leads to `aliasTo`. */
  remove?: { id: string; aliasTo: string };
  /** Puts a removed article back as it was (its row, references and ordinal), and forgets its alias. */
  restore?: ArticleDetail;
  /** A new article (a split's second part) after `after` in the same edition; later ordinals move up one. */
  insert?: { candidates: string[]; after: Article; snapshot: VersionSnapshot };
  /**
   * The article as a snapshot has it. A new date moves it to that date's edition (refused when there is
   * none or its pages are past that edition's last); `regions` replaces its regions when given.
   * `originalText` is what search finds of its original reading besides the current text (null: none).
   */
  update?: {
    id: string;
    snapshot: VersionSnapshot;
    originalText: string | null;
    regions?: Article['regions'];
    /** Its place in its (new) bulletin when it moves back where it was; by default it goes last. */
    ordinal?: number;
  };
}

/** The result of applying a plan: what the plan returned, and the id the new article got, if any. */
export interface Applied<T> {
  result: T;
  newArticleId: string | null;
}

/** Reads and writes of reader corrections on one backend. */
export interface CorrectionStore {
  /**
   * Runs one correction in ONE write transaction: reads the state (the article's row locked against
   * concurrent corrections), calls `plan` (pure, synchronous), applies its writes. `plan` throwing an
   * ArchiveError rolls everything back.
   */
  apply<T>(
    articleId: string,
    ask: { contributorKey: string; other?: string | 'next' },
    plan: (state: CorrectionState) => { writes: CorrectionWrites; result: T },
  ): Promise<Applied<T>>;
  /** Every version in force of an article, newest first. */
  versions(articleId: string): Promise<StoredVersion[]>;
  /** Recent changes to any article, newest first (versions 1 as read by the machine are no change). */
  recent(limit: number): Promise<RecentChange[]>;
  /** Held versions, oldest first. */
  held(limit: number): Promise<ArticleVersion[]>;
  setLock(articleId: string, locked: boolean): Promise<void>;
  isLocked(articleId: string): Promise<boolean>;
  setBan(contributorKey: string, banned: boolean): Promise<void>;
  /** The article a removed (merged) article's id now leads to, or null. */
  aliasOf(articleId: string): Promise<string | null>;
  /** The archive's secret for contributor keys, made on first use and kept in the database. */
  secret(): Promise<string>;
  /** Everything corrections keep (versions, locks, bans, aliases, secret), for `dateline migrate`. */
  dump(): Promise<CorrectionDump>;
  /** Loads a dump into an archive whose articles were copied with the same ids; sets their original text for search. */
  load(dump: CorrectionDump): Promise<void>;
}

/** Everything corrections keep, as `dump` gives it. */
export interface CorrectionDump {
  versions: StoredVersion[];
  locks: string[];
  bans: string[];
  aliases: { from: string; to: string }[];
  secret: string | null;
}

/** The text search finds of an article's original reading beside its current one: null when they agree. */
export function originalTextOf(
  original: VersionSnapshot,
  now: { headline: string; body: string },
): string | null {
  if (original.headline === now.headline && original.body === now.body) return null;
  return `${original.headline}\n\n${original.body}`;
}
