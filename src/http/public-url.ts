/**
 * The origin absolute URLs are made with (canonical links, feeds, sitemaps, OAI-PMH, IIIF, the API's
 * links): the `--public-url` the server was given, else the origin the request came in on (its Host
 * header). Behind a proxy, or reachable under several names, set it: then a forged Host header cannot put
 * another site's name into a page, a feed or a kept answer.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ArchiveError } from '../core/errors.js';

declare module 'hono' {
  interface ContextVariableMap {
    /** The configured public origin, when there is one. */
    publicOrigin: string;
  }
}

/** The origin of a `--public-url` value, or USAGE naming what is wrong with it. */
export function parsePublicUrl(value: string, name = '--public-url'): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new ArchiveError(
      'USAGE',
      `${name} must be an absolute URL such as https://archive.example.org; got "${value}".`,
    );
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password)
    throw new ArchiveError(
      'USAGE',
      `${name} must be an http:// or https:// URL without a user name; got "${value}".`,
    );
  if ((u.pathname !== '/' && u.pathname !== '') || u.search || u.hash)
    throw new ArchiveError(
      'USAGE',
      `${name} must be an origin only (scheme, host and port, no path): the archive is served at the root of its site; got "${value}".`,
    );
  return u.origin;
}

/** Middleware: records the public origin for `originOf`. */
export function publicOrigin(origin: string): MiddlewareHandler {
  return async (c, next) => {
    c.set('publicOrigin', origin);
    await next();
  };
}

/** The origin to make absolute URLs with for this request. */
export function originOf(c: Context): string {
  return c.get('publicOrigin') ?? new URL(c.req.url).origin;
}

/** The request's own address under the public origin (path and query as asked). */
export function publicHref(c: Context): string {
  const u = new URL(c.req.url);
  return `${originOf(c)}${u.pathname}${u.search}`;
}
