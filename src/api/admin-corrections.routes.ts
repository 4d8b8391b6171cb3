/**
 * Moderation of reader corrections (issue #19), mounted under /api/v1/admin behind the admin token: revert
 * a version, review held ones, lock an article, ban a contributor key.
 */
import type { Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import type { Contributor } from '../corrections/corrections-types.js';
import { clientAddress } from '../http/rate-limit.js';
import { maxBody } from '../http/request-limits.js';
import { validate } from '../search/search-params.js';
import { heldResponseSchema, reviewInputSchema } from './correction-schemas.js';
import { articleParam, correctionJson, jsonBody, versionJson, versionParam } from './corrections.routes.js';

/** An admin's JSON request is small: the upload's limit is for PDFs. */
const ADMIN_JSON_BYTES = 16 * 1024;

/** Adds the moderation routes to the admin routes (which have checked the token). */
export function adminCorrectionRoutes(admin: Hono, archive: Archive): void {
  const corrections = archive.corrections;
  const small = maxBody(ADMIN_JSON_BYTES, 'An admin request');
  const who = async (c: Context): Promise<Contributor> => ({
    key: await corrections.keyFor(clientAddress(c, false) ?? 'local'),
    admin: true,
  });

  // example: curl -X POST -H "Authorization: Bearer $TOKEN" \
  //            http://127.0.0.1:3000/api/v1/admin/articles/19740108-mydrw5/versions/2/revert
  admin.post('/articles/:id/versions/:n/revert', small, async (c) => {
    const r = await corrections.revert(articleParam(c), versionParam(c.req.param('n')), await who(c));
    return c.json(correctionJson(r), 201);
  });

  // example: curl -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' --data '{"accept":true}' \
  //            http://127.0.0.1:3000/api/v1/admin/articles/19740108-mydrw5/versions/3/review
  admin.post('/articles/:id/versions/:n/review', small, async (c) => {
    const { accept } = validate(reviewInputSchema, await jsonBody(c));
    const r = await corrections.review(articleParam(c), versionParam(c.req.param('n')), accept, await who(c));
    return c.json(correctionJson(r));
  });

  // example: curl -X PUT -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/v1/admin/articles/19740108-mydrw5/lock
  admin.put('/articles/:id/lock', small, async (c) => {
    await corrections.lock(articleParam(c), true);
    return c.body(null, 204);
  });
  admin.delete('/articles/:id/lock', small, async (c) => {
    await corrections.lock(articleParam(c), false);
    return c.body(null, 204);
  });

  // example: curl -X PUT -H "Authorization: Bearer $TOKEN" http://127.0.0.1:3000/api/v1/admin/bans/k-0123456789abcdef0123
  admin.put('/bans/:key', small, async (c) => {
    await corrections.ban(c.req.param('key'), true);
    return c.body(null, 204);
  });
  admin.delete('/bans/:key', small, async (c) => {
    await corrections.ban(c.req.param('key'), false);
    return c.body(null, 204);
  });

  // example: curl -H "Authorization: Bearer $TOKEN" 'http://127.0.0.1:3000/api/v1/admin/held?limit=50'
  admin.get('/held', async (c) => {
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
    const held = (await corrections.held(limit)).map(versionJson);
    return c.json(heldResponseSchema.parse({ held }));
  });
}
