/**
 * Reader corrections (issue #19, docs/adr/0011): checks what a correction asks, then records it as a new
 * version of the article in one transaction of the store (the plans in correction-plans.ts decide what
 * is written). Also the history, moderation (revert, review, lock, ban) and the contributor keys.
 */
import { createHmac } from 'node:crypto';
import { isIsoDate } from '../core/dates.js';
import { ArchiveError } from '../core/errors.js';
import { publicVersion } from '../store/correction-rows.js';
import type { CorrectionStore, ReadingViews } from '../store/ports.js';
import {
  ORIGINAL_CONTRIBUTOR,
  originalVersion,
  type PlanContext,
  planCorrection,
  planRevert,
  planReview,
} from './correction-plans.js';
import type {
  ArticleVersion,
  Contributor,
  CorrectionInput,
  CorrectionResult,
  CorrectionsPort,
  RecentChange,
} from './corrections-types.js';

export { ORIGINAL_CONTRIBUTOR };

export interface CorrectionLimits {
  /** Corrections one contributor key may make a minute (admins are not counted). */
  perMinute: number;
  /** The largest correction, in bytes of its text fields. */
  maxBytes: number;
}

export const defaultCorrectionLimits: CorrectionLimits = { perMinute: 10, maxBytes: 200_000 };

const bad = (message: string) => new ArchiveError('BAD_REQUEST', message);
const TEXT_FIELDS = ['headline', 'kicker', 'byline', 'place'] as const;

/** Checks a correction's shape and sizes before anything is read; returns it with its text normalised. */
export function checkInput(input: CorrectionInput, maxBytes: number): CorrectionInput {
  if (typeof input !== 'object' || input === null)
    throw bad('A correction is a JSON object: {"text": "…"} or other fields.');
  const bytes = Object.values(input).reduce<number>(
    (n, v) =>
      n +
      (typeof v === 'string'
        ? Buffer.byteLength(v)
        : v && typeof v === 'object'
          ? Buffer.byteLength(JSON.stringify(v))
          : 8),
    0,
  );
  if (bytes > maxBytes)
    throw new ArchiveError(
      'TOO_LARGE',
      `The correction is ${Math.ceil(bytes / 1000)} kB; at most ${Math.floor(maxBytes / 1000)} kB is accepted. Correct a part of the article at a time.`,
    );
  const out: CorrectionInput = { ...input };
  const structural = Number(input.split !== undefined) + Number(input.merge !== undefined);
  const fields = ['text', ...TEXT_FIELDS, 'date', 'firstPage', 'lastPage'].filter(
    (k) => (input as Record<string, unknown>)[k] !== undefined,
  );
  if (structural + (fields.length > 0 ? 1 : 0) !== 1)
    throw bad(
      'A correction gives changed fields (text, headline, kicker, byline, place, date, firstPage, lastPage), or a split, or a merge: one of the three.',
    );
  if (input.text !== undefined) {
    if (typeof input.text !== 'string')
      throw bad('text must be a string: the whole body, paragraphs separated by a blank line.');
    out.text = input.text.replace(/\r\n?/g, '\n').trim();
  }
  for (const k of TEXT_FIELDS) {
    const v = input[k];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') throw bad(`${k} must be a string (or null to clear it).`);
    const t = v === null ? null : v.replace(/\s+/g, ' ').trim();
    if (t !== null && t.length > 500) throw bad(`${k} is ${t.length} characters; at most 500.`);
    if (k === 'headline') {
      if (!t) throw bad('headline cannot be empty: an article needs a headline.');
      out.headline = t;
    } else out[k] = t || null;
  }
  if (input.date !== undefined && (typeof input.date !== 'string' || !isIsoDate(input.date)))
    throw bad(`date must be a date as YYYY-MM-DD; got ${JSON.stringify(input.date)}.`);
  for (const k of ['firstPage', 'lastPage'] as const) {
    const v = input[k];
    if (v !== undefined && (!Number.isInteger(v) || v < 1 || v > 10_000))
      throw bad(`${k} must be a page number (1 or more).`);
  }
  if (input.split !== undefined) {
    if (typeof input.split !== 'object' || input.split === null || !Number.isInteger(input.split.paragraph))
      throw bad(
        'split must be {"paragraph": N}: the new article starts at paragraph N (0-based, 1 or more).',
      );
    if (input.split.headline !== undefined && typeof input.split.headline !== 'string')
      throw bad('split.headline must be a string.');
  }
  if (input.merge !== undefined && input.merge !== 'next')
    throw bad('merge must be "next": the article takes in the next one.');
  if (input.baseVersion !== undefined && (!Number.isInteger(input.baseVersion) || input.baseVersion < 1))
    throw bad('baseVersion must be the version number you started from (1 or more).');
  for (const [k, max] of [
    ['contributor', 100],
    ['comment', 1000],
  ] as const) {
    const v = input[k];
    if (v !== undefined && typeof v !== 'string') throw bad(`${k} must be a string.`);
    if (typeof v === 'string' && v.length > max) throw bad(`${k} is ${v.length} characters; at most ${max}.`);
  }
  return out;
}

export class CorrectionsService implements CorrectionsPort {
  private secret: Promise<string> | null = null;
  /** The time of the last correction made here, in ms: each gets a later one (see context()). */
  private lastAt = 0;

  constructor(
    private readonly store: CorrectionStore,
    private readonly articles: Pick<ReadingViews, 'getArticle' | 'getEditionById'>,
    private readonly limits: CorrectionLimits = defaultCorrectionLimits,
  ) {}

