/**
 * Lists made by readers' searches (a phrase's, a prefix's, a NEAR group's, a group of words'; docs/adr/0012,
 * 0017) are kept to a number: past it the earliest made go, and a search that needs one again makes it again.
 * The words' own lists, made ahead by `dateline reindex` (one per word over the share), are not counted: the
 * vocabulary bounds them. Without a cap, a crawler asking many different phrases would add a list (about
 * 30 KB at 1M) for each to the archive. `DATELINE_TOPK_SEARCH_LISTS` sets the number (default 5,000).
 */
import type { SqliteDb } from './sqlite-database.js';

export const SEARCH_LISTS = 5000;
/** The keys of lists made by searches: a phrase `a b`, a prefix `ab*`, a NEAR group `~5 a b`, a group `&a b`. */
const MADE_BY_SEARCH = "(term LIKE '% %' OR term LIKE '%*' OR term LIKE '~%' OR term LIKE '&%')";

/** The number of lists made by searches to keep, from the environment. */
export function searchListCap(env: NodeJS.ProcessEnv = process.env): number {
  const v = env.DATELINE_TOPK_SEARCH_LISTS;
  return v !== undefined && v.trim() !== '' && Number.isFinite(Number(v)) && Number(v) >= 0
    ? Math.round(Number(v))
    : SEARCH_LISTS;
}

/** Whether a list's key is one a search makes (as MADE_BY_SEARCH selects them). */
export function madeBySearch(key: string): boolean {
  return /^[~&]|[ *]/.test(key);
}

/**
 * Drops the earliest made lists past the cap, never `kept` (the list just written); returns how many went.
 * A word's own list leaves their number as it was: nothing to count (a reindex writes thousands).
 */
export function capSearchLists(db: SqliteDb, kept: string, cap = searchListCap()): number {
  if (!madeBySearch(kept)) return 0;
  const n = db.prepare(`SELECT count(*) FROM search_topk WHERE ${MADE_BY_SEARCH}`).pluck().get() as number;
  if (n <= cap) return 0;
  return db
    .prepare(
      `DELETE FROM search_topk WHERE rowid IN (
         SELECT rowid FROM search_topk WHERE ${MADE_BY_SEARCH} AND term <> ? ORDER BY rowid LIMIT ?)`,
    )
    .run(kept, n - cap).changes;
}
