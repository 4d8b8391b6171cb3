/**
 * A long ingest keeps the planner's statistics current by itself, with autovacuum off for the tables (as on
 * a server run with `autovacuum = off`): the article table is analyzed once it has grown past the threshold,
 * outside the ingest transactions, and not for a handful of bulletins.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import type { Archive } from '../../app.js';
import type { PostgresArchiveStore } from './postgres-archive-store.js';
import { parsePgUrl } from './postgres-database.js';
import { STATISTICS_DEFAULTS, statisticsSettingsFromEnv } from './postgres-statistics.js';

let archive: Archive;
let cleanup: () => Promise<void>;
let client: pg.Client;

before(async () => {
  const opened = await postgresBackend.open();
  archive = opened.archive;
  cleanup = opened.cleanup;
  const { connectionString, schema } = parsePgUrl(opened.db!);
  client = new pg.Client({ connectionString });
  await client.connect();
  await client.query(`SET search_path TO "${schema}"`);
  for (const t of ['article', 'edition', 'page', 'reference'])
    await client.query(`ALTER TABLE ${t} SET (autovacuum_enabled = false)`);
});
after(async () => {
  await client?.end();
  await cleanup?.();
});

const stats = async (table: string) =>
  (
    await client.query(
      `SELECT s.last_analyze, s.last_autoanalyze, s.n_mod_since_analyze::int AS changed, c.reltuples::int AS rows
       FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
       WHERE s.schemaname = current_schema() AND s.relname = $1`,
      [table],
    )
  ).rows[0] as { last_analyze: Date | null; last_autoanalyze: Date | null; changed: number; rows: number };

test('postgres statistics: a long ingest analyzes the tables that grew, a few bulletins do not', async () => {
  const store = archive.store as PostgresArchiveStore;
  const editions = [...syntheticEditions(makeCorpus(), 3_000, 10, 11, '1931-01-02')];
  // A few bulletins: under the threshold, nothing is analyzed.
  for (const e of editions.slice(0, 20)) await store.replaceEdition(e);
  await store.statistics.settled();
  assert.equal((await stats('article')).last_analyze, null);
  assert.equal(store.statistics.analyzed.length, 0);
  // The rest: 3,000 articles, past 1,000 changed rows (a fresh table) and past 1,000 + 0.2 × its rows after.
  for (const e of editions.slice(20)) await store.replaceEdition(e);
  await store.statistics.settled();
  const article = await stats('article');
  assert.equal(article.last_autoanalyze, null, 'autovacuum is off for the table');
  assert.ok(article.last_analyze instanceof Date, 'the article table was analyzed during the ingest');
  assert.ok(article.rows >= 1_000, `reltuples ${article.rows} after the ingest's ANALYZE`);
  assert.ok(
    store.statistics.analyzed.some((a) => a.tables.some((t) => t.table === 'article')),
    'logged as analyzed by this process',
  );
  // The planner now knows a bulletin holds about ten articles, not a share of the table.
  const plan = (
    await client.query('EXPLAIN (FORMAT JSON) SELECT * FROM article WHERE edition_id = 7 ORDER BY ordinal')
  ).rows[0]['QUERY PLAN'][0].Plan;
  assert.ok(plan['Plan Rows'] < 50, `estimated ${plan['Plan Rows']} rows for one bulletin`);
});

test('postgres statistics: DATELINE_PG_ANALYZE turns it off or sets the factor', () => {
  assert.deepEqual(statisticsSettingsFromEnv({}), STATISTICS_DEFAULTS);
  assert.equal(statisticsSettingsFromEnv({ DATELINE_PG_ANALYZE: 'off' }), null);
  assert.equal(statisticsSettingsFromEnv({ DATELINE_PG_ANALYZE: '0.5' })?.factor, 0.5);
  assert.throws(() => statisticsSettingsFromEnv({ DATELINE_PG_ANALYZE: 'often' }), /growth factor/);
});
