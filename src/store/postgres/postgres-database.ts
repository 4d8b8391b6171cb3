/** Connects to PostgreSQL with a pool, in an optional schema (`?schema=` on the URL), and migrates it. */
import pg from 'pg';
import { ArchiveError } from '../../core/errors.js';
import { migratePostgres } from './postgres-migrations.js';

export type PgPool = pg.Pool;

export interface PgTarget {
  /** Connection string without our own parameters. */
  connectionString: string;
  schema: string;
}

/** Splits our `schema` parameter off a postgres:// URL. */
export function parsePgUrl(url: string): PgTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch (err) {
    throw new ArchiveError('USAGE', `"${url}" is not a database URL; use postgres://user@host:5432/dbname.`, {
      cause: err,
    });
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new ArchiveError('USAGE', `"${url}" is not a PostgreSQL URL; it must start with postgres://.`);
  }
  const schema = u.searchParams.get('schema') ?? 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ArchiveError('USAGE', `The schema "${schema}" must be lower-case letters, digits and _.`);
  }
  u.searchParams.delete('schema');
  return { connectionString: u.toString(), schema };
}

/** A connection string with its password hidden, for messages. */
export function hidePassword(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

/** Error codes of a database that is away: connection exceptions (08…), shut down or starting (57P01-3), full (53300). */
const AWAY_SQLSTATE = /^(?:08[0-9A-Z]{3}|57P0[1-3]|53300)$/;
/** Socket errors of a server that is not there or went away. */
const AWAY_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** True when `err` says the database cannot be reached (stopped, restarting, cut off), not that a query was wrong. */
export function isDatabaseAway(err: unknown): boolean {
  if (err instanceof ArchiveError) return err.code === 'UNAVAILABLE';
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  if (AWAY_SQLSTATE.test(code) || AWAY_ERRNO.has(code)) return true;
  const message = typeof e?.message === 'string' ? e.message : '';
  return /Connection terminated|not queryable|timeout exceeded when trying to connect|Client was closed|Connection refused/i.test(
    message,
  );
}

/** A database-away error as UNAVAILABLE (503 with Retry-After over HTTP), the driver's error kept as the cause; others as they are. */
export function asUnavailable(err: unknown): unknown {
  if (err instanceof ArchiveError || !isDatabaseAway(err)) return err;
  return new ArchiveError(
    'UNAVAILABLE',
    `The archive's database cannot be reached just now (${(err as Error).message || 'no answer'}); it may be restarting. Try again in a few seconds.`,
    { cause: err },
  );
}

const GUARDED = Symbol('dateline.guarded');
type Guarded = pg.PoolClient & { [GUARDED]?: true };

/**
 * Makes a client safe to hold: an error event on it (the server went away while it was checked out) is
 * absorbed instead of ending the process (the query in flight rejects with it, and release() then drops
 * the broken client), and its promise queries reject with UNAVAILABLE when the database is away.
 */
function guard(client: pg.PoolClient): pg.PoolClient {
  const c = client as Guarded;
  if (c[GUARDED]) return c;
  c[GUARDED] = true;
  c.on('error', () => {});
  const query = c.query.bind(c) as (...args: unknown[]) => unknown;
  c.query = ((...args: unknown[]) => {
    const r = query(...args);
    return r instanceof Promise ? r.catch((err) => Promise.reject(asUnavailable(err))) : r;
  }) as typeof c.query;
  return c;
}

/**
 * Wraps the pool so that no database error can end the process: clients it hands out are guarded, the
 * pool's own 'error' (an idle client whose server went away) is absorbed, and promise queries and
 * connects reject with UNAVAILABLE while the database is away. The pool reconnects by itself: each new
 * query opens a fresh connection once the server answers again.
 */
function resilient(pool: pg.Pool): pg.Pool {
  pool.on('error', () => {});
  // Every client gets a listener of its own the moment it connects ('connect' is emitted before the pool
  // takes its idle listener off to hand the client out). Without it there is a gap: the pool hands a new
  // client out inside the socket read that brought its ReadyForQuery, and when the same read also holds the
  // server's "terminating connection due to administrator command" (57P01, a restart), the error is
  // emitted before the promise of connect() lets `guard` listen, and an unheard 'error' ends the process.
  pool.on('connect', (client) => client.on('error', () => {}));
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    const r = query(...args);
    return r instanceof Promise ? r.catch((err) => Promise.reject(asUnavailable(err))) : r;
  }) as typeof pool.query;
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) => {
    // The callback form is pg-pool's own (pool.query), which listens for client errors itself.
    if (args.length > 0) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then(guard, (err) => Promise.reject(asUnavailable(err)));
  }) as typeof pool.connect;
  return pool;
}

/** Connections a pool keeps open while idle (the rest close after 10 s without a query). */
export const KEPT_CONNECTIONS = 4;

/** Opens a pool on the database, creating the schema and applying migrations once (under an advisory lock). */
export async function openPostgres(url: string, max = 10): Promise<PgPool> {
  const { connectionString, schema } = parsePgUrl(url);
  // The schema is set when each connection starts, before any query can run on it.
  const pool = resilient(
    new pg.Pool({
      connectionString,
      max,
      // A new connection's backend starts with cold catalog caches: its first statements cost a search
      // 25–45 ms more at 1M (docs/performance.md). Four stay open however long the archive is idle; the
      // rest close after 10 s idle. Keepalives notice a connection a network cut.
      min: Math.min(max, KEPT_CONNECTIONS),
      idleTimeoutMillis: 10_000,
      keepAlive: true,
      // A server that does not answer at all (a cut network) fails a connect instead of hanging it.
      connectionTimeoutMillis: 5_000,
      options: `-c search_path=${schema}`,
    }),
  );
  try {
    const client = await pool.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      await migratePostgres(client);
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw new ArchiveError(
      'STORE',
      `Cannot use the PostgreSQL database at ${connectionString.replace(/:[^:@/]*@/, ':***@')}: ${(err as Error).message}. Check that the server runs and the URL is right.`,
      { cause: err },
    );
  }
  return pool;
}
