/** The search index port: a parsed query in, a ranked page with facets out; what each engine can do. */
import type { ParsedQuery } from '../../search/query.js';

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

/** Marks around a match in a snippet; never in indexed text. */
export const MARK_START = '\uE000';
export const MARK_END = '\uE001';
