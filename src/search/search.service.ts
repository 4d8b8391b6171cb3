/** Runs a reader's search: validates parameters, parses the query, asks the index, shapes the page. */
import { createHash } from 'node:crypto';
import { ArchiveError } from '../core/errors.js';
import type {
  RelatedIndex,
  SearchHit,
  SearchIndex,
  SearchRequest,
  SearchResult,
  SortOrder,
} from '../store/ports.js';
import { tokens } from '../text/normalize.js';
import { anyOfWords, type ParsedQuery, parseQuery } from './query.js';
import { searchParamsSchema, validate, widenDate } from './search-params.js';
import { makeSnippet } from './snippet.js';
import { expandQuery, type Variant, VariantFinder } from './variants.js';

export interface SearchParams {
  q: string;
  from?: string;
  to?: string;
  sort?: string;
  page?: string | number;
  pageSize?: string | number;
  cursor?: string;
  day?: string;
  variants?: string;
}

/** A hit with the variants of the query's words that it matched. */
export interface PageHit extends SearchHit {
  variants: Variant[];
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
  hits: PageHit[];
  /** Matches per dateline place, most first. */
  places: { place: string; count: number }[];
  /** MM-DD when the search is for one day in any year. */
  day: string | null;
  /** What variant matching did: off, on (asked for), fallback (the words alone found too little). */
  variantMode: 'off' | 'on' | 'fallback';
  /** The variants searched for, with how each was found. */
  variants: Variant[];
  /** How many articles the words alone match, where variants were searched after them (fallback); else null. */
  exactTotal: number | null;
  /** Matches per year over the whole result. */
  years: { year: number; count: number }[];
  /** Matches per decade (1970 for the 1970s) over the whole result. */
  decades: { decade: number; count: number }[];
  /** Opaque cursor of the next page, or null on the last. */
  nextCursor: string | null;
  /** True when total, years, decades and places are estimates (the top-k layer's sample): shown as "about". */
  estimated: boolean;
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
  const from = widenDate(v.from, false) ?? null;
  const to = widenDate(v.to, true) ?? null;
  if (from && to && from > to)
    throw new ArchiveError('BAD_REQUEST', `"from" (${from}) is after "to" (${to}); swap them.`);
  const sort: SortOrder = v.sort ?? 'relevance';
  const q = (v.q ?? '').trim();
  const pageSize = v.pageSize ?? 20;
  let page = v.page ?? 1;
  const day = v.day ?? null;
  const variants = v.variants ?? 'auto';
  const key = fingerprint(`${q}|${day}|${variants}`, from, to, sort, pageSize);
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
    // A cursor that parses may still be any JSON ("null", a number, a list): check its shape first.
    if (
      typeof c !== 'object' ||
      c === null ||
      c.k !== key ||
      !Number.isInteger(c.o) ||
      c.o < 0 ||
      c.o % pageSize !== 0
    ) {
      throw new ArchiveError(
        'BAD_REQUEST',
        '"cursor" belongs to another search (or another pageSize); start again without it.',
      );
    }
    page = c.o / pageSize + 1;
  }
  return { q, from, to, sort, page, pageSize, key, day, variants };
}

/** The cursor of the page after `page`, or null at the end. */
function nextCursor(key: string, page: number, pageSize: number, total: number): string | null {
  if (page * pageSize >= total) return null;
  return Buffer.from(JSON.stringify({ o: page * pageSize, k: key } satisfies Cursor)).toString('base64url');
}

/** How long an article page waits for the archive's first vocabulary before showing no related articles. */
const FIRST_VOCABULARY_WAIT_MS = 1000;

/** At most this many postings (articles per word, summed) are ranked to find an article's related ones. */
const RELATED_POSTINGS = 5000;

/** Fewer matches than this and `variants=auto` tries the variants too. */
export const FEW_RESULTS = 3;

/** The later of two optional ISO dates, and the earlier. */
const later = (a: string | null, b: string | null) => (a && b ? (a > b ? a : b) : (a ?? b));
const earlier = (a: string | null, b: string | null) => (a && b ? (a < b ? a : b) : (a ?? b));

/** The folded words a snippet marks as matches, and the headline's words. */
function matchedWords(hit: SearchHit): Set<string> {
  const marked = [...hit.snippet.matchAll(/\uE000([^\uE001]*)\uE001/g)].flatMap((m) => tokens(m[1]!));
  return new Set([...marked, ...tokens(hit.headline)]);
}

export class SearchService {
  private finder: { generation: string; finder: Promise<VariantFinder> } | null = null;

  /**
   * @param relatedIndex ranks an article page's related articles without a search's facets and snippets
   *   (the archive's is given by app.ts); without it they are found by a search of the same words.
   */
  constructor(
    private readonly index: SearchIndex,
    private readonly relatedIndex: RelatedIndex | null = null,
  ) {}

  /** Asks the index; where it gives the hits' bodies (capabilities.snippets 'text'), cuts their snippets. */
  private async ask(req: SearchRequest): Promise<SearchResult> {
    const r = await this.index.search(req);
    if (this.index.capabilities.snippets === 'engine') return r;
    const hits = r.hits.map(({ text, ...hit }) => ({ ...hit, snippet: makeSnippet(text ?? '', req.query) }));
    return { ...r, hits };
  }

  /** The finder last completed, of any generation: near enough for choosing related articles. */
  private ready: VariantFinder | null = null;

  /** The variant finder for the index as it is now, rebuilt only when the index has changed. */
  private async variantFinder(): Promise<VariantFinder> {
    const generation = await this.index.generation();
    if (this.finder?.generation !== generation) {
      const finder = this.index.vocabulary().then((v) => new VariantFinder(v));
      this.finder = { generation, finder };
      finder.then(
        (f) => {
          this.ready = f;
        },
        () => {
          // A failed read is retried by the next search that needs the vocabulary.
          if (this.finder?.finder === finder) this.finder = null;
        },
      );
    }
    return this.finder.finder;
  }

