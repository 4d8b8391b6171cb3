/**
 * Keeps the planner's statistics current while an archive grows on PostgreSQL, whether or not the server
 * runs autovacuum. Without them a table loaded from empty is planned from guesses: at 600,000 articles each
 * bulletin's `SELECT … FROM article WHERE edition_id = $1` became a parallel scan of the whole table (130 ms
 * for 10 rows) and a load fell from about 1,000 to 105–177 articles a second until ANALYZE was run by hand
 * (docs/performance.md, "PostgreSQL at one million articles with group lists").
 *
 * The store tells it how many articles each committed write stored; every `checkEvery` articles (not per
 * article) one cheap query reads, for each table of the archive's schema, its live rows now
 * (`pg_stat_user_tables.n_live_tup`) against its rows at its last analyze, by autovacuum or by hand
 * (`pg_class.reltuples`), and the tables grown past `base + factor × rows` are analyzed: outside any ingest
 * transaction, in the background (the next bulletins go on meanwhile; ANALYZE does not block writes), one
 * process at a time under an advisory lock, and logged. A fresh table is first analyzed at `base` changed
 * rows, then each time it has grown by the factor again (12 times in the first 100,010 articles at 0.2).
 * `DATELINE_PG_ANALYZE=off` leaves statistics to autovacuum or the operator; a number sets the factor.
 */
import { ArchiveError } from '../../core/errors.js';
import type { PgPool } from './postgres-database.js';

export interface StatisticsSettings {
  /** Articles stored by this process between two checks. */
  checkEvery: number;
  /** A table is analyzed once it has grown since its last analyze by more than base + factor × its rows then. */
  factor: number;
  base: number;
}

export const STATISTICS_DEFAULTS: StatisticsSettings = { checkEvery: 1_000, factor: 0.2, base: 1_000 };

/** The settings from `DATELINE_PG_ANALYZE`: unset → the defaults, `off` → null (no analyze of our own), a number → the factor. */
export function statisticsSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): StatisticsSettings | null {
  const v = env.DATELINE_PG_ANALYZE?.trim();
  if (!v) return STATISTICS_DEFAULTS;
  if (v === 'off' || v === '0') return null;
  const factor = Number(v);
  if (!Number.isFinite(factor) || factor <= 0)
    throw new ArchiveError(
      'USAGE',
      `DATELINE_PG_ANALYZE must be off or a growth factor such as 0.2 (analyze a table once it has grown by 1,000 + 0.2 × its rows); got "${v}".`,
    );
  return { ...STATISTICS_DEFAULTS, factor };
}

/** One table the check found grown: its name, the rows it grew by since its last analyze, and its rows then (-1: never analyzed). */
export interface GrownTable {
  table: string;
  changed: number;
  rows: number;
}

/**
 * Every table of the current schema that has grown since its last analyze by more than base + factor × its rows
 * then: its live rows now (inserted less deleted, `n_live_tup`) against its rows at that analyze (`reltuples`,
 * -1 before the first). A table only updated in place (the write counter, titles) has not grown.
 */
const GROWN_SQL = `SELECT s.relname AS table, s.n_live_tup - greatest(c.reltuples, 0) AS changed, c.reltuples AS rows
  FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
  WHERE s.schemaname = current_schema() AND s.n_live_tup - greatest(c.reltuples, 0) > $1 + $2 * greatest(c.reltuples, 0)
  ORDER BY s.relname`;

export class PostgresStatistics {
  private sinceCheck = 0;
  private running: Promise<unknown> | null = null;
  /** Every ANALYZE this process ran, for tests and the log. */
  readonly analyzed: { tables: GrownTable[]; ms: number }[] = [];

  constructor(
    private readonly pool: PgPool,
    private readonly settings: StatisticsSettings | null = statisticsSettingsFromEnv(),
    private readonly log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  ) {}

  /** Called after each committed write with the articles it stored; starts a check in the background every `checkEvery`. */
  wrote(articles: number): void {
    if (!this.settings) return;
    this.sinceCheck += articles;
    if (this.sinceCheck < this.settings.checkEvery || this.running) return;
    this.sinceCheck = 0;
    this.running = this.check()
      .catch((err: Error) => this.log(`dateline: statistics not updated (ANALYZE failed: ${err.message})`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Resolves once no check or ANALYZE of this process is running (close() waits for it). */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Reads which tables grew and analyzes them, under an advisory lock so that two processes do not analyze the same tables twice. */
  async check(): Promise<GrownTable[]> {
    const s = this.settings;
    if (!s) return [];
    const client = await this.pool.connect();
    try {
      const { rows: locked } = await client.query(
        "SELECT pg_try_advisory_lock(hashtext('dateline:analyze:' || current_schema())) AS ok",
      );
      if (!locked[0]?.ok) return [];
      try {
        // Read under the lock: another process may have just analyzed them.
        const grown = (await client.query(GROWN_SQL, [s.base, s.factor])).rows.map((r) => ({
          table: r.table as string,
          changed: Number(r.changed),
          rows: Number(r.rows),
        }));
        if (grown.length === 0) return [];
        const t0 = performance.now();
        await client.query(`ANALYZE ${grown.map((g) => `"${g.table.replace(/"/g, '""')}"`).join(', ')}`);
        const ms = performance.now() - t0;
        this.analyzed.push({ tables: grown, ms });
        this.log(
          `dateline: statistics: ANALYZE ${grown
            .map(
              (g) =>
                `${g.table} (${Math.round(g.changed).toLocaleString('en-US')} rows more than ${g.rows < 0 ? 'when it was made' : `at its last analyze, ${Math.round(g.rows).toLocaleString('en-US')}`})`,
            )
            .join(', ')} in ${(ms / 1000).toFixed(1)} s`,
        );
        return grown;
      } finally {
        await client.query("SELECT pg_advisory_unlock(hashtext('dateline:analyze:' || current_schema()))");
      }
    } finally {
      client.release();
    }
  }
}
