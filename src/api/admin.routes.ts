/** Writes over HTTP, behind an admin token: upload a bulletin PDF and have it ingested. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { authenticate } from '../auth/admin-tokens.js';
import { ArchiveError, type ErrorCode, errorCatalogue } from '../core/errors.js';
import { maxBody } from '../http/request-limits.js';
import { dateUrl } from '../web/urls.js';
import { adminCorrectionRoutes } from './admin-corrections.routes.js';

/** A file name for the upload: the caller's, reduced to safe characters (it may carry the date), or upload.pdf. */
function uploadName(asked: string | undefined): string {
  const base = (asked ?? '').split(/[\\/]/).pop() ?? '';
  const safe = base
    .replace(/[^\w.-]/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
  if (!safe) return 'upload.pdf';
  return safe.toLowerCase().endsWith('.pdf') ? safe : `${safe}.pdf`;
}

/** The admin routes, mounted under /api/v1/admin. Every route needs `Authorization: Bearer TOKEN`. */
export function adminRoutes(archive: Archive, maxUploadBytes: number): Hono {
  const admin = new Hono();

  // Credentials before the body: an unauthenticated caller never gets to send megabytes.
  admin.use('*', async (c, next) => {
    await authenticate(archive.tokens, c.req.header('authorization'));
    await next();
  });

  // example: curl -H "Authorization: Bearer $TOKEN" --data-binary @1944-09-19.pdf \
  //            'http://127.0.0.1:3000/api/v1/admin/editions?filename=1944-09-19.pdf'
  admin.post('/editions', maxBody(maxUploadBytes, 'An uploaded bulletin'), async (c) => {
    const bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length === 0)
      throw new ArchiveError(
        'BAD_REQUEST',
        'The request has no body: send the bulletin PDF as the body (curl --data-binary @FILE.pdf).',
      );
    const name = uploadName(c.req.query('filename'));
    // The ingest service reads files, so the upload goes through a private temporary folder.
    const dir = await mkdtemp(join(tmpdir(), 'dateline-upload-'));
    try {
      const path = join(dir, name);
      await writeFile(path, bytes);
      const r = await archive.ingest.ingestFile(path);
      const body = {
        file: name,
        status: r.status,
        date: r.date,
        articles: r.articles,
        pages: r.pages,
        url: r.date ? dateUrl(r.date) : null,
        error: r.error ? { code: r.code ?? 'UNREADABLE_FILE', message: r.error.replaceAll(dir, '') } : null,
      };
      if (r.status === 'failed') {
        const code = (r.code ?? 'UNREADABLE_FILE') as ErrorCode;
        const status = errorCatalogue[code]?.status ?? 422;
        return c.json({ ...body, error: body.error }, status >= 500 ? 500 : (status as 400 | 422));
      }
      return c.json(body, r.status === 'ingested' ? 201 : 200);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  adminCorrectionRoutes(admin, archive);
  return admin;
}