  /**
   * A finder without waiting: the current one if built, else the last one built (and the current one
   * started); null only before the first is ready. Reading the vocabulary takes seconds on a large
   * PostgreSQL archive (ts_stat reads every vector), which an article page must not wait for.
   */
  private async finderNow(): Promise<VariantFinder | null> {
    const current = this.variantFinder().catch(() => null);
    if (this.ready) return this.ready;
    // The very first one: wait a moment (a small archive's vocabulary is read in milliseconds), no more.
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((r) => {
      timer = setTimeout(() => r(null), FIRST_VOCABULARY_WAIT_MS);
    });
    const f = await Promise.race([current, late]);
    clearTimeout(timer);
    return f;
  }

  /** Every indexed word with its number of articles, cached until the index changes. */
  async vocabulary(): Promise<VariantFinder> {
    return this.variantFinder();
  }

  /**
   * Articles related to one: those sharing its rarest words (each found in at least one other article),
   * with its dateline place as one more word to share. One OR query; no per-request term statistics.
   */
  async related(
    article: { id: string; headline: string; body: string; dateline: { place: string | null } | null },
    limit = 5,
  ): Promise<SearchHit[]> {
    const finder = await this.finderNow();
    if (!finder) return [];
    const words = [...new Set(tokens(`${article.headline} ${article.body}`))].filter(
      (w) => w.length > 3 && !/^\d+$/.test(w),
    );
    const rare = words
      .map((w) => [w, finder.documentFrequency(w)] as const)
      .filter(([, df]) => df >= 2)
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
      .slice(0, 12);
    // Ranking reads every posting of the words asked for: the rarest words up to a budget of postings keep
    // an article page's cost bounded however large the archive grows (docs/performance.md).
    let postings = 0;
    const within = rare.filter(([, df], i) => {
      postings += df;
      return i === 0 || postings <= RELATED_POSTINGS;
    });
    if (within.length === 0) return [];
    const query = anyOfWords(within.map(([w]) => w));
    // Three times as many as shown, and one for the article itself: the same place's are moved up from them.
    const asked = limit * 3 + 1;
    // No snippets: the list shows headlines and dates.
    const hits = this.relatedIndex
      ? await this.relatedIndex.bestMatches(query, asked)
      : (await this.index.search({ query, sort: 'relevance', offset: 0, limit: asked, facets: false })).hits;
    // Among the best by shared rare words, those filed from the same place come first.
    const place = article.dateline?.place ?? null;
    const others = hits.filter((h) => h.id !== article.id);
    const same = place ? others.filter((h) => h.place === place) : [];
    return [...same, ...others.filter((h) => !same.includes(h))].slice(0, limit);
  }

  async search(params: SearchParams): Promise<SearchPage> {
    const p = normaliseParams(params);
    const parsed = parseQuery(p.q);
    const from = later(p.from, parsed.from);
    const to = earlier(p.to, parsed.to);
    if (from && to && from > to) {
      throw new ArchiveError('BAD_REQUEST', `The dates asked for do not overlap (${from} is after ${to}).`);
    }
    const day = parsed.day ?? p.day;
    const run = (query: ParsedQuery, offset = (p.page - 1) * p.pageSize, limit = p.pageSize) =>
      this.ask({
        query,
        from: from ?? undefined,
        to: to ?? undefined,
        day: day ?? undefined,
        sort: p.sort,
        offset,
        limit,
      });
    let result = p.variants === 'on' ? null : await run(parsed);
    let variants: Variant[] = [];
    let variantMode: SearchPage['variantMode'] = 'off';
    let exactTotal: number | null = null;
    if (p.variants === 'on') {
      const expanded = expandQuery(parsed, await this.variantFinder());
      result = await run(expanded.query);
      variants = expanded.variants;
      variantMode = 'on';
    } else if (p.variants === 'auto' && result!.total < FEW_RESULTS) {
      const expanded = expandQuery(parsed, await this.variantFinder());
      if (expanded.variants.length > 0) {
        // The few exact matches come first, then what only the variants found.
        const offset = (p.page - 1) * p.pageSize;
        const exact = offset === 0 ? result!.hits : (await run(parsed, 0, FEW_RESULTS)).hits;
        const wider = await run(expanded.query, 0, offset + p.pageSize + exact.length);
        if (wider.total > result!.total) {
          const seen = new Set(exact.map((h) => h.id));
          const merged = [...exact, ...wider.hits.filter((h) => !seen.has(h.id))];
          // The words alone, counted before the wider result takes their place.
          exactTotal = result!.total;
          result = { ...wider, hits: merged.slice(offset, offset + p.pageSize) };
          variants = expanded.variants;
          variantMode = 'fallback';
        }
      }
    }
    const { total, hits, years, places } = result!;
    const byTerm = new Map(variants.map((v) => [v.term, v]));
    return {
      query: p.q,
      from,
      to,
      day: day ?? null,
      sort: p.sort,
      total,
      page: p.page,
      pageSize: p.pageSize,
      pages: Math.max(1, Math.ceil(total / p.pageSize)),
      hits: hits.map((h) => ({
        ...h,
        variants: byTerm.size ? [...matchedWords(h)].flatMap((w) => byTerm.get(w) ?? []) : [],
      })),
      places,
      variantMode,
      exactTotal,
      variants,
      years,
      decades: decadesOf(years),
      nextCursor: nextCursor(p.key, p.page, p.pageSize, total),
      estimated: result!.estimated === true,
    };
  }
}
