/**
 * The harvest reads on SQLite (OAI-PMH lists, the export, sitemaps), kept flat at a million articles: a
 * batch is the next articles by seq that pass its bounds, found either among the few that can (a year's
 * set, the records since a recent date) or by walking seqs on a narrow index (docs/adr/0018).
 */

import { recordStampSql } from '../correction-rows.js';
import type { HarvestQuery } from '../ports.js';
import type { Row } from '../rows.js';
import type { SqliteDb } from './sqlite-database.js';

/** A record's datestamp: its edition's ingest or its latest reader correction (correction-rows.ts). */
export const STAMP = recordStampSql('max');

/**
 * A bound's candidates are gathered only while there are at most this many; past it, seqs are walked.
 * DATELINE_HARVEST_CANDIDATES changes it (tests take both paths with it).
 */
export const candidateCap = () => Number(process.env.DATELINE_HARVEST_CANDIDATES ?? 10_000);

/** Seqs walked before candidates are gathered for a bounded batch; DATELINE_HARVEST_WALK changes it. */
export const walkBudget = () => Number(process.env.DATELINE_HARVEST_WALK ?? 2000);

/**
 * The bounds over `a` and `e` (the datestamp's only when given). A record's stamp is the later of its
 * edition's ingest and its latest correction, so the ingest alone rules a row out before the per-row look-up
 * of corrections runs: an "until" needs the ingest no later, a "from" the ingest no earlier unless a
 * correction since.
 */
function where(q: HarvestQuery): string {
  let sql = 'a.date >= @fromDate AND a.date <= @toDate';
  if (q.fromStamp !== undefined)
    sql += ` AND (e.ingested_at >= @fromStamp OR a.id IN (SELECT v.article_id FROM article_version v
             WHERE v.at >= substr(@fromStamp, 1, 19))) AND ${STAMP} >= @fromStamp`;
  if (q.untilStamp !== undefined) sql += ` AND e.ingested_at <= @untilStamp AND ${STAMP} <= @untilStamp`;
  return sql;
}

const paramsOf = (q: HarvestQuery) => ({
  after: q.after ?? 0,
  fromStamp: q.fromStamp ?? '',
  untilStamp: q.untilStamp ?? '9999',
  fromDate: q.fromDate ?? '',
  toDate: q.toDate ?? '9999',
});

/**
 * Every seq past `after` that the bounds could let through, ascending, when a bound narrows them to
 * candidateCap() or fewer. Otherwise the seq a walk may start after: below the least candidate of every
 * bound nothing passes (a harvest since last week walks from last week's first article, not from `after`).
 * Candidates are a superset: the batch query applies every bound again.
 */
function candidates(db: SqliteDb, q: HarvestQuery): { seqs: number[] } | { after: number } {
  const cap = candidateCap();
  const p = { ...paramsOf(q), cap: cap + 1 };
  const probes: string[] = [];
  if (q.fromDate !== undefined || q.toDate !== undefined)
    probes.push(`SELECT seq FROM article INDEXED BY article_date
       WHERE date >= @fromDate AND date <= @toDate AND seq > @after`);
  if (q.fromStamp !== undefined || q.untilStamp !== undefined) {
    const editions = `SELECT a.seq FROM edition e INDEXED BY edition_ingested CROSS JOIN article a INDEXED BY article_edition
       ON a.edition_id = e.id WHERE e.ingested_at >= @fromStamp AND e.ingested_at <= @untilStamp AND a.seq > @after`;
    // A record corrected since `from` may be of a bulletin ingested before it. UNION ALL, not UNION: the
    // LIMIT then stops the probe early instead of after every row is made distinct.
    const corrected = `SELECT a.seq FROM article_version v JOIN article a ON a.id = v.article_id
       WHERE v.at >= substr(@fromStamp, 1, 19) AND a.seq > @after`;
    probes.push(q.fromStamp !== undefined ? `${editions} UNION ALL ${corrected}` : editions);
  }
  let after = q.after ?? 0;
  for (const sql of probes) {
    const seqs = db.prepare(`${sql} LIMIT @cap`).pluck().all(p) as number[];
    if (seqs.length <= cap) return { seqs: [...new Set(seqs)].sort((x, y) => x - y) };
    const least = db.prepare(`SELECT min(seq) FROM (${sql})`).pluck().get(p) as number;
    after = Math.max(after, least - 1);
  }
  return { after };
}