  /** The contributor key of a client address: a keyed hash (HMAC-SHA256 with the archive's secret), never the address. */
  async keyFor(address: string): Promise<string> {
    this.secret ??= this.store.secret();
    const secret = await this.secret;
    return `k-${createHmac('sha256', secret).update(address).digest('hex').slice(0, 20)}`;
  }

  /** Where a merged (or un-split) article's id leads now, following several steps; null when it was never merged. */
  async movedTo(articleId: string): Promise<string | null> {
    let id = articleId;
    for (let i = 0; i < 10; i++) {
      const next = await this.store.aliasOf(id);
      if (!next) break;
      id = next;
      if (await this.articles.getArticle(id)) return id;
    }
    return id === articleId ? null : id;
  }

  private context(
    who: Contributor,
    input: { contributor?: string; comment?: string },
  ): Omit<PlanContext, 'articleId'> {
    // The versions of one correction share its time, and the rate limit counts distinct times of a key:
    // two corrections within one millisecond must not count as one.
    this.lastAt = Math.max(Date.now(), this.lastAt + 1);
    return {
      who,
      name: input.contributor?.trim() || 'anonymous',
      comment: input.comment?.trim() || null,
      at: new Date(this.lastAt).toISOString(),
      perMinute: this.limits.perMinute,
    };
  }

  /** An article that is not there: gone into another (say which) or never there. */
  private async missing(articleId: string): Promise<ArchiveError> {
    const to = await this.movedTo(articleId);
    return to
      ? new ArchiveError('NOT_FOUND', `Article ${articleId} was merged into article ${to}; correct that one.`)
      : new ArchiveError('NOT_FOUND', `There is no article ${articleId}. Check the id (YYYYMMDD-xxxxxx).`);
  }

  async correct(articleId: string, input: CorrectionInput, who: Contributor): Promise<CorrectionResult> {
    const checked = checkInput(input, this.limits.maxBytes);
    if (!(await this.articles.getArticle(articleId))) throw await this.missing(articleId);
    const ctx = { ...this.context(who, checked), articleId };
    const { result, newArticleId } = await this.store.apply(
      articleId,
      { contributorKey: who.key, ...(checked.merge ? { other: 'next' as const } : {}) },
      (st) => planCorrection(st, checked, ctx),
    );
    const version = result.refersTo === '@new' ? { ...result, refersTo: newArticleId } : result;
    return { version: strip(version), articleId, ...(newArticleId ? { newArticleId } : {}) };
  }

  async history(articleId: string): Promise<ArticleVersion[]> {
    const stored = await this.store.versions(articleId);
    if (stored.length > 0) return stored.map(publicVersion);
    const a = await this.articles.getArticle(articleId);
    if (!a) throw await this.missing(articleId);
    const edition = await this.articles.getEditionById(a.editionId);
    return [strip(originalVersion(a, edition?.ingestedAt ?? null))];
  }

  async version(articleId: string, version: number): Promise<ArticleVersion | null> {
    const all = await this.history(articleId).catch((err) => {
      if (err instanceof ArchiveError && err.code === 'NOT_FOUND') return [];
      throw err;
    });
    return all.find((v) => v.version === version) ?? null;
  }

  async recent(limit: number): Promise<RecentChange[]> {
    return this.store.recent(Math.max(1, Math.min(limit, 500)));
  }

  async revert(articleId: string, version: number, who: Contributor): Promise<CorrectionResult> {
    const versions = await this.store.versions(articleId);
    const target = versions.find((v) => v.version === version);
    if (!(await this.articles.getArticle(articleId))) throw await this.missing(articleId);
    const other = target && (target.change === 'split' || target.change === 'merge') ? target.refersTo : null;
    const ctx = { ...this.context(who, {}), articleId };
    const { result } = await this.store.apply(
      articleId,
      { contributorKey: who.key, ...(other ? { other } : {}) },
      (st) => planRevert(st, version, ctx),
    );
    return { version: strip(result), articleId };
  }

  async review(
    articleId: string,
    version: number,
    accept: boolean,
    who: Contributor,
  ): Promise<CorrectionResult> {
    if (!(await this.articles.getArticle(articleId))) throw await this.missing(articleId);
    const { result } = await this.store.apply(articleId, { contributorKey: who.key }, (st) =>
      planReview(st, version, accept, articleId),
    );
    return { version: strip(result), articleId };
  }

  async lock(articleId: string, locked: boolean): Promise<void> {
    if (!(await this.articles.getArticle(articleId))) throw await this.missing(articleId);
    await this.store.setLock(articleId, locked);
  }

  async isLocked(articleId: string): Promise<boolean> {
    return this.store.isLocked(articleId);
  }

  async ban(contributorKey: string, banned: boolean): Promise<void> {
    if (!/^k-[0-9a-f]{20}$/.test(contributorKey))
      throw bad(
        `"${contributorKey}" is not a contributor key; keys look like k- and 20 hex digits (see a version's contributorKey).`,
      );
    await this.store.setBan(contributorKey, banned);
  }

  async held(limit: number): Promise<ArticleVersion[]> {
    return this.store.held(Math.max(1, Math.min(limit, 500)));
  }
}

/** A version as the port gives it: no store-only fields. */
function strip(v: ArticleVersion & { captureDetail?: boolean; detail?: unknown }): ArticleVersion {
  const { captureDetail: _c, detail: _d, ...rest } = v;
  return rest;
}
