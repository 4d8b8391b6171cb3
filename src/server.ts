/** The HTTP application: pages and API on one Hono app, with the one error handler that maps codes to statuses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { adminRoutes } from './api/admin.routes.js';
import { apiRoutes } from './api/api.routes.js';
import { apiDocsView } from './api/api-docs.view.js';
import { openApiDocument } from './api/openapi.js';
import type { Archive } from './app.js';
import { ArchiveError, toArchiveError } from './core/errors.js';
import { harvestRoutes } from './harvest/harvest.routes.js';
import { cachedListener } from './http/cached-listener.js';
import { conditional } from './http/conditional.js';
import { errorBody, errorFormat } from './http/error-format.js';
import { defaultHttpOptions, type HttpOptions } from './http/http-options.js';
import { originOf, parsePublicUrl, publicOrigin } from './http/public-url.js';
import { type RateLimiter, rateLimit, TokenBuckets, takeToken } from './http/rate-limit.js';
import { maxBody, requestTimeout, securityHeaders } from './http/request-limits.js';
import { iiifRoutes } from './iiif/iiif.routes.js';
import { preloadRenderer } from './ingest/pdf-render.js';
import {
  defaultRenderLimits,
  PageRenderer,
  RENDER_RETRY_AFTER_SECONDS,
  type RenderLimits,
} from './web/page-images.js';
import { cacheBytesFromEnv, ResponseCache, responseCache } from './web/response-cache.js';
import { errorView } from './web/views/error.view.js';
import { webRoutes } from './web/web.routes.js';

/** Paths that cost a query or a render and so count against a client's rate limit. */
export function isRateLimited(path: string): boolean {
  return /^\/(?:api\/|oai$|iiif\/|search(?:$|\.))/.test(path);
}

const isAdmin = (path: string) => path.startsWith('/api/v1/admin/');

/** The error code for one of Hono's own HTTP exceptions (a malformed body, say). */
function fromHttpException(err: HTTPException): ArchiveError {
  const code =
    err.status === 413
      ? 'TOO_LARGE'
      : err.status === 401
        ? 'UNAUTHORIZED'
        : err.status < 500
          ? 'BAD_REQUEST'
          : 'INTERNAL';
  return new ArchiveError(code, err.message || 'The request could not be read.', { cause: err });
}

export interface AppOptions extends Partial<HttpOptions> {
  /** Bytes of rendered responses kept until the archive changes (default: DATELINE_CACHE_MB, 64 MB; 0: off). */
  cacheBytes?: number;
  /** The origin absolute URLs are made with (`--public-url`); by default the request's own. */
  publicUrl?: string;
  /** Page renders at once and waiting (default: 2 and 8). */
  render?: RenderLimits;
}

/** Seconds a reader is told to wait (Retry-After) for each code that means "not now". */
const RETRY_AFTER: Partial<Record<string, number>> = {
  BUSY: RENDER_RETRY_AFTER_SECONDS,
  UNAVAILABLE: 5,
  // A request past its time limit is as often a database going away as a query too wide (a query on a
  // connection that has gone waits until the limit): either way, try again in a few seconds.
  TIMEOUT: 5,
};

/** The app and the node request listener that serves it (with the cache fast path in front). */
export interface ArchiveServer {
  app: Hono;
  /** The page-image render queue (its counts show what a burst did). */
  renderer: PageRenderer;
  listener: (req: IncomingMessage, res: ServerResponse) => void;
}

/** The app for an archive; `opts` overrides the HTTP limits (rate, body size, time) of `defaultHttpOptions`. */
export function createApp(
  archive: Archive,
  log: (msg: string) => void = console.error,
  opts: AppOptions = {},
): Hono {
  return createServer(archive, log, opts).app;
}

/**
 * The app and its node listener. The listener answers repeat views from the page cache itself and hands
 * everything else to the app; both share one cache and one rate limit (http/cached-listener.ts).
 */
