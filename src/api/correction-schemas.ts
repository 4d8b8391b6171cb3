/** The zod schemas of the corrections API (issue #19): what a correction sends, and versions as they are answered. */
import { z } from 'zod';

const optionalText = (what: string) => z.string().max(500).nullable().optional().meta({ description: what });

/** A correction as POST /api/v1/articles/{id}/corrections takes it (CorrectionInput). */
export const correctionInputSchema = z
  .object({
    text: z
      .string()
      .optional()
      .meta({ description: 'The whole corrected body, paragraphs separated by a blank line' }),
    headline: z.string().min(1).max(500).optional(),
    kicker: optionalText('The line over the headline; null clears it'),
    byline: optionalText('null clears it'),
    place: optionalText("The dateline's place; null clears it"),
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .meta({ description: "Move the article to this date's bulletin (it must be in the archive)" }),
    firstPage: z.number().int().min(1).optional(),
    lastPage: z.number().int().min(1).optional(),
    split: z
      .object({
        paragraph: z
          .number()
          .int()
          .min(1)
          .meta({ description: 'The new article starts at this paragraph (0-based)' }),
        headline: z.string().max(500).optional(),
      })
      .optional()
      .meta({
        description: 'Split the article: the paragraphs from `paragraph` on become a new article after it',
      }),
    merge: z.literal('next').optional().meta({
      description: "Merge the next article of the bulletin into this one (the next one's id then leads here)",
    }),
    contributor: z
      .string()
      .max(100)
      .optional()
      .meta({ description: 'A name to show in the history; absent means "anonymous"' }),
    comment: z.string().max(1000).optional(),
    baseVersion: z.number().int().min(1).optional().meta({
      description: 'The version you started from; when the article has moved on since, 409 CONFLICT',
    }),
  })
  .strict()
  .meta({
    description:
      'Changed fields (text, headline, kicker, byline, place, date, firstPage, lastPage), or a split, or a merge: one of the three',
    examples: [
      { text: 'The corrected text …', contributor: 'Ann', comment: 'a misread word', baseVersion: 1 },
    ],
  });

export const snapshotSchema = z.object({
  headline: z.string(),
  kicker: z.string().nullable(),
  byline: z.string().nullable(),
  place: z.string().nullable(),
  date: z.string(),
  firstPage: z.number().int(),
  lastPage: z.number().int(),
  body: z.string(),
});

export const versionSchema = z.object({
  articleId: z.string(),
  version: z.number().int().meta({ description: '1 is the original reading; each change adds one' }),
  url: z.string().meta({ description: "This version's page" }),
  at: z.string(),
  contributor: z.string().meta({ description: 'The name given, or "anonymous"' }),
  contributorKey: z
    .string()
    .meta({ description: "A keyed hash of the contributor's address (never the address), for moderation" }),
  comment: z.string().nullable(),
  change: z.enum(['original', 'text', 'structure', 'split', 'merge', 'revert']),
  status: z.enum(['live', 'held', 'rejected', 'reverted']).meta({
    description: 'live: in force; held: waiting for review; rejected: refused on review; reverted: undone',
  }),
  refersTo: z
    .string()
    .nullable()
    .meta({ description: 'A revert: the version it went back to; a split or merge: the other article' }),
  snapshot: snapshotSchema,
});

export const correctionResponseSchema = z.object({
  articleId: z.string(),
  newArticleId: z.string().nullable().meta({ description: "A split's new article" }),
  version: versionSchema,
});

export const historyResponseSchema = z.object({
  articleId: z.string(),
  current: z.number().int().meta({ description: 'The version in force' }),
  locked: z.boolean(),
  versions: z.array(versionSchema).meta({ description: 'Newest first, held and reverted ones included' }),
});

export const heldResponseSchema = z.object({ held: z.array(versionSchema) });

export const reviewInputSchema = z.object({ accept: z.boolean() }).strict();
