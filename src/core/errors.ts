/** The one error type of the archive: a catalogue code, a message that says what to do, the cause kept. */

export const errorCatalogue = {
  BAD_QUERY: { status: 400, exit: 2 },
  BAD_REQUEST: { status: 400, exit: 2 },
  NOT_FOUND: { status: 404, exit: 1 },
  UNAUTHORIZED: { status: 401, exit: 1 },
  /** Allowed to nobody in this state (a locked article) or to this client (a banned contributor key). */
  FORBIDDEN: { status: 403, exit: 1 },
  /** The thing changed since the caller read it (a correction made on an older version): read it again. */
  CONFLICT: { status: 409, exit: 1 },
  TOO_LARGE: { status: 413, exit: 1 },
  RATE_LIMITED: { status: 429, exit: 1 },
  TIMEOUT: { status: 503, exit: 1 },
  /** The server is at its capacity for this kind of work (page renders): try again shortly. */
  BUSY: { status: 503, exit: 1 },
  /** The database cannot be reached for now: try again shortly. */
  UNAVAILABLE: { status: 503, exit: 1 },
  USAGE: { status: 400, exit: 2 },
  UNREADABLE_FILE: { status: 422, exit: 1 },
  NOT_A_PDF: { status: 422, exit: 1 },
  ENCRYPTED_PDF: { status: 422, exit: 1 },
  NO_TEXT: { status: 422, exit: 1 },
  NO_DATE: { status: 422, exit: 1 },
  NO_ARTICLES: { status: 422, exit: 1 },
  QUERY_TOO_COSTLY: { status: 422, exit: 1 },
  BAD_XML: { status: 422, exit: 1 },
  BAD_BATCH: { status: 422, exit: 1 },
  LIMIT_EXCEEDED: { status: 413, exit: 1 },
  UNSAFE_INPUT: { status: 422, exit: 1 },
  INTEGRITY: { status: 500, exit: 1 },
  CONFIG: { status: 500, exit: 2 },
  STORE: { status: 500, exit: 1 },
  INTERNAL: { status: 500, exit: 1 },
} as const satisfies Record<string, { status: number; exit: number }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class ArchiveError extends Error {
  override readonly name = 'ArchiveError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }

  /** HTTP status for this error's code. */
  get status(): number {
    return errorCatalogue[this.code].status;
  }

  /** CLI exit code for this error's code. */
  get exitCode(): number {
    return errorCatalogue[this.code].exit;
  }
}

/** Wraps anything thrown into an ArchiveError, keeping the original as the cause. */
export function toArchiveError(err: unknown, fallback: ErrorCode = 'INTERNAL'): ArchiveError {
  if (err instanceof ArchiveError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ArchiveError(fallback, message, { cause: err });
}
