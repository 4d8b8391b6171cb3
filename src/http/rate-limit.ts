/** Per-client rate limiting: one token bucket per client address, in memory, answered with 429 and Retry-After. */
import type { IncomingMessage } from 'node:http';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { ArchiveError } from '../core/errors.js';

/** The most clients remembered at once; beyond it the idle ones (full buckets) and then the oldest are dropped. */
const MAX_CLIENTS = 50_000;

/** Counts requests per client: TokenBuckets in this process, or a counter every process shares (PostgreSQL). */
export interface RateLimiter {
  /** Requests a client may make at once (a minute's worth). */
  readonly capacity: number;
  /** Takes one token for `key`: 0 when allowed, else the seconds to wait; a shared counter answers later. */
  take(key: string): number | Promise<number>;
}

/** Token buckets keyed by client: `capacity` requests at once, refilled at `perSecond`. */
export class TokenBuckets implements RateLimiter {
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

/** The client of a raw node request, by the same rule as clientAddress. */
export function rawClientAddress(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : header)?.split(',').pop()?.trim();
    if (forwarded) return forwarded;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

/**
 * Where the node fast path (http/cached-listener.ts) records the token it already took for a request it
 * handed on, so the middleware does not take a second one: the seconds to wait, 0 when allowed.
 */
export const TOKEN_TAKEN = Symbol('dateline.rateLimitWait');

/**
 * Takes one token for the request's client, or throws RATE_LIMITED with Retry-After set. A token the
 * node fast path already took for this request is not taken again; a request without a socket (made
 * in-process) is not limited.
 */
export async function takeToken(c: Context, buckets: RateLimiter, trustProxy: boolean): Promise<void> {
  const incoming = (c.env as { incoming?: IncomingMessage & { [TOKEN_TAKEN]?: number } } | undefined)
    ?.incoming;
  const taken = incoming?.[TOKEN_TAKEN];
  const client = taken === undefined ? clientAddress(c, trustProxy) : null;
  const wait = taken ?? (client === null ? 0 : await buckets.take(client));
  if (wait > 0) {
    c.header('Retry-After', String(wait));
    throw new ArchiveError(
      'RATE_LIMITED',
      `Too many requests from your address: this archive answers ${buckets.capacity} a minute to each client. Try again in ${wait} s.`,
    );
  }
}

/** Middleware: one token per request from the client's bucket, or RATE_LIMITED with Retry-After. */
export function rateLimit(
  perMinute: number,
  trustProxy: boolean,
  buckets: RateLimiter = new TokenBuckets(perMinute, perMinute / 60),
): MiddlewareHandler {
  return async (c, next) => {
    await takeToken(c, buckets, trustProxy);
    await next();
  };
}
