/** Runs a reader's search: validates parameters, parses the query, asks the index, shapes the page. */
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { MARK_END, MARK_START, type SearchHit, type SearchIndex, type SortOrder } from '../store/ports.js';
import { parseQuery, toFts5 } from './query.js';

export interface SearchParams {
  q: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
}

export interface SearchPage {
  query: string;
  from: string | null;
  to: string | null;
  sort: SortOrder;
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hits: SearchHit[];
  /** Matches per year over the whole result. */
  years: { year: number; count: number }[];
  /** Matches per decade (1970 for the 1970s) over the whole result. */
  decades: { decade: number; count: number }[];
}

/** Sums year counts into decades. */
export function decadesOf(years: { year: number; count: number }[]): { decade: number; count: number }[] {
  const m = new Map<number, number>();
  for (const y of years)
    m.set(Math.floor(y.year / 10) * 10, (m.get(Math.floor(y.year / 10) * 10) ?? 0) + y.count);
  return [...m.entries()].map(([decade, count]) => ({ decade, count }));
}

export const MAX_PAGE_SIZE = 100;

function int(
  value: string | number | undefined,
  name: string,
  dflt: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return dflt;
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ArchiveError(
      'BAD_REQUEST',
      `"${name}" must be a whole number from ${min} to ${max}; got "${value}".`,
    );
  }
  return n;
}

function date(value: string | undefined, name: string): string | null {
  if (value === undefined || value === '') return null;
  if (/^\d{4}$/.test(value)) return name === 'from' ? `${value}-01-01` : `${value}-12-31`;
  if (!isIsoDate(value))
    throw new ArchiveError(
      'BAD_REQUEST',
      `"${name}" must be a date as YYYY-MM-DD (or a year); got "${value}".`,
    );
  return value;
}

/** Validates the parameters of a search, or throws BAD_REQUEST / BAD_QUERY naming the one at fault. */
export function normaliseParams(p: SearchParams) {
  const sort = (p.sort || 'relevance') as SortOrder;
  if (!['relevance', 'date', '-date'].includes(sort)) {
    throw new ArchiveError('BAD_REQUEST', `"sort" must be relevance, date or -date; got "${p.sort}".`);
  }
  const from = date(p.from, 'from');
  const to = date(p.to, 'to');
  if (from && to && from > to)
    throw new ArchiveError('BAD_REQUEST', `"from" (${from}) is after "to" (${to}); swap them.`);
  return {
    q: (p.q ?? '').trim(),
    from,
    to,
    sort,
    page: int(p.page, 'page', 1, 1, 1_000_000),
    pageSize: int(p.pageSize, 'pageSize', 20, 1, MAX_PAGE_SIZE),
  };
}

export class SearchService {
  constructor(private readonly index: SearchIndex) {}

  async search(params: SearchParams): Promise<SearchPage> {
    const p = normaliseParams(params);
    const parsed = parseQuery(p.q);
    const { total, hits, years } = await this.index.search({
      match: toFts5(parsed),
      from: p.from ?? undefined,
      to: p.to ?? undefined,
      sort: p.sort,
      offset: (p.page - 1) * p.pageSize,
      limit: p.pageSize,
    });
    return {
      query: p.q,
      from: p.from,
      to: p.to,
      sort: p.sort,
      total,
      page: p.page,
      pageSize: p.pageSize,
      pages: Math.max(1, Math.ceil(total / p.pageSize)),
      hits,
      years,
      decades: decadesOf(years),
    };
  }
}

/** Escapes text for HTML. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A snippet as safe HTML: the text escaped, the match markers turned into <mark>. */
export function snippetHtml(snippet: string): string {
  return escapeHtml(snippet).replaceAll(MARK_START, '<mark>').replaceAll(MARK_END, '</mark>');
}

/** A snippet as plain text with the matches in «» removed: for JSON, markers become <mark> in an escaped string. */
export function snippetForApi(snippet: string): string {
  return snippetHtml(snippet);
}
