/** Row mapping of reader corrections shared by the SQL backends: versions, and an article with a version applied. */
import { ArchiveError } from '../core/errors.js';
import type { Article } from '../core/types.js';
import type { ArticleVersion, RecentChange, VersionSnapshot } from '../corrections/corrections-types.js';
import type { ArticleDetail, StoredVersion } from './ports/correction-store.js';
import { ARTICLE_COLUMNS, articleValues, type Row } from './rows.js';

/** The article_version columns `versionValues` gives, in its order. */
export const VERSION_COLUMNS =
  'article_id, version, at, contributor, contributor_key, comment, change, status, refers_to, snapshot, detail, superseded';

/** One version's values for VERSION_COLUMNS. */
export function versionValues(v: ArticleVersion, detail: ArticleDetail | null | undefined): unknown[] {
  return [
    v.articleId,
    v.version,
    v.at,
    v.contributor,
    v.contributorKey,
    v.comment,
    v.change,
    v.status,
    v.refersTo,
    JSON.stringify(v.snapshot),
    detail ? JSON.stringify(detail) : null,
    0,
  ];
}

export function toVersion(r: Row): StoredVersion {
  return {
    articleId: r.article_id as string,
    version: Number(r.version),
    at: r.at as string,
    contributor: r.contributor as string,
    contributorKey: r.contributor_key as string,
    comment: (r.comment as string | null) ?? null,
    change: r.change as ArticleVersion['change'],
    status: r.status as ArticleVersion['status'],
    refersTo: (r.refers_to as string | null) ?? null,
    snapshot: JSON.parse(r.snapshot as string) as VersionSnapshot,
    detail: r.detail ? (JSON.parse(r.detail as string) as ArticleDetail) : null,
  };
}

/** A version without what only the store needs. */
export function publicVersion(v: StoredVersion): ArticleVersion {
  const { detail: _detail, ...rest } = v;
  return rest;
}

/** A version as a line of the archive's recent changes. */
export function recentOf(v: StoredVersion): RecentChange {
  return {
    articleId: v.articleId,
    headline: v.snapshot.headline,
    version: v.version,
    at: v.at,
    contributor: v.contributor,
    change: v.change,
    status: v.status,
    comment: v.comment,
  };
}

/** What an article's row says, as a snapshot. */
export function snapshotOf(a: Article): VersionSnapshot {
  return {
    headline: a.headline,
    kicker: a.kicker,
    byline: a.byline,
    place: a.dateline?.place ?? null,
    date: a.date,
    firstPage: a.firstPage,
    lastPage: a.lastPage,
    body: a.body,
  };
}

/**
 * The article as a snapshot has it. The printed headline follows a corrected headline; the dateline's raw
 * text follows a corrected place (the place put in for the old one, or the place alone).
 */
export function withSnapshot(a: Article, s: VersionSnapshot): Article {
  const headlineChanged = s.headline !== a.headline;
  let dateline = a.dateline;
  const oldPlace = a.dateline?.place ?? null;
  if (s.place !== oldPlace) {
    if (s.place === null) dateline = dateline ? { ...dateline, place: null } : null;
    else if (dateline && oldPlace && dateline.raw.includes(oldPlace))
      dateline = { ...dateline, raw: dateline.raw.replace(oldPlace, s.place), place: s.place };
    else
      dateline = {
        raw: s.place,
        place: s.place,
        date: dateline?.date ?? null,
        agency: dateline?.agency ?? null,
      };
  }
  return {
    ...a,
    headline: s.headline,
    headlinePrinted: headlineChanged ? s.headline : a.headlinePrinted,
    kicker: s.kicker,
    byline: s.byline,
    dateline,
    date: s.date,
    firstPage: s.firstPage,
    lastPage: s.lastPage,
    body: s.body,
  };
}

/** An article's values for ARTICLE_COLUMNS. */
export function rowValues(a: Article): unknown[] {
  const { parts, regions, ...rest } = a;
  return articleValues(
    { ...rest, references: [], ...(parts ? { parts } : {}), regions: regions ?? [] },
    a.id,
    a.editionId,
    a.date,
  );
}

/** `col = ?` for every article column but the id, for an UPDATE; the values are rowValues() without its first. */
export const ARTICLE_SET = ARTICLE_COLUMNS.split(',')
  .map((c) => c.trim())
  .filter((c) => c !== 'id');

/** A correction refused for what it asks (nothing was stored). */
export function correctionError(message: string): ArchiveError {
  return new ArchiveError('BAD_REQUEST', message);
}

/** A removed article cannot come back: its bulletin was replaced meanwhile. */
export function movedArticleError(id: string, date: string): ArchiveError {
  return new ArchiveError(
    'CONFLICT',
    `Article ${id} cannot be put back: the bulletin of ${date} it was in has been replaced since. Nothing was changed.`,
  );
}

/** No bulletin of the date a correction moves an article to. */
export function noEdition(date: string): ArchiveError {
  return correctionError(
    `There is no bulletin of ${date} to move the article to; give the date of a bulletin the archive holds.`,
  );
}

/** Refuses pages outside the article's bulletin. */
export function checkPages(s: VersionSnapshot, pages: number): void {
  if (s.lastPage > pages)
    throw correctionError(
      `The bulletin of ${s.date} has ${pages} page(s): the article cannot end on page ${s.lastPage}. Give a last page of at most ${pages}.`,
    );
}

/**
 * An article's record datestamp for OAI-PMH and sitemaps: its edition's ingest or its latest correction that
 * changed it (live or since reverted), in whole seconds. `greatest` is the backend's two-argument maximum
 * (SQLite max, PostgreSQL greatest). Needs the article as `a` and its edition as `e`.
 */
export function recordStampSql(greatest: 'max' | 'greatest'): string {
  return `${greatest}(e.ingested_at, coalesce((SELECT substr(max(v.at), 1, 19) || 'Z' FROM article_version v
    WHERE v.article_id = a.id AND v.superseded = 0 AND v.version > 1 AND v.status IN ('live', 'reverted')), ''))`;
}
