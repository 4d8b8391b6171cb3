/** The HTTP limits a server runs with (rate, body size, time) and how they are read from flags and environment. */
import { ArchiveError } from '../core/errors.js';
import { defaultRenderLimits, type RenderLimits } from '../web/page-images.js';

export interface HttpOptions {
  /** Requests per minute one client may make to search, the API, OAI-PMH and IIIF; 0 turns the limit off. */
  rateLimitPerMinute: number;
  /** Take the client's address from the last X-Forwarded-For entry (only behind a proxy you run). */
  trustProxy: boolean;
  /** The longest a request may take before it is answered 503 TIMEOUT, in milliseconds. */
  requestTimeoutMs: number;
  /** The largest request body outside the admin upload, in bytes. */
  maxBodyBytes: number;
  /** The largest PDF the admin upload accepts, in bytes. */
  maxUploadBytes: number;
}

export const defaultHttpOptions: HttpOptions = {
  rateLimitPerMinute: 120,
  trustProxy: false,
  requestTimeoutMs: 10_000,
  maxBodyBytes: 64 * 1024,
  maxUploadBytes: 100 * 1024 * 1024,
};

/** Command-line values (strings as parseArgs gives them) for the HTTP limits. */
export interface HttpFlags {
  'rate-limit'?: string;
  'trust-proxy'?: boolean;
  'request-timeout'?: string;
  'max-upload-mb'?: string;
}

function number(value: string, name: string, min: number, max: number): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max) {
    throw new ArchiveError('USAGE', `${name} must be a number from ${min} to ${max}; got "${value}".`);
  }
  return n;
}

/**
 * The options from flags, else the environment (DATELINE_RATE_LIMIT, DATELINE_TRUST_PROXY,
 * DATELINE_REQUEST_TIMEOUT seconds, DATELINE_MAX_UPLOAD_MB), else the defaults.
 */
export function resolveHttpOptions(flags: HttpFlags, env: NodeJS.ProcessEnv = process.env): HttpOptions {
  const o = { ...defaultHttpOptions };
  const rate = flags['rate-limit'] ?? env.DATELINE_RATE_LIMIT;
  if (rate !== undefined)
    o.rateLimitPerMinute =
      rate === 'off'
        ? 0
        : Math.floor(number(rate, '--rate-limit (requests per minute, 0 or off for none)', 0, 1e6));
  o.trustProxy = flags['trust-proxy'] ?? ['1', 'true', 'yes'].includes(env.DATELINE_TRUST_PROXY ?? '');
  const timeout = flags['request-timeout'] ?? env.DATELINE_REQUEST_TIMEOUT;
  if (timeout !== undefined)
    o.requestTimeoutMs = number(timeout, '--request-timeout (seconds)', 0.1, 3600) * 1000;
  const upload = flags['max-upload-mb'] ?? env.DATELINE_MAX_UPLOAD_MB;
  if (upload !== undefined)
    o.maxUploadBytes = Math.floor(number(upload, '--max-upload-mb', 1, 4096) * 1024 * 1024);
  return o;
}

/** Command-line values for the page-render queue. */
export interface RenderFlags {
  'render-concurrency'?: string;
  'render-queue'?: string;
}

/** The render queue's limits from flags, else DATELINE_RENDER_CONCURRENCY / DATELINE_RENDER_QUEUE, else 2 and 8. */
export function resolveRenderLimits(flags: RenderFlags, env: NodeJS.ProcessEnv = process.env): RenderLimits {
  const at = flags['render-concurrency'] ?? env.DATELINE_RENDER_CONCURRENCY;
  const queue = flags['render-queue'] ?? env.DATELINE_RENDER_QUEUE;
  return {
    concurrency:
      at === undefined
        ? defaultRenderLimits.concurrency
        : Math.floor(number(at, '--render-concurrency (page images drawn at once)', 1, 64)),
    queue:
      queue === undefined
        ? defaultRenderLimits.queue
        : Math.floor(number(queue, '--render-queue (page images waiting to be drawn)', 0, 10_000)),
  };
}