export function createServer(
  archive: Archive,
  log: (msg: string) => void = console.error,
  opts: AppOptions = {},
): ArchiveServer {
  const { cacheBytes, render, publicUrl, ...http } = opts;
  const limits = { ...defaultHttpOptions, ...http };
  const cache = new ResponseCache(cacheBytes ?? cacheBytesFromEnv());
  const generation = () => archive.index.generation();
  // Shared by every process on the database when the archive can (PostgreSQL), else kept in this process.
  const perMinute = limits.rateLimitPerMinute;
  const buckets: RateLimiter | null =
    perMinute > 0
      ? (archive.rateLimiter?.(perMinute, perMinute / 60) ?? new TokenBuckets(perMinute, perMinute / 60))
      : null;
  const app = new Hono();
  // Read the vocabulary now, not on the first reader's request (seconds on a large PostgreSQL archive).
  void archive.search.vocabulary().catch(() => {});
  app.use('*', securityHeaders());
  if (publicUrl) app.use('*', publicOrigin(parsePublicUrl(publicUrl)));
  const timeout = requestTimeout(limits.requestTimeoutMs);
  const body = maxBody(limits.maxBodyBytes, 'A request body');
  // An upload runs a whole ingest: it has its own size limit and no time limit (see docs/security.md).
  app.use('*', (c, next) => (isAdmin(c.req.path) ? next() : timeout(c, next)));
  app.use('*', (c, next) => (isAdmin(c.req.path) ? next() : body(c, next)));
  // Before the rate limit, so that a 429 can be read by a page elsewhere too.
  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86400 }));
  if (buckets) {
    const limit = rateLimit(limits.rateLimitPerMinute, limits.trustProxy, buckets);
    app.use('*', (c, next) => (isRateLimited(c.req.path) ? limit(c, next) : next()));
  }
  const renderer = new PageRenderer(archive.blobs, render ?? defaultRenderLimits);
  void preloadRenderer().catch(() => {});
  // A page image that must be drawn costs a token, unless its path already took one (IIIF).
  const chargeRender = async (c: Context) => {
    if (buckets && !isRateLimited(c.req.path)) await takeToken(c, buckets, limits.trustProxy);
  };
  app.route('/api/v1/admin', adminRoutes(archive, limits.maxUploadBytes));
  app.use('*', responseCache(cache, generation));
  // Inside the cache, so that kept answers keep their ETag and Cache-Control (the cache answers 304s itself).
  app.use('*', conditional());
  app.route('/api/v1', apiRoutes(archive, { trustProxy: limits.trustProxy }));
  // example: /api/openapi.json
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(originOf(c))));
  // example: /api (the API described for people)
  app.get('/api', (c) => c.html(apiDocsView(archive.config, openApiDocument(originOf(c)), originOf(c))));
  app.route('/', harvestRoutes(archive));
  app.route('/', iiifRoutes(archive, renderer));
  app.route('/', webRoutes(archive, { renderer, chargeRender, trustProxy: limits.trustProxy }));

  /** The error in the format of the route that was asked (http/error-format.ts); HTML for pages. */
  const answer = (c: Context, status: ContentfulStatusCode, code: string, message: string, title: string) => {
    const format = errorFormat(c.req.path);
    if (format === 'html') return c.html(errorView(archive.config, title, message), status);
    const { body, type } = errorBody(format, code, message);
    return c.body(body, status, { 'Content-Type': type });
  };

  app.notFound((c) => {
    const message = `Nothing is at ${c.req.path}.`;
    const api = c.req.path.startsWith('/api/') || c.req.path.startsWith('/iiif/');
    return answer(
      c,
      404,
      'NOT_FOUND',
      api ? `${message} See /api/v1/search, /api/v1/articles/:id, /api/v1/dates.` : message,
      'Not found',
    );
  });
  app.onError((err, c) => {
    const e =
      err instanceof ArchiveError
        ? err
        : err instanceof HTTPException
          ? fromHttpException(err)
          : toArchiveError(err);
    const notNow = e.code in RETRY_AFTER || e.code === 'TIMEOUT';
    if (e.code === 'TIMEOUT') log(`${c.req.method} ${c.req.path} timed out`);
    else if (e.code === 'UNAVAILABLE') log(`${c.req.method} ${c.req.path}: ${e.message}`);
    else if (e.status >= 500 && !notNow)
      log(`${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    const status = e.status as ContentfulStatusCode;
    const retry = RETRY_AFTER[e.code];
    if (retry) c.header('Retry-After', String(retry));
    // A fault's details stay in the log; "not now" (time limit, busy, database away) is no fault, and says what to do.
    const message =
      e.status >= 500 && !notNow ? 'Something went wrong on our side; it has been logged.' : e.message;
    return answer(c, status, e.code, message, e.status === 404 ? 'Not found' : 'Error');
  });
  const listener = cachedListener(getRequestListener(app.fetch), {
    cache,
    generation,
    generationNow: archive.index.generationNow?.bind(archive.index),
    rateLimit: buckets ? { buckets, trustProxy: limits.trustProxy, covers: isRateLimited } : null,
  });
  return { app, listener, renderer };
}
