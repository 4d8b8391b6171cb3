/**
 * The archive's write counter held in memory, so the page cache answers without a round trip
 * (SearchIndex.generationNow). Read once, then moved on by `NOTIFY` from the trigger of migration 18, which
 * every counted write fires in any process, and read again after each write this process commits (its own
 * next request sees the new value at once; another process's is seen when its notification arrives, a few
 * milliseconds after its commit). While the value is not known (not listening yet, or the listening
 * connection went away) `now()` throws, and the page cache asks the database as before.
 */
import pg from 'pg';
import type { PgPool } from './postgres-database.js';

/** The channel migration 18's trigger notifies, with `schema:value` as the payload. */
export const WRITES_CHANNEL = 'dateline_writes';

/** How long after losing its connection the listener tries again. */
const RETRY_MS = 1_000;

export class PostgresGeneration {
  /** The counter as last read or notified; null while not known. */
  private value: string | null = null;
  private client: pg.Client | null = null;
  private schema: string | null = null;
  private started = false;
  private closed = false;

  constructor(private readonly pool: PgPool) {}

  /** The counter, without a round trip; throws while it is not known (the caller then reads it). */
  now(): string {
    if (!this.started) this.start();
    if (this.value === null) throw new Error('the archive’s write counter is not known yet');
    return this.value;
  }

  /** Reads the counter again (after this process committed a write), when it is being kept. */
  async refresh(): Promise<void> {
    const client = this.client;
    if (!client || this.value === null) return;
    // On the listening connection: its answer and the notifications arrive in the order they were sent.
    const r = await client.query("SELECT value FROM archive_meta WHERE key = 'writes'").catch(() => null);
    if (r && this.client === client) this.value = String(r.rows[0].value);
  }

  close(): void {
    this.closed = true;
    this.drop();
  }

  private start(): void {
    this.started = true;
    const { connectionString, options } = this.pool.options as pg.PoolConfig;
    // Named for the operator (pg_stat_activity) and for the test that cuts it.
    const schema = /search_path=(\S+)/.exec(options ?? '')?.[1] ?? 'public';
    const client = new pg.Client({
      connectionString,
      options,
      application_name: `dateline writes ${schema}`,
    });
    this.client = client;
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (m) => {
      if (m.channel !== WRITES_CHANNEL || !m.payload || this.client !== client) return;
      const at = m.payload.lastIndexOf(':');
      if (m.payload.slice(0, at) === this.schema && this.value !== null) this.value = m.payload.slice(at + 1);
    });
    (async () => {
      await client.connect();
      this.schema = (await client.query('SELECT current_schema() AS s')).rows[0].s as string;
      await client.query(`LISTEN ${WRITES_CHANNEL}`);
      // Read after LISTEN: a write committed in between is in the value read or notified after it.
      const r = await client.query("SELECT value FROM archive_meta WHERE key = 'writes'");
      if (this.client === client) this.value = String(r.rows[0].value);
    })().catch(() => this.lost(client));
  }

  /** The listening connection failed or ended: the value is not known until a new one has read it. */
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.drop();
    if (this.closed) return;
    setTimeout(() => {
      if (!this.closed) this.start();
    }, RETRY_MS).unref();
  }

  private drop(): void {
    const client = this.client;
    this.client = null;
    this.value = null;
    client?.end().catch(() => {});
  }
}

const kept = new WeakMap<PgPool, PostgresGeneration>();

/** The pool's counter keeper (one per pool); ending the pool ends its listening connection. */
export function generationOf(pool: PgPool): PostgresGeneration {
  let g = kept.get(pool);
  if (!g) {
    const made = new PostgresGeneration(pool);
    g = made;
    kept.set(pool, made);
    const end = pool.end.bind(pool) as (...args: unknown[]) => unknown;
    pool.end = ((...args: unknown[]) => {
      made.close();
      return end(...args);
    }) as typeof pool.end;
  }
  return g;
}

/** After a counted write committed: the counter kept in memory (if any) is read again before the writer returns. */
export async function wrote(pool: PgPool): Promise<void> {
  await kept.get(pool)?.refresh();
}
