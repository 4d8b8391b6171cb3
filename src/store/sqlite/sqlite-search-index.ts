/** SearchIndex on SQLite FTS5: BM25 with the headline weighted above the body, ties broken by date. */
import { toFts5 } from '../../search/query.js';
import { makeSnippet } from '../../search/snippet.js';
import { type FacetRow, facetsFrom } from '../facets.js';
import type {
  IndexVerification,
  SearchCapabilities,
  SearchHit,
  SearchIndex,
  SearchRequest,
  SearchResult,
} from '../ports.js';
import { toHit } from '../rows.js';
import type { SqliteDb } from './sqlite-database.js';

/** bm25() weights per FTS column: headline, body, byline, dateline place. */
const WEIGHTS = '5.0, 1.0, 2.0, 2.0';

const ORDER = {
  relevance: 'score, a.date, a.ordinal',
  date: 'a.date, a.ordinal',
  '-date': 'a.date DESC, a.ordinal',
} as const;

export class SqliteSearchIndex implements SearchIndex {
  readonly capabilities: SearchCapabilities = {
    ranking: 'bm25',
    proximity: 'near',
  };

  constructor(private readonly db: SqliteDb) {}

  async search(req: SearchRequest): Promise<SearchResult> {
    const where = ['article_fts MATCH @match'];
    if (req.from) where.push('a.date >= @from');
    if (req.to) where.push('a.date <= @to');
    if (req.day) where.push('substr(a.date, 6, 5) = @day');
    const params = {
      match: toFts5(req.query),
      from: req.from ?? null,
      to: req.to ?? null,
      day: req.day ?? null,
    };
    // The narrow index article_hit covers every column the facet pass and the ranking read.
    const body = `FROM article_fts JOIN article a INDEXED BY article_hit ON a.seq = article_fts.rowid WHERE ${where.join(' AND ')}`;
    if (req.facets === false) {
      const hits = this.page(req, body, params);
      return { total: hits.length, hits, years: [], places: [] };
    }
    // One grouped pass gives both facets, and the total is their sum: no separate count.
    const { years, places } = facetsFrom(
      this.db
        .prepare(
          `SELECT CAST(substr(a.date, 1, 4) AS INTEGER) AS year, a.dateline_place AS place, count(*) AS count ${body} GROUP BY 1, 2`,
        )
        .all(params) as FacetRow[],
    );
    const total = years.reduce((n, y) => n + y.count, 0);
    if (total === 0) return { total, hits: [], years, places };
    if (req.offset >= total) return { total, hits: [], years, places };
    const hits = this.page(req, body, params);
    return { total, hits, years, places };
  }

  /**
   * One page of hits in two steps: rank every match reading only the narrow index, then read the wide
   * rows and make snippets for the page's few hits alone.
   */
  private page(req: SearchRequest, body: string, params: Record<string, unknown>): SearchHit[] {
    const ranked = this.db
      .prepare(
        `SELECT article_fts.rowid AS seq, bm25(article_fts, ${WEIGHTS}) AS score
         ${body} ORDER BY ${ORDER[req.sort]} LIMIT @limit OFFSET @offset`,
      )
      .all({ ...params, limit: req.limit, offset: req.offset }) as { seq: number; score: number }[];
    if (ranked.length === 0) return [];
    // The page's rows by their keys alone; the snippets are made from their text (search/snippet.ts), not
    // by FTS5's snippet(), which would re-run the MATCH (for a prefix, its whole expansion) to find them.
    const rows = this.db
      .prepare(
        `SELECT seq, id, slug, date, headline, kicker, dateline_place, first_page, body
         FROM article WHERE seq IN (SELECT value FROM json_each(@seqs))`,
      )
      .all({ seqs: JSON.stringify(ranked.map((r) => r.seq)) }) as Record<string, unknown>[];
    for (const row of rows) {
      row.snippet = makeSnippet(row.body as string, req.query);
      row.body = undefined;
    }
    const bySeq = new Map(rows.map((r) => [r.seq as number, r]));
    // FTS5's bm25() is lower-is-better; readers and the API expect higher-is-better.
    return ranked.flatMap((r) => {
      const row = bySeq.get(r.seq);
      return row ? [toHit(row, -r.score)] : [];
    });
  }

  async generation() {
    return this.generationNow();
  }

  generationNow() {
    // Every write to the archive counts itself in the same transaction.
    const r = this.db.prepare("SELECT value FROM archive_meta WHERE key = 'writes'").get() as {
      value: number;
    };
    return String(r.value);
  }

  async vocabulary() {
    const rows = this.db.prepare('SELECT term, doc FROM article_vocab').raw().all() as [string, number][];
    return new Map(rows);
  }

  async rebuild() {
    this.db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild')");
  }

  async verify(): Promise<IndexVerification> {
    let engine: string | null = null;
    try {
      // With rank 1, FTS5 also checks the index against the external content table (the article rows).
      this.db.exec("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)");
    } catch (err) {
      engine = `FTS5 integrity-check: ${(err as Error).message}`;
    }
    // The rows the index itself holds, read from its term instances (not from the content table).
    this.db.exec(
      'CREATE VIRTUAL TABLE IF NOT EXISTS temp.article_fts_instance USING fts5vocab(main, article_fts, instance)',
    );
    return this.db.transaction(() => {
      const missing = this.db
        .prepare(
          'SELECT id FROM article WHERE seq NOT IN (SELECT DISTINCT doc FROM temp.article_fts_instance) ORDER BY seq',
        )
        .pluck()
        .all() as string[];
      const orphans = this.db
        .prepare(
          'SELECT DISTINCT doc FROM temp.article_fts_instance WHERE doc NOT IN (SELECT seq FROM article) ORDER BY doc',
        )
        .pluck()
        .all() as number[];
      return { engine, missing, orphans: orphans.map(String), stale: [] };
    })();
  }
}
