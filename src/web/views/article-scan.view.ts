/**
 * The article page's reading aids: the article's region(s) cut from the page scan through the IIIF Image API,
 * outlined, with the query's words boxed on them; and the query's matches marked in the text, numbered for
 * "next match". The cuts come from the stored regions (scan.ts); an article stored without regions shows its
 * first page whole.
 */
import type { Article, Page } from '../../core/types.js';
import { CANVAS_WIDTH, imageServiceId, pageImageUrl } from '../../iiif/iiif.js';
import { regionPixels } from '../../iiif/region.js';
import { parseQuery } from '../../search/query.js';
import { matchRanges, wordMatcher } from '../../search/snippet.js';
import { html, type SafeHtml } from '../html.js';
import { pageViewUrl } from './page.view.js';
import { inside, pt, type ScanCut, scanCuts } from './scan.js';

/** The widest cut asked of the image service: sharp in the scan's column on a screen of twice the density. */
const CUT_WIDTH = 900;

/** The query as parsed for marking; null for none, or for one that does not parse (the page is still shown). */
export function markingQuery(q: string) {
  if (!q.trim()) return null;
  try {
    return parseQuery(q);
  } catch {
    return null;
  }
}

/** Marks the query's matches in plain text, numbering them across the whole page (ids match-1, match-2…). */
export class Marker {
  count = 0;
  constructor(private readonly query: ReturnType<typeof markingQuery>) {}

  mark(text: string): SafeHtml {
    if (!this.query) return html`${text}`;
    const parts: (string | SafeHtml)[] = [];
    let at = 0;
    for (const [s, e] of matchRanges(text, this.query)) {
      this.count++;
      parts.push(text.slice(at, s), html`<mark id="match-${String(this.count)}">${text.slice(s, e)}</mark>`);
      at = e;
    }
    parts.push(text.slice(at));
    return html`${parts}`;
  }
}

/** The cut's part of the page in canvas pixels as a IIIF region URL, and the same in points (image and viewBox agree). */
function pixelsOf(cut: ScanCut, page: Page, date: string, width: number, format: 'png' | 'jpg', origin = '') {
  const px = regionPixels(page, cut.view);
  const s = CANVAS_WIDTH / page.width;
  const size = px.w > width ? `${width},` : 'max';
  return {
    url: `${imageServiceId(origin, date, page.number)}/${px.x},${px.y},${px.w},${px.h}/${size}/0/default.${format}`,
    shown: { x: px.x / s, y: px.y / s, w: px.w / s, h: px.h / s },
  };
}

/** The IIIF URL of an article's first cut as an 800-px JPEG at most (og:image), or null when it has no regions. */
export function firstCutUrl(a: Article, pages: Page[], origin: string): string | null {
  const cut = scanCuts(a.regions ?? [], pages)[0];
  const page = cut && pages.find((p) => p.number === cut.page);
  return cut && page ? pixelsOf(cut, page, a.date, 800, 'jpg', origin).url : null;
}

/** The scan beside the text: one figure per cut, each linking its page in the viewer at the article. */
export function scanSection(a: Article, pages: Page[], q: string, titleName: string): SafeHtml {
  const query = markingQuery(q);
  const matches = query ? wordMatcher(query) : null;
  const cuts = scanCuts(a.regions ?? [], pages);
  if (cuts.length === 0) {
    const page = pages.find((p) => p.number === a.firstPage);
    if (!page) return html``;
    return html`<details class="scan" open>
<summary>The page scan</summary>
<figure class="scan">
<img src="${pageImageUrl('', a.date, page.number, 800, 'png')}" width="800" height="${String(Math.round((800 * page.height) / page.width))}" alt="Page ${String(page.number)} of ${titleName}, the whole page (where this article stands on it was not recorded)">
<figcaption><a href="${pageViewUrl(a.date, page.number, q)}">page ${String(page.number)}</a>, whole: where this article stands on it was not recorded.</figcaption>
</figure>
</details>`;
  }
  const figures = cuts.map((cut, i) => {
    const page = pages.find((p) => p.number === cut.page)!;
    const { url, shown } = pixelsOf(cut, page, a.date, CUT_WIDTH, 'png');
    const hits = matches
      ? page.words.filter((w) => inside(w, cut.regions) && matches(w.text)).slice(0, 200)
      : [];
    const id = `scan-${i + 1}`;
    const of = cuts.length > 1 ? `, part ${i + 1} of ${cuts.length}` : '';
    return html`<figure class="scan">
<svg viewBox="${pt(shown.x)} ${pt(shown.y)} ${pt(shown.w)} ${pt(shown.h)}" role="img" aria-labelledby="${id}" preserveAspectRatio="xMidYMin meet">
<image href="${url}" x="${pt(shown.x)}" y="${pt(shown.y)}" width="${pt(shown.w)}" height="${pt(shown.h)}"/>
${cut.regions.map((r) => html`<rect class="region" x="${pt(r.x)}" y="${pt(r.y)}" width="${pt(r.w)}" height="${pt(r.h)}"></rect>`)}
${hits.map((w) => html`<rect class="hit" x="${pt(w.x - 1)}" y="${pt(w.y - 1)}" width="${pt(w.w + 2)}" height="${pt(w.h + 2)}"></rect>`)}
</svg>
<figcaption id="${id}">The article on page ${String(cut.page)} of the scan${of}, outlined${hits.length ? `, ${hits.length} ${hits.length === 1 ? 'word' : 'words'} of the search boxed` : ''}: open <a href="${pageViewUrl(a.date, cut.page, q, a.id)}">page ${String(cut.page)}</a> in the page viewer.</figcaption>
</figure>`;
  });
  return html`<details class="scan" open>
<summary>The article on the page scan</summary>
${figures}
</details>`;
}
