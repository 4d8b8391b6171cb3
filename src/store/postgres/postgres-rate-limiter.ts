/**
 * The per-client rate limit kept in PostgreSQL, so that every web process on one database counts against
 * the same bucket: behind a load balancer over K servers a client still gets N requests a minute, not
 * K×N. One UPSERT per counted request refills the client's bucket by the time since its last request and
 * takes a token when there is one (an UNLOGGED table: rate counts need no crash safety). When the
 * database cannot answer, the request is let through: the limit is a guard, not a gate.
 */
import type { PgPool } from './postgres-database.js';

/** Takes are counted per process; every this many, buckets idle long enough to be full again are deleted. */
const PRUNE_EVERY = 1000;

export class PostgresRateLimiter {
  private takes = 0;

  constructor(
    private readonly pool: PgPool,
    readonly capacity: number,
    readonly perSecond: number,
  ) {}

  /** Takes one token for `key`: 0 when allowed, else the seconds to wait until one is free. */
  async take(key: string): Promise<number> {
    try {
      const { rows } = await this.pool.query<{ granted: boolean; tokens: number }>(
        `INSERT INTO rate_bucket AS b (client, tokens, granted, at) VALUES ($1, $2 - 1, true, now())
         ON CONFLICT (client) DO UPDATE SET
           granted = least($2, b.tokens + extract(epoch FROM now() - b.at) * $3) >= 1,
           tokens = least($2, b.tokens + extract(epoch FROM now() - b.at) * $3)
             - CASE WHEN least($2, b.tokens + extract(epoch FROM now() - b.at) * $3) >= 1 THEN 1 ELSE 0 END,
           at = now()
         RETURNING granted, tokens`,
        [key, this.capacity, this.perSecond],
      );
      if (++this.takes % PRUNE_EVERY === 0) void this.prune();
      const r = rows[0]!;
      return r.granted ? 0 : Math.max(1, Math.ceil((1 - Number(r.tokens)) / this.perSecond));
    } catch {
      return 0;
    }
  }

  private async prune(): Promise<void> {
    await this.pool
      .query(`DELETE FROM rate_bucket WHERE at < now() - make_interval(secs => $1)`, [
        this.capacity / this.perSecond,
      ])
      .catch(() => {});
  }
}
