/**
 * A search in date order on PostgreSQL without ranking every match (issue #17): the article table is walked
 * in the order asked (the `article_date` index, newest or oldest first) a batch at a time, each article's
 * vector tested with `@@`, until the page's matches are found; ts_rank is computed for the page's articles
 * alone. The page is the one the engine's statement gives (the same `@@`, the same order; equal date and
 * ordinal are ordered by seq). Counts: exact when the walk read the whole range, or from the term's list
 * when the query is one listed word, prefix or phrase (ADR 0008, 0012); otherwise estimated from the share of
 * walked articles that match, times the archive's own year and place counts (kept in memory, moved on by
 * added articles), and said to be "about". A query whose matches are too sparse for the walk to find its
 * page within `MAX_WALK` articles is left to the engine (null).
 */
import { PATCH_LIMIT, type TopKBackend } from '../../search/top-k.js';
import { type FacetRow, facetsFrom } from '../facets.js';
import type { SearchRequest, SearchResult } from '../ports.js';
import type { Row } from '../rows.js';
import type { PgPool } from './postgres-database.js';

/** Articles read in the first batch: also the smallest sample a share of matches is estimated from. */
const FIRST_BATCH = 128;
/** Articles read at most before the walk gives up and the engine answers (a few thousand vectors read). */
export const MAX_WALK = 4096;

/** A result's year and place counts. */
export type Facets = Pick<SearchResult, 'years' | 'places'>;

/** One walked article: seq, date, ordinal, place, and whether it matches. */
interface Walked {
  seq: number;
  date: string;
  ordinal: number;
  place: string | null;
  hit: boolean;
}

/** Runs statements in one read-only snapshot under the search time limit. */
export type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

export interface WalkDeps {
  /** Each batch, in the snapshot the walk started in. */
  query: Query;
  /** The exact counts of a one-term query from its list, or null (no list, or the query is not one term). */
  listed: () => Promise<Facets | null>;
  /** The archive's articles per (year, place), now. */
  archive: () => Promise<FacetRow[]>;
  /** The page's wide rows, ranked by the query, in the order given. */
  page: (seqs: number[]) => Promise<SearchResult['hits']>;
}

/** Whether the walk answers this request: date order, no `day:` (a day of every year is spread thin). */
export function walks(req: SearchRequest): boolean {
  return req.sort !== 'relevance' && !req.day;
}

/** Answers a date-ordered search by walking the articles in that order; null to leave it to the engine. */
export async function dateWalk(
  req: SearchRequest,
  tsquery: string,
  deps: WalkDeps,
): Promise<SearchResult | null> {
  const need = req.offset + req.limit;
  const walked: Walked[] = [];
  let hits = 0;
  let ended = false;
  let batch = FIRST_BATCH;
  while (hits < need && walked.length < MAX_WALK) {
    const last = walked[walked.length - 1];
    const { sql, params } = batchOf(tsquery, req, last, batch);
    const rows = await deps.query(sql, params);
    for (const r of rows) {
      const w: Walked = {
        seq: Number(r.seq),
        date: r.date as string,
        ordinal: r.ordinal as number,
        place: (r.place as string | null) ?? null,
        hit: r.hit as boolean,
      };
      walked.push(w);
      if (w.hit) hits++;
    }
    if (rows.length < batch) {
      ended = true;
      break;
    }
    // The next batch sized by the share matched so far (a third more), so that it seldom reads far past the page.
    const share = Math.max(hits, 1) / walked.length;
    batch = Math.min(MAX_WALK - walked.length, Math.max(64, Math.ceil(((need - hits) / share) * 1.33)));
  }
  if (hits < need && !ended) return null;
  const matches = walked.filter((w) => w.hit);
  const hitsOnPage = await deps.page(matches.slice(req.offset, need).map((m) => m.seq));
  if (req.facets === false) return { total: hitsOnPage.length, hits: hitsOnPage, years: [], places: [] };
  if (ended) {
    // Every article of the range was read: the counts are exact.
    const { years, places } = facetsFrom(
      matches.map((m) => ({ year: Number(m.date.slice(0, 4)), place: m.place, count: 1 })),
    );
    return { total: matches.length, hits: hitsOnPage, years, places };
  }
  const listed = req.from || req.to ? null : await deps.listed();
  if (listed) {
    const { years, places } = listed;
    return { total: years.reduce((n, y) => n + y.count, 0), hits: hitsOnPage, years, places };
  }
  const about = estimate(await deps.archive(), hits / walked.length, req);
  // Never fewer than the matches walked: a page the walk filled is not said to be past the last (ADR 0007).
  return { ...about, total: Math.max(about.total, hits), hits: hitsOnPage, estimated: true };
}

