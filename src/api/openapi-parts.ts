/** Pieces the OpenAPI document (openapi.ts) is built from: JSON Schemas from zod, parameters, responses, errors. */
import { z } from 'zod';

export type Json = Record<string, unknown>;

export function jsonSchema(schema: z.ZodType): Json {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Json;
  delete s.$schema;
  return s;
}

/**
 * The query parameters of a schema. `examples` replaces the schema's own examples for this operation (a name
 * given as undefined has none), so the examples of one operation make one request that finds something.
 */
export function queryParameters(
  schema: z.ZodObject,
  examples: Record<string, string | undefined> = {},
): Json[] {
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

export function pathParameter(name: string, schema: z.ZodType): Json {
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

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const json = (name: string, description: string) => ({
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
/** The headers an error answer carries besides its body: every 429 says how long to wait. */
const errorHeaders: Record<number, Json> = {
  429: {
    'Retry-After': {
      description: 'Seconds to wait before sending the request again',
      schema: { type: 'integer', minimum: 1 },
    },
  },
};
export const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      { ...json('Error', errorMeaning[c]!), ...(errorHeaders[c] ? { headers: errorHeaders[c] } : {}) },
    ]),
  );
/** The errors any read can give besides its own: the rate limit and the time limit. */
export const limits = [429, 503];
