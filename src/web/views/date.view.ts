/** The date page: one bulletin's articles in page order, its PDF, the bulletins before and after. */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate, mediumDate, monthNames } from '../../core/dates.js';
import type { Edition } from '../../core/types.js';
import type { ArticleSummary, EditionSummary } from '../../store/ports.js';
import { html } from '../html.js';
import { plural } from '../plural.js';
import { articleUrl, dateUrl, pdfUrl, yearUrl } from '../urls.js';
import { monthCalendar } from './calendar.js';
import { goToDateForm } from './go-to-date.view.js';
import { page } from './layout.js';
import { pageViewUrl } from './page.view.js';

export interface DateModel {
  edition: Edition;
  titleName: string;
  articles: ArticleSummary[];
  previous: string | null;
  next: string | null;
}

/** Links to the bulletins before and after; `where` names the copy (top or foot) for assistive technology. */
function otherBulletins(m: DateModel, where: string) {
  if (!m.previous && !m.next) return '';
  return html`<nav class="pager bulletins" aria-label="${where}">
  ${m.previous ? html`<a rel="prev" href="${dateUrl(m.previous)}">← Previous bulletin<span class="when">, ${mediumDate(m.previous)}</span></a>` : ''}
  ${m.next ? html`<a rel="next" href="${dateUrl(m.next)}">Next bulletin<span class="when">, ${mediumDate(m.next)}</span> →</a>` : ''}
</nav>`;
}

export function dateView(site: SiteConfig, m: DateModel): string {
  const e = m.edition;
  const body = html`<div class="measure">
${otherBulletins(m, 'Previous and next bulletin')}
<p class="kicker">${m.titleName}${e.volume ? ` · Vol. ${e.volume}` : ''}${e.number ? ` · No. ${e.number}` : ''}</p>
<h1>${longDate(e.date)}</h1>
<p class="meta">${plural(m.articles.length, 'article')} on ${plural(e.pageCount, 'page')} · <a href="${yearUrl(e.date.slice(0, 4))}">All of ${e.date.slice(0, 4)}</a></p>
<div class="actions"><a class="button-link" href="${pdfUrl(e.date)}" type="application/pdf">Download PDF for this date</a></div>
${goToDateForm('date-go', e.date)}
<form class="search" role="search" action="/search" method="get">
  <label class="skip" for="in-q">Search this bulletin</label>
  <input id="in-q" type="search" name="q" placeholder="Search this bulletin">
  <input type="hidden" name="from" value="${e.date}"><input type="hidden" name="to" value="${e.date}">
  <button type="submit">Search</button>
</form>
<h2>Pages</h2>
<ul class="thumbs">${Array.from({ length: e.pageCount }, (_, i) => i + 1).map(
    (n) =>
      html`<li><a href="${pageViewUrl(e.date, n)}"><img src="${dateUrl(e.date)}/page-${n}.png?w=200" width="200" height="259" loading="lazy" alt="Page ${n} of the bulletin"><span>Page ${n}</span></a></li>`,
  )}</ul>
<h2>Articles</h2>
<ol class="edition">
${m.articles.map(
  (a) =>
    html`<li>${a.kicker ? html`<span class="kicker">${a.kicker}</span><br>` : ''}<a href="${articleUrl(a.slug)}">${a.headline}</a> <span class="page-no">p. ${a.firstPage}${a.lastPage !== a.firstPage ? `–${a.lastPage}` : ''}</span><br><span class="meta">${a.teaser}</span></li>`,
)}
</ol>
${otherBulletins(m, 'Previous and next bulletin, at the foot of the page')}
</div>`;
  return page({ title: longDate(e.date), site, body });
}

/** A year's bulletins, by month. */
export function yearView(site: SiteConfig, year: number, dates: EditionSummary[], years: number[]): string {
  const months = new Map<number, EditionSummary[]>();
  for (const d of dates) {
    const m = Number(d.date.slice(5, 7));
    months.set(m, [...(months.get(m) ?? []), d]);
  }
  const i = years.indexOf(year);
  const has = new Set(dates.map((d) => d.date));
  const body = html`<h1>${String(year)}</h1>
<p class="meta">${plural(dates.length, 'bulletin')}. Days with a bulletin are links.</p>
${goToDateForm('year-go')}
<div class="months">${[...months.keys()].map((m) => monthCalendar(year, m, has))}</div>
${[...months.entries()].map(
  ([m, ds]) => html`<h2>${monthNames[m - 1]!} ${String(year)}</h2>
<ul class="dates">${ds.map((d) => html`<li><a href="${dateUrl(d.date)}">${longDate(d.date)}</a> <span class="page-no">(${plural(d.articles, 'article')})</span></li>`)}</ul>`,
)}
<nav class="pager" aria-label="Other years">
  ${i > 0 ? html`<a rel="prev" href="${yearUrl(years[i - 1]!)}">← ${String(years[i - 1]!)}</a>` : ''}
  ${i >= 0 && i < years.length - 1 ? html`<a rel="next" href="${yearUrl(years[i + 1]!)}">${String(years[i + 1]!)} →</a>` : ''}
</nav>`;
  return page({ title: String(year), site, body });
}
