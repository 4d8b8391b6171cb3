/** The HTTP application: pages and API on one Hono app, with the one error handler that maps codes to statuses. */
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { apiRoutes } from './api/api.routes.js';
import { apiDocsView } from './api/api-docs.view.js';
import { openApiDocument } from './api/openapi.js';
import type { Archive } from './app.js';
import { ArchiveError, toArchiveError } from './core/errors.js';
import { harvestRoutes } from './harvest/harvest.routes.js';
import { iiifRoutes } from './iiif/iiif.routes.js';
import { cacheBytesFromEnv, responseCache } from './web/response-cache.js';
import { messageView } from './web/views/date.view.js';
import { webRoutes } from './web/web.routes.js';

export interface AppOptions {
  /** Bytes of rendered responses kept until the archive changes (default: DATELINE_CACHE_MB, 64 MB; 0: off). */
  cacheBytes?: number;
}

export function createApp(
  archive: Archive,
  log: (msg: string) => void = console.error,
  opts: AppOptions = {},
): Hono {
  const app = new Hono();
  // Read the vocabulary now, not on the first reader's request (seconds on a large PostgreSQL archive).
  void archive.search.vocabulary().catch(() => {});
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'same-origin');
    c.header(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'self'; frame-ancestors 'self'",
    );
  });
  app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86400 }));
  app.use(
    '*',
    responseCache({
      generation: () => archive.index.generation(),
      maxBytes: opts.cacheBytes ?? cacheBytesFromEnv(),
    }),
  );
  app.route('/api/v1', apiRoutes(archive));
  // example: /api/openapi.json
  app.get('/api/openapi.json', (c) => c.json(openApiDocument(new URL(c.req.url).origin)));
  // example: /api (the API described for people)
  app.get('/api', (c) =>
    c.html(
      apiDocsView(archive.config, openApiDocument(new URL(c.req.url).origin), new URL(c.req.url).origin),
    ),
  );
  app.route('/', harvestRoutes(archive));
  app.route('/', iiifRoutes(archive));
  app.route('/', webRoutes(archive));

  const isApi = (path: string) => path.startsWith('/api/') || path.startsWith('/iiif/');

  app.notFound((c) => {
    const message = `Nothing is at ${c.req.path}.`;
    if (isApi(c.req.path))
      return c.json(
        {
          error: {
            code: 'NOT_FOUND',
            message: `${message} See /api/v1/search, /api/v1/articles/:id, /api/v1/dates.`,
          },
        },
        404,
      );
    return c.html(messageView(archive.config, 'Not found', message), 404);
  });
  app.onError((err, c) => {
    const e = err instanceof ArchiveError ? err : toArchiveError(err);
    if (e.status >= 500) log(`${c.req.method} ${c.req.path} failed: ${err.stack ?? err.message}`);
    const status = e.status as ContentfulStatusCode;
    const message = e.status >= 500 ? 'Something went wrong on our side; it has been logged.' : e.message;
    if (isApi(c.req.path)) return c.json({ error: { code: e.code, message } }, status);
    return c.html(messageView(archive.config, e.status === 404 ? 'Not found' : 'Error', message), status);
  });
  return app;
}
