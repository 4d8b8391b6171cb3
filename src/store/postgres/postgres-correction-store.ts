/**
 * CorrectionStore on PostgreSQL: the same tables as SQLite. One correction is one transaction that locks
 * the article's row first (SELECT … FOR UPDATE), so concurrent corrections of one article run one after
 * the other and the second sees the first's version (and is refused when it started from an older one).
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import type { Article } from '../../core/types.js';
import type { ArticleVersion, RecentChange } from '../../corrections/corrections-types.js';
import { fold } from '../../text/normalize.js';
import {
  ARTICLE_SET,
  checkPages,
  correctionError,
  movedArticleError,
  noEdition,
  publicVersion,
  recentOf,
  rowValues,
  toVersion,
  VERSION_COLUMNS,
  versionValues,
  withSnapshot,
} from '../correction-rows.js';
import {
  type Applied,
  type ArticleDetail,
  type CorrectionDump,
  type CorrectionState,
  type CorrectionStore,
  type CorrectionWrites,
  NEW_ARTICLE,
  originalTextOf,
  type StoredVersion,
} from '../ports/correction-store.js';
import { ARTICLE_COLUMNS, type Row, toArticle } from '../rows.js';
import { searchedBody, TSV_SQL } from './postgres-archive-store.js';
import type { PgPool } from './postgres-database.js';
import { wrote } from './postgres-generation.js';

type Q = pg.Pool | pg.PoolClient;
const now = () => new Date().toISOString();
const params = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** The vector of an article written with `values` (the four folded fields at $from…$from+3). */
function tsvAt(from: number): string {
  return TSV_SQL.replace('$A', `$${from}`)
    .replace('$B', `$${from + 2}`)
    .replace('$C', `$${from + 3}`)
    .replace('$D', `$${from + 1}`);
}

function folded(a: Article, originalText: string | null): string[] {
  return [
    fold(a.headline),
    fold(searchedBody(a.body, originalText)),
    fold(a.byline ?? ''),
    fold(a.dateline?.place ?? ''),
  ];
}

