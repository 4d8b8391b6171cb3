/**
 * IIIF for each bulletin: a Presentation 3 manifest (a canvas per page, article ranges, the text as
 * supplementing annotations), an Image API 3 level-0 service per page (with regions, region.ts), and Content
 * Search 2 within it.
 * The Collection of all bulletins is in collection.ts.
 */
import { longDate } from '../core/dates.js';
import type { Article, Edition, Page, WordBox } from '../core/types.js';
import type { ArticleSummary } from '../store/ports.js';
import { tokens } from '../text/normalize.js';
import { articleUrl, dateUrl, pdfUrl } from '../web/urls.js';

/** Page images are offered at these widths; the largest is the canvas's own size. */
export const IIIF_WIDTHS = [200, 800, 1600];
export const CANVAS_WIDTH = 1600;

export const iiifBase = (origin: string, date: string) => `${origin}/iiif/${date}`;
export const canvasId = (origin: string, date: string, n: number) => `${iiifBase(origin, date)}/canvas/${n}`;
export const imageServiceId = (origin: string, date: string, n: number) =>
  `${origin}/iiif/image/${date}/${n}`;
/** The Collection of every bulletin, and one year's (collection.ts). */
export const collectionId = (origin: string) => `${origin}/iiif/collection.json`;
export const yearCollectionId = (origin: string, year: number | string) =>
  `${origin}/iiif/collection/${year}.json`;
/** A whole page through the image service, at one of IIIF_WIDTHS (e.g. for og:image). */
export const pageImageUrl = (origin: string, date: string, n: number, width: number, format: ImageFormat) =>
  `${imageServiceId(origin, date, n)}/full/${width},/0/default.${format}`;

/**
 * Formats the image service serves: jpg because level 0 requires it (Image API 3 §6: a viewer that knows
 * nothing else asks for default.jpg), png as an extra format and the preferred one (type on a scan stays sharp).
 */
export const IMAGE_FORMATS = ['jpg', 'png'] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

/** Canvas height for a page, keeping its proportions at CANVAS_WIDTH. */
export function canvasHeight(p: { width: number; height: number }, width = CANVAS_WIDTH): number {
  return Math.round((p.height / p.width) * width);
}

/** A word box (PDF points) in canvas pixels. */
export function toCanvas(p: { width: number }, w: WordBox): [number, number, number, number] {
  const s = CANVAS_WIDTH / p.width;
  return [
    Math.round(w.x * s),
    Math.round(w.y * s),
    Math.max(1, Math.round(w.w * s)),
    Math.max(1, Math.round(w.h * s)),
  ];
}

export function imageInfo(origin: string, date: string, page: Page) {
  return {
    '@context': 'http://iiif.io/api/image/3/context.json',
    id: imageServiceId(origin, date, page.number),
    type: 'ImageService3',
    protocol: 'http://iiif.io/api/image',
    profile: 'level0',
    width: CANVAS_WIDTH,
    height: canvasHeight(page),
    sizes: IIIF_WIDTHS.map((w) => ({ width: w, height: canvasHeight(page, w) })),
    extraFormats: ['png'],
    preferredFormats: ['png'],
    // Beyond level 0: a rectangle in canvas pixels, drawn at any width or height up to its own (region.ts).
    extraFeatures: ['regionByPx', 'sizeByW', 'sizeByH'],
  };
}

