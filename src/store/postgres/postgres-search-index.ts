/**
 * SearchIndex on PostgreSQL: tsvector with GIN, headline weighted A and body D, ts_rank with ties broken by
 * date, ts_headline for snippets. Differs from FTS5's BM25 in ranking (see `capabilities`).
 */
import { toTsQuery } from '../../search/tsquery.js';
import { type FacetRow, facetsFrom } from '../facets.js';
import type { SearchCapabilities, SearchIndex, SearchRequest, SearchResult } from '../ports.js';
import { type Row, toHit } from '../rows.js';
import type { PgPool } from './postgres-database.js';

/** Weights for {D, C, B, A} = body, place, byline, headline: the body counts a fifth of the headline, as in FTS5. */
const WEIGHTS = "'{0.2, 0.4, 0.4, 1.0}'";

const ORDER = {
  relevance: 'score DESC, a.date, a.ordinal',
  date: 'a.date, a.ordinal',
  '-date': 'a.date DESC, a.ordinal',
} as const;

const HEADLINE_OPTIONS =
  'StartSel=\uE000, StopSel=\uE001, MaxWords=40, MinWords=20, ShortWord=1, MaxFragments=2, FragmentDelimiter=" … "';

export class PostgresSearchIndex implements SearchIndex {
  readonly capabilities: SearchCapabilities = {
    ranking: 'ts_rank',
    proximity: 'pairs',
  };

  constructor(private readonly pool: PgPool) {}

  async search(req: SearchRequest): Promise<SearchResult> {
    const where = ['a.tsv @@ q'];
    const params: unknown[] = [toTsQuery(req.query)];
    if (req.from) {
      params.push(req.from);
      where.push(`a.date >= $${params.length}`);
    }
    if (req.to) {
      params.push(req.to);
      where.push(`a.date <= $${params.length}`);
    }
    if (req.day) {
      params.push(req.day);
      where.push(`substr(a.date, 6, 5) = $${params.length}`);
    }
    const from = `FROM article a, to_tsquery('simple', $1) q WHERE ${where.join(' AND ')}`;
    let years: { year: number; count: number }[] = [];
    let places: { place: string; count: number }[] = [];
    let total = req.limit + req.offset;
    if (req.facets !== false) {
      // One grouped pass gives both facets, and the total is their sum: no separate count.
      ({ years, places } = facetsFrom(
        (
          await this.pool.query(
            `SELECT substr(a.date, 1, 4)::int AS year, a.dateline_place AS place, count(*)::int AS count ${from} GROUP BY 1, 2`,
            params,
          )
        ).rows as FacetRow[],
      ));
      total = years.reduce((n, y) => n + y.count, 0);
      if (total === 0 || req.offset >= total) return { total, hits: [], years, places };
    }
    const rows = (
      await this.pool.query(
        `WITH page AS (
           SELECT a.id, a.slug, a.date, a.ordinal, a.headline, a.kicker, a.dateline_place, a.first_page, a.body, q,
             ts_rank(${WEIGHTS}, a.tsv, q) AS score
           ${from} ORDER BY ${ORDER[req.sort]} LIMIT $${params.length + 1} OFFSET $${params.length + 2})
         SELECT id, slug, date, headline, kicker, dateline_place, first_page, score,
           ts_headline('simple', body, q, '${HEADLINE_OPTIONS}') AS snippet
         FROM page a ORDER BY ${ORDER[req.sort]}`,
        [...params, req.limit, req.offset],
      )
    ).rows as Row[];
    const hits = rows.map((r) => toHit(r, r.score as number));
    return { total: req.facets === false ? hits.length : total, hits, years, places };
  }

  async generation() {
    // Every write to the archive counts itself in the same transaction.
    const r = await this.pool.query("SELECT value FROM archive_meta WHERE key = 'writes'");
    return String(r.rows[0].value);
  }

  async vocabulary() {
    // ts_stat reads every vector: fine for a vocabulary cached per index generation (see SearchService).
    const r = await this.pool.query("SELECT word, ndoc FROM ts_stat('SELECT tsv FROM article')");
    return new Map(r.rows.map((x) => [x.word as string, Number(x.ndoc)]));
  }

  async rebuild() {
    // The vector is written with each article; nothing is derived elsewhere to rebuild.
  }
}
