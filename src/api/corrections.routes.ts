/**
 * The corrections API (issue #19), mounted under /api/v1 by apiRoutes: a reader's correction, an
 * article's history and its versions; the admin's revert, review, lock and ban are in admin-corrections.routes.ts.
 */
import type { Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import type { ArticleVersion, CorrectionInput, CorrectionResult } from '../corrections/corrections-types.js';
import { clientAddress } from '../http/rate-limit.js';
import { validate } from '../search/search-params.js';
import { versionUrl } from '../web/urls.js';
import { articleIdSchema } from './api-schemas.js';
import { correctionInputSchema } from './correction-schemas.js';

/** Seconds a contributor past the corrections rate limit is told to wait (Retry-After), as the web form tells them. */
export const CORRECTION_RETRY_AFTER_SECONDS = 60;

/** A version as the API answers it: with its page's address. */
export function versionJson(v: ArticleVersion) {
  return { ...v, url: versionUrl(v.articleId, v.version) };
}

/** A correction's result as the API answers it. */
export function correctionJson(r: CorrectionResult) {
  return { articleId: r.articleId, newArticleId: r.newArticleId ?? null, version: versionJson(r.version) };
}

/** The JSON body of a request, or a BAD_REQUEST that says what is wrong with it. */
export async function jsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\b/i.test(type))
    throw new ArchiveError(
      'BAD_REQUEST',
      `Send the correction as JSON with "Content-Type: application/json"${type ? `, not ${type}` : ''}.`,
    );
  try {
    return await c.req.json();
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError('BAD_REQUEST', 'The request body is not valid JSON; send one JSON object.', {
      cause: err,
    });
  }
}

/** The version number in a path, or a BAD_REQUEST. */
export function versionParam(value: string | undefined): number {
  const n = Number(value);
  if (!/^[0-9]{1,9}$/.test(value ?? '') || n < 1)
    throw new ArchiveError('BAD_REQUEST', `"${value}" is not a version number; versions are 1, 2, 3 …`);
  return n;
}

/** The article id in a path, checked. */
export const articleParam = (c: Context) => validate(articleIdSchema, c.req.param('id'));

/** Adds the corrections routes to the API. */
export function correctionRoutes(api: Hono, archive: Archive, opts: { trustProxy: boolean }): void {
  const corrections = archive.corrections;
  // A request made in-process (tests, no socket) has no address: it is "local".
  const who = async (c: Context) => ({
    key: await corrections.keyFor(clientAddress(c, opts.trustProxy) ?? 'local'),
  });

  // example: curl -H 'Content-Type: application/json' --data '{"text":"…","baseVersion":1}' \
  //            http://127.0.0.1:3000/api/v1/articles/19740108-mydrw5/corrections
  api.post('/articles/:id/corrections', async (c) => {
    const id = articleParam(c);
    const input = validate(correctionInputSchema, await jsonBody(c)) as CorrectionInput;
    try {
      const r = await corrections.correct(id, input, await who(c));
      return c.json(correctionJson(r), r.version.status === 'held' ? 202 : 201);
    } catch (err) {
      // The service counts a contributor's corrections over a minute; the error handler keeps the header.
      if (err instanceof ArchiveError && err.code === 'RATE_LIMITED')
        c.header('Retry-After', String(CORRECTION_RETRY_AFTER_SECONDS));
      throw err;
    }
  });

  // example: /api/v1/articles/19740108-mydrw5/history
  api.get('/articles/:id/history', async (c) => {
    const id = articleParam(c);
    const versions = await corrections.history(id);
    const live = versions.filter((v) => v.status === 'live').map((v) => v.version);
    return c.json({
      articleId: id,
      current: live.length > 0 ? Math.max(...live) : 1,
      locked: await corrections.isLocked(id),
      versions: versions.map(versionJson),
    });
  });

  // example: /api/v1/articles/19740108-mydrw5/versions/1
  api.get('/articles/:id/versions/:n', async (c) => {
    const id = articleParam(c);
    const n = versionParam(c.req.param('n'));
    const v = await corrections.version(id, n);
    if (!v)
      throw new ArchiveError(
        'NOT_FOUND',
        `Article ${id} has no version ${n}. Its versions are listed at /api/v1/articles/${id}/history.`,
      );
    return c.json(versionJson(v));
  });
}
