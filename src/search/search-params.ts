/**
 * The parameters of a search as zod schemas: one definition validates requests (pages and API alike)
 * and generates the OpenAPI description.
 */
import { z } from 'zod';
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';

export const MAX_PAGE_SIZE = 100;

/**
 * A whole number in a range, written in plain digits (not "1e3", "0x10", " 5" or "5.0"), with the
 * message a reader sees when it is not.
 */
export function intParam(name: string, min: number, max: number) {
  const error = (iss: { input?: unknown }) =>
    `"${name}" must be a whole number from ${min} to ${max}; got "${String(iss.input)}".`;
  const digits = (v: unknown) => (typeof v === 'string' && /^-?[0-9]{1,16}$/.test(v) ? Number(v) : v);
  return z.preprocess(digits, z.number({ error }).int({ error }).min(min, { error }).max(max, { error }));
}

/** A validated `dateParam` value as an ISO date: a bare year becomes its first (or, with `end`, last) day. */
export function widenDate(d: string | undefined, end: boolean): string | undefined {
  if (!d) return undefined;
  return /^\d{4}$/.test(d) ? `${d}-${end ? '12-31' : '01-01'}` : d;
}

/** A date as YYYY-MM-DD, or a bare year (taken as its first or last day). */
export function dateParam(name: string) {
  return z
    .string()
    .refine((v) => /^\d{4}$/.test(v) || isIsoDate(v), {
      error: (iss) => `"${name}" must be a date as YYYY-MM-DD (or a year); got "${String(iss.input)}".`,
    })
    .meta({
      description: `Inclusive ${name === 'from' ? 'start' : 'end'} date, YYYY-MM-DD or YYYY`,
      examples: ['1974-12-19'],
    });
}

export const searchParamsSchema = z.object({
  q: z.string().meta({
    description: 'The query: words (all required), "a phrase", a OR b, -exclude, prefix*',
    examples: ['displaced persons', '"soviet emigration" -visa'],
  }),
  from: dateParam('from').optional(),
  to: dateParam('to').optional(),
  sort: z
    .enum(['relevance', 'date', '-date'], {
      error: (iss) => `"sort" must be relevance, date or -date; got "${String(iss.input)}".`,
    })
    .optional()
    .meta({ description: 'relevance (BM25, headline weighted, ties by date), date (oldest first) or -date' }),
  page: intParam('page', 1, 1_000_000).optional().meta({ description: '1-based page of results' }),
  pageSize: intParam('pageSize', 1, MAX_PAGE_SIZE)
    .optional()
    .meta({ description: `Results per page, 1–${MAX_PAGE_SIZE}, default 20` }),
  cursor: z
    .string()
    .optional()
    .meta({ description: 'Opaque cursor from a previous response’s nextCursor; replaces page' }),
  day: z
    .string()
    .regex(/^\d{2}-\d{2}$/, {
      error: (iss) => `"day" must be a month and day as MM-DD; got "${String(iss.input)}".`,
    })
    .optional()
    .meta({ description: 'MM-DD: the same day in any year (like day: in the query)', examples: ['12-19'] }),
  variants: z
    .enum(['auto', 'on', 'off'], {
      error: (iss) => `"variants" must be auto, on or off; got "${String(iss.input)}".`,
    })
    .optional()
    .meta({
      description:
        'Spelling, OCR and sounds-alike variants of the words: on, off, or auto (default: only when the words alone find fewer than 3 articles)',
    }),
});

export type SearchParamsInput = z.input<typeof searchParamsSchema>;

/** Validates `input` against `schema`, or throws BAD_REQUEST with the first problem's message. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const name = issue.path.join('.');
  const message = issue.message.startsWith('"') ? issue.message : `"${name}": ${issue.message}.`;
  throw new ArchiveError('BAD_REQUEST', message);
}
