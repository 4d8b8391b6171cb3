/** Search results: highlighted snippets, count, date range, sort, pages. */
import type { SiteConfig } from '../../config/site-config.js';
import { mediumDate } from '../../core/dates.js';
import type { SearchPage } from '../../search/search.service.js';
import { html, raw } from '../html.js';
import { plural } from '../plural.js';
import { snippetHtml } from '../snippet-html.js';
import { articleUrl, dateUrl } from '../urls.js';
import { page } from './layout.js';
import { pageViewUrl } from './page.view.js';

function link(p: SearchPage, overrides: Record<string, string | number>): string {
  const params = new URLSearchParams({ q: p.query });
  if (p.from) params.set('from', p.from);
  if (p.to) params.set('to', p.to);
  if (p.sort !== 'relevance') params.set('sort', p.sort);
  if (p.day) params.set('day', p.day);
  if (p.variantMode === 'on') params.set('variants', 'on');
  for (const [k, v] of Object.entries(overrides)) {
    if (v === '') params.delete(k);
    else params.set(k, String(v));
  }
  return `/search?${params}`;
}

function filters(p: {
  query: string;
  from: string | null;
  to: string | null;
  sort: string;
  variantMode?: string;
  day?: string | null;
}) {
  const opt = (v: string, label: string) =>
    html`<option value="${v}"${raw(p.sort === v ? ' selected' : '')}>${label}</option>`;
  return html`<form class="filters" action="/search" method="get" aria-label="Refine the search">
  <input type="hidden" name="q" value="${p.query}">
  <label for="f-from">From <input id="f-from" type="date" name="from" value="${p.from ?? ''}"></label>
  <label for="f-to">To <input id="f-to" type="date" name="to" value="${p.to ?? ''}"></label>
  <label for="f-sort">Sort <select id="f-sort" name="sort">${opt('relevance', 'Relevance')}${opt('date', 'Oldest first')}${opt('-date', 'Newest first')}</select></label>
  ${p.day ? html`<input type="hidden" name="day" value="${p.day}">` : ''}
  <label class="check" for="f-variants"><span><input id="f-variants" type="checkbox" name="variants" value="on"${raw(p.variantMode === 'on' ? ' checked' : '')}> Include spelling, OCR and sounds-alike variants</span></label>
  <button type="submit">Apply</button>
</form>`;
}

/** Bars of matches per year; each bar narrows the search to its year. Drawn in SVG (no inline styles, CSP). */
function chart(p: SearchPage) {
  if (p.years.length < 2) return '';
  const first = p.years[0]!.year;
  const last = p.years[p.years.length - 1]!.year;
  const counts = new Map(p.years.map((y) => [y.year, y.count]));
  const max = Math.max(...p.years.map((y) => y.count));
  const span = last - first + 1;
  const w = 10;
  const h = 60;
  const bars = [];
  for (let year = first; year <= last; year++) {
    const n = counts.get(year) ?? 0;
    const bh = n === 0 ? 0 : Math.max(2, Math.round((n / max) * h));
    const x = (year - first) * w;
    bars.push(
      n === 0
        ? html``
        : html`<a href="${link(p, { from: `${year}-01-01`, to: `${year}-12-31`, page: 1 })}"><title>${String(year)}: ${plural(n, 'article')}</title><rect x="${x + 1}" y="${h - bh}" width="${w - 2}" height="${bh}"></rect></a>`,
    );
  }
  return html`<figure class="chart">
  <svg viewBox="0 0 ${span * w} ${h}" preserveAspectRatio="none" role="group" aria-label="Matching articles per year, ${String(first)} to ${String(last)}">${bars}</svg>
  <figcaption><span>${String(first)}</span> Matches per year (select a bar to narrow to that year) <span>${String(last)}</span></figcaption>
</figure>`;
}

function facets(p: SearchPage) {
  if (p.total === 0) return '';
  const decade =
    p.from && p.to && p.from.slice(0, 3) === p.to.slice(0, 3) ? Number(p.from.slice(0, 3)) * 10 : null;
  const years =
    decade === null
      ? p.years.length <= 12
        ? p.years
        : []
      : p.years.filter((y) => Math.floor(y.year / 10) * 10 === decade);
  return html`<aside class="facets" aria-label="Narrow by date">
  ${p.from || p.to ? html`<p><a href="${link(p, { from: '', to: '', page: 1 })}">× Any date</a></p>` : ''}
  <h2>Decade</h2>
  <ul>${p.decades.map((d) => html`<li><a href="${link(p, { from: `${d.decade}-01-01`, to: `${d.decade + 9}-12-31`, page: 1 })}">${String(d.decade)}s</a> <span class="count">${d.count.toLocaleString('en-US')}</span></li>`)}</ul>
  ${years.length ? html`<h2>Year</h2><ul>${years.map((y) => html`<li><a href="${link(p, { from: `${y.year}-01-01`, to: `${y.year}-12-31`, page: 1 })}">${String(y.year)}</a> <span class="count">${y.count.toLocaleString('en-US')}</span></li>`)}</ul>` : ''}
  ${
    p.places.length
      ? html`<h2>Dateline</h2><ul>${p.places.slice(0, 12).map((pl) => html`<li><a href="${link(p, { q: `${p.query} place:"${pl.place.toLowerCase()}"`, page: 1 })}">${pl.place}</a> <span class="count">${pl.count.toLocaleString('en-US')}</span></li>`)}</ul>`
      : ''
  }
</aside>`;
}

