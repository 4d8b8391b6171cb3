/** A month as a calendar table, with links on the days that have bulletins. */
import { monthNames } from '../../core/dates.js';
import { html, type SafeHtml } from '../html.js';
import { dateUrl } from '../urls.js';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** One month's grid; `has` holds the ISO dates with bulletins. */
export function monthCalendar(year: number, month: number, has: Set<string>): SafeHtml {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const cells: (number | null)[] = [
    ...Array(lead).fill(null),
    ...Array.from({ length: days }, (_, i) => i + 1),
  ];
  while (cells.length % 7) cells.push(null);
  const weeks: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  const iso = (d: number) => `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return html`<table class="calendar">
  <caption>${monthNames[month - 1]!} ${String(year)}</caption>
  <thead><tr>${WEEKDAYS.map((w, i) => html`<th scope="col"><abbr title="${WEEKDAY_NAMES[i]!}">${w}</abbr></th>`)}</tr></thead>
  <tbody>${weeks.map(
    (w) =>
      html`<tr>${w.map((d) =>
        d === null
          ? html`<td></td>`
          : has.has(iso(d))
            ? html`<td class="has"><a href="${dateUrl(iso(d))}" aria-label="${monthNames[month - 1]!} ${d}, ${String(year)}">${d}</a></td>`
            : html`<td>${d}</td>`,
      )}</tr>`,
  )}</tbody>
</table>`;
}
