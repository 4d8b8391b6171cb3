/** The corrections routes in the OpenAPI document (issue #19): their paths and schemas. */
import { articleIdSchema } from './api-schemas.js';
import {
  correctionInputSchema,
  correctionResponseSchema,
  heldResponseSchema,
  historyResponseSchema,
  reviewInputSchema,
  versionSchema,
} from './correction-schemas.js';
import { errors, json, jsonSchema, limits, pathParameter, ref } from './openapi-parts.js';

const idParam = () => pathParameter('id', articleIdSchema);
// The examples run in the order of the paths on the /api page (the examples e2e test runs them on the
// demo): the correction below is held (version 2, it replaces the text), reviewed, then reverted.
const versionParam = (example: number) => ({
  name: 'n',
  in: 'path',
  required: true,
  description: 'A version number (1 is the original reading)',
  example,
  schema: { type: 'integer', minimum: 1 },
});
const jsonBody = (name: string, example: unknown) => ({
  required: true,
  content: { 'application/json': { schema: ref(name), example } },
});
const noContent = (what: string) => ({ '204': { description: what } });
const adminOnly = { security: [{ adminToken: [] }] };

/** The corrections routes (issue #19): a reader's correction, the history, and the admin's moderation. */
export const correctionPaths = {
  '/api/v1/articles/{id}/corrections': {
    post: {
      operationId: 'correctArticle',
      summary:
        "Correct an article's text or structure (headline, kicker, byline, place, date, pages; split; merge with the next): recorded as a new version",
      parameters: [idParam()],
      requestBody: jsonBody('CorrectionInput', {
        text: 'The corrected text …',
        contributor: 'Ann',
        comment: 'a misread word',
        baseVersion: 1,
      }),
      responses: {
        '201': json('CorrectionResult', 'Recorded and in force'),
        '202': json(
          'CorrectionResult',
          'Recorded and held for review (it empties the article or replaces most of it)',
        ),
        ...errors(400, 403, 404, 409, 413, 429),
      },
    },
  },
  '/api/v1/articles/{id}/history': {
    get: {
      operationId: 'articleHistory',
      summary: "An article's versions, newest first (who, when, what changed)",
      parameters: [idParam()],
      responses: { '200': json('History', 'The versions'), ...errors(400, 404, ...limits) },
    },
  },
  '/api/v1/articles/{id}/versions/{n}': {
    get: {
      operationId: 'articleVersion',
      summary: 'One version of an article as it read',
      parameters: [idParam(), versionParam(1)],
      responses: { '200': json('Version', 'The version'), ...errors(400, 404, ...limits) },
    },
  },
  '/api/v1/admin/articles/{id}/versions/{n}/review': {
    post: {
      operationId: 'reviewVersion',
      summary: 'Accept (put in force) or reject a held version',
      ...adminOnly,
      parameters: [idParam(), versionParam(2)],
      requestBody: jsonBody('ReviewInput', { accept: true }),
      responses: { '200': json('CorrectionResult', 'Reviewed'), ...errors(400, 401, 404, 409) },
    },
  },
  '/api/v1/admin/articles/{id}/versions/{n}/revert': {
    post: {
      operationId: 'revertVersion',
      summary: 'Undo a version: the article goes back to the version before it (recorded as a new version)',
      ...adminOnly,
      parameters: [idParam(), versionParam(2)],
      responses: { '201': json('CorrectionResult', 'Reverted'), ...errors(400, 401, 404, 409) },
    },
  },
  '/api/v1/admin/articles/{id}/lock': {
    put: {
      operationId: 'lockArticle',
      summary: 'Lock an article against corrections',
      ...adminOnly,
      parameters: [idParam()],
      responses: { ...noContent('Locked'), ...errors(400, 401, 404) },
    },
    delete: {
      operationId: 'unlockArticle',
      summary: 'Unlock an article',
      ...adminOnly,
      parameters: [idParam()],
      responses: { ...noContent('Unlocked'), ...errors(400, 401, 404) },
    },
  },
  '/api/v1/admin/bans/{key}': {
    put: {
      operationId: 'banContributor',
      summary: "Refuse a contributor key's corrections (the key is a version's contributorKey)",
      ...adminOnly,
      parameters: [
        {
          name: 'key',
          in: 'path',
          required: true,
          description: 'A contributor key: k- and 20 hex digits',
          example: 'k-0123456789abcdef0123',
          schema: { type: 'string', pattern: '^k-[0-9a-f]{20}$' },
        },
      ],
      responses: { ...noContent('Banned'), ...errors(400, 401) },
    },
    delete: {
      operationId: 'unbanContributor',
      summary: 'Accept corrections from a contributor key again',
      ...adminOnly,
      parameters: [
        {
          name: 'key',
          in: 'path',
          required: true,
          example: 'k-0123456789abcdef0123',
          schema: { type: 'string', pattern: '^k-[0-9a-f]{20}$' },
        },
      ],
      responses: { ...noContent('Unbanned'), ...errors(400, 401) },
    },
  },
  '/api/v1/admin/held': {
    get: {
      operationId: 'listHeld',
      summary: 'Versions held for review, oldest first',
      ...adminOnly,
      parameters: [
        {
          name: 'limit',
          in: 'query',
          required: false,
          example: 50,
          schema: { type: 'integer', minimum: 1, maximum: 500 },
        },
      ],
      responses: { '200': json('Held', 'The held versions'), ...errors(401) },
    },
  },
};

/** The schemas the corrections routes name. */
export function correctionSchemas() {
  return {
    CorrectionInput: jsonSchema(correctionInputSchema),
    CorrectionResult: jsonSchema(correctionResponseSchema),
    History: jsonSchema(historyResponseSchema),
    Version: jsonSchema(versionSchema),
    Held: jsonSchema(heldResponseSchema),
    ReviewInput: jsonSchema(reviewInputSchema),
  };
}
