/**
 * Whole GET responses (pages, API JSON, feeds) kept in memory for as long as the archive is unchanged: an
 * archive is read far more than it is written, and a page rendered once serves every later reader until
 * the next ingest. Bounded in bytes, least recently used out first.
 */
import type { MiddlewareHandler } from 'hono';
import { ArchiveError } from '../core/errors.js';

interface Entry {
  /** The archive's generation and the UTC day the response was made on ("on this day" changes daily). */
  stamp: string;
  status: number;
  headers: [string, string][];
  body: Uint8Array;
}

/** Text the cache keeps; images, PDFs and streamed exports are left to their own routes. */
const CACHEABLE =
  /^(text\/html|text\/plain|text\/xml|text\/css|application\/(json|ld\+json|xml|atom\+xml|opensearchdescription\+xml))\b/;

export interface ResponseCacheOptions {
  /** Changes whenever anything in the archive does. */
  generation: () => Promise<string>;
  /** Total bytes kept; 0 turns the cache off. */
  maxBytes: number;
  /** A larger response is served but not kept. */
  maxEntryBytes?: number;
}

export function responseCache(opts: ResponseCacheOptions): MiddlewareHandler {
  const entries = new Map<string, Entry>();
  const maxEntry = opts.maxEntryBytes ?? Math.min(1 << 20, opts.maxBytes);
  let bytes = 0;
  return async (c, next) => {
    const method = c.req.method;
    if (opts.maxBytes <= 0 || (method !== 'GET' && method !== 'HEAD') || c.req.header('authorization')) {
      return next();
    }
    // The whole URL: responses carry absolute links made from the host they were asked on.
    const key = c.req.url;
    const stamp = `${await opts.generation()}|${new Date().toISOString().slice(0, 10)}`;
    const hit = entries.get(key);
    if (hit && hit.stamp === stamp) {
      entries.delete(key);
      entries.set(key, hit);
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
    res.headers.set('X-Cache', 'miss');
    if (body.byteLength > maxEntry) return;
    const old = entries.get(key);
    if (old) {
      bytes -= old.body.byteLength;
      entries.delete(key);
    }
    entries.set(key, { stamp, status: res.status, headers: [...res.headers], body });
    bytes += body.byteLength;
    for (const [k, e] of entries) {
      if (bytes <= opts.maxBytes) break;
      entries.delete(k);
      bytes -= e.body.byteLength;
    }
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
