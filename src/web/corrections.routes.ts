/**
 * Readers' corrections in the web pages: the "Fix this text" form (a plain HTML form, no script needed),
 * an article's history, each version at its own address, and the archive's recent changes as a page and an
 * Atom feed. The corrections themselves are the service's (CorrectionsPort); the JSON API has its own routes.
 */
import { type Context, Hono } from 'hono';
import type { Archive } from '../app.js';
import { citableArticle } from '../cite/citation.js';
import { ArchiveError } from '../core/errors.js';
import type { Article } from '../core/types.js';
import type { ArticleVersion, Contributor, CorrectionsPort } from '../corrections/corrections-types.js';
import { changesFeed } from '../harvest/changes-feed.js';
import { originOf } from '../http/public-url.js';
import { changedFields, draftOf, type EditDraft, readForm, signature, textOf } from './correction-form.js';
import { crossSiteRefusal } from './same-origin.js';
import { articleUrl, editUrl, versionUrl } from './urls.js';
import { type EditMessage, type EditModel, editRefusedView, editView } from './views/edit.view.js';
import { changesView, historyView, versionView } from './views/history.view.js';

/**
 * Pages that change when a reader corrects an article: a browser keeps them but asks again each time
 * (a 304 when unchanged costs no body), so nobody reads a corrected article or its history as it was.
 */
export const CACHE_CONTROL_CORRECTABLE = 'public, no-cache';

/** Entries in the recent-changes page and feed. */
const RECENT = 50;

const ID = '[0-9]{8}-[0-9a-z]{6}';

/** The version an article now reads as: its newest version in force (1, the machine's reading, when never corrected). */
export function currentVersion(history: ArticleVersion[]): number {
  return history.find((v) => v.status === 'live')?.version ?? 1;
}

export interface CorrectionRouteOptions {
  /** Who is asking, as the corrections service knows them: a key derived from the client, never its address. */
  contributor: (c: Context) => Promise<Contributor>;
}

