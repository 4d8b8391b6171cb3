/**
 * What each correction writes, as pure functions of the state the store read in the correction's
 * transaction (store/ports/correction-store.ts): checks (lock, ban, rate, base version), the versions to
 * record and the article's new reading. No I/O, so the rules are read and tested here in one place.
 */
import { ArchiveError } from '../core/errors.js';
import { splitArticleIds } from '../core/ids.js';
import type { Article } from '../core/types.js';
import { snapshotOf } from '../store/correction-rows.js';
import {
  type CorrectionState,
  type CorrectionWrites,
  NEW_ARTICLE,
  type NewVersion,
  originalTextOf,
  type StoredVersion,
} from '../store/ports.js';
import { tokens } from '../text/normalize.js';
import type {
  ArticleVersion,
  ChangeKind,
  Contributor,
  CorrectionFields,
  CorrectionInput,
  VersionSnapshot,
} from './corrections-types.js';

/** Who made the first version: the machine's reading of the scan. */
export const ORIGINAL_CONTRIBUTOR = 'original reading';

/** What a plan is given besides the state. */
export interface PlanContext {
  articleId: string;
  who: Contributor;
  /** The contributor's name ("anonymous" when none was given). */
  name: string;
  comment: string | null;
  at: string;
  perMinute: number;
}

export type Plan = { writes: CorrectionWrites; result: ArticleVersion };

const notFound = (id: string) =>
  new ArchiveError(
    'NOT_FOUND',
    `There is no article ${id}. Check the id (YYYYMMDD-xxxxxx), or find it by searching.`,
  );

/** Version 1 of an article without versions: its row as ingested. */
export function originalVersion(a: Article, at: string | null): NewVersion {
  return {
    articleId: a.id,
    version: 1,
    at: at ?? new Date(0).toISOString(),
    contributor: ORIGINAL_CONTRIBUTOR,
    contributorKey: '',
    comment: null,
    change: 'original',
    status: 'live',
    refersTo: null,
    snapshot: snapshotOf(a),
  };
}

/** The article's versions with version 1 made when it has none yet (added to `writes`). */
function withOriginal(a: Article, versions: StoredVersion[], at: string | null, writes: CorrectionWrites) {
  if (versions.length > 0) return versions;
  const v1 = originalVersion(a, at);
  writes.versions.push(v1);
  return [{ ...v1, detail: null }];
}

const newest = (vs: ArticleVersion[]) => vs.reduce((n, v) => Math.max(n, v.version), 0);
const newestLive = (vs: ArticleVersion[]) => newest(vs.filter((v) => v.status === 'live'));

/** The lock, ban, rate and base-version checks of a reader's correction. */
function admit(st: CorrectionState, input: CorrectionInput, ctx: PlanContext, versions: ArticleVersion[]) {
  const id = st.article!.id;
  if (!ctx.who.admin) {
    if (st.banned)
      throw new ArchiveError('FORBIDDEN', 'Corrections from your address are not accepted on this archive.');
    if (st.locked)
      throw new ArchiveError(
        'FORBIDDEN',
        `Article ${id} is locked against corrections by the archive's editors; write to them if it needs one.`,
      );
    if (st.recentByKey >= ctx.perMinute)
      throw new ArchiveError(
        'RATE_LIMITED',
        `You have made ${st.recentByKey} corrections in the last minute, the most one contributor may (${ctx.perMinute}). Wait a minute and send this one again.`,
      );
  }
  const current = newestLive(versions);
  if (input.baseVersion !== undefined && input.baseVersion !== current)
    throw new ArchiveError(
      'CONFLICT',
      `The text changed since you opened it: you started from version ${input.baseVersion} and article ${id} is at version ${current} now. Here is the current version: read it (GET /api/v1/articles/${id}/versions/${current}) and make your change again on it.`,
    );
}

function version(
  ctx: PlanContext,
  articleId: string,
  n: number,
  change: ChangeKind,
  snapshot: VersionSnapshot,
  extra: Partial<NewVersion> = {},
): NewVersion {
  return {
    articleId,
    version: n,
    at: ctx.at,
    contributor: ctx.name,
    contributorKey: ctx.who.key,
    comment: ctx.comment,
    change,
    status: 'live',
    refersTo: null,
    snapshot,
    ...extra,
  };
}

/** Share of words two texts have in common (of the words either has), 1 when both are empty. */
export function similarity(a: string, b: string): number {
  const x = new Set(tokens(a));
  const y = new Set(tokens(b));
  if (x.size === 0 && y.size === 0) return 1;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return both / (x.size + y.size - both);
}

/** Whether a new text waits for review: it empties the article or replaces most of it. */
export function needsReview(before: string, after: string): boolean {
  if (tokens(after).length === 0) return true;
  return new Set(tokens(before)).size >= 5 && similarity(before, after) < 0.5;
}

