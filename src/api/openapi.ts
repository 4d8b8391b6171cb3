/** The OpenAPI 3.1 description of API v1, generated from the zod schemas the routes validate with. */
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
import { correctionPaths, correctionSchemas } from './openapi-corrections.js';
import {
  errors,
  type Json,
  json,
  jsonSchema,
  limits,
  pathParameter,
  queryParameters,
  ref,
} from './openapi-parts.js';

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
        ...correctionSchemas(),
      },
    },
  };
}
