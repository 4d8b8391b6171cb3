/**
 * The harvest reads on PostgreSQL (OAI-PMH lists, the export, sitemaps), kept flat at a million articles: a
 * batch is the next articles by seq that pass its bounds, found either among the few that can (a year's
 * set, the records since a recent date) or by walking seqs on the primary key (docs/adr/0018).
 */
import { recordStampSql } from '../correction-rows.js';
import type { HarvestQuery } from '../ports.js';
import type { Row } from '../rows.js';

/** A record's datestamp: its edition's ingest or its latest reader correction (correction-rows.ts). */
export const STAMP = recordStampSql('greatest');

/** What the reads need of the pool. */
type Query = (sql: string, params: unknown[]) => Promise<Row[]>;

/** As on SQLite (sqlite-harvest.ts): past this many candidates, seqs are walked. */
const candidateCap = () => Number(process.env.DATELINE_HARVEST_CANDIDATES ?? 10_000);

/** As on SQLite: seqs walked before candidates are gathered for a bounded batch. */
const walkBudget = () => Number(process.env.DATELINE_HARVEST_WALK ?? 2000);

/**
 * The bounds of a batch as SQL over `a` and `e`, their values added to `params`. A record's stamp is the later
 * of its edition's ingest and its latest correction, so the ingest alone rules a row out before the per-row
 * look-up of corrections runs: an "until" needs the ingest no later, a "from" the ingest no earlier unless a
 * correction since.
 */
function bounds(q: HarvestQuery, params: unknown[]): string {
  const $ = (v: unknown) => `$${params.push(v)}`;
  let sql = `a.seq > ${$(q.after ?? 0)} AND a.date >= ${$(q.fromDate ?? '')} AND a.date <= ${$(q.toDate ?? '9999')}`;
  if (q.fromStamp !== undefined) {
    const from = $(q.fromStamp);
    sql += ` AND (e.ingested_at >= ${from} OR a.id IN (SELECT v.article_id FROM article_version v
         WHERE v.at >= substr(${from}, 1, 19))) AND ${STAMP} >= ${from}`;
  }
  if (q.untilStamp !== undefined) {
    const until = $(q.untilStamp);
    sql += ` AND e.ingested_at <= ${until} AND ${STAMP} <= ${until}`;
  }
  return sql;
}

/**
 * Every seq past `after` that the bounds could let through, ascending, when a bound narrows them to the cap
 * or fewer; otherwise the seq a walk may start after (sqlite-harvest.ts). Left to itself PostgreSQL walks the
 * primary key for a year's set too (it takes the year's articles to be spread evenly over the seqs),
 * reading every article before that year's. A date range is read from article_date_seq alone (migration 20).
 */
async function candidates(query: Query, q: HarvestQuery): Promise<{ seqs: number[] } | { after: number }> {
  const cap = candidateCap();
  let after = q.after ?? 0;
  /** Each bound's candidates, the least of them, and their parameters ($4 is the probe's limit). */
  const probes: [string, string, unknown[]][] = [];
  if (q.fromDate !== undefined || q.toDate !== undefined) {
    const range = 'FROM article WHERE date >= $1 AND date <= $2 AND seq > $3';
    probes.push([
      `SELECT seq ${range} LIMIT $4`,
      `SELECT min(seq) AS seq ${range}`,
      [q.fromDate ?? '', q.toDate ?? '9999'],
    ]);
  }
  if (q.fromStamp !== undefined || q.untilStamp !== undefined) {
    const window = 'e.ingested_at >= $1 AND e.ingested_at <= $2';
    const editions = `SELECT a.seq FROM edition e JOIN article a ON a.edition_id = e.id WHERE ${window} AND a.seq > $3`;
    // The least as each bulletin's least seq past `after`, from article_edition_seq (migration 21): as a join,
    // PostgreSQL reads every article of the window.
    const least = `SELECT (SELECT min(a.seq) FROM article a WHERE a.edition_id = e.id AND a.seq > $3) AS seq
       FROM edition e WHERE ${window}`;
    // A record corrected since `from` may be of a bulletin ingested before it. UNION ALL, not UNION: the
    // LIMIT then stops the probe early instead of after every row is made distinct (ANY takes a seq once).
    const corrected = `SELECT a.seq FROM article_version v JOIN article a ON a.id = v.article_id
       WHERE v.at >= substr($1, 1, 19) AND a.seq > $3`;
    const both = q.fromStamp !== undefined;
    probes.push([
      `${both ? `${editions} UNION ALL ${corrected}` : editions} LIMIT $4`,
      `SELECT min(seq) AS seq FROM (${both ? `${least} UNION ALL ${corrected}` : least}) c`,
      [q.fromStamp ?? '', q.untilStamp ?? '9999'],
    ]);
  }
  for (const [list, least, bounds] of probes) {
    const rows = await query(list, [...bounds, q.after ?? 0, cap + 1]);
    if (rows.length <= cap) return { seqs: rows.map((r) => Number(r.seq)).sort((x, y) => x - y) };
    const [r] = await query(least, [...bounds, q.after ?? 0]);
    after = Math.max(after, Number(r!.seq) - 1);
  }
  return { after };
}