export function correctionRoutes(
  archive: Archive,
  corrections: CorrectionsPort,
  o: CorrectionRouteOptions,
): Hono {
  const web = new Hono();
  const { store, config: site } = archive;

  const titleName = async (a: Article) => {
    const e = await store.getEditionById(a.editionId);
    return (e && (await store.getTitle(e.titleId))?.name) || site.titleName;
  };

  /** The article, or NOT_FOUND saying where it went when it was merged into another. */
  const articleOr404 = async (id: string) => {
    const a = await store.getArticle(id);
    if (a) return a;
    const to = await corrections.movedTo(id);
    throw new ArchiveError(
      'NOT_FOUND',
      to
        ? `Article ${id} was merged into another: correct that one, at ${editUrl(to)}.`
        : `No article has the id "${id}". Search for it instead.`,
    );
  };

  /** The edit page's model for an article as it reads now, with `draft` instead of its text when given. */
  const editModel = async (a: Article, extra: Partial<EditModel> = {}): Promise<EditModel> => {
    const siblings = await store.listArticles(a.editionId);
    const i = siblings.findIndex((s) => s.id === a.id);
    return {
      article: a,
      version: currentVersion(await corrections.history(a.id)),
      pages: await store.getPages(a.editionId),
      titleName: await titleName(a),
      next: siblings[i + 1] ?? null,
      locked: await corrections.isLocked(a.id),
      draft: draftOf(a),
      ...extra,
    };
  };

  // example: /article/19741219-k3f9a2/edit (the "Fix this text" form)
  web.get(`/article/:id{${ID}}/edit`, async (c) => {
    const a = await articleOr404(c.req.param('id'));
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.html(editView(site, await editModel(a)));
  });

  /** The form again, the reader's values kept, with why it was not saved. */
  const again = async (
    c: Context,
    a: Article,
    draft: EditDraft,
    message: EditMessage,
    status: 400 | 403 | 409 | 413 | 429,
    extra: Partial<EditModel> = {},
  ) => {
    c.header('Cache-Control', 'no-store');
    return c.html(editView(site, await editModel(a, { draft, message, ...extra })), status);
  };

  // example: POST /article/19741219-k3f9a2/edit (form fields p (one a paragraph), headline, kicker, byline,
  // place, date, firstPage, lastPage, contributor, comment, baseVersion; split=N or merge=next)
  web.post(`/article/:id{${ID}}/edit`, async (c) => {
    const refused = crossSiteRefusal(c);
    if (refused) {
      c.header('Cache-Control', 'no-store');
      return c.html(editRefusedView(site, refused, c.req.param('id')), 403);
    }
    const a = await articleOr404(c.req.param('id'));
    const { draft, action, baseVersion } = readForm(await c.req.parseBody({ all: true }));
    const fields = changedFields(a, draft);
    const changed = Object.keys(fields).length > 0;
    if (action.kind !== 'save' && changed)
      return again(
        c,
        a,
        draft,
        {
          kind: 'error',
          text: `You changed the text or details and asked to ${action.kind === 'split' ? 'split the article' : 'merge it with the next'} at once. Save your correction first (your changes are still below), then ${action.kind === 'split' ? 'split' : 'merge'}.`,
        },
        400,
      );
    if (action.kind === 'save' && !changed)
      return again(
        c,
        a,
        draft,
        {
          kind: 'error',
          text: 'Nothing in the form differs from the article as it reads now. Change a word, a paragraph or a detail, then save.',
        },
        400,
      );
    const input = {
      ...(action.kind === 'save' ? fields : {}),
      ...(action.kind === 'split'
        ? {
            split: {
              paragraph: action.paragraph,
              ...(draft.splitHeadline.trim() ? { headline: draft.splitHeadline.trim() } : {}),
            },
          }
        : {}),
      ...(action.kind === 'merge' ? { merge: 'next' as const } : {}),
      ...signature(draft),
      ...(baseVersion !== null ? { baseVersion } : {}),
    };
    try {
      const r = await corrections.correct(a.id, input, await o.contributor(c));
      const now = await store.getArticle(r.articleId);
      // A new address (the version number in it) so that no copy a browser kept of the article is shown.
      const to = `${articleUrl(now?.slug ?? r.articleId)}?corrected=${r.version.version}`;
      return c.redirect(to, 303);
    } catch (err) {
      if (!(err instanceof ArchiveError) || err.status >= 500) throw err;
      if (err.status === 409) {
        // Someone saved first: show what the article says now beside the reader's text, which stays in the
        // form; the form now starts from the current version, so saving again replaces it knowingly.
        const fresh = (await store.getArticle(a.id)) ?? a;
        const history = await corrections.history(fresh.id);
        const now = currentVersion(history);
        const live = history.find((v) => v.status === 'live');
        if (baseVersion !== null && baseVersion !== now)
          return again(
            c,
            fresh,
            draft,
            {
              kind: 'conflict',
              text: `You started from version ${baseVersion}; the article is at version ${now} now. Nothing of yours is saved yet, and nothing is lost.`,
            },
            409,
            {
              current: {
                version: now,
                contributor: live?.contributor ?? 'anonymous',
                at: live?.at ?? new Date().toISOString(),
                text: textOf(draftOf(fresh)),
              },
            },
          );
        return again(c, fresh, draft, { kind: 'error', text: err.message }, 409);
      }
      if (err.status === 429) {
        // The service counts a contributor's corrections a minute: its message says to wait a minute.
        c.header('Retry-After', String(retryAfterOf(err) ?? 60));
        return again(c, a, draft, { kind: 'wait', text: err.message }, 429);
      }
      const status = ([400, 403, 413] as const).find((s) => s === err.status) ?? 400;
      return again(c, a, draft, { kind: 'error', text: err.message }, status);
    }
  });

  /** The article a gone one was merged into, for its history page. */
  const mergedInto = async (id: string) => {
    const to = await corrections.movedTo(id);
    const into = to ? await store.getArticle(to) : null;
    return into ? { headline: into.headline, slug: into.slug } : null;
  };

  // example: /article/19741219-k3f9a2/history
  web.get(`/article/:id{${ID}}/history`, async (c) => {
    const id = c.req.param('id');
    const versions = await corrections.history(id);
    const a = await store.getArticle(id);
    if (!a && versions.length === 0)
      throw new ArchiveError(
        'NOT_FOUND',
        `No article has the id "${id}", and none had. Search for it instead.`,
      );
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.html(
      historyView(site, {
        articleId: id,
        current: a ? { headline: a.headline, slug: a.slug } : null,
        versions,
        mergedInto: a ? null : await mergedInto(id),
      }),
    );
  });

  // example: /article/19741219-k3f9a2/v/2 (version 2 as it read, citable)
  web.get(`/article/:id{${ID}}/v/:n{[0-9]{1,9}}`, async (c) => {
    const id = c.req.param('id');
    const n = Number(c.req.param('n'));
    const v = await corrections.version(id, n);
    if (!v) {
      const known = await corrections.history(id);
      throw new ArchiveError(
        'NOT_FOUND',
        known.length
          ? `The article ${id} has versions 1 to ${Math.max(...known.map((k) => k.version))}; there is no version ${n}.`
          : `No article has the id "${id}". Search for it instead.`,
      );
    }
    const a = await store.getArticle(id);
    const origin = originOf(c);
    const container = a ? await titleName(a) : site.titleName;
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.html(
      versionView(site, {
        articleId: id,
        version: v,
        current: a ? { version: currentVersion(await corrections.history(id)), slug: a.slug } : null,
        titleName: container,
        cite: citableArticle(
          { id, ...v.snapshot },
          { url: `${origin}${versionUrl(id, n)}`, container, archive: site.name, version: n },
        ),
      }),
    );
  });

  /**
   * Readers' changes (the service lists no machine's first reading), newest first by their time as a time:
   * timestamps of whole seconds and of milliseconds do not sort as strings.
   */
  const recentChanges = async () =>
    (await corrections.recent(RECENT)).sort(
      (x, y) => Date.parse(y.at) - Date.parse(x.at) || y.version - x.version,
    );

  // example: /changes (readers' recent corrections to the whole archive)
  web.get('/changes', async (c) => {
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.html(changesView(site, await recentChanges()));
  });

  // example: /changes.atom
  web.get('/changes.atom', async (c) => {
    c.header('Cache-Control', CACHE_CONTROL_CORRECTABLE);
    return c.body(changesFeed(originOf(c), site.name, await recentChanges()), 200, {
      'Content-Type': 'application/atom+xml; charset=utf-8',
    });
  });

  return web;
}

/** Seconds to wait that a RATE_LIMITED error carries (`retryAfter`), when it does. */
function retryAfterOf(err: ArchiveError): number | null {
  const v = (err as ArchiveError & { retryAfter?: unknown }).retryAfter;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.ceil(v) : null;
}
