/** The related-articles port: the few articles that best match a query, as summaries (no text, no facets). */
import type { ParsedQuery } from '../../search/query.js';
import type { SearchHit } from './search-index.js';

/**
 * Ranks like the search index (its engine's score, ties by date and ordinal) but returns only the top
 * summaries: no facet pass, no total, no bodies for snippets. Each ranking is kept (migration 17) and read
 * again while no article added, changed or deleted since holds one of its words. An article page asks it for its related
 * articles on every render, so it is kept to what that list shows (a hot path: docs/performance.md).
 */
export interface RelatedIndex {
  /**
   * The `limit` best matches of `query`, best first, exactly as `SearchIndex.search` with relevance order
   * would rank them; each hit's `snippet` is empty and it has no `text`.
   */
  bestMatches(query: ParsedQuery, limit: number): Promise<SearchHit[]>;
  /**
   * Writes the rankings it keeps and has not written yet (the archive's close calls it). A kept ranking is
   * read again, as it was ranked, until an article added, changed or deleted since holds one of its words.
   */
  flush(): Promise<void>;
}
