/** Finding a way in: the "go to date" box (/date) and the advanced-search form (/search/advanced), no script. */
import { Hono } from 'hono';
import type { Archive } from '../app.js';
import { longDate, monthNames } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { parseQuery } from '../search/query.js';
import { ADVANCED_FIELDS, type AdvancedFields, AdvancedQueryError, advancedQuery } from './advanced-query.js';
import { readAskedDate } from './go-to-date.js';
import { dateUrl, yearUrl } from './urls.js';
import { advancedSearchView } from './views/advanced-search.view.js';
import { nearestView } from './views/go-to-date.view.js';

/**
 * The page for a date, month or year with no bulletin: the nearest bulletins on each side of `at`
 * (used for a missing /YYYY/MM/DD too).
 */
export function nearestBulletins(archive: Archive) {
  const { store, config: site } = archive;
  return async (at: string, title: string, message: string, asked: string): Promise<string> => {
    const { previous, next } = await store.neighbours(at);
    const one = async (d: string | null) => (d ? ((await store.listDates(d, d, 1))[0] ?? null) : null);
    return nearestView(site, {
      title,
      message,
      before: await one(previous),
      after: await one(next),
      asked,
      nearest: true,
    });
  };
}

/** The routes, mounted at / by webRoutes. */
export function findRoutes(archive: Archive): Hono {
  const web = new Hono();
  const { store, config: site } = archive;
  const nearest = nearestBulletins(archive);

  // example: /date?date=1944-09-19 (the "go to date" box; also "September 19, 1944", "1944-09", "1944")
  web.get('/date', async (c) => {
    const typed = (c.req.query('date') ?? '').slice(0, 100);
    const asked = readAskedDate(typed);
    if (!asked) {
      const title = typed.trim() ? 'Not a date' : 'Go to date';
      const message = `${typed.trim() ? `“${typed.trim()}” is not a date this archive can read.` : 'Give a date.'} Type it as 1944-09-19, September 19, 1944, 1944-09 or 1944.`;
      return c.html(
        nearestView(site, { title, message, before: null, after: null, asked: typed, nearest: false }),
        400,
      );
    }
    if (asked.kind === 'day') {
      if (await store.getEdition(asked.date)) return c.redirect(dateUrl(asked.date), 302);
      return c.html(
        await nearest(
          asked.date,
          `No bulletin for ${longDate(asked.date)}`,
          'The archive has no bulletin for this date.',
          asked.date,
        ),
      );
    }
    const y = String(asked.year).padStart(4, '0');
    if (asked.kind === 'year') {
      if ((await store.listDates(`${y}-01-01`, `${y}-12-31`, 1)).length) return c.redirect(yearUrl(y), 302);
      return c.html(
        await nearest(
          `${y}-01-01`,
          `No bulletins from ${y}`,
          `The archive has no bulletin from ${y}.`,
          typed,
        ),
      );
    }
    const mm = String(asked.month).padStart(2, '0');
    const month = `${monthNames[asked.month - 1]!} ${y}`;
    const first = await store.listDates(`${y}-${mm}-01`, `${y}-${mm}-31`, 1);
    if (first[0]) return c.redirect(dateUrl(first[0].date), 302);
    return c.html(
      await nearest(
        `${y}-${mm}-01`,
        `No bulletins from ${month}`,
        `The archive has no bulletin from ${month}.`,
        typed,
      ),
    );
  });

  // example: /search/advanced?all=refugees&place=haifa&from=1940&to=1949 (redirects to
  // /search?q=refugees+place%3Ahaifa+date%3A1940..1949); with no field filled, the form
  web.get('/search/advanced', async (c) => {
    const sent = c.req.query();
    const values = Object.fromEntries(
      ADVANCED_FIELDS.map((k) => [k, (sent[k] ?? '').slice(0, 200)]),
    ) as AdvancedFields;
    const sort = ['relevance', 'date', '-date'].includes(sent.sort ?? '') ? sent.sort! : 'relevance';
    if (!ADVANCED_FIELDS.some((k) => values[k]?.trim())) {
      // Sent empty: say so; asked for the form: the form.
      const submitted = ADVANCED_FIELDS.some((k) => k in sent);
      const error = submitted ? 'Fill in at least one box.' : null;
      return c.html(advancedSearchView(site, values, sort, error), submitted ? 400 : 200);
    }
    const stats = await store.stats();
    let q: string;
    try {
      q = advancedQuery(values, {
        first: stats.firstDate?.slice(0, 4) ?? '1000',
        last: stats.lastDate?.slice(0, 4) ?? '9999',
      });
      parseQuery(q);
    } catch (err) {
      if (err instanceof AdvancedQueryError || (err instanceof ArchiveError && err.status === 400))
        return c.html(advancedSearchView(site, values, sort, err.message), 400);
      throw err;
    }
    const to = new URLSearchParams({ q });
    if (sort !== 'relevance') to.set('sort', sort);
    return c.redirect(`/search?${to}`, 302);
  });

  return web;
}
