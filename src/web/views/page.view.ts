/** One page of a bulletin as an image, with the words of a search boxed over it from the stored word boxes. */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate } from '../../core/dates.js';
import type { Page, WordBox } from '../../core/types.js';
import { tokens } from '../../text/normalize.js';
import { html } from '../html.js';
import { dateUrl, pdfUrl } from '../urls.js';
import { page as shell } from './layout.js';

/** The page's words that match the query's words, folded the same way the index and IIIF Content Search fold them. */
export function matchingWords(p: Page, query: string): WordBox[] {
  const wanted = new Set(tokens(query));
  if (wanted.size === 0) return [];
  return p.words.filter((w) => tokens(w.text).some((t) => wanted.has(t)));
}

export interface PageModel {
  date: string;
  titleName: string;
  page: Page;
  pageCount: number;
  query: string;
}

/** The URL of the page view, with the words to highlight. */
export const pageViewUrl = (date: string, n: number, q?: string) =>
  `${dateUrl(date)}/page-${n}${q ? `?${new URLSearchParams({ q })}` : ''}`;

/** At most this many boxes are drawn, which keeps the page small (a common word can occur 1,000 times on a page). */
export const MAX_BOXES = 200;

export function pageView(site: SiteConfig, m: PageModel): string {
  const p = m.page;
  const all = matchingWords(p, m.query);
  const hits = all.slice(0, MAX_BOXES);
  const n = p.number;
  const round = (v: number) => Math.round(v * 10) / 10;
  // An SVG overlay (attributes, not inline style or script: the CSP allows neither) on the page image.
  const body = html`<div class="measure">
<p class="kicker"><a href="${dateUrl(m.date)}">${m.titleName}, ${longDate(m.date)}</a></p>
<h1>Page ${String(n)} of ${String(m.pageCount)}</h1>
<form class="search" role="search" action="${dateUrl(m.date)}/page-${n}" method="get">
  <label class="skip" for="page-q">Words to find on this page</label>
  <input id="page-q" type="search" name="q" value="${m.query}" placeholder="Words to find on this page">
  <button type="submit">Highlight</button>
</form>
<p class="meta">${m.query ? `${all.length} ${all.length === 1 ? 'match' : 'matches'} of “${m.query}”${all.length > hits.length ? `, the first ${hits.length} highlighted` : ' highlighted'} · ` : ''}<a href="${pdfUrl(m.date)}#page=${n}" type="application/pdf">Download PDF for this date</a></p>
</div>
<figure class="page-image">
<svg viewBox="0 0 ${round(p.width)} ${round(p.height)}" role="img" aria-labelledby="page-caption" preserveAspectRatio="xMidYMin meet">
<image href="${dateUrl(m.date)}/page-${n}.png?w=1600" x="0" y="0" width="${round(p.width)}" height="${round(p.height)}"/>
${hits.map((w) => html`<rect class="hit" x="${round(w.x - 1)}" y="${round(w.y - 1)}" width="${round(w.w + 2)}" height="${round(w.h + 2)}"><title>${w.text}</title></rect>`)}
</svg>
<figcaption id="page-caption">Page ${String(n)} of ${m.titleName}, ${longDate(m.date)}${hits.length ? `, with ${hits.length} highlighted ${hits.length === 1 ? 'word' : 'words'}` : ''}</figcaption>
</figure>
<nav class="pager" aria-label="Other pages">
  ${n > 1 ? html`<a rel="prev" href="${pageViewUrl(m.date, n - 1, m.query)}">← Page ${String(n - 1)}</a>` : ''}
  ${n < m.pageCount ? html`<a rel="next" href="${pageViewUrl(m.date, n + 1, m.query)}">Page ${String(n + 1)} →</a>` : ''}
</nav>`;
  return shell({ title: `Page ${n}, ${longDate(m.date)}`, site, body });
}
