/**
 * RelatedIndex on SQLite FTS5: FTS5 alone ranks the matches by bm25() and keeps the best few (its top-N
 * sort), then only those few article rows are read. Ordering every match by (score, date, ordinal) joined
 * to the article rows, as a search page does, looked up each match's row first: 5.3 against 1.5 ms for an
 * article page's related words at 100k articles (docs/performance.md).
 */

import { FTS5_WEIGHTS } from '../../search/fts5-instances.js';
import type { ParsedQuery } from '../../search/query.js';
import type { RelatedIndex } from '../ports/related-index.js';
import type { SearchHit } from '../ports/search-index.js';
import { toHit } from '../rows.js';
import type { SqliteDb } from './sqlite-database.js';
import { toFts5 } from './sqlite-query-compiler.js';

/** Candidates FTS5 keeps beyond the `limit` asked for, so that ties in score at the last place are seen. */
const SPARE = 8;

/** SQLite's default (binary) order of two strings. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class SqliteRelatedIndex implements RelatedIndex {
  constructor(private readonly db: SqliteDb) {}

  async bestMatches(query: ParsedQuery, limit: number): Promise<SearchHit[]> {
    if (limit <= 0) return [];
    const match = toFts5(query);
    const weights = FTS5_WEIGHTS.join(', ');
    const keep = limit + SPARE;
    const best = this.db
      .prepare(
        `SELECT rowid AS seq, bm25(article_fts, ${weights}) AS score FROM article_fts
         WHERE article_fts MATCH ? ORDER BY score LIMIT ?`,
      )
      .all(match, keep) as { seq: number; score: number }[];
    // The search orders equal scores by date and ordinal. When the last kept candidate ties with the last
    // place asked for, more of that score may lie beyond what FTS5 kept: rank every match as a search does.
    const last = best[limit - 1];
    const ranked =
      best.length === keep && last && best[keep - 1]!.score === last.score
        ? (this.db
            .prepare(
              `SELECT article_fts.rowid AS seq, bm25(article_fts, ${weights}) AS score
               FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE article_fts MATCH ?
               ORDER BY score, a.date, a.ordinal LIMIT ?`,
            )
            .all(match, limit) as { seq: number; score: number }[])
        : best;
    if (ranked.length === 0) return [];
    const rows = this.db
      .prepare(
        `SELECT seq, id, slug, date, ordinal, headline, kicker, dateline_place, first_page
         FROM article WHERE seq IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify(ranked.map((r) => r.seq))) as Record<string, unknown>[];
    const bySeq = new Map(rows.map((r) => [r.seq as number, r]));
    const scored = ranked.flatMap((r) => {
      const row = bySeq.get(r.seq);
      return row ? [{ row, score: r.score }] : [];
    });
    scored.sort(
      (a, b) =>
        a.score - b.score ||
        byText(a.row.date as string, b.row.date as string) ||
        (a.row.ordinal as number) - (b.row.ordinal as number),
    );
    // FTS5's bm25() is lower-is-better; hits are higher-is-better.
    return scored.slice(0, limit).map(({ row, score }) => toHit(row, -score));
  }
}
