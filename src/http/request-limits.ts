/** Security headers, request body limits and the per-request time limit that every response goes through. */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ArchiveError } from '../core/errors.js';

/**
 * The Content-Security-Policy of every response. The site has no JavaScript, so no script may run at all
 * (JSON-LD blocks are data, not run); styles and images come only from this origin; nothing may frame a
 * page from elsewhere; forms post only here. object-src 'self' lets a browser show the bulletin PDFs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'none'",
  "style-src 'self'",
  "img-src 'self' data:",
  "object-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/** The headers every response carries, errors included. */
export const SECURITY_HEADERS: readonly (readonly [string, string])[] = [
  ['Content-Security-Policy', CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['Referrer-Policy', 'same-origin'],
  ['X-Frame-Options', 'SAMEORIGIN'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()'],
];

/** Sets the security headers on every response (errors included). */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    for (const [name, value] of SECURITY_HEADERS) c.header(name, value);
  };
}

/** Refuses a request body larger than `maxBytes` with TOO_LARGE (413), before reading more of it. */
export function maxBody(maxBytes: number, what: string): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new ArchiveError(
        'TOO_LARGE',
        `${what} may be at most ${formatBytes(maxBytes)}; this request's body is larger.`,
      );
    },
  });
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;
}

/**
 * Answers 503 TIMEOUT when the handler has not produced a response after `ms`. The work itself is not
 * cancelled (a synchronous SQLite query runs to its end), but the client is answered and the connection
 * freed; a streamed body (the export) is not cut, since its response exists before it is sent.
 */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new ArchiveError(
              'TIMEOUT',
              `The request took longer than ${ms / 1000} s and was stopped. Narrow the search (fewer words, a date range) and try again.`,
            ),
          ),
        ms,
      );
    });
    try {
      await Promise.race([next(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
