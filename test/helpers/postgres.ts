/** A throw-away PostgreSQL schema per test file. PostgreSQL must be reachable: a missing server fails, never skips. */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const PG_BASE = process.env.DATELINE_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A URL with a new schema name, and a function that drops the schema. */
export function tempSchemaUrl(): { url: string; drop: () => Promise<void> } {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  return {
    url: `${PG_BASE}?schema=${schema}`,
    drop: async () => {
      const client = new pg.Client({ connectionString: PG_BASE });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}
