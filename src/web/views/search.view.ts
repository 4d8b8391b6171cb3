/** Search results: highlighted snippets, count, date range, sort, pages. */
import type { SiteConfig } from '../../config/site-config.js';
import { mediumDate } from '../../core/dates.js';
import { type SearchPage, snippetHtml } from '../../search/search.service.js';
import { html, raw } from '../html.js';
import { articleUrl, dateUrl } from '../urls.js';
import { page } from './layout.js';

function link(p: SearchPage, overrides: Record<string, string | number>): string {
  const params = new URLSearchParams({ q: p.query });
  if (p.from) params.set('from', p.from);
  if (p.to) params.set('to', p.to);
  if (p.sort !== 'relevance') params.set('sort', p.sort);
  for (const [k, v] of Object.entries(overrides)) params.set(k, String(v));
  return `/search?${params}`;
}

function filters(p: { query: string; from: string | null; to: string | null; sort: string }) {
  const opt = (v: string, label: string) =>
    html`<option value="${v}"${raw(p.sort === v ? ' selected' : '')}>${label}</option>`;
  return html`<form class="filters" action="/search" method="get" aria-label="Refine the search">
  <input type="hidden" name="q" value="${p.query}">
  <label for="f-from">From <input id="f-from" type="date" name="from" value="${p.from ?? ''}"></label>
  <label for="f-to">To <input id="f-to" type="date" name="to" value="${p.to ?? ''}"></label>
  <label for="f-sort">Sort <select id="f-sort" name="sort">${opt('relevance', 'Relevance')}${opt('date', 'Oldest first')}${opt('-date', 'Newest first')}</select></label>
  <button type="submit">Apply</button>
</form>`;
}

export function searchView(site: SiteConfig, p: SearchPage): string {
  const first = (p.page - 1) * p.pageSize + 1;
  const last = Math.min(p.total, p.page * p.pageSize);
  const body = html`<h1>Search results</h1>
${filters(p)}
<p class="meta" role="status">${
    p.total === 0
      ? html`No articles match <strong>${p.query}</strong>${p.from || p.to ? ' in these dates' : ''}.`
      : html`${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of <strong>${p.total.toLocaleString('en-US')}</strong> articles for <strong>${p.query}</strong>`
  }</p>
${
  p.total === 0
    ? html`<div class="measure"><p>Try fewer words, another spelling, a word's beginning with * (<code>emigra*</code>), or a wider date range.</p></div>`
    : html`<ol class="results" start="${first}">${p.hits.map(
        (h) => html`<li>
  ${h.kicker ? html`<p class="kicker">${h.kicker}</p>` : ''}
  <h3><a href="${articleUrl(h.slug)}">${h.headline}</a></h3>
  <p class="meta"><a href="${dateUrl(h.date)}">${mediumDate(h.date)}</a> · page ${h.page}</p>
  <p class="snippet">${raw(snippetHtml(h.snippet))}</p>
</li>`,
      )}</ol>`
}
${
  p.pages > 1
    ? html`<nav class="pager" aria-label="Result pages">
  ${p.page > 1 ? html`<a rel="prev" href="${link(p, { page: p.page - 1 })}">← Previous</a>` : ''}
  <span>Page ${p.page} of ${p.pages.toLocaleString('en-US')}</span>
  ${p.page < p.pages ? html`<a rel="next" href="${link(p, { page: p.page + 1 })}">Next →</a>` : ''}
</nav>`
    : ''
}`;
  return page({ title: `Search: ${p.query}`, site, query: p.query, body });
}

/** The search page with a problem in the query or parameters explained, and the form to fix it. */
export function searchErrorView(site: SiteConfig, query: string, message: string): string {
  const body = html`<h1>Search results</h1>
<div class="measure" role="alert"><p><strong>The search could not be run.</strong> ${message}</p></div>
${filters({ query, from: null, to: null, sort: 'relevance' })}`;
  return page({ title: 'Search', site, query, body });
}
