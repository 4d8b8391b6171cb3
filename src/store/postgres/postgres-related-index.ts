/**
 * RelatedIndex on PostgreSQL: one statement ranks the matches by ts_rank and reads the few best rows'
 * summaries, where a search is a transaction of four round trips whose statement also groups every match
 * for the facets and reads the page's bodies for snippets.
 */
import type { ParsedQuery } from '../../search/query.js';
import type { RelatedIndex } from '../ports/related-index.js';
import type { SearchHit } from '../ports/search-index.js';
import { type Row, toHit } from '../rows.js';
import type { PgPool } from './postgres-database.js';
import { toTsQuery } from './postgres-query-compiler.js';

/**
 * ts_rank's weights for {D, C, B, A} = body, place, byline, headline: the same as a search's
 * (postgres-search-index.ts), so the same articles come first; the conformance suite compares the two.
 */
const WEIGHTS = "'{0.2, 0.4, 0.4, 1.0}'";

export class PostgresRelatedIndex implements RelatedIndex {
  constructor(private readonly pool: PgPool) {}

  async bestMatches(query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (limit <= 0) return [];
    // The words asked for are an article's rarest (a budget of postings, search.service.ts), so the statement
    // is short however large the archive; no statement_timeout transaction around it.
    const { rows } = await this.pool.query(
      `SELECT a.id, a.slug, a.date, a.headline, a.kicker, a.dateline_place, a.first_page,
         ts_rank(${WEIGHTS}, a.tsv, q) AS score
       FROM article a, to_tsquery('simple', $1) q WHERE a.tsv @@ q
       ORDER BY score DESC, a.date, a.ordinal LIMIT $2`,
      [toTsQuery(query), limit],
    );
    return rows.map((r) => toHit(r as Row, r.score as number));
  }
}
