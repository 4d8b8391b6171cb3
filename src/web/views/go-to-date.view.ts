/** The "go to date" box, and the page for a date with no bulletin: the nearest bulletins before and after it. */
import type { SiteConfig } from '../../config/site-config.js';
import { longDate } from '../../core/dates.js';
import type { EditionSummary } from '../../store/ports.js';
import { html, type SafeHtml } from '../html.js';
import { plural } from '../plural.js';
import { dateUrl } from '../urls.js';
import { page } from './layout.js';

/**
 * A GET form to /date: works without script. A date input where the browser has one; typed text where it
 * has not, which the route reads too ("September 19, 1944", "1944-09", "1944").
 */
export function goToDateForm(id: string, value = ''): SafeHtml {
  return html`<form class="go-to-date" action="/date" method="get">
  <label for="${id}">Go to date</label>
  <input id="${id}" type="date" name="date" value="${value}" required>
  <button type="submit">Go</button>
</form>`;
}

export interface NearestModel {
  /** What was asked for, as a heading: "No bulletin for Tuesday, September 19, 1944". */
  title: string;
  /** One sentence under it. */
  message: string;
  before: EditionSummary | null;
  after: EditionSummary | null;
  /** What to put back in the box. */
  asked: string;
  /** False when nothing was understood, so there is nothing to be near. */
  nearest: boolean;
}

function edition(e: EditionSummary, rel: 'prev' | 'next'): SafeHtml {
  return html`<a rel="${rel}" href="${dateUrl(e.date)}">${rel === 'prev' ? '← ' : ''}${longDate(e.date)}${rel === 'next' ? ' →' : ''}</a> <span class="meta">(${plural(e.articles, 'article')} on ${plural(e.pages, 'page')})</span>`;
}

/** A date (or month, or year) with no bulletin, answered with the nearest bulletins on each side. */
export function nearestView(site: SiteConfig, m: NearestModel): string {
  const body = html`<div class="measure">
<h1>${m.title}</h1>
<p>${m.message}</p>
${
  !m.nearest
    ? ''
    : m.before || m.after
      ? html`<h2 id="nearest-h">The nearest bulletins</h2>
<ul class="nearest" aria-labelledby="nearest-h">
  ${m.before ? html`<li>Before: ${edition(m.before, 'prev')}</li>` : ''}
  ${m.after ? html`<li>After: ${edition(m.after, 'next')}</li>` : ''}
</ul>`
      : html`<p>The archive has no bulletins yet.</p>`
}
${goToDateForm('nearest-date', /^\d{4}-\d{2}-\d{2}$/.test(m.asked) ? m.asked : '')}
<p><a href="/#browse">Browse by year</a> or search above.</p>
</div>`;
  return page({ title: m.title, site, body });
}