/** The next `q.limit` articles by seq past `q.after` within the bounds, with their record datestamps. */
export async function harvestRows(query: Query, q: HarvestQuery): Promise<Row[]> {
  const bounded = [q.fromDate, q.toDate, q.fromStamp, q.untilStamp].some((b) => b !== undefined);
  if (!bounded) return walk(query, q);
  // The next walkBudget() seqs first (sqlite-harvest.ts says why), counted on the primary key's index.
  const budget = walkBudget();
  const after = q.after ?? 0;
  let upto: number | undefined = after;
  if (budget > 0) {
    const [r] = await query('SELECT seq FROM article WHERE seq > $1 ORDER BY seq OFFSET $2 LIMIT 1', [
      after,
      budget - 1,
    ]);
    upto = r ? Number(r.seq) : undefined;
  }
  if (upto === undefined) return walk(query, q);
  const rows = budget > 0 ? await walk(query, q, upto) : [];
  if (rows.length === q.limit) return rows;
  const rest = { ...q, after: upto, limit: q.limit - rows.length };
  const c = await candidates(query, rest);
  if (!('seqs' in c)) return [...rows, ...(await walk(query, { ...rest, after: c.after }))];
  const seqs = c.seqs;
  // The candidates a slice at a time, from the first: given them all, PostgreSQL reads every candidate's row
  // and sorts (76 ms for a year's 3,650 at 100k) where the batch needs about its own length.
  for (let i = 0, n = 2 * q.limit; i < seqs.length && rows.length < q.limit; i += n, n *= 2)
    rows.push(
      ...(await walk(query, { ...rest, limit: q.limit - rows.length }, undefined, seqs.slice(i, i + n))),
    );
  return rows;
}

/** Seqs walked by the primary key (up to `upto` when given), or only those among `seqs`. */
async function walk(query: Query, q: HarvestQuery, upto?: number, seqs?: number[]): Promise<Row[]> {
  const params: unknown[] = [];
  let sql = bounds(q, params);
  if (upto !== undefined) sql += ` AND a.seq <= $${params.push(upto)}`;
  if (seqs) sql += ` AND a.seq = ANY($${params.push(seqs)}::bigint[])`;
  return query(
    `SELECT a.*, ${STAMP} AS datestamp FROM article a JOIN edition e ON e.id = a.edition_id
     WHERE ${sql} ORDER BY a.seq LIMIT $${params.push(q.limit)}`,
    params,
  );
}

/**
 * `limit` article slugs from the `offset`-th by seq. The offset is counted on the primary key's index
 * alone and the slice read from the seq it finds: OFFSET on the join read every skipped article.
 */
export async function articleSlugRows(query: Query, offset: number, limit: number) {
  return (await query(
    `SELECT a.slug, a.date, ${STAMP} AS datestamp FROM article a JOIN edition e ON e.id = a.edition_id
     WHERE a.seq >= (SELECT s.seq FROM article s ORDER BY s.seq OFFSET $2 LIMIT 1)
     ORDER BY a.seq LIMIT $1`,
    [limit, offset],
  )) as unknown as { slug: string; date: string; datestamp: string }[];
}