/** A correction of fields, a split or a merge. */
export function planCorrection(st: CorrectionState, input: CorrectionInput, ctx: PlanContext): Plan {
  const a = st.article;
  if (!a) throw notFound(ctx.articleId);
  const writes: CorrectionWrites = { versions: [], statuses: [] };
  const versions = withOriginal(a, st.versions, st.ingestedAt, writes);
  admit(st, input, ctx, versions);
  const original = versions[0]!.snapshot;
  const current = snapshotOf(a);
  const n = newest(versions) + 1;
  if (input.split) {
    const paragraphs = a.body.split(/\n\s*\n/);
    const p = input.split.paragraph;
    if (!Number.isInteger(p) || p < 1 || p >= paragraphs.length)
      throw new ArchiveError(
        'BAD_REQUEST',
        `split.paragraph must be between 1 and ${paragraphs.length - 1} (article ${a.id} has ${paragraphs.length} paragraph(s)); the new article starts at that paragraph.`,
      );
    const rest = paragraphs.slice(p).join('\n\n');
    const headline = input.split.headline?.trim() || tokens(rest).slice(0, 8).join(' ') || 'Untitled';
    const first = { ...current, body: paragraphs.slice(0, p).join('\n\n') };
    const second: VersionSnapshot = {
      ...current,
      headline,
      kicker: null,
      byline: null,
      place: null,
      body: rest,
    };
    const mine = version(ctx, a.id, n, 'split', first, { refersTo: NEW_ARTICLE, captureDetail: true });
    writes.versions.push(mine, version(ctx, NEW_ARTICLE, 1, 'split', second, { refersTo: a.id }));
    writes.insert = { candidates: splitArticleIds(a.date, headline, a.id, n), after: a, snapshot: second };
    writes.update = { id: a.id, snapshot: first, originalText: originalTextOf(original, first) };
    return { writes, result: mine };
  }
  if (input.merge) {
    const next = st.other?.article;
    if (!next)
      throw new ArchiveError(
        'BAD_REQUEST',
        `Article ${a.id} is the last of its bulletin: there is no next article to merge it with.`,
      );
    if (st.other?.locked && !ctx.who.admin)
      throw new ArchiveError(
        'FORBIDDEN',
        `The next article, ${next.id}, is locked against corrections by the archive's editors, so it cannot be merged into this one.`,
      );
    const merged: VersionSnapshot = {
      ...current,
      body: `${a.body}\n\n${next.body}`,
      firstPage: Math.min(a.firstPage, next.firstPage),
      lastPage: Math.max(a.lastPage, next.lastPage),
    };
    const theirs = withOriginal(next, st.other!.versions, st.ingestedAt, writes);
    writes.versions.push(
      version(ctx, next.id, newest(theirs) + 1, 'merge', snapshotOf(next), {
        refersTo: a.id,
        captureDetail: true,
      }),
    );
    const mine = version(ctx, a.id, n, 'merge', merged, { refersTo: next.id, captureDetail: true });
    writes.versions.push(mine);
    writes.remove = { id: next.id, aliasTo: a.id };
    writes.update = {
      id: a.id,
      snapshot: merged,
      originalText: originalTextOf(original, merged),
      regions: [...(a.regions ?? []), ...(next.regions ?? [])],
    };
    return { writes, result: mine };
  }
  const asked = fieldsOf(input);
  const next: VersionSnapshot = { ...current, ...asked };
  if (next.firstPage > next.lastPage)
    throw new ArchiveError(
      'BAD_REQUEST',
      `The first page (${next.firstPage}) is after the last (${next.lastPage}); give both so that first ≤ last.`,
    );
  const changed = (Object.keys(next) as (keyof VersionSnapshot)[]).filter((k) => next[k] !== current[k]);
  if (changed.length === 0)
    throw new ArchiveError(
      'BAD_REQUEST',
      `The correction changes nothing: article ${a.id} already reads so.`,
    );
  const held = changed.includes('body') && needsReview(current.body, next.body);
  const kind: ChangeKind = changed.length === 1 && changed[0] === 'body' ? 'text' : 'structure';
  // A move to another date leaves the article's regions on the old scan: kept, for a revert to bring back.
  const mine = version(ctx, a.id, n, kind, next, {
    status: held ? 'held' : 'live',
    captureDetail: changed.includes('date'),
  });
  writes.versions.push(mine);
  if (!held) writes.update = { id: a.id, snapshot: next, originalText: originalTextOf(original, next) };
  return { writes, result: mine };
}

/** The snapshot fields a correction gives. */
function fieldsOf(input: CorrectionFields): Partial<VersionSnapshot> {
  const out: Partial<VersionSnapshot> = {};
  if (input.text !== undefined) out.body = input.text;
  if (input.headline !== undefined) out.headline = input.headline;
  if (input.kicker !== undefined) out.kicker = input.kicker;
  if (input.byline !== undefined) out.byline = input.byline;
  if (input.place !== undefined) out.place = input.place;
  if (input.date !== undefined) out.date = input.date;
  if (input.firstPage !== undefined) out.firstPage = input.firstPage;
  if (input.lastPage !== undefined) out.lastPage = input.lastPage;
  return out;
}

