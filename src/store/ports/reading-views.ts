/** The reading side of the archive store: ready-to-render rows for the pages and the API. */
import type { Article, Edition, Page, Reference, Title } from '../../core/types.js';

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

/** What the reading pages and the API ask of the store: editions, pages, articles, references, dates, figures. */
export interface ReadingViews {
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
  /** The most recently ingested editions, newest first. */
  recentEditions(limit: number): Promise<(EditionSummary & { ingestedAt: string })[]>;
}
