/** JSON API v1: search, articles, dates. Errors share one shape: {"error":{"code","message"}}. */
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { addDays, isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { originOf } from '../http/public-url.js';
import { validate, widenDate } from '../search/search-params.js';
import type { Variant } from '../search/variants.js';
import { snippetForApi } from '../web/snippet-html.js';
import { articleUrl, dateUrl, pdfUrl } from '../web/urls.js';
import { altoXml } from './alto-export.js';
import { articleIdSchema, datesParamsSchema, exportParamsSchema } from './api-schemas.js';
import { articleJson } from './article-json.js';
import { correctionRoutes } from './corrections.routes.js';
import { exportLines } from './export.js';

function checkDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!isIsoDate(value))
    throw new ArchiveError('BAD_REQUEST', `"${name}" must be a date as YYYY-MM-DD; got "${value}".`);
  return value;
}

/** A page past the last page of results: a 404 that names the last page (docs/adr/0007). */
export function noSuchPage(page: number, total: number, pages: number): ArchiveError {
  const found =
    total === 0
      ? 'The search found nothing, so page=1 is its only page'
      : `The search found ${total} ${total === 1 ? 'result' : 'results'} on ${pages} ${pages === 1 ? 'page' : 'pages'}; the last is page=${pages}`;
  return new ArchiveError('NOT_FOUND', `There is no page ${page} of this search. ${found}.`);
}

/** The API routes, mounted under /api/v1; `trustProxy` says where a correction's client address is read. */
export function apiRoutes(archive: Archive, opts: { trustProxy?: boolean } = {}): Hono {
  const api = new Hono();
  const search = archive.search;
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
      cursor: q.cursor,
      day: q.day,
      variants: q.variants,
    });
    // Past the last page by number is an error; a cursor past a result that has shrunk since is simply the end.
    if (!q.cursor && r.page > r.pages) throw noSuchPage(r.page, r.total, r.pages);
    const variant = (v: Variant) => ({ term: v.term, of: v.of, how: v.how, why: v.why });
    return c.json({
      query: r.query,
      total: r.total,
      totalEstimated: r.estimated,
      page: r.page,
      pageSize: r.pageSize,
      nextCursor: r.nextCursor,
      from: r.from,
      to: r.to,
      day: r.day,
      variants: { mode: r.variantMode, exact: r.exactTotal, terms: r.variants.map(variant) },
      facets: { decades: r.decades, years: r.years, places: r.places },
      results: r.hits.map((h) => ({
        id: h.id,
        url: articleUrl(h.slug),
        headline: h.headline,
        kicker: h.kicker,
        date: h.date,
        page: h.page,
        snippet: snippetForApi(h.snippet),
        score: h.score,
        variants: h.variants.map(variant),
      })),
    });
  });

  // example: /api/v1/articles/19440919-hz8y8y
  api.get('/articles/:id', async (c) => {
    const id = validate(articleIdSchema, c.req.param('id'));
    const a = await store.getArticle(id);
    // An article merged into another (a reader's correction) leads to that one.
    const moved = a ? null : await archive.corrections.movedTo(id);
    if (moved) return c.redirect(`/api/v1/articles/${moved}`, 301);
    if (!a)
      throw new ArchiveError(
        'NOT_FOUND',
        `No article has the id "${id}". Search for it at /api/v1/search?q=…`,
      );
    const refs = await store.referencesFrom(a.id);
    const by = await store.referencesTo(a.id);
    return c.json({
      ...articleJson(a),
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

  // example: /api/v1/dates?from=1974-01-01&to=1974-12-31&limit=100
  api.get('/dates', async (c) => {
    const p = validate(datesParamsSchema, c.req.query());
    const limit = p.limit ?? 1000;
    let from = widenDate(p.from, false);
    const to = widenDate(p.to, true);
    if (p.cursor) {
      const after = Buffer.from(p.cursor, 'base64url').toString('utf8');
      if (!isIsoDate(after))
        throw new ArchiveError(
          'BAD_REQUEST',
          '"cursor" is not a cursor this archive issued; start again without it.',
        );
      from = addDays(after, 1);
    }
    const rows = await store.listDates(from, to, limit + 1);
    const page = rows.slice(0, limit);
    const next = rows.length > limit ? Buffer.from(page[page.length - 1]!.date).toString('base64url') : null;
    return c.json({
      dates: page.map((d) => ({ ...d, url: dateUrl(d.date), pdfUrl: pdfUrl(d.date) })),
      nextCursor: next,
    });
  });

  // example: /api/v1/dates/1944-09-19
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
      language: e.language,
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

  // example: /api/v1/dates/1944-09-19/pages/1/alto.xml (the page's words and boxes as ALTO 4)
  api.get('/dates/:date/pages/:file{[0-9]{1,4}}/alto.xml', async (c) => {
    const date = checkDate(c.req.param('date'), 'date')!;
    const n = Number(c.req.param('file'));
    const e = await store.getEdition(date);
    const page = e ? (await store.getPages(e.id)).find((p) => p.number === n) : undefined;
    if (!e || !page)
      throw new ArchiveError(
        'NOT_FOUND',
        `There is no page ${n} of a bulletin for ${date}. /api/v1/dates/${date} gives its page count.`,
      );
    const origin = originOf(c);
    return c.body(altoXml(page, `${origin}${pdfUrl(date)}#page=${n}`), 200, {
      'Content-Type': 'application/xml; charset=utf-8',
    });
  });

  // example: /api/v1/export.jsonl?from=1970&to=1979 (streamed; constant memory)
  api.get('/export.jsonl', (c) => {
    const p = validate(exportParamsSchema, c.req.query());
    const origin = originOf(c);
    const lines = exportLines(store, {
      fromDate: widenDate(p.from, false),
      toDate: widenDate(p.to, true),
      origin,
      ...(p.history === 'true' ? { history: (id: string) => archive.corrections.history(id) } : {}),
    });
    const encoder = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await lines.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await lines.return(undefined);
      },
    });
    return c.body(stream, 200, {
      'Content-Type': 'application/jsonl; charset=utf-8',
      'Content-Disposition': 'attachment; filename="articles.jsonl"',
    });
  });

  correctionRoutes(api, archive, { trustProxy: opts.trustProxy ?? false });
  return api;
}
