/** Security headers, request body limits and the per-request time limit that every response goes through. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ArchiveError } from '../core/errors.js';

/**
 * The Content-Security-Policy of every response. The one script is a file of this origin (web/assets/reader.js,
 * zoom and pan); no inline script or handler may run (JSON-LD blocks are data, not run), and with nosniff a
 * file served as anything but JavaScript never runs as one. Styles and images come only from this origin;
 * nothing may frame a page from elsewhere; forms post only here. object-src 'self' lets a browser show the
 * bulletin PDFs.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
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

declare module 'hono' {
  interface ContextVariableMap {
    /** Aborts when the request's time is up (requestTimeout). */
    deadline: AbortSignal;
  }
}

/**
 * A signal that aborts when nobody waits for this request's answer any more: the client closed the
 * connection, or the request's time limit passed. Work that can be dropped (a page render) listens to it.
 */
export function abandoned(c: Context): AbortSignal {
  const deadline = c.get('deadline');
  return deadline ? AbortSignal.any([c.req.raw.signal, deadline]) : c.req.raw.signal;
}

/**
 * Answers 503 TIMEOUT when the handler has not produced a response after `ms`. Work that listens to
 * `abandoned(c)` is dropped then; other work is not cancelled (a synchronous SQLite query runs to its
 * end), but the client is answered and the connection freed; a streamed body (the export) is not cut,
 * since its response exists before it is sent.
 */
export function requestTimeout(ms: number): MiddlewareHandler {
  return async (c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new AbortController();
    c.set('deadline', deadline.signal);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const err = new ArchiveError(
          'TIMEOUT',
          `The request took longer than ${ms / 1000} s and was stopped. Narrow the search (fewer words, a date range) and try again.`,
        );
        deadline.abort(err);
        reject(err);
      }, ms);
    });
    try {
      await Promise.race([next(), late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