/** The next batch's statement and parameters: the range asked, past the last article walked, in the order asked. */
function batchOf(
  tsquery: string,
  req: SearchRequest,
  last: Walked | undefined,
  batch: number,
): { sql: string; params: unknown[] } {
  const newest = req.sort === '-date';
  const params: unknown[] = [tsquery, batch];
  const where: string[] = [];
  if (req.from) where.push(`date >= $${params.push(req.from)}`);
  if (req.to) where.push(`date <= $${params.push(req.to)}`);
  if (last) {
    const [d, o, s] = [params.push(last.date), params.push(last.ordinal), params.push(last.seq)];
    where.push(
      newest
        ? `date <= $${d} AND (date < $${d} OR (ordinal, seq) > ($${o}::int, $${s}::bigint))`
        : `(date, ordinal, seq) > ($${d}, $${o}::int, $${s}::bigint)`,
    );
  }
  const order = (a: string) =>
    newest ? `${a}date DESC, ${a}ordinal, ${a}seq` : `${a}date, ${a}ordinal, ${a}seq`;
  // The inner LIMIT keeps the planner on the date index (a few rows of a sorted walk), whatever the query.
  const sql = `SELECT w.seq, w.date, w.ordinal, w.dateline_place AS place, w.tsv @@ to_tsquery('simple', $1) AS hit
    FROM (SELECT seq, date, ordinal, dateline_place, tsv FROM article
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order('')} LIMIT $2) w
    ORDER BY ${order('w.')}`;
  return { sql, params };
}

/**
 * Counts estimated from the share of walked articles that match: the archive's articles per (year, place)
 * in the range asked, times that share. A year the range cuts is counted by its share of days.
 */
export function estimate(
  archive: FacetRow[],
  share: number,
  req: Pick<SearchRequest, 'from' | 'to'>,
): Omit<SearchResult, 'hits'> {
  const rows: FacetRow[] = [];
  for (const r of archive) {
    const part = yearPart(r.year, req.from, req.to);
    if (part > 0) rows.push({ ...r, count: Math.round(r.count * part * share) });
  }
  const { years, places } = facetsFrom(rows.filter((r) => r.count > 0));
  return { total: years.reduce((n, y) => n + y.count, 0), years, places, estimated: true };
}

/** The share of a year's days inside [from, to] (ISO dates, either open). */
function yearPart(year: number, from?: string | null, to?: string | null): number {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const lo = Math.max(start, from ? Date.parse(`${from.slice(0, 10)}T00:00:00Z`) : start);
  const hi = Math.min(end, to ? Date.parse(`${to.slice(0, 10)}T00:00:00Z`) + 86_400_000 : end);
  return hi <= lo ? 0 : (hi - lo) / (end - start);
}

/**
 * The archive's articles per (year, place), for estimated counts: one grouped pass over the article table,
 * then kept while no article is changed or deleted (the change count), added articles counted on top.
 */
export class ArchiveCounts {
  private kept: { changes: number; maxSeq: number; rows: Map<string, FacetRow> } | null = null;

  constructor(private readonly pool: PgPool) {}

  async now(): Promise<FacetRow[]> {
    const { rows: at } = await this.pool.query(
      `SELECT (SELECT value FROM archive_meta WHERE key = 'article_changes') AS changes,
         (SELECT coalesce(max(seq), 0) FROM article) AS max_seq`,
    );
    const changes = Number(at[0].changes);
    const maxSeq = Number(at[0].max_seq);
    let kept = this.kept;
    if (!kept || kept.changes !== changes) kept = { changes, maxSeq: 0, rows: new Map() };
    if (maxSeq > kept.maxSeq) {
      const { rows } = await this.pool.query(
        `SELECT substr(date, 1, 4)::int AS year, dateline_place AS place, count(*)::int AS count
         FROM article WHERE seq > $1 AND seq <= $2 GROUP BY 1, 2`,
        [kept.maxSeq, maxSeq],
      );
      const next = new Map(kept.rows);
      for (const r of rows as FacetRow[]) {
        const key = `${r.year}|${r.place ?? ''}`;
        next.set(key, { year: r.year, place: r.place, count: (next.get(key)?.count ?? 0) + r.count });
      }
      kept = { changes, maxSeq, rows: next };
    }
    this.kept = kept;
    return [...kept.rows.values()];
  }
}

/**
 * A term's exact (year, place) counts from its stored list, as `answerFromList` reads them: patched with the
 * changes logged since (docs/adr/0013) and the articles added since; null when there is no list or it is stale.
 */
export async function listedCounts<E, X>(backend: TopKBackend<E, X>, term: string): Promise<Facets | null> {
  const list = await backend.read(term);
  if (!list) return null;
  const state = await backend.state();
  const current =
    list.changes === state.changes ? list : await backend.patched(term, list, state, PATCH_LIMIT);
  if (!current) return null;
  const added = state.maxSeq > list.builtSeq ? await backend.since(term, list.builtSeq) : { facets: [] };
  const { years } = facetsFrom([
    ...current.years.map(([year, count]) => ({ year, place: null, count })),
    ...added.facets,
  ]);
  const { places } = facetsFrom([
    ...current.places.map(([place, count]) => ({ year: 0, place, count })),
    ...added.facets,
  ]);
  return { years, places };
}
