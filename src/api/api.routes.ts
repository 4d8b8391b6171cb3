/** JSON API v1: search, articles, dates. Errors share one shape: {"error":{"code","message"}}. */
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { SearchService, snippetForApi } from '../search/search.service.js';
import { articleUrl, dateUrl, pdfUrl } from '../web/urls.js';

function checkDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value))
    throw new ArchiveError('BAD_REQUEST', `"${name}" must be a date as YYYY-MM-DD; got "${value}".`);
  return value;
}

/** The API routes, mounted under /api/v1. */
export function apiRoutes(archive: Archive): Hono {
  const api = new Hono();
  const search = new SearchService(archive.index);
  const { store } = archive;

  // example: /api/v1/search?q=emigration&from=1970-01-01&sort=-date&page=2
  api.get('/search', async (c) => {
    const q = c.req.query();
    const r = await search.search({
      q: q.q ?? '',
      from: q.from,
      to: q.to,
      sort: q.sort,
      page: q.page,
      pageSize: q.pageSize,
    });
    return c.json({
      query: r.query,
      total: r.total,
      page: r.page,
      pageSize: r.pageSize,
      results: r.hits.map((h) => ({
        id: h.id,
        url: articleUrl(h.slug),
        headline: h.headline,
        kicker: h.kicker,
        date: h.date,
        page: h.page,
        snippet: snippetForApi(h.snippet),
        score: h.score,
      })),
    });
  });

  // example: /api/v1/articles/19741219-k3f9a2
  api.get('/articles/:id', async (c) => {
    const id = c.req.param('id');
    const a = await store.getArticle(id);
    if (!a)
      throw new ArchiveError(
        'NOT_FOUND',
        `No article has the id "${id}". Search for it at /api/v1/search?q=…`,
      );
    const refs = await store.referencesFrom(a.id);
    const by = await store.referencesTo(a.id);
    return c.json({
      id: a.id,
      url: articleUrl(a.slug),
      headline: a.headline,
      headlinePrinted: a.headlinePrinted,
      kicker: a.kicker,
      byline: a.byline,
      dateline: a.dateline,
      date: a.date,
      pages: [a.firstPage, a.lastPage],
      wordCount: a.wordCount,
      text: a.body,
      edition: { date: a.date, url: dateUrl(a.date), pdfUrl: pdfUrl(a.date) },
      references: refs.map((r) => ({
        text: r.text,
        page: r.page,
        targetId: r.targetId,
        targetUrl: r.other ? articleUrl(r.other.slug) : null,
      })),
      referencedBy: by.map((r) => ({
        sourceId: r.sourceId,
        url: r.other ? articleUrl(r.other.slug) : null,
        text: r.text,
      })),
    });
  });

  // example: /api/v1/dates?from=1974-01-01&to=1974-12-31
  api.get('/dates', async (c) => {
    const from = checkDate(c.req.query('from'), 'from');
    const to = checkDate(c.req.query('to'), 'to');
    const dates = await store.listDates(from, to);
    return c.json({ dates: dates.map((d) => ({ ...d, url: dateUrl(d.date), pdfUrl: pdfUrl(d.date) })) });
  });

  // example: /api/v1/dates/1974-12-19
  api.get('/dates/:date', async (c) => {
    const date = checkDate(c.req.param('date'), 'date')!;
    const e = await store.getEdition(date);
    if (!e)
      throw new ArchiveError(
        'NOT_FOUND',
        `There is no bulletin for ${date}. List the dates with /api/v1/dates.`,
      );
    const articles = await store.listArticles(e.id);
    return c.json({
      date: e.date,
      url: dateUrl(e.date),
      pdfUrl: pdfUrl(e.date),
      volume: e.volume,
      number: e.number,
      pages: e.pageCount,
      articles: articles.map((a) => ({
        id: a.id,
        url: articleUrl(a.slug),
        headline: a.headline,
        kicker: a.kicker,
        page: a.firstPage,
      })),
    });
  });

  return api;
}
