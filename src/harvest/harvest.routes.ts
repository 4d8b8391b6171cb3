/** Routes for harvesters, crawlers and feed readers: OAI-PMH, Atom feeds, robots.txt and sitemaps, OpenSearch. */
import { type Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import { type Citable, citableArticle, citationFile } from '../cite/citation.js';
import { ArchiveError } from '../core/errors.js';
import { originOf } from '../http/public-url.js';
import { intParam, validate } from '../search/search-params.js';
import { articleUrl, dateUrl } from '../web/urls.js';
import {
  editionsFeed,
  openSearchDescription,
  SITEMAP_CHUNK,
  searchFeed,
  sitemapIndex,
  urlSet,
} from './feeds.js';
import { oaiResponse } from './oai-pmh.js';

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };
/** The most results one citation export holds. */
const CITE_LIMIT = 1000;
const ATOM = { 'Content-Type': 'application/atom+xml; charset=utf-8' };
/** Entries in one page of a search feed. */
const FEED_PAGE_SIZE = 50;

export function harvestRoutes(archive: Archive): Hono {
  const r = new Hono();
  const ctx = (c: Context) => {
    const origin = originOf(c);
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
    c.body(await oaiResponse(ctx(c), c.req.queries() as Record<string, string[]>), 200, XML),
  );
  r.post('/oai', async (c) => {
    const form = new URLSearchParams(await c.req.text());
    const args: Record<string, string[]> = {};
    for (const [k, v] of form) args[k] = [...(args[k] ?? []), v];
    return c.body(await oaiResponse(ctx(c), args), 200, XML);
  });

  const search = archive.search;
  const site = archive.config;

  // example: /search.atom?q=emigration (the newest 50 matches; &page=2 the next 50)
  r.get('/search.atom', async (c) => {
    const q = c.req.query();
    const page = validate(intParam('page', 1, 1_000_000).optional(), q.page) ?? 1;
    const p = await search.search({
      q: q.q ?? '',
      from: q.from,
      to: q.to,
      sort: '-date',
      page,
      pageSize: FEED_PAGE_SIZE,
    });
    if (page > Math.max(1, p.pages))
      throw new ArchiveError('NOT_FOUND', `This feed has ${p.pages} pages; there is no page ${page}.`);
    const params = new URLSearchParams(Object.entries(q).filter(([k]) => ['q', 'from', 'to'].includes(k)));
    const feedPath = (n: number) => `/search.atom?${params}${n > 1 ? `&page=${n}` : ''}`;
    // The HTML results (20 a page) are linked whole: their pages are not the feed's.
    return c.body(searchFeed(originOf(c), site.name, p, feedPath, `/search?${params}&sort=-date`), 200, ATOM);
  });

  // example: /search.bib?q=emigration (also .ris, .json for CSL-JSON): citations of up to 1,000 results
  r.get('/:file{search\\.(?:bib|ris|json)}', async (c) => {
    const ext = c.req.param('file').split('.')[1]!;
    const q = c.req.query();
    const o = originOf(c);
    const cites: Citable[] = [];
    for (let page = 1; page <= CITE_LIMIT / 100; page++) {
      const p = await search.search({
        q: q.q ?? '',
        from: q.from,
        to: q.to,
        sort: q.sort,
        page,
        pageSize: 100,
      });
      for (const h of p.hits) {
        const a = await archive.store.getArticle(h.id);
        if (a)
          cites.push(
            citableArticle(a, {
              url: `${o}${articleUrl(a.id)}`,
              container: site.titleName,
              archive: site.name,
            }),
          );
      }
      if (page >= p.pages) break;
    }
    const { type, body } = citationFile(ext as 'bib' | 'ris' | 'json', cites);
    return c.body(body, 200, {
      'Content-Type': `${type}; charset=utf-8`,
      'Content-Disposition': `attachment; filename="search.${ext}"`,
    });
  });

  // example: /feeds/editions.atom
  r.get('/feeds/editions.atom', async (c) =>
    c.body(editionsFeed(originOf(c), site.name, await archive.store.recentEditions(50)), 200, ATOM),
  );

  // example: /robots.txt (crawlers find the pages through the sitemap; searches and citation files are endless)
  r.get('/robots.txt', (c) =>
    c.text(
      `User-agent: *\nDisallow: /search\nDisallow: /cite/\nDisallow: /api/v1/admin/\n\nSitemap: ${originOf(c)}/sitemap.xml\n`,
    ),
  );

  // example: /sitemap.xml
  r.get('/sitemap.xml', async (c) =>
    c.body(sitemapIndex(originOf(c), (await archive.store.stats()).articles), 200, XML),
  );

  // example: /sitemaps/dates.xml
  r.get('/sitemaps/dates.xml', async (c) => {
    const o = originOf(c);
    const dates = await archive.store.listDates();
    const years = [...new Set(dates.map((d) => d.date.slice(0, 4)))];
    const urls = [
      { loc: `${o}/` },
      { loc: `${o}/about` },
      ...years.map((y) => ({ loc: `${o}/${y}` })),
      ...dates.map((d) => ({ loc: `${o}${dateUrl(d.date)}` })),
    ];
    return c.body(urlSet(urls), 200, XML);
  });

  // example: /sitemaps/articles-1.xml
  r.get('/sitemaps/:file{articles-[0-9]{1,6}\\.xml}', async (c) => {
    const n = Number(/\d+/.exec(c.req.param('file'))![0]);
    const rows = n >= 1 ? await archive.store.articleSlugs((n - 1) * SITEMAP_CHUNK, SITEMAP_CHUNK) : [];
    if (rows.length === 0 && n !== 1)
      throw new ArchiveError('NOT_FOUND', `There is no sitemap chunk ${n}; see /sitemap.xml.`);
    const o = originOf(c);
    return c.body(
      urlSet(rows.map((r) => ({ loc: `${o}${articleUrl(r.slug)}`, lastmod: r.datestamp.slice(0, 10) }))),
      200,
      XML,
    );
  });

  // example: /opensearch.xml
  r.get('/opensearch.xml', (c) =>
    c.body(openSearchDescription(originOf(c), site.name, site.tagline), 200, {
      'Content-Type': 'application/opensearchdescription+xml; charset=utf-8',
    }),
  );

  return r;
}