/** The next `q.limit` articles by seq past `q.after` within the bounds, with their record datestamps. */
export function harvestRows(db: SqliteDb, q: HarvestQuery): Row[] {
  const bounded = [q.fromDate, q.toDate, q.fromStamp, q.untilStamp].some((b) => b !== undefined);
  if (!bounded) return walk(db, q);
  // The next walkBudget() seqs first: where the bounds let many through (an old "from", a wide range) the
  // batch is among them, and no probe runs.
  const budget = walkBudget();
  const upto =
    budget > 0
      ? (db
          .prepare(
            'SELECT seq FROM article INDEXED BY article_hit WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?',
          )
          .pluck()
          .get(q.after ?? 0, budget - 1) as number | undefined)
      : (q.after ?? 0);
  if (upto === undefined) return walk(db, q);
  const rows = budget > 0 ? walk(db, q, upto) : [];
  if (rows.length === q.limit) return rows;
  const rest = { ...q, after: upto, limit: q.limit - rows.length };
  const c = candidates(db, rest);
  return [...rows, ...('seqs' in c ? among(db, rest, c.seqs) : walk(db, { ...rest, after: c.after }))];
}

/**
 * Seqs walked on the narrow article_hit index, up to `upto` when given, the date bounds tested on its
 * entries and only the rows that pass read. Left to itself SQLite took article_date for the (open) date
 * bounds and sorted every match by seq: 4–15 s for the first batch of a million articles.
 */
function walk(db: SqliteDb, q: HarvestQuery, upto?: number): Row[] {
  return db
    .prepare(
      `SELECT a.*, ${STAMP} AS datestamp FROM article a INDEXED BY article_hit CROSS JOIN edition e ON e.id = a.edition_id
       WHERE a.seq > @after AND a.seq <= @upto AND ${where(q)} ORDER BY a.seq LIMIT @limit`,
    )
    .all({ ...paramsOf(q), upto: upto ?? Number.MAX_SAFE_INTEGER, limit: q.limit }) as Row[];
}

/**
 * The batch among candidate seqs (ascending), read back a slice at a time until it is full: twice the batch
 * first, then twice the slice before, so a batch whose candidates mostly pass sends few of them.
 */
function among(db: SqliteDb, q: HarvestQuery, seqs: number[]): Row[] {
  const read = db.prepare(
    `SELECT a.*, ${STAMP} AS datestamp FROM article a CROSS JOIN edition e ON e.id = a.edition_id
     WHERE a.seq IN (SELECT value FROM json_each(@seqs)) AND ${where(q)} ORDER BY a.seq LIMIT @limit`,
  );
  const rows: Row[] = [];
  for (let i = 0, n = 2 * q.limit; i < seqs.length && rows.length < q.limit; i += n, n *= 2) {
    const part = JSON.stringify(seqs.slice(i, i + n));
    rows.push(...(read.all({ ...paramsOf(q), seqs: part, limit: q.limit - rows.length }) as Row[]));
  }
  return rows;
}

/**
 * `limit` article slugs from the `offset`-th by seq. The offset is counted on the narrow article_hit index
 * and the slice read from the seq it finds: OFFSET on the join read every skipped article's wide row.
 */
export function articleSlugRows(db: SqliteDb, offset: number, limit: number) {
  return db
    .prepare(
      `SELECT a.slug, a.date, ${STAMP} AS datestamp FROM article a CROSS JOIN edition e ON e.id = a.edition_id
       WHERE a.seq >= (SELECT s.seq FROM article s INDEXED BY article_hit ORDER BY s.seq LIMIT 1 OFFSET ?)
       ORDER BY a.seq LIMIT ?`,
    )
    .all(offset, limit) as { slug: string; date: string; datestamp: string }[];
}
