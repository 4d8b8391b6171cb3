/**
 * The first matches of a query in date order (newest or oldest first), found by walking FTS5's matches by
 * seq from one end, a chunk at a time: FTS5 seeks a rowid range and returns its matches in rowid order
 * without scoring any. Articles are mostly stored in date order (ingested bulletin by bulletin), so the
 * walk stops soon after the page's last date; an article stored out of order is still found, because the
 * walk only stops once the hit table says no article not yet walked can come before the page's last
 * (sqlite-hit-table.ts: the latest date below a seq, the earliest above it).
 */
import type { SearchRequest } from '../ports.js';
import type { SqliteDb } from './sqlite-database.js';
import { hitTableOf, type SqliteHitTable } from './sqlite-hit-table.js';

/** The first chunk past the page, and the largest chunk read at a time. */
const FIRST_EXTRA = 16;
const MAX_CHUNK = 4096;
/** Matches walked before the walk gives up (an archive far out of date order): the caller ranks as before. */
const WALK_LIMIT = 200_000;

/** ISO date to the hit table's key (yyyymmdd). */
const keyOf = (date: string) => Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10));

/**
 * The seqs of the first `need` articles matching `match` (an FTS5 expression) in the request's date order and
 * range, in that order (date, then ordinal, then seq); fewer when fewer match. Null when the walk cannot be
 * used (a date not in ISO form, a `day:` filter, or more than WALK_LIMIT matches walked).
 * Call inside a read transaction (the hit table is brought up to it here).
 */
export function walkInDateOrder(
  db: SqliteDb,
  match: string,
  req: SearchRequest,
  need: number,
): number[] | null {
  if (req.sort === 'relevance' || req.day) return null;
  const table = hitTableOf(db);
  table.sync();
  if (!table.keyed) return null;
  const desc = req.sort === '-date';
  const from = req.from ? keyOf(req.from) : -1;
  const to = req.to ? keyOf(req.to) : Infinity;
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  const step = db.prepare(
    desc
      ? 'SELECT rowid FROM article_fts WHERE article_fts MATCH @match AND rowid < CAST(@at AS INTEGER) AND rowid > CAST(@stop AS INTEGER) ORDER BY rowid DESC LIMIT @n'
      : 'SELECT rowid FROM article_fts WHERE article_fts MATCH @match AND rowid > CAST(@at AS INTEGER) AND rowid < CAST(@stop AS INTEGER) ORDER BY rowid LIMIT @n',
  );
  // Seqs past which every article lies outside the range are not walked: the walk runs from `at` towards
  // `stop`, both left out.
  const low = from < 0 ? 0 : table.walkFrom(from).above;
  const high = to === Infinity ? table.lastSeq + 1 : table.walkFrom(to).below;
  let at = desc ? high : low;
  const stop = desc ? low : high;
  const order = (a: number, b: number) => compare(table, desc, a, b);
  let found: number[] = [];
  let walked = 0;
  let n = need + FIRST_EXTRA;
  for (;;) {
    const seqs = step.pluck().all({ match, at, stop, n }) as number[];
    walked += seqs.length;
    for (const s of seqs) {
      const k = table.keyOf(s);
      if (k >= 0 && k >= from && k <= to) found.push(s);
    }
    if (seqs.length < n) break;
    at = seqs[seqs.length - 1]!;
    if (found.length >= need) {
      found.sort(order);
      found = found.slice(0, need);
      const k = table.keyOf(found[need - 1]!);
      // Strictly: an article not walked yet on the same day could come first by its ordinal.
      if (desc ? table.latestBefore(at) < k : table.earliestAfter(at) > k) break;
    }
    if (walked > WALK_LIMIT) return null;
    n = Math.min(n * 2, MAX_CHUNK);
  }
  return found.sort(order).slice(0, need);
}

/** Date order (newest first when `desc`), then ordinal, then seq. */
function compare(table: SqliteHitTable, desc: boolean, a: number, b: number): number {
  const ka = table.keyOf(a);
  const kb = table.keyOf(b);
  if (ka !== kb) return desc ? kb - ka : ka - kb;
  return table.ordinalOf(a) - table.ordinalOf(b) || a - b;
}
