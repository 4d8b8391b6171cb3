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

/** Opens a pool on the database, creating the schema and applying migrations once (under an advisory lock). */
export async function openPostgres(url: string, max = 10): Promise<PgPool> {
  const { connectionString, schema } = parsePgUrl(url);
  // The schema is set when each connection starts, before any query can run on it.
  const pool = new pg.Pool({
    connectionString,
    max,
    idleTimeoutMillis: 10_000,
    options: `-c search_path=${schema}`,
  });
  // A failed idle client must not crash the process; the next query reports the problem.
  pool.on('error', () => {});
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
