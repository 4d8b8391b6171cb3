/** Request and response schemas of API v1: they validate requests and generate the OpenAPI document. */
import { z } from 'zod';
import { dateParam, intParam, searchParamsSchema } from '../search/search-params.js';
import { API_EXAMPLE } from './api-examples.js';

export { searchParamsSchema };

export const datesParamsSchema = z.object({
  from: dateParam('from').optional(),
  to: dateParam('to').optional(),
  limit: intParam('limit', 1, 5000).optional().meta({ description: 'Dates per response, default 1000' }),
  cursor: z.string().optional().meta({ description: 'nextCursor of the previous response' }),
});

export const articleIdSchema = z
  .string()
  .regex(/^\d{8}-[0-9a-z]{6}$/, {
    error: (iss) => `"id" must look like 19741219-k3f9a2; got "${String(iss.input)}".`,
  })
  .meta({ description: 'Stable article id', examples: [API_EXAMPLE.articleId] });

export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .meta({ description: 'YYYY-MM-DD', examples: [API_EXAMPLE.date] });

const datelineSchema = z
  .object({
    raw: z.string(),
    place: z.string().nullable(),
    date: z.string().nullable(),
    agency: z.string().nullable(),
  })
  .nullable();

export const errorSchema = z.object({
  error: z.object({
    code: z
      .string()
      .meta({ description: 'From the catalogue: BAD_QUERY, BAD_REQUEST, NOT_FOUND, INTERNAL…' }),
    message: z.string().meta({ description: 'What is wrong and what to do about it' }),
  }),
});

const variantSchema = z.object({
  term: z.string().meta({ description: 'The word as it is in the archive' }),
  of: z.string().meta({ description: 'The query word it stands in for' }),
  how: z.enum(['ocr', 'spelling', 'sounds-like']),
  why: z.string(),
});

export const searchResponseSchema = z.object({
  query: z.string(),
  total: z.number().int(),
  totalEstimated: z.boolean().meta({
    description:
      'True when total and the facets are estimated from a sample (several very common words): show "about"',
  }),
  page: z.number().int(),
  pageSize: z.number().int(),
  nextCursor: z
    .string()
    .nullable()
    .meta({ description: 'Pass as cursor for the next page; null on the last' }),
  from: z
    .string()
    .nullable()
    .meta({ description: 'The date range applied (from the parameters and date: terms)' }),
  to: z.string().nullable(),
  day: z.string().nullable(),
  variants: z.object({
    mode: z
      .enum(['off', 'on', 'fallback'])
      .meta({ description: 'fallback: the words alone found fewer than 3 articles' }),
    exact: z.number().int().nullable().meta({
      description: 'In fallback mode, how many articles the words alone match (listed first); else null',
    }),
    terms: z.array(variantSchema),
  }),
  facets: z.object({
    decades: z.array(z.object({ decade: z.number().int(), count: z.number().int() })),
    years: z.array(z.object({ year: z.number().int(), count: z.number().int() })),
    places: z.array(z.object({ place: z.string(), count: z.number().int() })),
  }),
  results: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      headline: z.string(),
      kicker: z.string().nullable(),
      date: z.string(),
      page: z.number().int(),
      snippet: z.string().meta({ description: 'HTML: the text escaped, matches in <mark>' }),
      score: z.number(),
      variants: z
        .array(variantSchema)
        .meta({ description: 'Variants of the query words this article matched' }),
    }),
  ),
});

export const articleResponseSchema = z.object({
  id: z.string(),
  url: z.string(),
  headline: z.string(),
  headlinePrinted: z.string(),
  kicker: z.string().nullable(),
  byline: z.string().nullable(),
  credit: z
    .string()
    .nullable()
    .meta({ description: 'Credit line printed with the story, e.g. "(Jewish Telegraphic Agency)"' }),
  dateline: datelineSchema,
  date: z.string(),
  kind: z.enum(['article', 'notices', 'advertisement']).meta({
    description:
      'What the piece is: a news article, a run of family notices (births, marriages, deaths) kept as one item, or an advertisement',
  }),
  pages: z.array(z.number().int()).length(2),
  parts: z.array(z.array(z.number().int()).length(2)).nullable().meta({
    description: "For a story continued on other pages: each part's first and last page, in reading order",
  }),
  regions: z
    .array(
      z.object({
        page: z.number().int(),
        x: z.number(),
        y: z.number(),
        w: z.number(),
        h: z.number(),
      }),
    )
    .nullable()
    .meta({
      description:
        "Where the article stands on its pages, in reading order: rectangles in PDF points, origin top-left of the page (times 1600 / the page's width for the pixels of its IIIF canvas); null when the source gave no positions",
    }),
  wordCount: z.number().int(),
  text: z.string().meta({ description: 'Paragraphs separated by a blank line' }),
  edition: z.object({ date: z.string(), url: z.string(), pdfUrl: z.string() }),
  references: z.array(
    z.object({
      text: z.string(),
      page: z.number().int(),
      targetId: z.string().nullable(),
      targetUrl: z.string().nullable(),
    }),
  ),
  referencedBy: z.array(z.object({ sourceId: z.string(), url: z.string().nullable(), text: z.string() })),
});

export const datesResponseSchema = z.object({
  dates: z.array(
    z.object({
      date: z.string(),
      articles: z.number().int(),
      pages: z.number().int(),
      url: z.string(),
      pdfUrl: z.string(),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const dateResponseSchema = z.object({
  date: z.string(),
  url: z.string(),
  pdfUrl: z.string(),
  volume: z.string().nullable(),
  number: z.string().nullable(),
  language: z.string().nullable().meta({
    description: 'Language code(s) the source declared, space-separated (e.g. "eng"); null when none',
  }),
  pages: z.number().int(),
  articles: z.array(
    z.object({
      id: z.string(),
      url: z.string(),
      headline: z.string(),
      kicker: z.string().nullable(),
      page: z.number().int(),
    }),
  ),
});

export const exportParamsSchema = z.object({
  from: dateParam('from').optional(),
  to: dateParam('to').optional(),
  history: z.enum(['true', 'false']).optional().meta({
    description: "true: each line also has the article's versions (reader corrections), newest first",
  }),
});

export const exportLineSchema = articleResponseSchema
  .omit({ references: true, referencedBy: true, edition: true })
  .extend({
    pdfUrl: z.string(),
    datestamp: z.string(),
    history: z
      .array(
        z
          .object({
            version: z.number().int(),
            at: z.string(),
            contributor: z.string(),
            change: z.string(),
            status: z.string(),
          })
          .loose(),
      )
      .optional()
      .meta({
        description:
          'With history=true: the versions, newest first (as /api/v1/articles/{id}/history gives them)',
      }),
  });