async function articleOf(q: Q, id: string, lock = false): Promise<Article | null> {
  const { rows } = await q.query(`SELECT * FROM article WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] ? toArticle(rows[0]) : null;
}

async function versionsOf(q: Q, id: string, order: 'ASC' | 'DESC'): Promise<StoredVersion[]> {
  const { rows } = await q.query(
    `SELECT * FROM article_version WHERE article_id = $1 AND superseded = 0 ORDER BY version ${order}`,
    [id],
  );
  return rows.map(toVersion);
}

export class PostgresCorrectionStore implements CorrectionStore {
  constructor(private readonly pool: PgPool) {}

  async apply<T>(
    articleId: string,
    ask: { contributorKey: string; other?: string | 'next' },
    plan: (state: CorrectionState) => { writes: CorrectionWrites; result: T },
  ): Promise<Applied<T>> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const article = await articleOf(c, articleId, true);
      const ingestedAt = article
        ? ((await c.query('SELECT ingested_at FROM edition WHERE id = $1', [article.editionId])).rows[0]
            ?.ingested_at ?? null)
        : null;
      let other: CorrectionState['other'] = null;
      let otherId: string | undefined;
      if (ask.other === 'next' && article) {
        otherId = (
          await c.query(
            'SELECT id FROM article WHERE edition_id = $1 AND ordinal > $2 ORDER BY ordinal LIMIT 1',
            [article.editionId, article.ordinal],
          )
        ).rows[0]?.id;
      } else if (ask.other) otherId = ask.other;
      const one = async (sql: string, p: unknown[]) => (await c.query(sql, p)).rowCount! > 0;
      if (otherId)
        other = {
          article: await articleOf(c, otherId, true),
          versions: await versionsOf(c, otherId, 'ASC'),
          locked: await one('SELECT 1 FROM article_lock WHERE article_id = $1', [otherId]),
        };
      const state: CorrectionState = {
        article,
        ingestedAt,
        versions: await versionsOf(c, articleId, 'ASC'),
        locked: await one('SELECT 1 FROM article_lock WHERE article_id = $1', [articleId]),
        banned: await one('SELECT 1 FROM contributor_ban WHERE contributor_key = $1', [ask.contributorKey]),
        recentByKey: Number(
          (
            await c.query(
              'SELECT count(DISTINCT at) AS n FROM article_version WHERE contributor_key = $1 AND at > $2',
              [ask.contributorKey, new Date(Date.now() - 60_000).toISOString()],
            )
          ).rows[0].n,
        ),
        other,
      };
      const { writes, result } = plan(state);
      const newArticleId = await this.write(c, writes);
      await c.query("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'");
      await c.query('COMMIT');
      await wrote(this.pool);
      return { result, newArticleId };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }

  private async write(c: pg.PoolClient, w: CorrectionWrites): Promise<string | null> {
    let newId: string | null = null;
    if (w.insert) {
      for (const id of w.insert.candidates) {
        const { rowCount } = await c.query(
          `SELECT 1 FROM article WHERE id = $1 UNION ALL SELECT 1 FROM article_version WHERE article_id = $1
           UNION ALL SELECT 1 FROM article_alias WHERE old_id = $1`,
          [id],
        );
        if (!rowCount) {
          newId = id;
          break;
        }
      }
      if (!newId) throw correctionError('Every id tried for the new article is taken; try the split again.');
    }
    const at = now();
    for (const v of w.versions) {
      const detail = v.captureDetail ? await this.detail(c, v.articleId) : (v.detail ?? null);
      const articleId = v.articleId === NEW_ARTICLE ? newId! : v.articleId;
      await c.query(
        `INSERT INTO article_version (${VERSION_COLUMNS}) VALUES (${params(12)})`,
        versionValues({ ...v, articleId, refersTo: v.refersTo === NEW_ARTICLE ? newId : v.refersTo }, detail),
      );
    }
    for (const s of w.statuses)
      await c.query(
        'UPDATE article_version SET status = $1 WHERE article_id = $2 AND version = $3 AND superseded = 0',
        [s.status, s.articleId, s.version],
      );
    if (w.remove) {
      await c.query('DELETE FROM article WHERE id = $1', [w.remove.id]);
      await c.query(
        `INSERT INTO article_alias (old_id, article_id, at) VALUES ($1, $2, $3)
         ON CONFLICT (old_id) DO UPDATE SET article_id = EXCLUDED.article_id, at = EXCLUDED.at`,
        [w.remove.id, w.remove.aliasTo, at],
      );
    }
    if (w.restore) await this.restore(c, w.restore);
    if (w.insert) {
      const a = w.insert.after;
      await c.query('UPDATE article SET ordinal = ordinal + 1 WHERE edition_id = $1 AND ordinal > $2', [
        a.editionId,
        a.ordinal,
      ]);
      const base: Article = {
        ...a,
        id: newId!,
        ordinal: a.ordinal + 1,
        dateline: null,
        credit: null,
        parts: null,
        regions: null,
      };
      await this.insertArticle(c, withSnapshot(base, w.insert.snapshot));
    }
    if (w.update) await this.update(c, w.update);
    return newId;
  }

  private async detail(c: pg.PoolClient, id: string): Promise<ArticleDetail | null> {
    const article = await articleOf(c, id);
    if (!article) return null;
    const { rows } = await c.query('SELECT * FROM reference WHERE source_id = $1 ORDER BY ordinal', [id]);
    return {
      article,
      references: rows.map((r) => ({
        sourceId: r.source_id,
        ordinal: r.ordinal,
        text: r.text,
        kind: r.kind,
        page: r.page,
        targetId: r.target_id ?? null,
      })),
    };
  }

  private async insertArticle(c: pg.PoolClient, a: Article) {
    const values = rowValues(a);
    await c.query(
      `INSERT INTO article (${ARTICLE_COLUMNS}, tsv) VALUES (${params(values.length)}, ${tsvAt(values.length + 1)})`,
      [...values, ...folded(a, null)],
    );
  }

  private async restore(c: pg.PoolClient, d: ArticleDetail) {
    const a = d.article;
    const { rowCount } = await c.query('SELECT 1 FROM edition WHERE id = $1', [a.editionId]);
    if (!rowCount) throw movedArticleError(a.id, a.date);
    await c.query('UPDATE article SET ordinal = ordinal + 1 WHERE edition_id = $1 AND ordinal >= $2', [
      a.editionId,
      a.ordinal,
    ]);
    await this.insertArticle(c, a);
    for (const r of d.references)
      await c.query(
        'INSERT INTO reference (source_id, ordinal, text, kind, page, target_id) VALUES ($1, $2, $3, $4, $5, $6)',
        [a.id, r.ordinal, r.text, r.kind, r.page, r.targetId],
      );
    await c.query('DELETE FROM article_alias WHERE old_id = $1', [a.id]);
  }

  private async update(c: pg.PoolClient, u: NonNullable<CorrectionWrites['update']>) {
    const current = (await articleOf(c, u.id))!;
    const s = u.snapshot;
    const next = withSnapshot(current, s);
    if (u.regions !== undefined) next.regions = u.regions;
    if (s.date !== current.date) {
      const e = (await c.query('SELECT id FROM edition WHERE date = $1 ORDER BY title_id LIMIT 1', [s.date]))
        .rows[0];
      if (!e) throw noEdition(s.date);
      next.editionId = e.id as number;
      const m = (await c.query('SELECT max(ordinal) AS m FROM article WHERE edition_id = $1', [e.id]))
        .rows[0];
      next.ordinal = u.ordinal ?? (m?.m ?? -1) + 1;
      // Its regions are on the other date's scan.
      if (u.regions === undefined) next.regions = null;
    }
    const pages = (await c.query('SELECT page_count FROM edition WHERE id = $1', [next.editionId])).rows[0]
      .page_count as number;
    checkPages(s, pages);
    const values = rowValues(next).slice(1);
    const n = values.length;
    await c.query(
      `UPDATE article SET ${ARTICLE_SET.map((col, i) => `${col} = $${i + 1}`).join(', ')},
         original_text = $${n + 1}, tsv = ${tsvAt(n + 2)} WHERE id = $${n + 6}`,
      [...values, u.originalText, ...folded(next, u.originalText), u.id],
    );
  }

  async versions(articleId: string) {
    return versionsOf(this.pool, articleId, 'DESC');
  }

  async recent(limit: number): Promise<RecentChange[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM article_version WHERE superseded = 0 AND change <> 'original' ORDER BY at DESC, seq DESC LIMIT $1",
      [limit],
    );
    return rows.map((r) => recentOf(toVersion(r)));
  }

  async held(limit: number): Promise<ArticleVersion[]> {
    const { rows } = await this.pool.query(
      "SELECT * FROM article_version WHERE status = 'held' AND superseded = 0 ORDER BY at, seq LIMIT $1",
      [limit],
    );
    return rows.map((r) => publicVersion(toVersion(r)));
  }

  async setLock(articleId: string, locked: boolean) {
    if (locked)
      await this.pool.query(
        'INSERT INTO article_lock (article_id, at) VALUES ($1, $2) ON CONFLICT (article_id) DO NOTHING',
        [articleId, now()],
      );
    else await this.pool.query('DELETE FROM article_lock WHERE article_id = $1', [articleId]);
    await this.pool.query("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'");
    await wrote(this.pool);
  }

  async isLocked(articleId: string) {
    return (
      (await this.pool.query('SELECT 1 FROM article_lock WHERE article_id = $1', [articleId])).rowCount! > 0
    );
  }

  async setBan(contributorKey: string, banned: boolean) {
    if (banned)
      await this.pool.query(
        'INSERT INTO contributor_ban (contributor_key, at) VALUES ($1, $2) ON CONFLICT (contributor_key) DO NOTHING',
        [contributorKey, now()],
      );
    else await this.pool.query('DELETE FROM contributor_ban WHERE contributor_key = $1', [contributorKey]);
  }

  async aliasOf(articleId: string) {
    const { rows } = await this.pool.query('SELECT article_id FROM article_alias WHERE old_id = $1', [
      articleId,
    ]);
    return (rows[0]?.article_id as string | undefined) ?? null;
  }

  async secret() {
    await this.pool.query(
      "INSERT INTO archive_secret (name, value) VALUES ('contributor', $1) ON CONFLICT (name) DO NOTHING",
      [randomBytes(32).toString('hex')],
    );
    return (await this.pool.query("SELECT value FROM archive_secret WHERE name = 'contributor'")).rows[0]
      .value as string;
  }

  async dump(): Promise<CorrectionDump> {
    const all = async (sql: string) => (await this.pool.query(sql)).rows as Row[];
    return {
      versions: (await all('SELECT * FROM article_version WHERE superseded = 0 ORDER BY seq')).map(toVersion),
      locks: (await all('SELECT article_id FROM article_lock ORDER BY 1')).map((r) => r.article_id as string),
      bans: (await all('SELECT contributor_key FROM contributor_ban ORDER BY 1')).map(
        (r) => r.contributor_key as string,
      ),
      aliases: (await all('SELECT old_id, article_id FROM article_alias ORDER BY 1')).map((r) => ({
        from: r.old_id as string,
        to: r.article_id as string,
      })),
      secret:
        ((await all("SELECT value FROM archive_secret WHERE name = 'contributor'"))[0]?.value as string) ??
        null,
    };
  }

  async load(d: CorrectionDump) {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      for (const v of d.versions)
        await c.query(
          `INSERT INTO article_version (${VERSION_COLUMNS}) VALUES (${params(12)})`,
          versionValues(v, v.detail),
        );
      for (const id of d.locks)
        await c.query('INSERT INTO article_lock (article_id, at) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
          id,
          now(),
        ]);
      for (const k of d.bans)
        await c.query(
          'INSERT INTO contributor_ban (contributor_key, at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [k, now()],
        );
      for (const a of d.aliases)
        await c.query(
          `INSERT INTO article_alias (old_id, article_id, at) VALUES ($1, $2, $3)
           ON CONFLICT (old_id) DO UPDATE SET article_id = EXCLUDED.article_id`,
          [a.from, a.to, now()],
        );
      if (d.secret)
        await c.query(
          `INSERT INTO archive_secret (name, value) VALUES ('contributor', $1)
           ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`,
          [d.secret],
        );
      for (const v of d.versions) {
        if (v.version !== 1) continue;
        const a = await articleOf(c, v.articleId);
        if (!a) continue;
        const original = originalTextOf(v.snapshot, a);
        await c.query(`UPDATE article SET original_text = $1, tsv = ${tsvAt(2)} WHERE id = $6`, [
          original,
          ...folded(a, original),
          a.id,
        ]);
      }
      await c.query("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'");
      await c.query('COMMIT');
      await wrote(this.pool);
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      c.release();
    }
  }
}
