/** BlobStore inside PostgreSQL (bytea), for deployments that share nothing but the database. */
import { createHash } from 'node:crypto';
import type { BlobStore, BlobTempFile } from '../ports.js';
import type { PgPool } from './postgres-database.js';

const KEY = /^[0-9a-f]{64}$/;

export class PostgresBlobStore implements BlobStore {
  constructor(private readonly pool: PgPool) {}

  async put(bytes: Uint8Array): Promise<string> {
    const key = createHash('sha256').update(bytes).digest('hex');
    await this.pool.query('INSERT INTO blob (key, bytes) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      Buffer.from(bytes),
    ]);
    return key;
  }

  async get(key: string): Promise<Buffer | null> {
    if (!KEY.test(key)) return null;
    const r = await this.pool.query('SELECT bytes FROM blob WHERE key = $1', [key]);
    return (r.rows[0]?.bytes as Buffer | undefined) ?? null;
  }

  async has(key: string): Promise<boolean> {
    if (!KEY.test(key)) return false;
    return ((await this.pool.query('SELECT 1 FROM blob WHERE key = $1', [key])).rowCount ?? 0) > 0;
  }

  async delete(key: string): Promise<void> {
    await this.pool.query('DELETE FROM blob WHERE key = $1', [key]);
    await this.pool.query('DELETE FROM blob_derived WHERE key = $1', [key]);
  }

  async *keys(): AsyncIterable<string> {
    let after = '';
    for (;;) {
      const { rows } = await this.pool.query('SELECT key FROM blob WHERE key > $1 ORDER BY key LIMIT 1000', [
        after,
      ]);
      if (rows.length === 0) return;
      for (const r of rows) yield r.key as string;
      after = rows[rows.length - 1].key as string;
    }
  }

  /** Each blob is one INSERT: an interrupted write leaves nothing behind. */
  async tempFiles(): Promise<BlobTempFile[]> {
    return [];
  }

  async getDerived(key: string, name: string): Promise<Buffer | null> {
    const r = await this.pool.query('SELECT bytes FROM blob_derived WHERE key = $1 AND name = $2', [
      key,
      name,
    ]);
    return (r.rows[0]?.bytes as Buffer | undefined) ?? null;
  }

  async putDerived(key: string, name: string, bytes: Uint8Array): Promise<void> {
    await this.pool.query(
      'INSERT INTO blob_derived (key, name, bytes) VALUES ($1, $2, $3) ON CONFLICT (key, name) DO UPDATE SET bytes = EXCLUDED.bytes',
      [key, name, Buffer.from(bytes)],
    );
  }
}
