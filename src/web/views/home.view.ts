/** Home: search box, collection figures, browse by year, credits. */
import type { SiteConfig } from '../../config/site-config.js';
import { mediumDate } from '../../core/dates.js';
import type { ArchiveStats, ArticleSummary } from '../../store/ports.js';
import { html } from '../html.js';
import { articleUrl, dateUrl } from '../urls.js';
import { goToDateForm } from './go-to-date.view.js';
import { page } from './layout.js';

export interface OnThisDay {
  /** The month and day shown, e.g. "December 19". */
  label: string;
  /** Today's month and day, e.g. "December 17" (the same as label unless `nearest`). */
  today: string;
  /** True when no bulletin has today's month and day and the nearest following day is shown. */
  nearest: boolean;
  editions: { date: string; articles: ArticleSummary[] }[];
}

function onThisDaySection(o: OnThisDay | null) {
  if (!o || o.editions.length === 0) return '';
  return html`<section class="onthisday" aria-labelledby="otd-h">
  <h2 id="otd-h">${o.nearest ? html`On ${o.label}, the nearest day to today` : html`On this day: ${o.label}`}</h2>
  ${o.nearest ? html`<p class="meta">No bulletin appeared on ${o.today} (today) in any year; these are from ${o.label}, the nearest day after it that has one.</p>` : ''}
  <ul>${o.editions.map(
    (e) =>
      html`<li><a href="${dateUrl(e.date)}">${mediumDate(e.date)}</a>: ${e.articles.map(
        (a, i) => html`${i > 0 ? ' · ' : ''}<a href="${articleUrl(a.slug)}">${a.headline}</a>`,
      )}</li>`,
  )}</ul>
</section>`;
}

function byDecade(years: { year: number; editions: number }[]) {
  const m = new Map<number, { year: number; editions: number }[]>();
  for (const y of years) {
    const d = Math.floor(y.year / 10) * 10;
    m.set(d, [...(m.get(d) ?? []), y]);
  }
  return [...m.entries()];
}

export function homeView(
  site: SiteConfig,
  stats: ArchiveStats,
  years: { year: number; editions: number }[],
  onThisDay: OnThisDay | null = null,
): string {
  const body = html`
<div class="measure">
  <h1>${site.name}</h1>
  <p>${site.tagline}.</p>
  <form role="search" action="/search" method="get" class="search">
    <label class="skip" for="home-q">Search words, names or "a phrase"</label>
    <input id="home-q" type="search" name="q" placeholder='Words, names or "a phrase"'>
    <button type="submit">Search</button>
  </form>
  <p class="meta search-links"><a href="/help/search">How to search</a> · <a href="/search/advanced">Advanced search</a></p>
  <ul class="figures" aria-label="The collection">
    <li><strong>${stats.editions.toLocaleString('en-US')}</strong> ${stats.editions === 1 ? 'bulletin' : 'bulletins'}</li>
    <li><strong>${stats.articles.toLocaleString('en-US')}</strong> ${stats.articles === 1 ? 'article' : 'articles'}</li>
    <li><strong>${stats.pages.toLocaleString('en-US')}</strong> ${stats.pages === 1 ? 'page' : 'pages'}</li>
    ${stats.firstDate && stats.lastDate ? html`<li><strong>${stats.firstDate.slice(0, 4)}–${stats.lastDate.slice(0, 4)}</strong> years covered</li>` : ''}
  </ul>
</div>
${onThisDaySection(onThisDay)}
<h2 id="browse">Browse by year</h2>
${years.length ? goToDateForm('home-date') : ''}
${
  years.length
    ? byDecade(years).map(
        ([decade, ys]) => html`<h3 class="decade">The ${String(decade)}s</h3>
<ul class="years">${ys.map((y) => html`<li><a href="/${String(y.year)}">${String(y.year)} <span class="page-no">(${y.editions})</span></a></li>`)}</ul>`,
      )
    : html`<p>The archive is empty. Ingest bulletins with <code>npx dateline ingest FOLDER</code>.</p>`
}
${stats.firstDate ? html`<p class="meta">From ${mediumDate(stats.firstDate)} to ${mediumDate(stats.lastDate ?? stats.firstDate)}.</p>` : ''}
${
  site.funders.length
    ? html`<section class="credits"><h2>${site.creditsHeading}</h2><ul>${site.funders.map((f) => html`<li>${f.name}${f.note ? html` — ${f.note}` : ''}</li>`)}</ul></section>`
    : ''
}`;
  return page({ title: site.name, site, body });
}
