/** IIIF routes: the Collection of all bulletins, manifests, level-0 page images, Content Search within a bulletin. */
import { type Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import type { Edition, Page } from '../core/types.js';
import { CACHE_CONTROL_DATED_FILE, notModified } from '../http/conditional.js';
import { originOf, publicHref } from '../http/public-url.js';
import { abandoned } from '../http/request-limits.js';
import type { PageRenderer } from '../web/page-images.js';
import { archiveCollection, yearCollection } from './collection.js';
import {
  canvasHeight,
  contentSearch,
  IIIF_WIDTHS,
  type ImageFormat,
  imageInfo,
  imageServiceId,
  manifest,
} from './iiif.js';
import { JpegCache } from './jpeg.js';
import { cutRegion, parseRegionRequest, sourceWidth } from './region.js';

const JSONLD = (profile: string) => ({
  'Content-Type': `application/ld+json;profile="${profile}"`,
  'Access-Control-Allow-Origin': '*',
});

/** The IIIF routes; page images are drawn through the server's render queue (their path is rate limited already). */
export function iiifRoutes(archive: Archive, renderer: PageRenderer): Hono {
  const r = new Hono();
  const { store } = archive;
  const jpegs = new JpegCache();

  async function edition(date: string) {
    if (!isIsoDate(date))
      throw new ArchiveError('BAD_REQUEST', `"${date}" is not a date; IIIF addresses use YYYY-MM-DD.`);
    const e = await store.getEdition(date);
    if (!e) throw new ArchiveError('NOT_FOUND', `There is no bulletin for ${date}.`);
    return e;
  }

  async function page(date: string, n: string): Promise<{ e: Awaited<ReturnType<typeof edition>>; p: Page }> {
    const e = await edition(date);
    const p = (await store.getPages(e.id)).find((x) => String(x.number) === n);
    if (!p) throw new ArchiveError('NOT_FOUND', `The bulletin of ${date} has no page ${n}.`);
    return { e, p };
  }

  // example: /iiif/collection.json (a Collection per year, each of that year's manifests)
  r.get('/iiif/collection.json', async (c) => {
    const body = archiveCollection(
      originOf(c),
      archive.config.name,
      archive.config.titleName,
      await store.years(),
    );
    return c.body(JSON.stringify(body), 200, JSONLD('http://iiif.io/api/presentation/3/context.json'));
  });

  // example: /iiif/collection/1974.json
  r.get('/iiif/collection/:file{[0-9]{4}\\.json}', async (c) => {
    const year = Number(c.req.param('file').slice(0, 4));
    const editions = await store.listDates(`${year}-01-01`, `${year}-12-31`);
    if (editions.length === 0)
      throw new ArchiveError('NOT_FOUND', `There are no bulletins of ${year}; see /iiif/collection.json.`);
    const body = yearCollection(originOf(c), archive.config.name, archive.config.titleName, year, editions);
    return c.body(JSON.stringify(body), 200, JSONLD('http://iiif.io/api/presentation/3/context.json'));
  });

  // example: /iiif/1974-12-19/manifest.json
  r.get('/iiif/:date/manifest.json', async (c) => {
    const e = await edition(c.req.param('date'));
    const title = await store.getTitle(e.titleId);
    const body = manifest(
      originOf(c),
      archive.config.name,
      title?.name ?? archive.config.titleName,
      e,
      await store.getPages(e.id),
      await store.listArticles(e.id),
    );
    return c.body(JSON.stringify(body), 200, JSONLD('http://iiif.io/api/presentation/3/context.json'));
  });

  // example: /iiif/1974-12-19/search?q=refugees
  r.get('/iiif/:date/search', async (c) => {
    const e = await edition(c.req.param('date'));
    const q = c.req.query('q')?.trim();
    if (!q)
      throw new ArchiveError('BAD_REQUEST', 'Content Search needs "q", the words to find in this bulletin.');
    // The articles' current text too: a word a reader corrected is found where its article stands.
    const articles = await Promise.all((await store.listArticles(e.id)).map((s) => store.getArticle(s.id)));
    const body = contentSearch(
      originOf(c),
      e.date,
      await store.getPages(e.id),
      q,
      publicHref(c),
      articles.filter((a) => a !== null),
    );
    return c.body(JSON.stringify(body), 200, JSONLD('http://iiif.io/api/search/2/context.json'));
  });

  // example: /iiif/image/1974-12-19/1/info.json
  r.get('/iiif/image/:date/:page{[0-9]{1,4}}/info.json', async (c) => {
    const { e, p } = await page(c.req.param('date'), c.req.param('page'));
    return c.body(
      JSON.stringify(imageInfo(originOf(c), e.date, p)),
      200,
      JSONLD('http://iiif.io/api/image/3/context.json'),
    );
  });

  // example: /iiif/image/1974-12-19/1 (the base URI: 303 to its info.json, Image API 3 §2.2)
  r.get('/iiif/image/:date/:page{[0-9]{1,4}}', async (c) => {
    const { e, p } = await page(c.req.param('date'), c.req.param('page'));
    c.header('Access-Control-Allow-Origin', '*');
    return c.redirect(`${imageServiceId(originOf(c), e.date, p.number)}/info.json`, 303);
  });

  // example: /iiif/image/1974-12-19/1/full/800,/0/default.jpg (level 0: only the sizes info.json lists; jpg or png)
  r.get('/iiif/image/:date/:page{[0-9]{1,4}}/full/:size/0/:file{default\\.(?:jpg|png)}', async (c) => {
    const { e, p } = await page(c.req.param('date'), c.req.param('page'));
    const format = c.req.param('file').slice('default.'.length) as ImageFormat;
    const size = c.req.param('size');
    const sizes = IIIF_WIDTHS.map((w) => [w, `${w},`, `${w},${canvasHeight(p, w)}`] as const);
    const width =
      size === 'max' ? Math.max(...IIIF_WIDTHS) : sizes.find(([, a, b]) => size === a || size === b)?.[0];
    // Any other width is cut from a kept size (sizeByW, region.ts).
    if (!width) return regionImage(c, e, p, 'full', size, format);
    const etag = `"${e.pdfKey}-p${p.number}-w${width}${format === 'png' ? '' : `-${format}`}"`;
    const same = notModified(c, etag, CACHE_CONTROL_DATED_FILE);
    if (same) {
      same.headers.set('Access-Control-Allow-Origin', '*');
      return same;
    }
    const png = () => renderer.image(e, p.number, width, { signal: abandoned(c) });
    const bytes = format === 'png' ? await png() : await jpegs.get(etag, png);
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': format === 'png' ? 'image/png' : 'image/jpeg',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': CACHE_CONTROL_DATED_FILE,
      ETag: etag,
    });
  });

  // example: /iiif/image/1974-12-19/1/120,340,600,420/max/0/default.png (regionByPx: x,y,w,h in canvas pixels)
  r.get('/iiif/image/:date/:page{[0-9]{1,4}}/:region/:size/0/:file{default\\.(?:jpg|png)}', async (c) => {
    const { e, p } = await page(c.req.param('date'), c.req.param('page'));
    const format = c.req.param('file').slice('default.'.length) as ImageFormat;
    return regionImage(c, e, p, c.req.param('region'), c.req.param('size'), format);
  });

  /** A region and size of the page, cut from the narrowest kept image that is sharp enough. */
  async function regionImage(
    c: Context,
    e: Edition,
    p: Page,
    region: string,
    size: string,
    format: ImageFormat,
  ) {
    const req = parseRegionRequest(region, size, p);
    const { x, y, w, h } = req.region;
    const etag = `"${e.pdfKey}-p${p.number}-${x},${y},${w},${h}-w${req.width}-${format}"`;
    const same = notModified(c, etag, CACHE_CONTROL_DATED_FILE);
    if (same) {
      same.headers.set('Access-Control-Allow-Origin', '*');
      return same;
    }
    const from = sourceWidth(req);
    // Kept in memory with the JPEGs: an article page's cuts are asked for by every reader of it.
    const bytes = await jpegs.made(etag, async () =>
      cutRegion(await renderer.image(e, p.number, from, { signal: abandoned(c) }), from, req, format),
    );
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': format === 'png' ? 'image/png' : 'image/jpeg',
      'Access-Control-Allow-Origin': '*',
      'Cache-Control': CACHE_CONTROL_DATED_FILE,
      ETag: etag,
    });
  }

  return r;
}
