/** The OpenAPI 3.1 description of API v1, generated from the zod schemas the routes validate with. */
import { z } from 'zod';
import { API_EXAMPLE } from './api-examples.js';
import {
  articleIdSchema,
  articleResponseSchema,
  dateResponseSchema,
  datesParamsSchema,
  datesResponseSchema,
  errorSchema,
  exportLineSchema,
  exportParamsSchema,
  isoDateSchema,
  searchParamsSchema,
  searchResponseSchema,
} from './api-schemas.js';
import {
  correctionInputSchema,
  correctionResponseSchema,
  heldResponseSchema,
  historyResponseSchema,
  reviewInputSchema,
  versionSchema,
} from './correction-schemas.js';

type Json = Record<string, unknown>;

function jsonSchema(schema: z.ZodType): Json {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete s.$schema;
  return s;
}

/**
 * The query parameters of a schema. `examples` replaces the schema's own examples for this operation (a name
 * given as undefined has none), so the examples of one operation make one request that finds something.
 */
function queryParameters(schema: z.ZodObject, examples: Record<string, string | undefined> = {}): Json[] {
  const s = jsonSchema(schema);
  const props = (s.properties ?? {}) as Record<string, Json>;
  const required = new Set((s.required as string[] | undefined) ?? []);
  return Object.entries(props).map(([name, p]) => {
    const { description, examples: _examples, ...rest } = p;
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(description ? { description } : {}),
      ...(name in examples
        ? examples[name] === undefined
          ? {}
          : { example: examples[name] }
        : Array.isArray(p.examples) && p.examples.length
          ? { example: p.examples[0] }
          : {}),
      schema: rest,
    };
  });
}

function pathParameter(name: string, schema: z.ZodType): Json {
  const { description, examples, ...rest } = jsonSchema(schema);
  return {
    name,
    in: 'path',
    required: true,
    ...(description ? { description } : {}),
    ...(Array.isArray(examples) ? { example: examples[0] } : {}),
    schema: rest,
  };
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string, description: string) => ({
  description,
  content: { 'application/json': { schema: ref(name) } },
});
const errorMeaning: Record<number, string> = {
  400: 'A bad request: the message says what to fix',
  401: 'No valid admin token (send Authorization: Bearer TOKEN)',
  403: 'Refused: the article is locked, or corrections from this client are not accepted',
  404: 'Not found (for a search: a page past the last; the message names the last page)',
  409: 'The article changed since the version the correction started from (baseVersion): read it again',
  413: 'The request body is larger than the server accepts',
  429: "Too many requests from this client: wait the Retry-After header's seconds",
  503: 'The request ran past the time limit',
};
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((c) => [String(c), json('Error', errorMeaning[c]!)]));
/** The errors any read can give besides its own: the rate limit and the time limit. */
const limits = [429, 503];

const uploadReport = {
  type: 'object',
  required: ['file', 'status', 'date', 'articles', 'pages', 'url', 'error'],
  properties: {
    file: { type: 'string', description: 'The file name the upload was ingested as' },
    status: { type: 'string', enum: ['ingested', 'unchanged', 'failed'] },
    date: { type: ['string', 'null'], description: "The bulletin's date, YYYY-MM-DD" },
    articles: { type: 'integer' },
    pages: { type: 'integer' },
    url: { type: ['string', 'null'], description: "The date's page" },
    error: {
      oneOf: [
        { type: 'null' },
        {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' } },
        },
      ],
    },
  },
};

const uploadPath = {
  post: {
    operationId: 'uploadEdition',
    summary:
      'Upload one bulletin PDF and ingest it (needs an admin token; made with "dateline token create")',
    security: [{ adminToken: [] }],
    parameters: [
      {
        name: 'filename',
        in: 'query',
        required: false,
        description: 'The file name to ingest it as; a date in it is used when the masthead has none',
        example: API_EXAMPLE.uploadFile,
        schema: { type: 'string' },
      },
    ],
    requestBody: {
      required: true,
      content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } },
    },
    responses: {
      '201': { description: 'Ingested', content: { 'application/json': { schema: ref('UploadReport') } } },
      '200': {
        description: 'The same file was ingested before: nothing changed',
        content: { 'application/json': { schema: ref('UploadReport') } },
      },
      '422': {
        description: 'The file was refused and nothing stored; error says why',
        content: { 'application/json': { schema: ref('UploadReport') } },
      },
      ...errors(400, 401, 413),
    },
  },
};

const idParam = () => pathParameter('id', articleIdSchema);
const versionParam = {
  name: 'n',
  in: 'path',
  required: true,
  description: 'A version number (1 is the original reading)',
  example: 1,
  schema: { type: 'integer', minimum: 1 },
};
const jsonBody = (name: string, example: unknown) => ({
  required: true,
  content: { 'application/json': { schema: ref(name), example } },
});
const noContent = (what: string) => ({ '204': { description: what } });
const adminOnly = { security: [{ adminToken: [] }] };

