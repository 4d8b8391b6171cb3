/** Routes for harvesters and feed readers: OAI-PMH, Atom feeds, sitemaps, OpenSearch. */
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { oaiResponse } from './oai-pmh.js';

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };

export function harvestRoutes(archive: Archive): Hono {
  const r = new Hono();
  const ctx = (url: string) => {
    const origin = new URL(url).origin;
    return {
      store: archive.store,
      baseUrl: `${origin}/oai`,
      origin,
      repositoryName: archive.config.name,
      titleName: archive.config.titleName,
      adminEmail: archive.config.adminEmail,
    };
  };

  // example: /oai?verb=ListRecords&metadataPrefix=oai_dc&from=2026-01-01
  r.get('/oai', async (c) =>
    c.body(await oaiResponse(ctx(c.req.url), c.req.queries() as Record<string, string[]>), 200, XML),
  );
  r.post('/oai', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const args: Record<string, string[]> = {};
    for (const [k, v] of form) args[k] = [...(args[k] ?? []), v];
    return c.body(await oaiResponse(ctx(c.req.url), args), 200, XML);
  });

  return r;
}