export function searchView(site: SiteConfig, p: SearchPage): string {
  const qs = new URLSearchParams({
    q: p.query,
    ...(p.from ? { from: p.from } : {}),
    ...(p.to ? { to: p.to } : {}),
  });
  const tools = html`<p class="meta tools"><a href="/search.atom?${qs.toString()}">Subscribe (Atom)</a> · Cite these results: <a href="/search.bib?${qs.toString()}" download>BibTeX</a> · <a href="/search.ris?${qs.toString()}" download>RIS</a> · <a href="/search.json?${qs.toString()}" download>CSL-JSON</a></p>`;
  const first = (p.page - 1) * p.pageSize + 1;
  const last = Math.min(p.total, p.page * p.pageSize);
  // The filters and facets are one "Filter" fold: open beside the results at desktop width, folded above them on a phone.
  const body = html`<h1>Search results</h1>
<div class="${p.total > 0 ? 'with-facets' : 'without-facets'}">
<details class="facet-toggle"><summary>Filter</summary>
${filters(p)}
${facets(p)}
</details>
<div class="results-main">
${chart(p)}
<p class="meta" role="status">${
    p.total === 0
      ? html`No articles match <strong>${p.query}</strong>${p.from || p.to ? ' in these dates' : ''}.`
      : html`${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of <strong>${p.estimated ? 'about ' : ''}${p.total.toLocaleString('en-US')}</strong> ${p.total === 1 ? 'article' : 'articles'} for <strong>${p.query}</strong>`
  }</p>
${
  p.variants.length
    ? html`<p class="meta variant-summary">${p.variantMode === 'fallback' ? `${(p.exactTotal ?? 0).toLocaleString('en-US')} exact ${p.exactTotal === 1 ? 'match' : 'matches'}: the words alone found fewer than 3 articles, so their variants were searched too: ` : 'Variants searched too: '}${p.variants.map(
        (v, i) =>
          html`${i ? ', ' : ''}<strong>${v.term}</strong> for ${v.of} (${v.how === 'sounds-like' ? 'sounds alike' : v.how === 'ocr' ? 'OCR' : 'spelling'})`,
      )}.</p>`
    : ''
}
${
  p.total === 0
    ? html`<div class="measure"><p>Try fewer words, another spelling, a word's beginning with * (<code>emigra*</code>), a wider date range, or tick “Include spelling, OCR and sounds-alike variants”. <a href="/help/search">How to search</a> · <a href="/search/advanced">Advanced search</a>.</p></div>`
    : html`${tools}<ol class="results" start="${first}">${p.hits.map(
        (h) => html`<li>
  ${h.kicker ? html`<p class="kicker">${h.kicker}</p>` : ''}
  <h3><a href="${articleUrl(h.slug)}?${new URLSearchParams({ q: p.query }).toString()}">${h.headline}</a></h3>
  <p class="meta"><a href="${dateUrl(h.date)}">${mediumDate(h.date)}</a> · <a href="${pageViewUrl(h.date, h.page, p.query)}">page ${h.page}, words highlighted</a></p>
  <p class="snippet">${raw(snippetHtml(h.snippet))}</p>
  ${h.variants.length ? html`<p class="variant-note">Matched ${h.variants.map((v, i) => html`${i ? '; ' : ''}<strong>${v.term}</strong> for ${v.of} (${v.why})`)}</p>` : ''}
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
}
</div>
</div>`;
  const feed = `/search.atom?${new URLSearchParams({ q: p.query, ...(p.from ? { from: p.from } : {}), ...(p.to ? { to: p.to } : {}) })}`;
  const head = html`<link rel="alternate" type="application/atom+xml" href="${feed}" title="New matches for ${p.query}">`;
  return page({ title: `Search: ${p.query}`, site, query: p.query, body, head });
}

/** The search page with a problem in the query or parameters explained, and the form to fix it. */
export function searchErrorView(site: SiteConfig, query: string, message: string): string {
  const body = html`<h1>Search results</h1>
<div class="measure" role="alert"><p><strong>The search could not be run.</strong> ${message}</p></div>
${filters({ query, from: null, to: null, sort: 'relevance' })}`;
  return page({ title: 'Search', site, query, body });
}

/** A results page past the last one: says so and links the last page (and the first), answered 404. */
export function noSuchPageView(site: SiteConfig, p: SearchPage): string {
  const body = html`<h1>No such page</h1>
<div class="measure" role="alert">
<p>${
    p.total === 0
      ? html`The search for <strong>${p.query}</strong> has no results, so it has no page ${p.page.toLocaleString('en-US')}.`
      : html`The search for <strong>${p.query}</strong> found ${plural(p.total, 'article')}, on ${plural(p.pages, 'page')}; there is no page ${p.page.toLocaleString('en-US')}.`
  }</p>
<p><a href="${link(p, { page: p.pages })}">Go to the last page (page ${p.pages.toLocaleString('en-US')})</a>${p.pages > 1 ? html` or <a href="${link(p, { page: '' })}">the first page</a>` : ''}.</p>
</div>`;
  return page({ title: 'No such page', site, query: p.query, body });
}
