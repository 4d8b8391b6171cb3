/** A throw-away PostgreSQL schema per test file. PostgreSQL must be reachable: a missing server fails, never skips. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openArchive } from '../../src/app.js';
import type { BackendUnderTest } from '../../src/store/conformance/archive.conformance.js';

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

/** The PostgreSQL backend for the shared suites: a fresh schema per suite, dropped afterwards. */
export const postgresBackend: BackendUnderTest = {
  name: 'postgres',
  open: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dateline-pg-'));
    const { url, drop } = tempSchemaUrl();
    const archive = await openArchive({ dataDir: join(dir, 'data'), db: url });
    return {
      archive,
      inbox: join(dir, 'inbox'),
      db: url,
      cleanup: async () => {
        await archive.close();
        await drop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
};
