/** The page viewer: one page of a bulletin as an image, the words of a search boxed, its articles outlined and listed. */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate } from '../../core/dates.js';
import type { ArticleRegion, Page, WordBox } from '../../core/types.js';
import { pageImageUrl } from '../../iiif/iiif.js';
import { tokens } from '../../text/normalize.js';
import { html, raw } from '../html.js';
import { articleUrl, dateUrl, pdfUrl } from '../urls.js';
import { page as shell } from './layout.js';
import { type Box, boundsOf, pt, viewAround } from './scan.js';

/** The page's words that match the query's words, folded the same way the index and IIIF Content Search fold them. */
export function matchingWords(p: Page, query: string): WordBox[] {
  const wanted = new Set(tokens(query));
  if (wanted.size === 0) return [];
  return p.words.filter((w) => tokens(w.text).some((t) => wanted.has(t)));
}

/** An article that stands on the page: where (its regions on this page; none when the source gave none). */
export interface PageArticle {
  id: string;
  slug: string;
  headline: string;
  regions: ArticleRegion[];
}

export interface PageModel {
  date: string;
  titleName: string;
  page: Page;
  pageCount: number;
  query: string;
  /** The articles on the page, in bulletin order. */
  articles: PageArticle[];
  /** The article the viewer opens at (?article=), its regions outlined; null for the whole page. */
  focus: string | null;
}

/** The URL of the page view, with the words to highlight and the article to open at. */
export const pageViewUrl = (date: string, n: number, q?: string, article?: string) => {
  const params = new URLSearchParams({ ...(q ? { q } : {}), ...(article ? { article } : {}) });
  return `${dateUrl(date)}/page-${n}${params.size ? `?${params}` : ''}`;
};

/** At most this many boxes are drawn, which keeps the page small (a common word can occur 1,000 times on a page). */
export const MAX_BOXES = 200;

/** An article's link, carrying the reader's query so the article page highlights it too. */
const withQuery = (slug: string, q: string) =>
  `${articleUrl(slug)}${q ? `?${new URLSearchParams({ q })}` : ''}`;

/**
 * The page viewer: the 1600-px page image in an SVG whose viewBox is the page in PDF points, with the query's
 * words boxed and each article's regions outlined as links to the article. Without script it is a picture
 * (opened at ?article='s regions when asked) with the list of the page's articles; reader.js adds zoom and
 * pan (buttons, keys, drag, pinch) by moving the viewBox. Attributes only, no inline style: the CSP.
 */
export function pageView(site: SiteConfig, m: PageModel): string {
  const p = m.page;
  const all = matchingWords(p, m.query);
  const hits = all.slice(0, MAX_BOXES);
  const n = p.number;
  const focus = m.articles.find((a) => a.id === m.focus && a.regions.length > 0);
  const full = { x: 0, y: 0, w: p.width, h: p.height };
  const view = focus ? viewAround(boundsOf(focus.regions), p) : full;
  const box = (b: Box) => `${pt(b.x)} ${pt(b.y)} ${pt(b.w)} ${pt(b.h)}`;
  const download = pageImageUrl('', m.date, n, 1600, 'png');
  const regions = m.articles.filter((a) => a.regions.length > 0);
  const body = html`<div class="measure">
<p class="kicker"><a href="${dateUrl(m.date)}">${m.titleName}, ${longDate(m.date)}</a></p>
<h1>Page ${String(n)} of ${String(m.pageCount)}</h1>
<form class="search" role="search" action="${dateUrl(m.date)}/page-${n}" method="get">
  <label class="skip" for="page-q">Words to find on this page</label>
  <input id="page-q" type="search" name="q" value="${m.query}" placeholder="Words to find on this page">
  ${focus ? html`<input type="hidden" name="article" value="${focus.id}">` : ''}
  <button type="submit">Highlight</button>
</form>
<p class="meta">${m.query ? `${all.length} ${all.length === 1 ? 'match' : 'matches'} of “${m.query}”${all.length > hits.length ? `, the first ${hits.length} highlighted` : ' highlighted'} · ` : ''}<a href="${pdfUrl(m.date)}#page=${n}" type="application/pdf">Download PDF for this date</a> · <a href="${download}" download="${m.date}-page-${n}.png" type="image/png">Download the page image (PNG, 1600 px wide)</a></p>
${focus ? html`<p class="meta">Opened at <a href="${withQuery(focus.slug, m.query)}">${focus.headline}</a>, outlined · <a href="${pageViewUrl(m.date, n, m.query)}">the whole page</a></p>` : ''}
</div>
<div class="viewer-layout">
<figure class="page-image" data-viewer data-width="${pt(p.width)}" data-height="${pt(p.height)}">
<svg viewBox="${box(view)}" role="${regions.length ? 'group' : 'img'}" aria-labelledby="page-caption" preserveAspectRatio="xMidYMin meet">
<image href="${dateUrl(m.date)}/page-${n}.png?w=1600" x="0" y="0" width="${pt(p.width)}" height="${pt(p.height)}"/>
${regions.map(
  (a) =>
    html`<a class="region${a.id === focus?.id ? ' focus' : ''}" href="${withQuery(a.slug, m.query)}"><title>${a.headline}</title>${a.regions.map((r) => html`<rect x="${pt(r.x)}" y="${pt(r.y)}" width="${pt(r.w)}" height="${pt(r.h)}"></rect>`)}</a>`,
)}
${hits.map((w) => html`<rect class="hit" x="${pt(w.x - 1)}" y="${pt(w.y - 1)}" width="${pt(w.w + 2)}" height="${pt(w.h + 2)}"><title>${w.text}</title></rect>`)}
</svg>
<figcaption id="page-caption">Page ${String(n)} of ${m.titleName}, ${longDate(m.date)}${hits.length ? `, with ${hits.length} highlighted ${hits.length === 1 ? 'word' : 'words'}` : ''}${regions.length ? '; select an outlined article to read it' : ''}</figcaption>
</figure>
${
  m.articles.length
    ? html`<nav class="page-articles" aria-labelledby="page-articles-h">
<h2 id="page-articles-h">Articles on this page</h2>
<ol>${m.articles.map((a) => html`<li${raw(a.id === focus?.id ? ' class="focus"' : '')}><a href="${withQuery(a.slug, m.query)}">${a.headline}</a>${a.regions.length ? html` <a class="show" href="${pageViewUrl(m.date, n, m.query, a.id)}">(show on the page)</a>` : ''}</li>`)}</ol>
</nav>`
    : ''
}
</div>
<nav class="pager" aria-label="Other pages">
  ${n > 1 ? html`<a rel="prev" href="${pageViewUrl(m.date, n - 1, m.query)}">← Page ${String(n - 1)}</a>` : ''}
  ${n < m.pageCount ? html`<a rel="next" href="${pageViewUrl(m.date, n + 1, m.query)}">Page ${String(n + 1)} →</a>` : ''}
</nav>`;
  return shell({ title: `Page ${n}, ${longDate(m.date)}`, site, body });
}
