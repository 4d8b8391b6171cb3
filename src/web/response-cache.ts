/**
 * Whole GET responses (pages, API JSON, feeds) kept in memory for as long as the archive is unchanged: an
 * archive is read far more than it is written, and a page rendered once serves every later reader until
 * the next ingest. Bounded in bytes, least recently used out first.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { ArchiveError } from '../core/errors.js';
import { KEPT_ON_304, matches } from '../http/conditional.js';

/** A response as kept: what is needed to send it again, byte for byte. */
export interface CachedResponse {
  /** The archive's generation and the UTC day the response was made on ("on this day" changes daily). */
  stamp: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** Text the cache keeps; images, PDFs and streamed exports are left to their own routes. */
const CACHEABLE =
  /^(text\/html|text\/plain|text\/xml|text\/css|application\/(json|ld\+json|xml|atom\+xml|opensearchdescription\+xml))\b/;

/** Responses by key, bounded in bytes, least recently used out first. */
export class ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();
  private bytes = 0;
  /** A larger response is served but not kept. */
  readonly maxEntryBytes: number;

  constructor(
    /** Total bytes kept; 0 turns the cache off. */
    readonly maxBytes: number,
    maxEntryBytes?: number,
  ) {
    this.maxEntryBytes = maxEntryBytes ?? Math.min(1 << 20, maxBytes);
  }

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /** The response kept under `key` if it was made at `stamp`, marked as the most recently used. */
  get(key: string, stamp: string): CachedResponse | null {
    const hit = this.entries.get(key);
    if (!hit || hit.stamp !== stamp) return null;
    this.entries.delete(key);
    this.entries.set(key, hit);
    return hit;
  }

  set(key: string, entry: CachedResponse): void {
    if (entry.body.byteLength > this.maxEntryBytes) return;
    const old = this.entries.get(key);
    if (old) {
      this.bytes -= old.body.byteLength;
      this.entries.delete(key);
    }
    this.entries.set(key, entry);
    this.bytes += entry.body.byteLength;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.body.byteLength;
    }
  }
}

/** What a response is valid for: the archive's generation and today's UTC date. */
export async function cacheStamp(generation: () => Promise<string>): Promise<string> {
  return stampOf(await generation());
}

/** The stamp for a generation already read. */
export function stampOf(generation: string): string {
  return `${generation}|${utcDay(Date.now())}`;
}

let day = '';
let dayEnds = 0;
/** Today's UTC date, made once a day rather than once a request. */
function utcDay(now: number): string {
  if (now >= dayEnds || now < dayEnds - 86_400_000) {
    day = new Date(now).toISOString().slice(0, 10);
    dayEnds = (Math.floor(now / 86_400_000) + 1) * 86_400_000;
  }
  return day;
}

/**
 * The key of a request: its Host header and its path and query exactly as sent (responses carry absolute
 * links made from the host they were asked on). The node fast path (http/cached-listener.ts) computes the
 * same key from the raw request, so both find the same entries.
 */
export function cacheKey(host: string | undefined, rawUrl: string | undefined): string {
  return `${host ?? ''} ${rawUrl ?? '/'}`;
}

/** The raw node request behind a Hono context, when it came through @hono/node-server. */
export function incomingOf(c: Context): IncomingMessage | null {
  return (c.env as { incoming?: IncomingMessage } | undefined)?.incoming ?? null;
}

/** Middleware: answers a GET or HEAD from the cache when it can, and keeps each cacheable 200 it makes. */
export function responseCache(cache: ResponseCache, generation: () => Promise<string>): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (!cache.enabled || (method !== 'GET' && method !== 'HEAD') || c.req.header('authorization')) {
      return next();
    }
    const incoming = incomingOf(c);
    const key =
      typeof incoming?.url === 'string' ? cacheKey(incoming.headers?.host, incoming.url) : c.req.url;
    const stamp = await cacheStamp(generation);
    const hit = cache.get(key, stamp);
    if (hit) {
      const etag = hit.headers.find(([n]) => n === 'etag')?.[1];
      if (etag && matches(c.req.header('if-none-match'), etag)) {
        const kept = hit.headers.filter(([n]) => KEPT_ON_304.includes(n));
        return new Response(null, { status: 304, headers: [...kept, ['X-Cache', 'hit']] });
      }
      const headers = new Headers(hit.headers);
      headers.set('X-Cache', 'hit');
      return new Response(method === 'HEAD' ? null : hit.body, { status: hit.status, headers });
    }
    await next();
    const res = c.res;
    if (
      method !== 'GET' ||
      res.status !== 200 ||
      !CACHEABLE.test(res.headers.get('content-type') ?? '') ||
      res.headers.has('set-cookie') ||
      /no-store|private/.test(res.headers.get('cache-control') ?? '')
    ) {
      return;
    }
    const body = new Uint8Array(await res.clone().arrayBuffer());
    const headers = [...res.headers];
    res.headers.set('X-Cache', 'miss');
    cache.set(key, { stamp, status: res.status, headers, body });
  };
}

/** Bytes for the response cache from DATELINE_CACHE_MB (default 64; 0 turns it off). */
export function cacheBytesFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.DATELINE_CACHE_MB?.trim();
  if (raw === undefined || raw === '') return 64 * 1024 * 1024;
  const mb = Number(raw);
  if (!Number.isFinite(mb) || mb < 0) {
    throw new ArchiveError(
      'CONFIG',
      `DATELINE_CACHE_MB must be a number of megabytes for the page cache (0 turns it off); it is "${raw}".`,
    );
  }
  return Math.round(mb * 1024 * 1024);
}
