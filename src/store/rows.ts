/** Row mapping shared by the SQL backends: both name their columns the same. */
import { articleSlug } from '../core/ids.js';
import type { Article, ArticleDraft, ArticleRegion, Edition } from '../core/types.js';
import { wordCount } from '../text/normalize.js';
import type { ArticleSummary, SearchHit } from './ports.js';

export type Row = Record<string, unknown>;

export const SUMMARY_COLUMNS = `a.id, a.slug, a.date, a.ordinal, a.headline, a.kicker, a.first_page, a.last_page,
  substr(a.body, 1, 240) AS teaser`;

export function toEdition(r: Row): Edition {
  return {
    id: r.id as number,
    titleId: r.title_id as number,
    date: r.date as string,
    volume: (r.volume as string | null) ?? null,
    number: (r.number as string | null) ?? null,
    pageCount: r.page_count as number,
    sourceHash: r.source_hash as string,
    sourceName: r.source_name as string,
    pdfKey: r.pdf_key as string,
    ingestedAt: r.ingested_at as string,
    language: (r.language as string | null) ?? null,
  };
}

export function toArticle(r: Row): Article {
  return {
    id: r.id as string,
    editionId: r.edition_id as number,
    date: r.date as string,
    ordinal: r.ordinal as number,
    slug: r.slug as string,
    headlinePrinted: r.headline_printed as string,
    headline: r.headline as string,
    kicker: (r.kicker as string | null) ?? null,
    byline: (r.byline as string | null) ?? null,
    dateline: r.dateline_raw
      ? {
          raw: r.dateline_raw as string,
          place: (r.dateline_place as string | null) ?? null,
          date: (r.dateline_date as string | null) ?? null,
          agency: (r.dateline_agency as string | null) ?? null,
        }
      : null,
    body: r.body as string,
    firstPage: r.first_page as number,
    lastPage: r.last_page as number,
    wordCount: r.word_count as number,
    credit: (r.credit as string | null) ?? null,
    parts: r.parts ? (JSON.parse(r.parts as string) as Article['parts']) : null,
    regions: r.regions ? (JSON.parse(r.regions as string) as Article['regions']) : null,
    kind: ((r.kind as string | null) ?? 'article') as Article['kind'],
  };
}

export function toSummary(r: Row): ArticleSummary {
  const raw = String(r.teaser ?? '');
  const teaser = raw.replace(/\s+/g, ' ');
  return {
    id: r.id as string,
    slug: r.slug as string,
    date: r.date as string,
    ordinal: r.ordinal as number,
    headline: r.headline as string,
    kicker: (r.kicker as string | null) ?? null,
    firstPage: r.first_page as number,
    lastPage: r.last_page as number,
    // The teaser is the body's first 240 characters: cut back to a whole word when the body went on.
    teaser: raw.length >= 240 ? `${teaser.replace(/\s+\S*$/, '')}…` : teaser,
  };
}

/** A search hit from a row of either index; `score` is already higher-is-better. */
export function toHit(r: Row, score: number): SearchHit {
  return {
    id: r.id as string,
    slug: r.slug as string,
    date: r.date as string,
    headline: r.headline as string,
    kicker: (r.kicker as string | null) ?? null,
    place: (r.dateline_place as string | null) ?? null,
    page: r.first_page as number,
    // The search service cuts the snippet from the body (SearchCapabilities.snippets 'text').
    snippet: '',
    text: r.body as string,
    score: Math.round(score * 1000) / 1000,
  };
}

/** One statement (so one snapshot) with every edition's recorded and actual counts; both backends run it. */
export const CENSUS_SQL = `SELECT e.date, e.page_count AS "pageCount", e.pdf_key AS "pdfKey", e.source_hash AS "sourceHash",
   e.source_kind AS "sourceKind",
   (SELECT count(*) FROM page p WHERE p.edition_id = e.id) AS pages,
   coalesce((SELECT min(p.number) FROM page p WHERE p.edition_id = e.id), 0) AS "firstPage",
   coalesce((SELECT max(p.number) FROM page p WHERE p.edition_id = e.id), 0) AS "lastPage",
   (SELECT count(*) FROM article a WHERE a.edition_id = e.id) AS articles,
   (SELECT count(*) FROM article a WHERE a.edition_id = e.id
      AND (a.first_page < 1 OR a.last_page > e.page_count OR a.first_page > a.last_page)) AS "articlesOffPage"
 FROM edition e ORDER BY e.date, e.title_id`;

/** The source kind an edition is stored with (EditionInput.sourceKind). */
export function sourceKindOf(input: { sourceKind?: string; pdfKey: string; sourceHash: string }): string {
  return input.sourceKind ?? (input.pdfKey === input.sourceHash ? 'pdf' : 'derived');
}

/**
 * References whose target article is gone; both backends run it. A target a reader merged into another
 * article is not gone: its id leads there (article_alias, migration 14).
 */
export const DANGLING_SQL = `SELECT r.source_id AS "sourceId", r.ordinal, r.target_id AS "targetId"
 FROM reference r LEFT JOIN article a ON a.id = r.target_id
 WHERE r.target_id IS NOT NULL AND a.id IS NULL
   AND NOT EXISTS (SELECT 1 FROM article_alias x WHERE x.old_id = r.target_id)
 ORDER BY r.source_id, r.ordinal`;

/** The article columns both stores write, in the order `articleValues` gives them. */
export const ARTICLE_COLUMNS = `id, edition_id, date, ordinal, slug, headline_printed, headline, kicker, byline,
  dateline_raw, dateline_place, dateline_date, dateline_agency, body, first_page, last_page, word_count, credit, parts,
  regions, kind`;

/** How many columns ARTICLE_COLUMNS names. */
export const ARTICLE_COLUMN_COUNT = 21;

/** One article's values for ARTICLE_COLUMNS. */
export function articleValues(a: ArticleDraft, id: string, editionId: number, date: string): unknown[] {
  return [
    id,
    editionId,
    date,
    a.ordinal,
    articleSlug(a.headline, id),
    a.headlinePrinted,
    a.headline,
    a.kicker,
    a.byline,
    a.dateline?.raw ?? null,
    a.dateline?.place ?? null,
    a.dateline?.date ?? null,
    a.dateline?.agency ?? null,
    a.body,
    a.firstPage,
    a.lastPage,
    wordCount(a.body),
    a.credit ?? null,
    a.parts && a.parts.length > 1 ? JSON.stringify(a.parts) : null,
    a.regions && a.regions.length > 0 ? JSON.stringify(a.regions.map(regionValue)) : null,
    a.kind ?? 'article',
  ];
}

/** A region as stored: its five fields only, points to a hundredth (well below a pixel of any page image). */
function regionValue(r: ArticleRegion): ArticleRegion {
  const c = (v: number) => Math.round(v * 100) / 100;
  return { page: r.page, x: c(r.x), y: c(r.y), w: c(r.w), h: c(r.h) };
}
