/** Runs a reader's search: validates parameters, parses the query, asks the index, shapes the page. */
import { createHash } from 'node:crypto';
import { ArchiveError } from '../core/errors.js';
import { MARK_END, MARK_START, type SearchHit, type SearchIndex, type SortOrder } from '../store/ports.js';
import { parseQuery } from './query.js';
import { searchParamsSchema, validate } from './search-params.js';

export interface SearchParams {
  q: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
  cursor?: string;
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
  /** Opaque cursor of the next page, or null on the last. */
  nextCursor: string | null;
}

/** Sums year counts into decades. */
export function decadesOf(years: { year: number; count: number }[]): { decade: number; count: number }[] {
  const m = new Map<number, number>();
  for (const y of years)
    m.set(Math.floor(y.year / 10) * 10, (m.get(Math.floor(y.year / 10) * 10) ?? 0) + y.count);
  return [...m.entries()].map(([decade, count]) => ({ decade, count }));
}

interface Cursor {
  /** Offset into the result list. */
  o: number;
  /** Fingerprint of the search the cursor belongs to. */
  k: string;
}

function fingerprint(
  q: string,
  from: string | null,
  to: string | null,
  sort: string,
  pageSize: number,
): string {
  return createHash('sha256')
    .update(JSON.stringify([q, from, to, sort, pageSize]))
    .digest('base64url')
    .slice(0, 10);
}

/** Validates the parameters of a search, or throws BAD_REQUEST / BAD_QUERY naming the one at fault. */
export function normaliseParams(p: SearchParams) {
  const v = validate(searchParamsSchema, {
    ...Object.fromEntries(Object.entries(p).filter(([, x]) => x !== undefined && x !== '')),
    q: p.q ?? '',
  });
  const widen = (d: string | undefined, end: boolean) =>
    !d ? null : /^\d{4}$/.test(d) ? `${d}-${end ? '12-31' : '01-01'}` : d;
  const from = widen(v.from, false);
  const to = widen(v.to, true);
  if (from && to && from > to)
    throw new ArchiveError('BAD_REQUEST', `"from" (${from}) is after "to" (${to}); swap them.`);
  const sort: SortOrder = v.sort ?? 'relevance';
  const q = (v.q ?? '').trim();
  const pageSize = v.pageSize ?? 20;
  let page = v.page ?? 1;
  const key = fingerprint(q, from, to, sort, pageSize);
  if (v.cursor) {
    let c: Cursor;
    try {
      c = JSON.parse(Buffer.from(v.cursor, 'base64url').toString('utf8')) as Cursor;
    } catch {
      throw new ArchiveError(
        'BAD_REQUEST',
        '"cursor" is not a cursor this archive issued; start again without it.',
      );
    }
    if (c.k !== key || !Number.isInteger(c.o) || c.o < 0 || c.o % pageSize !== 0) {
      throw new ArchiveError(
        'BAD_REQUEST',
        '"cursor" belongs to another search (or another pageSize); start again without it.',
      );
    }
    page = c.o / pageSize + 1;
  }
  return { q, from, to, sort, page, pageSize, key };
}

/** The cursor of the page after `page`, or null at the end. */
function nextCursor(key: string, page: number, pageSize: number, total: number): string | null {
  if (page * pageSize >= total) return null;
  return Buffer.from(JSON.stringify({ o: page * pageSize, k: key } satisfies Cursor)).toString('base64url');
}

export class SearchService {
  constructor(private readonly index: SearchIndex) {}

  async search(params: SearchParams): Promise<SearchPage> {
    const p = normaliseParams(params);
    const parsed = parseQuery(p.q);
    const { total, hits, years } = await this.index.search({
      query: parsed,
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
      nextCursor: nextCursor(p.key, p.page, p.pageSize, total),
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