/** The corrections routes (issue #19): a reader's correction, the history, and the admin's moderation. */
const correctionPaths = {
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
      parameters: [idParam(), versionParam],
      responses: { '200': json('Version', 'The version'), ...errors(400, 404, ...limits) },
    },
  },
  '/api/v1/admin/articles/{id}/versions/{n}/revert': {
    post: {
      operationId: 'revertVersion',
      summary: 'Undo a version: the article goes back to the version before it (recorded as a new version)',
      ...adminOnly,
      parameters: [idParam(), versionParam],
      responses: { '201': json('CorrectionResult', 'Reverted'), ...errors(400, 401, 404, 409) },
    },
  },
  '/api/v1/admin/articles/{id}/versions/{n}/review': {
    post: {
      operationId: 'reviewVersion',
      summary: 'Accept (put in force) or reject a held version',
      ...adminOnly,
      parameters: [idParam(), versionParam],
      requestBody: jsonBody('ReviewInput', { accept: true }),
      responses: { '200': json('CorrectionResult', 'Reviewed'), ...errors(400, 401, 404, 409) },
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
          example: '50',
          schema: { type: 'integer', minimum: 1, maximum: 500 },
        },
      ],
      responses: { '200': json('Held', 'The held versions'), ...errors(401) },
    },
  },
};

/** Builds the OpenAPI document; `server` is the origin the API is reached at. */
export function openApiDocument(server: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Dateline API',
      version: '1.0.0',
      description:
        'Search and read the articles of a daily-bulletin archive, list its dates, and export it whole; reading is open to all, writes need an admin token. Every error has the shape {"error":{"code","message"}}.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: server }],
    // Reading and correcting need no credentials; the admin's writes name their own scheme.
    security: [],
    paths: {
      '/api/v1/search': {
        get: {
          operationId: 'search',
          summary: 'Search the articles',
          parameters: queryParameters(searchParamsSchema, {
            q: API_EXAMPLE.query,
            from: API_EXAMPLE.from,
            to: API_EXAMPLE.to,
            day: undefined,
          }),
          responses: {
            '200': json('SearchResponse', 'A page of results with facets'),
            ...errors(400, 404, ...limits),
          },
        },
      },
      '/api/v1/articles/{id}': {
        get: {
          operationId: 'getArticle',
          summary: 'One article with its references',
          parameters: [pathParameter('id', articleIdSchema)],
          responses: {
            '200': json('Article', 'The article'),
            '301': {
              description: 'The article was merged into another (a correction): Location is that one',
            },
            ...errors(400, 404, ...limits),
          },
        },
      },
      '/api/v1/dates': {
        get: {
          operationId: 'listDates',
          summary: 'The dates that have bulletins, with article counts',
          parameters: queryParameters(datesParamsSchema, { from: API_EXAMPLE.from, to: API_EXAMPLE.to }),
          responses: { '200': json('DateList', 'Dates, oldest first'), ...errors(400, ...limits) },
        },
      },
      '/api/v1/dates/{date}': {
        get: {
          operationId: 'getDate',
          summary: "One date's bulletin: its PDF and its articles in order",
          parameters: [pathParameter('date', isoDateSchema)],
          responses: { '200': json('DateDetail', 'The bulletin'), ...errors(400, 404, ...limits) },
        },
      },
      '/api/v1/dates/{date}/pages/{page}/alto.xml': {
        get: {
          operationId: 'getPageAlto',
          summary: "One page's words and their boxes as ALTO 4 XML (inch1200 units), for a library",
          parameters: [
            pathParameter('date', isoDateSchema),
            {
              name: 'page',
              in: 'path',
              required: true,
              description: 'Page number, 1-based',
              example: API_EXAMPLE.page,
              schema: { type: 'integer', minimum: 1 },
            },
          ],
          responses: {
            '200': {
              description: 'An ALTO 4 document',
              content: { 'application/xml': { schema: { type: 'string' } } },
            },
            ...errors(400, 404),
          },
        },
      },
      '/api/v1/export.jsonl': {
        get: {
          operationId: 'exportArticles',
          summary: 'Every article as JSON Lines, streamed',
          parameters: queryParameters(exportParamsSchema, { from: API_EXAMPLE.date, to: API_EXAMPLE.date }),
          responses: {
            '200': {
              description: 'JSON Lines: one ExportLine object per line (the schema is that of each line)',
              content: { 'application/jsonl': { schema: ref('ExportLine') } },
            },
            ...errors(400, ...limits),
          },
        },
      },
      '/api/v1/admin/editions': uploadPath,
      ...correctionPaths,
    },
    components: {
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'An admin token from "dateline token create --label NAME"; only writes need one.',
        },
      },
      schemas: {
        Error: jsonSchema(errorSchema),
        SearchResponse: jsonSchema(searchResponseSchema),
        Article: jsonSchema(articleResponseSchema),
        DateList: jsonSchema(datesResponseSchema),
        DateDetail: jsonSchema(dateResponseSchema),
        ExportLine: jsonSchema(exportLineSchema),
        UploadReport: uploadReport,
        CorrectionInput: jsonSchema(correctionInputSchema),
        CorrectionResult: jsonSchema(correctionResponseSchema),
        History: jsonSchema(historyResponseSchema),
        Version: jsonSchema(versionSchema),
        Held: jsonSchema(heldResponseSchema),
        ReviewInput: jsonSchema(reviewInputSchema),
      },
    },
  };
}
