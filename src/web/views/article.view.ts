/** The article page: kicker, headline, date, PDF of the date, byline, dateline, text with reference links. */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate } from '../../core/dates.js';
import type { Article } from '../../core/types.js';
import type { ArticleSummary, ReferenceLink } from '../../store/ports.js';
import { html, type SafeHtml } from '../html.js';
import { articleUrl, dateUrl, pdfUrl } from '../urls.js';
import { page } from './layout.js';

export interface ArticleModel {
  article: Article;
  refs: ReferenceLink[];
  referencedBy: ReferenceLink[];
  previous: ArticleSummary | null;
  next: ArticleSummary | null;
}

/** A paragraph's text with each resolved reference turned into a link to its target. */
function inline(text: string, refs: ReferenceLink[]): SafeHtml {
  const parts: (string | SafeHtml)[] = [];
  let rest = text;
  for (const r of refs) {
    if (!r.other) continue;
    const at = rest.indexOf(r.text);
    if (at < 0) continue;
    parts.push(
      rest.slice(0, at),
      html`<a href="${articleUrl(r.other.slug)}" title="${r.other.headline}">${r.text}</a>`,
    );
    rest = rest.slice(at + r.text.length);
  }
  parts.push(rest);
  return html`${parts}`;
}

export function articleView(site: SiteConfig, m: ArticleModel): string {
  const a = m.article;
  const paras = a.body.split(/\n\n+/);
  const body = html`<article class="measure" aria-labelledby="headline">
  ${a.kicker ? html`<p class="kicker">${a.kicker}</p>` : ''}
  <h1 id="headline">${a.headline}</h1>
  <p class="meta"><time datetime="${a.date}">${longDate(a.date)}</time> · <a href="${dateUrl(a.date)}">${site.name}, this date</a> · ${a.firstPage === a.lastPage ? html`page ${a.firstPage}` : html`pages ${a.firstPage}–${a.lastPage}`}</p>
  <div class="actions">
    <a class="button-link" href="${pdfUrl(a.date)}#page=${a.firstPage}" type="application/pdf">Download PDF for this date</a>
    <a class="button-link" href="/api/v1/articles/${a.id}">JSON</a>
  </div>
  ${a.byline ? html`<p class="byline">${a.byline}</p>` : ''}
  <div class="text">
  ${paras.map((p, i) =>
    i === 0 && a.dateline
      ? html`<p><span class="dateline">${a.dateline.raw}</span> ${inline(p, m.refs)}</p>`
      : html`<p>${inline(p, m.refs)}</p>`,
  )}
  </div>
  <p class="printed">Printed headline: ${a.headlinePrinted} · Permalink: <a href="${articleUrl(a.id)}">${articleUrl(a.id)}</a></p>
  ${
    m.refs.length || m.referencedBy.length
      ? html`<section class="refs" aria-label="References">
    ${m.refs.length ? html`<h2>References in this article</h2><ul>${m.refs.map((r) => html`<li>${r.other ? html`<a href="${articleUrl(r.other.slug)}">${r.other.headline}</a> (page ${r.page})` : html`${r.text} <span class="meta">— not found in this bulletin</span>`}</li>`)}</ul>` : ''}
    ${m.referencedBy.length ? html`<h2>Referenced by</h2><ul>${m.referencedBy.map((r) => (r.other ? html`<li><a href="${articleUrl(r.other.slug)}">${r.other.headline}</a></li>` : ''))}</ul>` : ''}
  </section>`
      : ''
  }
  <nav class="pager" aria-label="This bulletin">
    ${m.previous ? html`<a rel="prev" href="${articleUrl(m.previous.slug)}">← ${m.previous.headline}</a>` : ''}
    ${m.next ? html`<a rel="next" href="${articleUrl(m.next.slug)}">${m.next.headline} →</a>` : ''}
  </nav>
</article>`;
  return page({ title: a.headline, site, body });
}
