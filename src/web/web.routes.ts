/** Server-rendered pages: home, search, article, date, year, about, and the PDF of a date. */
import { type Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import { addDays, isoDate, longDate, mediumDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { idFromSlug } from '../core/ids.js';
import { byteRange } from '../http/byte-range.js';
import { CACHE_CONTROL_DATED_FILE, CACHE_CONTROL_IMMUTABLE, notModified } from '../http/conditional.js';
import { originOf } from '../http/public-url.js';
import { clientAddress } from '../http/rate-limit.js';
import { abandoned } from '../http/request-limits.js';
import { correctionsScript, logoAsset, script, stylesheet } from './assets.js';
import { citeRoutes } from './cite.routes.js';
import { CACHE_CONTROL_CORRECTABLE, correctionRoutes, currentVersion } from './corrections.routes.js';
import { findRoutes, nearestBulletins } from './find.routes.js';
import type { PageRenderer } from './page-images.js';
import { articleUrl } from './urls.js';
import { aboutView } from './views/about.view.js';
import { articleView } from './views/article.view.js';
import { dateView, yearView } from './views/date.view.js';
import { helpView } from './views/help.view.js';
import { homeView, type OnThisDay } from './views/home.view.js';
import { type PageArticle, pageView } from './views/page.view.js';
import { noSuchPageView, searchErrorView, searchView } from './views/search.view.js';

/** The widths page images are made in (IIIF level 0 style: fixed sizes, cached once made). */
export const PAGE_WIDTHS = [200, 800, 1600];

function dateParam(y: string, m: string, d: string): string {
  const iso = isoDate(Number(y), Number(m), Number(d));
  if (!iso) throw new ArchiveError('NOT_FOUND', `${y}-${m}-${d} is not a date. Use /YYYY/MM/DD.`);
  return iso;
}

export interface WebRouteOptions {
  /** The server's page-image render queue. */
  renderer: PageRenderer;
  /** Charges the rate limit for a page image that must be drawn; throws RATE_LIMITED. */
  chargeRender?: (c: Context) => Promise<void>;
  /** Whether the client's address is the last X-Forwarded-For entry (a proxy in front), as for the rate limit. */
  trustProxy?: boolean;
}

export function webRoutes(archive: Archive, o: WebRouteOptions): Hono {
  const web = new Hono();
  const { store, config: site } = archive;
  const search = archive.search;
  const titleName = async (editionId: number) => {
    const e = await store.getEditionById(editionId);
    return (e && (await store.getTitle(e.titleId))?.name) || site.titleName;
  };

  web.get(stylesheet.path, (c) => {
    c.header('Cache-Control', CACHE_CONTROL_IMMUTABLE);
    return c.body(stylesheet.body, 200, { 'Content-Type': 'text/css; charset=utf-8' });
  });

  for (const js of [script, correctionsScript]) {
    web.get(js.path, (c) => {
      c.header('Cache-Control', CACHE_CONTROL_IMMUTABLE);
      return c.body(js.body, 200, { 'Content-Type': 'text/javascript; charset=utf-8' });
    });
  }

  const logo = logoAsset(site.logo);
  if (logo) {
    web.get(logo.path, (c) =>
      c.body(new Uint8Array(logo.body), 200, {
        'Content-Type': logo.type,
        'Cache-Control': CACHE_CONTROL_IMMUTABLE,
      }),
    );
  }

  web.get('/', async (c) => {
    // ?today=MM-DD lets a reader (and the tests) see another day's page.
    const asked = /^\d{2}-\d{2}$/.test(c.req.query('today') ?? '') ? c.req.query('today')! : null;
    const today = asked ?? new Date().toISOString().slice(5, 10);
    let onThisDay: OnThisDay | null = null;
    const monthDay = (md: string) => mediumDate(`2000-${md}`).replace(', 2000', '');
    for (let k = 0; k < 14 && !onThisDay; k++) {
      const md = addDays(`2000-${today}`, k).slice(5, 10);
      const editions = await store.sameDay(md, 3);
      if (editions.length)
        onThisDay = { label: monthDay(md), today: monthDay(today), nearest: k > 0, editions };
    }
    return c.html(homeView(site, await store.stats(), await store.years(), onThisDay));
  });

  web.get('/about', (c) => c.html(aboutView(site)));

  // example: /help/search
  web.get('/help/search', (c) => c.html(helpView(site)));

  // example: /search?q=emigration&from=1970-01-01&to=1979-12-31&sort=date&page=2
  web.get('/search', async (c) => {
    const q = c.req.query();
    if (!q.q?.trim()) return c.redirect('/', 302);
    try {
      const r = await search.search({ q: q.q, from: q.from, to: q.to, sort: q.sort, page: q.page });
      // A page past the last is a 404 that links the last page (docs/adr/0007), not an empty "19,961–69 of 69".
      if (r.page > r.pages) return c.html(noSuchPageView(site, r), 404);
      return c.html(searchView(site, r));
    } catch (err) {
      if (err instanceof ArchiveError && err.status === 400) {
        return c.html(searchErrorView(site, q.q, err.message), 400);
      }
      throw err;
    }
  });

  // example: /archive/7-000-refugees-reach-brussels-aboard-ship-19440919-hz8y8y (or /archive/19440919-hz8y8y)
  web.get('/archive/:slug', async (c) => {
    const slug = c.req.param('slug');
    const id = idFromSlug(slug);
    const article = id ? await store.getArticle(id) : null;
    if (!article) {
      // An article merged into another (by a reader's correction) leads to that one.
      const moved = id ? await archive.corrections.movedTo(id) : null;
      const to = moved ? await store.getArticle(moved) : null;
      // 302: a merge can be undone, and the address then leads to the article again.
      if (to) return c.redirect(articleUrl(to.slug), 302);
      throw new ArchiveError('NOT_FOUND', `No article is at /archive/${slug}. Search for it instead.`);
    }
    // The query goes along (?q= marks the search, ?corrected= thanks a reader whose correction renamed it).
    if (article.slug !== slug)
      return c.redirect(`${articleUrl(article.slug)}${new URL(c.req.url).search}`, 301);
    const siblings = await store.listArticles(article.editionId);
    const i = siblings.findIndex((s) => s.id === article.id);
    const edition = await store.getEditionById(article.editionId);
    const history = await archive.corrections.history(article.id);
    // ?corrected=N: the reader's own correction, just saved (the form and the in-place editor come here).
    const asked = c.req.query('corrected') ?? '';
    const saved = /^[0-9]{1,9}$/.test(asked) ? history.find((v) => v.version === Number(asked)) : undefined;
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.html(
      articleView(site, {
        article,
        refs: await store.referencesFrom(article.id),
        referencedBy: await store.referencesTo(article.id),
        previous: siblings[i - 1] ?? null,
        next: siblings[i + 1] ?? null,
        related: await search.related(article, 5),
        origin: originOf(c),
        titleName: await titleName(article.editionId),
        pageCount: edition?.pageCount ?? article.lastPage,
        pages: await store.getPages(article.editionId),
        query: (c.req.query('q') ?? '').slice(0, 200),
        version: history.length > 1 ? currentVersion(history) : null,
        saved: saved ? { version: saved.version, held: saved.status === 'held' } : null,
        locked: await archive.corrections.isLocked(article.id),
      }),
    );
  });

  web.route('/', citeRoutes(archive));

  /** The articles standing on page `n`, with their regions there (none for an article stored without them). */
  const articlesOnPage = async (editionId: number, n: number): Promise<PageArticle[]> => {
    const on = (await store.listArticles(editionId)).filter((a) => a.firstPage <= n && n <= a.lastPage);
    const full = await Promise.all(on.map((a) => store.getArticle(a.id)));
    return on.map((a, i) => ({
      id: a.id,
      slug: a.slug,
      headline: a.headline,
      regions: (full[i]?.regions ?? []).filter((r) => r.page === n),
    }));
  };

  const nearest = nearestBulletins(archive);
  web.route('/', findRoutes(archive));
  // A correction's contributor: a keyed hash of the client's address, never the address (docs/security.md).
  const contributor = async (c: Context) => ({
    // A request made in-process (tests, no socket) has no address: "local", as the API calls it.
    key: await archive.corrections.keyFor(clientAddress(c, o.trustProxy ?? false) ?? 'local'),
  });
  web.route('/', correctionRoutes(archive, archive.corrections, { contributor }));

  // example: /1944/09/19 (a date with no bulletin answers 404 with the nearest bulletins before and after)
  web.get('/:y{[0-9]{4}}/:m{[0-9]{2}}/:d{[0-9]{2}}', async (c) => {
    const date = dateParam(c.req.param('y'), c.req.param('m'), c.req.param('d'));
    const edition = await store.getEdition(date);
    if (!edition)
      return c.html(
        await nearest(
          date,
          `No bulletin for ${longDate(date)}`,
          'The archive has no bulletin for this date.',
          date,
        ),
        404,
      );
    const title = await store.getTitle(edition.titleId);
    const { previous, next } = await store.neighbours(date);
    return c.html(
      dateView(site, {
        edition,
        titleName: title?.name ?? site.titleName,
        articles: await store.listArticles(edition.id),
        previous,
        next,
      }),
    );
  });

  // example: /1944/09/19/bulletin.pdf (Range requests answered 206; ETag is the PDF's sha256)
  web.get('/:y{[0-9]{4}}/:m{[0-9]{2}}/:d{[0-9]{2}}/bulletin.pdf', async (c) => {
    const date = dateParam(c.req.param('y'), c.req.param('m'), c.req.param('d'));
    const edition = await store.getEdition(date);
    const size = edition ? await archive.blobs.size(edition.pdfKey) : null;
    if (!edition || size === null)
      throw new ArchiveError('NOT_FOUND', `There is no bulletin PDF for ${date}.`);
    const etag = `"${edition.pdfKey}"`;
    const same = notModified(c, etag, CACHE_CONTROL_DATED_FILE);
    if (same) return same;
    const headers: Record<string, string> = {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `inline; filename="bulletin-${date}.pdf"`,
      'Cache-Control': CACHE_CONTROL_DATED_FILE,
      'Accept-Ranges': 'bytes',
      ETag: etag,
    };
    // If-Range: a range of the copy the client holds, or the whole file when it holds another.
    const ifRange = c.req.header('if-range');
    const range = ifRange && ifRange !== etag ? 'whole' : byteRange(c.req.header('range'), size);
    if (range === 'unsatisfiable')
      return c.body(null, 416, { ...headers, 'Content-Range': `bytes */${size}` });
    const { start, end } = range === 'whole' ? { start: 0, end: size - 1 } : range;
    headers['Content-Length'] = String(end - start + 1);
    if (range !== 'whole') headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    const status = range === 'whole' ? 200 : 206;
    // Streamed from the blob store as it is sent: a PDF is never read whole into memory.
    if (c.req.method === 'HEAD' || size === 0) return c.body(null, status, headers);
    return c.body(archive.blobs.stream(edition.pdfKey, start, end), status, headers);
  });

  // example: /1944/09/19/page-2?q=refugees (the page image with the words boxed)
  web.get('/:y{[0-9]{4}}/:m{[0-9]{2}}/:d{[0-9]{2}}/:file{page-[0-9]{1,4}}', async (c) => {
    const date = dateParam(c.req.param('y'), c.req.param('m'), c.req.param('d'));
    const n = Number(/\d+/.exec(c.req.param('file'))![0]);
    const edition = await store.getEdition(date);
    const p = edition ? (await store.getPages(edition.id)).find((x) => x.number === n) : undefined;
    if (!edition || !p)
      throw new ArchiveError('NOT_FOUND', `There is no page ${n} of a bulletin for ${date}.`);
    const query = (c.req.query('q') ?? '').slice(0, 200);
    const title = await store.getTitle(edition.titleId);
    const articles = await articlesOnPage(edition.id, n);
    const focus = c.req.query('article') ?? null;
    if (focus !== null && !articles.some((a) => a.id === focus))
      throw new ArchiveError('NOT_FOUND', `No article "${focus}" is on page ${n} of ${longDate(date)}.`);
    return c.html(
      pageView(site, {
        date,
        titleName: title?.name ?? site.titleName,
        page: p,
        pageCount: edition.pageCount,
        query,
        articles,
        focus,
      }),
    );
  });

  // example: /1944/09/19/page-2.png?w=200 (w: 200, 800 or 1600)
  web.get('/:y{[0-9]{4}}/:m{[0-9]{2}}/:d{[0-9]{2}}/:file{page-[0-9]{1,4}\\.png}', async (c) => {
    const date = dateParam(c.req.param('y'), c.req.param('m'), c.req.param('d'));
    const n = Number(/\d+/.exec(c.req.param('file'))![0]);
    const asked = c.req.query('w') ?? '200';
    const w = /^[0-9]{1,5}$/.test(asked) ? Number(asked) : Number.NaN;
    if (!PAGE_WIDTHS.includes(w)) {
      throw new ArchiveError(
        'BAD_REQUEST',
        `Page images come ${PAGE_WIDTHS.join(', ')} pixels wide; ask for one of those with ?w=.`,
      );
    }
    const edition = await store.getEdition(date);
    if (!edition || n < 1 || n > edition.pageCount)
      throw new ArchiveError('NOT_FOUND', `There is no page ${n} of a bulletin for ${date}.`);
    // The image is made from the PDF, so the PDF's key and the size name it: a 304 draws nothing.
    const etag = `"${edition.pdfKey}-p${n}-w${w}"`;
    const same = notModified(c, etag, CACHE_CONTROL_DATED_FILE);
    if (same) return same;
    const png = await o.renderer.image(edition, n, w, {
      signal: abandoned(c),
      beforeRender: () => o.chargeRender?.(c),
    });
    return c.body(new Uint8Array(png), 200, {
      'Content-Type': 'image/png',
      'Cache-Control': CACHE_CONTROL_DATED_FILE,
      ETag: etag,
    });
  });

  // example: /1974
  web.get('/:y{[0-9]{4}}', async (c) => {
    const year = Number(c.req.param('y'));
    const dates = await store.listDates(`${year}-01-01`, `${year}-12-31`);
    if (dates.length === 0) throw new ArchiveError('NOT_FOUND', `The archive has no bulletins from ${year}.`);
    const years = (await store.years()).map((y) => y.year);
    return c.html(yearView(site, year, dates, years));
  });

  return web;
}