export function manifest(
  origin: string,
  siteName: string,
  titleName: string,
  edition: Edition,
  pages: Page[],
  articles: ArticleSummary[],
) {
  const base = iiifBase(origin, edition.date);
  const label = `${titleName}, ${longDate(edition.date)}`;
  return {
    '@context': 'http://iiif.io/api/presentation/3/context.json',
    id: `${base}/manifest.json`,
    type: 'Manifest',
    label: { en: [label] },
    summary: { en: [`${articles.length} articles on ${pages.length} pages`] },
    navDate: `${edition.date}T00:00:00Z`,
    partOf: [{ id: yearCollectionId(origin, edition.date.slice(0, 4)), type: 'Collection' }],
    metadata: [
      { label: { en: ['Date'] }, value: { none: [edition.date] } },
      ...(edition.volume ? [{ label: { en: ['Volume'] }, value: { none: [edition.volume] } }] : []),
      ...(edition.number ? [{ label: { en: ['Number'] }, value: { none: [edition.number] } }] : []),
    ],
    requiredStatement: { label: { en: ['Provided by'] }, value: { en: [siteName] } },
    homepage: [
      { id: `${origin}${dateUrl(edition.date)}`, type: 'Text', label: { en: [label] }, format: 'text/html' },
    ],
    rendering: [
      {
        id: `${origin}${pdfUrl(edition.date)}`,
        type: 'Text',
        label: { en: ['PDF of this bulletin'] },
        format: 'application/pdf',
      },
    ],
    service: [{ id: `${base}/search`, type: 'SearchService2' }],
    items: pages.map((p) => {
      const canvas = canvasId(origin, edition.date, p.number);
      const height = canvasHeight(p);
      return {
        id: canvas,
        type: 'Canvas',
        label: { none: [`p. ${p.number}`] },
        width: CANVAS_WIDTH,
        height,
        items: [
          {
            id: `${canvas}/painting`,
            type: 'AnnotationPage',
            items: [
              {
                id: `${canvas}/painting/image`,
                type: 'Annotation',
                motivation: 'painting',
                body: {
                  id: `${imageServiceId(origin, edition.date, p.number)}/full/max/0/default.png`,
                  type: 'Image',
                  format: 'image/png',
                  width: CANVAS_WIDTH,
                  height,
                  service: [
                    {
                      id: imageServiceId(origin, edition.date, p.number),
                      type: 'ImageService3',
                      profile: 'level0',
                    },
                  ],
                },
                target: canvas,
              },
            ],
          },
        ],
        annotations: [
          {
            id: `${canvas}/text`,
            type: 'AnnotationPage',
            items: [
              {
                id: `${canvas}/text/page`,
                type: 'Annotation',
                motivation: 'supplementing',
                body: { type: 'TextualBody', value: p.text, format: 'text/plain' },
                target: canvas,
              },
            ],
          },
        ],
      };
    }),
    structures: articles.map((a) => ({
      id: `${base}/range/${a.id}`,
      type: 'Range',
      label: { en: [a.headline] },
      homepage: [
        {
          id: `${origin}${articleUrl(a.slug)}`,
          type: 'Text',
          label: { en: [a.headline] },
          format: 'text/html',
        },
      ],
      items: Array.from({ length: a.lastPage - a.firstPage + 1 }, (_, i) => ({
        id: canvasId(origin, edition.date, a.firstPage + i),
        type: 'Canvas',
      })),
    })),
  };
}

/** IIIF Content Search 2 within one bulletin: one highlighting annotation per matching word, boxed on its canvas. */
export function contentSearch(
  origin: string,
  date: string,
  pages: Page[],
  query: string,
  searchUrl: string,
  articles: Article[] = [],
) {
  const wanted = new Set(tokens(query));
  const items: unknown[] = [];
  const onPage = new Map<number, Set<string>>();
  for (const p of pages) {
    onPage.set(p.number, new Set(p.words.flatMap((w) => tokens(w.text))));
    p.words.forEach((w, i) => {
      const hit = tokens(w.text).some((t) => wanted.has(t));
      if (!hit) return;
      const [x, y, width, height] = toCanvas(p, w);
      items.push({
        id: `${iiifBase(origin, date)}/search/hit/${p.number}-${i}`,
        type: 'Annotation',
        motivation: 'highlighting',
        body: { type: 'TextualBody', value: w.text, format: 'text/plain' },
        target: `${canvasId(origin, date, p.number)}#xywh=${x},${y},${width},${height}`,
      });
    });
  }
  items.push(...correctedHits(origin, date, pages, wanted, onPage, articles));
  return {
    '@context': 'http://iiif.io/api/search/2/context.json',
    id: searchUrl,
    type: 'AnnotationPage',
    items,
  };
}

/**
 * Words the current (reader-corrected) text of an article has and its pages' word boxes do not: they have
 * no box of their own on the scan, so they are found where the article stands (its regions, else its
 * first page whole), so Content Search serves the current version as the article page does.
 */
function correctedHits(
  origin: string,
  date: string,
  pages: Page[],
  wanted: Set<string>,
  onPage: Map<number, Set<string>>,
  articles: Article[],
): unknown[] {
  const items: unknown[] = [];
  for (const a of articles) {
    const printed = new Set<string>();
    for (let n = a.firstPage; n <= a.lastPage; n++) for (const t of onPage.get(n) ?? []) printed.add(t);
    const found = [...new Set(tokens(`${a.headline} ${a.body}`))].filter(
      (t) => wanted.has(t) && !printed.has(t),
    );
    if (found.length === 0) continue;
    const first = pages.find((p) => p.number === a.firstPage);
    const boxes =
      a.regions && a.regions.length > 0
        ? a.regions
        : first
          ? [{ page: first.number, x: 0, y: 0, w: first.width, h: first.height }]
          : [];
    boxes.forEach((r, i) => {
      const p = pages.find((x) => x.number === r.page);
      if (!p) return;
      const [x, y, width, height] = toCanvas(p, { text: '', x: r.x, y: r.y, w: r.w, h: r.h });
      items.push({
        id: `${iiifBase(origin, date)}/search/hit/${a.id}-${i}`,
        type: 'Annotation',
        motivation: 'highlighting',
        body: { type: 'TextualBody', value: found.join(' '), format: 'text/plain' },
        target: `${canvasId(origin, date, p.number)}#xywh=${x},${y},${width},${height}`,
      });
    });
  }
  return items;
}
