/**
 * The node request listener in front of the app: a repeat GET or HEAD of a page the response cache holds
 * is answered here, straight from the cache, without turning the node request into a web Request and the
 * answer back (which cost most of a cached page's time: docs/performance.md). Everything else goes on to
 * the app. The rules stay the app's: the same cache entries, keys and validity (web/response-cache.ts),
 * the same security headers, and the same rate limit: the token this listener takes is recorded on the
 * request, so the app's rate-limit middleware does not take a second one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type CachedResponse,
  cacheKey,
  cacheStamp,
  type ResponseCache,
  stampOf,
} from '../web/response-cache.js';
import { KEPT_ON_304, matches } from './conditional.js';
import { type RateLimiter, rawClientAddress, TOKEN_TAKEN } from './rate-limit.js';
import { SECURITY_HEADERS } from './request-limits.js';

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface CachedListenerOptions {
  cache: ResponseCache;
  generation: () => Promise<string>;
  /** The generation read synchronously, when the engine can: the fast path then never awaits. */
  generationNow?: () => string;
  /** The app's rate limit, when it has one, and which paths it covers. */
  rateLimit: { buckets: RateLimiter; trustProxy: boolean; covers: (path: string) => boolean } | null;
}

/** Headers of a kept response that this listener sets itself. */
const OWN = new Set(['content-length', 'transfer-encoding', 'x-cache']);

type NodeHeaders = Record<string, string | string[]>;

/** Each kept response's headers as node writes them, made once per entry. */
const made = new WeakMap<CachedResponse, NodeHeaders>();

function nodeHeaders(hit: CachedResponse): NodeHeaders {
  let headers = made.get(hit);
  if (headers) return headers;
  headers = {};
  for (const [name, value] of hit.headers) {
    if (OWN.has(name)) continue;
    const had = headers[name];
    // A repeated header (Vary, Link) stays repeated.
    headers[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  for (const [name, value] of SECURITY_HEADERS) headers[name.toLowerCase()] = value;
  headers['x-cache'] = 'hit';
  headers['content-length'] = String(hit.body.byteLength);
  made.set(hit, headers);
  return headers;
}

/** The headers of a 304 for a kept response: its validators and freshness, and the security headers. */
function notModifiedHeaders(hit: CachedResponse): NodeHeaders {
  const headers: NodeHeaders = {};
  for (const [name, value] of hit.headers) if (KEPT_ON_304.includes(name)) headers[name] = value;
  for (const [name, value] of SECURITY_HEADERS) headers[name.toLowerCase()] = value;
  headers['x-cache'] = 'hit';
  return headers;
}

/** Wraps the app's listener with the cache fast path. */
export function cachedListener(app: Listener, opts: CachedListenerOptions): Listener {
  const { cache, rateLimit, generationNow } = opts;
  if (!cache.enabled && !rateLimit) return app;

  /** Answers from the cache when it holds the answer, else hands the request to the app. */
  const fromCache = (req: IncomingMessage, res: ServerResponse, url: string) => {
    if (!cache.enabled) return app(req, res);
    const answer = (stamp: string) => {
      const hit = cache.get(cacheKey(req.headers.host, url), stamp);
      if (!hit) return app(req, res);
      const etag = hit.headers.find(([n]) => n === 'etag')?.[1];
      if (etag && matches(req.headers['if-none-match'], etag)) {
        res.writeHead(304, notModifiedHeaders(hit));
        return res.end();
      }
      res.writeHead(hit.status, nodeHeaders(hit));
      res.end(req.method === 'HEAD' ? undefined : hit.body);
    };
    if (generationNow) {
      let stamp: string;
      try {
        stamp = stampOf(generationNow());
      } catch {
        // The archive could not say its generation: let the app answer (and report) as it would.
        return app(req, res);
      }
      return answer(stamp);
    }
    cacheStamp(opts.generation).then(answer, () => app(req, res));
  };

  return (req, res) => {
    const method = req.method;
    if ((method !== 'GET' && method !== 'HEAD') || req.headers.authorization) return app(req, res);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if (!rateLimit?.covers(q < 0 ? url : url.slice(0, q))) return fromCache(req, res, url);
    const counted = (wait: number) => {
      (req as IncomingMessage & { [TOKEN_TAKEN]?: number })[TOKEN_TAKEN] = wait;
      // A refused request is answered by the app, with its error page and Retry-After.
      if (wait > 0) return app(req, res);
      fromCache(req, res, url);
    };
    // In-process buckets answer at once (no await on the hot path); a shared counter answers later.
    const wait = rateLimit.buckets.take(rawClientAddress(req, rateLimit.trustProxy));
    if (typeof wait === 'number') return counted(wait);
    wait.then(counted, () => counted(0));
  };
}
