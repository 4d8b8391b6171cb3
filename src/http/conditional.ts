/**
 * Validators and freshness for GET answers: a strong ETag on every 200 (the sha256 of the body, or one
 * the route set from a content-addressed key), `304 Not Modified` when the client's If-None-Match holds
 * it, and a Cache-Control that fits the kind of answer when the route did not set one. Pages, API
 * answers and feeds change only when the archive does, so a client may keep them a minute and then asks
 * again with its ETag (a 304 costs no body). Streamed answers (the JSON Lines export) are left alone:
 * their body is not read here.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';

/** Pages, API answers and feeds: kept a minute, then revalidated. */
export const CACHE_CONTROL_DOCUMENT = 'public, max-age=60';
/** Bulletin PDFs and page images at dated addresses: a new scan of the date may replace them. */
export const CACHE_CONTROL_DATED_FILE = 'public, max-age=86400';
/** Addresses whose content never changes (assets named by their hash). */
export const CACHE_CONTROL_IMMUTABLE = 'public, max-age=31536000, immutable';

/** Bodies this middleware reads to make an ETag: text, JSON and XML made whole in memory. */
const HASHED =
  /^(text\/|application\/(json|ld\+json|xml|atom\+xml|opensearchdescription\+xml|x-bibtex|x-research-info-systems|vnd\.citationstyles\.csl\+json)\b)/;

/** The headers a 304 carries over from the 200 it stands for (RFC 9110, 15.4.5), and CORS. */
export const KEPT_ON_304 = [
  'etag',
  'cache-control',
  'vary',
  'content-location',
  'access-control-allow-origin',
];

/** True when the request's If-None-Match names `etag` (or is `*`). */
export function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const want = etag.replace(/^W\//, '');
  return (ifNoneMatch.match(/(?:W\/)?"[^"]*"/g) ?? []).some((t) => t.replace(/^W\//, '') === want);
}

/** A 304 for `etag` when the request already holds it, else null (the route goes on to read its body). */
export function notModified(c: Context, etag: string, cacheControl: string): Response | null {
  if (!matches(c.req.header('if-none-match'), etag)) return null;
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': cacheControl } });
}

/** Middleware: ETag, 304 and Cache-Control for GET and HEAD answers (see the module comment). */
export function conditional(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const method = c.req.method;
    if ((method !== 'GET' && method !== 'HEAD') || c.res.status !== 200) return;
    let res = c.res;
    let etag = res.headers.get('etag');
    if (!etag) {
      if (
        !HASHED.test(res.headers.get('content-type') ?? '') ||
        res.headers.get('content-type')?.includes('jsonl')
      )
        return;
      // The body is read once and answered from the bytes read: a clone() would tee the stream, and the
      // branch the node adapter never reads held every answer's bytes (the soak's memory grew 163 MB a minute).
      const body = new Uint8Array(await res.arrayBuffer());
      etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
      const headers = new Headers(res.headers);
      headers.set('ETag', etag);
      res = new Response(body, { status: res.status, statusText: res.statusText, headers });
      c.res = undefined;
      c.res = res;
    }
    if (!res.headers.has('cache-control')) res.headers.set('Cache-Control', CACHE_CONTROL_DOCUMENT);
    if (matches(c.req.header('if-none-match'), etag)) {
      await res.body?.cancel();
      const headers = new Headers();
      for (const name of KEPT_ON_304) {
        const v = res.headers.get(name);
        if (v !== null) headers.set(name, v);
      }
      c.res = new Response(null, { status: 304, headers });
      // Hono carries the 200's headers over to a response set here: keep only what a 304 may say.
      for (const name of [...c.res.headers.keys()])
        if (!KEPT_ON_304.includes(name)) c.res.headers.delete(name);
    }
  };
}
