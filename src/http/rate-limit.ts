/** Per-client rate limiting: one token bucket per client address, in memory, answered with 429 and Retry-After. */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ArchiveError } from '../core/errors.js';

/** The most clients remembered at once; beyond it the idle ones (full buckets) and then the oldest are dropped. */
const MAX_CLIENTS = 50_000;

/** Token buckets keyed by client: `capacity` requests at once, refilled at `perSecond`. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key`: 0 when allowed, else the seconds to wait until one is free. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.capacity, at: t };
    b.tokens = Math.min(this.capacity, b.tokens + ((t - b.at) / 1000) * this.perSecond);
    b.at = t;
    // Re-insert so the Map's order is least recently seen first.
    this.buckets.delete(key);
    this.buckets.set(key, b);
    if (this.buckets.size > MAX_CLIENTS) this.prune(t);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  /** How many clients are remembered. */
  get size(): number {
    return this.buckets.size;
  }

  private prune(t: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(k);
    }
    for (const k of this.buckets.keys()) {
      if (this.buckets.size <= MAX_CLIENTS * 0.9) break;
      this.buckets.delete(k);
    }
  }
}

/**
 * The client's address: the socket's peer, or (behind a trusted proxy) the last X-Forwarded-For entry;
 * null for a request made in-process (no socket, as `app.request` in tests), which has no client to limit.
 */
export function clientAddress(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').pop()?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return null;
  }
}

/** Middleware: one token per request from the client's bucket, or RATE_LIMITED with Retry-After. */
export function rateLimit(perMinute: number, trustProxy: boolean): MiddlewareHandler {
  const buckets = new TokenBuckets(perMinute, perMinute / 60);
  return async (c, next) => {
    const client = clientAddress(c, trustProxy);
    const wait = client === null ? 0 : buckets.take(client);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      throw new ArchiveError(
        'RATE_LIMITED',
        `Too many requests from your address: this archive answers ${perMinute} a minute to each client. Try again in ${wait} s.`,
      );
    }
    await next();
  };
}
