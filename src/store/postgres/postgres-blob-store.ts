/** BlobStore inside PostgreSQL (bytea), for deployments that share nothing but the database. */
import { createHash } from 'node:crypto';
import type { BlobStore, BlobTempFile } from '../ports.js';
import type { PgPool } from './postgres-database.js';

const KEY = /^[0-9a-f]{64}$/;
/** Bytes read per query when a blob is streamed. */
const STREAM_CHUNK = 1 << 20;

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

  async size(key: string): Promise<number | null> {
    if (!KEY.test(key)) return null;
    const r = await this.pool.query('SELECT octet_length(bytes) AS n FROM blob WHERE key = $1', [key]);
    return r.rows[0] ? Number(r.rows[0].n) : null;
  }

  /** Read a megabyte at a time with substring(), so a served PDF is never held whole in this process. */
  stream(key: string, start: number, end: number): ReadableStream<Uint8Array> {
    let at = start;
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        if (at > end) return controller.close();
        const n = Math.min(STREAM_CHUNK, end - at + 1);
        const r = await this.pool.query(
          'SELECT substring(bytes FROM $2 FOR $3) AS b FROM blob WHERE key = $1',
          [key, at + 1, n],
        );
        const bytes = r.rows[0]?.b as Buffer | undefined;
        if (!bytes || bytes.length === 0) return controller.error(new Error(`blob ${key} ended early`));
        at += bytes.length;
        controller.enqueue(new Uint8Array(bytes));
      },
    });
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