/** Admin: the article back to the live version before `n`; a split's new article goes, a merged one comes back. */
export function planRevert(st: CorrectionState, n: number, ctx: PlanContext): Plan {
  const a = st.article;
  if (!a) throw notFound(ctx.articleId);
  const target = st.versions.find((v) => v.version === n);
  if (!target) throw new ArchiveError('NOT_FOUND', `Article ${a.id} has no version ${n}; see its history.`);
  if (n === 1 && target.change === 'split')
    throw new ArchiveError(
      'BAD_REQUEST',
      `Article ${a.id} was split off article ${target.refersTo}: revert that article's split version to undo it.`,
    );
  if (n === 1)
    throw new ArchiveError(
      'BAD_REQUEST',
      'Version 1 is the original reading: there is nothing before it to go back to.',
    );
  if (target.status !== 'live')
    throw new ArchiveError(
      'BAD_REQUEST',
      `Version ${n} of article ${a.id} is ${target.status}, not in force: nothing to revert.`,
    );
  const before = st.versions.filter((v) => v.version < n && v.status === 'live').at(-1)!;
  const writes: CorrectionWrites = {
    versions: [],
    statuses: [{ articleId: a.id, version: n, status: 'reverted' }],
  };
  let regions: Article['regions'] | undefined;
  if (target.change === 'split' && st.other?.article) {
    const b = st.other.article;
    writes.versions.push(
      version(ctx, b.id, newest(st.other.versions) + 1, 'revert', snapshotOf(b), {
        refersTo: a.id,
        captureDetail: true,
      }),
    );
    writes.remove = { id: b.id, aliasTo: a.id };
  }
  if (target.change === 'merge') {
    if (st.other?.article)
      throw new ArchiveError('CONFLICT', `Article ${target.refersTo} is back already; nothing was changed.`);
    const gone = st.other?.versions
      .filter((v) => v.change === 'merge' && v.refersTo === a.id && v.detail)
      .at(-1);
    if (!gone?.detail)
      throw new ArchiveError(
        'CONFLICT',
        `What article ${target.refersTo} was before the merge is not kept; it cannot come back.`,
      );
    writes.restore = gone.detail;
    writes.versions.push(
      version(
        ctx,
        gone.articleId,
        newest(st.other!.versions) + 1,
        'revert',
        snapshotOf(gone.detail.article),
        {
          refersTo: a.id,
        },
      ),
    );
    regions = target.detail?.article.regions ?? null;
  }
  // Back to the date it was moved from: its regions on that date's scan and its place there come back too.
  let ordinal: number | undefined;
  if (target.change === 'structure' && target.detail && target.detail.article.date === before.snapshot.date) {
    regions = target.detail.article.regions;
    ordinal = target.detail.article.ordinal;
  }
  const mine = version(ctx, a.id, newest(st.versions) + 1, 'revert', before.snapshot, {
    refersTo: String(before.version),
  });
  writes.versions.push(mine);
  const original = st.versions[0]!.snapshot;
  writes.update = {
    id: a.id,
    snapshot: before.snapshot,
    originalText: originalTextOf(original, before.snapshot),
    ...(regions !== undefined ? { regions } : {}),
    ...(ordinal !== undefined ? { ordinal } : {}),
  };
  return { writes, result: mine };
}

/** Admin: a held version put in force (when nothing newer is) or rejected. */
export function planReview(st: CorrectionState, n: number, accept: boolean, articleId: string): Plan {
  const a = st.article;
  if (!a) throw notFound(articleId);
  const held = st.versions.find((v) => v.version === n);
  if (!held) throw new ArchiveError('NOT_FOUND', `Article ${a.id} has no version ${n}; see its history.`);
  if (held.status !== 'held')
    throw new ArchiveError(
      'BAD_REQUEST',
      `Version ${n} of article ${a.id} is ${held.status}, not held for review.`,
    );
  const status = accept ? 'live' : 'rejected';
  const writes: CorrectionWrites = { versions: [], statuses: [{ articleId: a.id, version: n, status }] };
  if (accept) {
    if (newestLive(st.versions) > n)
      throw new ArchiveError(
        'CONFLICT',
        `Article ${a.id} changed after version ${n} was held (it is at version ${newestLive(st.versions)}); reject it and ask for the change again on the current text.`,
      );
    const original = st.versions[0]!.snapshot;
    writes.update = {
      id: a.id,
      snapshot: held.snapshot,
      originalText: originalTextOf(original, held.snapshot),
    };
  }
  const { detail: _d, ...rest } = held;
  return { writes, result: { ...rest, status } };
}
