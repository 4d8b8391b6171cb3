/** CorrectionStore on SQLite: article versions, locks, bans and aliases, one correction in one write transaction. */
import { randomBytes } from 'node:crypto';
import type { Article } from '../../core/types.js';
import type { ArticleVersion, RecentChange } from '../../corrections/corrections-types.js';
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
import { ARTICLE_COLUMN_COUNT, ARTICLE_COLUMNS, type Row, toArticle } from '../rows.js';
import type { SqliteDb } from './sqlite-database.js';

const now = () => new Date().toISOString();

export class SqliteCorrectionStore implements CorrectionStore {
  constructor(private readonly db: SqliteDb) {}

  private article(id: string): Article | null {
    const r = this.db.prepare('SELECT * FROM article WHERE id = ?').get(id) as Row | undefined;
    return r ? toArticle(r) : null;
  }

  private versionRows(articleId: string, order: 'ASC' | 'DESC'): StoredVersion[] {
    return (
      this.db
        .prepare(
          `SELECT * FROM article_version WHERE article_id = ? AND superseded = 0 ORDER BY version ${order}`,
        )
        .all(articleId) as Row[]
    ).map(toVersion);
  }

  /** The other article a plan needs: its row, versions and lock. */
  private otherOf(id: string): NonNullable<CorrectionState['other']> {
    return {
      article: this.article(id),
      versions: this.versionRows(id, 'ASC'),
      locked: Boolean(this.db.prepare('SELECT 1 FROM article_lock WHERE article_id = ?').get(id)),
    };
  }

  private detail(id: string): ArticleDetail | null {
    const article = this.article(id);
    if (!article) return null;
    const references = (
      this.db.prepare('SELECT * FROM reference WHERE source_id = ? ORDER BY ordinal').all(id) as Row[]
    ).map((r) => ({
      sourceId: r.source_id as string,
      ordinal: r.ordinal as number,
      text: r.text as string,
      kind: r.kind as ArticleDetail['references'][number]['kind'],
      page: r.page as number,
      targetId: (r.target_id as string | null) ?? null,
    }));
    return { article, references };
  }

  async apply<T>(
    articleId: string,
    ask: { contributorKey: string; other?: string | 'next' },
    plan: (state: CorrectionState) => { writes: CorrectionWrites; result: T },
  ): Promise<Applied<T>> {
    // better-sqlite3 runs the whole transaction synchronously: no other request of this process runs in
    // between. IMMEDIATE takes the write lock first, so another process (a worker, a CLI) writing meanwhile
    // makes this one wait (busy_timeout) instead of failing when its read turns into a write.
    return this.db
      .transaction(() => {
        const article = this.article(articleId);
        const ingestedAt = article
          ? ((this.db
              .prepare('SELECT ingested_at FROM edition WHERE id = ?')
              .pluck()
              .get(article.editionId) as string | undefined) ?? null)
          : null;
        let other: CorrectionState['other'] = null;
        if (ask.other === 'next' && article) {
          const id = this.db
            .prepare('SELECT id FROM article WHERE edition_id = ? AND ordinal > ? ORDER BY ordinal LIMIT 1')
            .pluck()
            .get(article.editionId, article.ordinal) as string | undefined;
          other = id ? this.otherOf(id) : null;
        } else if (ask.other) {
          other = this.otherOf(ask.other);
        }
        const state: CorrectionState = {
          article,
          ingestedAt,
          versions: this.versionRows(articleId, 'ASC'),
          locked: Boolean(this.db.prepare('SELECT 1 FROM article_lock WHERE article_id = ?').get(articleId)),
          banned: Boolean(
            this.db
              .prepare('SELECT 1 FROM contributor_ban WHERE contributor_key = ?')
              .get(ask.contributorKey),
          ),
          recentByKey: this.db
            .prepare('SELECT count(DISTINCT at) FROM article_version WHERE contributor_key = ? AND at > ?')
            .pluck()
            .get(ask.contributorKey, new Date(Date.now() - 60_000).toISOString()) as number,
          other,
        };
        const { writes, result } = plan(state);
        const newArticleId = this.write(writes);
        this.db.prepare("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'").run();
        return { result, newArticleId };
      })
      .immediate();
  }

  /** Applies a plan's writes in the port's order; returns the new article's id, if one was made. */
  private write(w: CorrectionWrites): string | null {
    let newId: string | null = null;
    if (w.insert) {
      const taken = this.db.prepare(
        'SELECT 1 FROM article WHERE id = ? UNION ALL SELECT 1 FROM article_version WHERE article_id = ? UNION ALL SELECT 1 FROM article_alias WHERE old_id = ?',
      );
      newId = w.insert.candidates.find((id) => !taken.get(id, id, id)) ?? null;
      if (!newId) throw correctionError('Every id tried for the new article is taken; try the split again.');
    }
    const idOf = (id: string) => (id === NEW_ARTICLE ? newId! : id);
    const at = now();
    const insVersion = this.db.prepare(
      `INSERT INTO article_version (${VERSION_COLUMNS}) VALUES (${Array(12).fill('?').join(', ')})`,
    );
    for (const v of w.versions) {
      const detail = v.captureDetail ? this.detail(v.articleId) : (v.detail ?? null);
      const refersTo = v.refersTo === NEW_ARTICLE ? newId : v.refersTo;
      insVersion.run(...versionValues({ ...v, articleId: idOf(v.articleId), refersTo }, detail));
    }
    const setStatus = this.db.prepare(
      'UPDATE article_version SET status = ? WHERE article_id = ? AND version = ? AND superseded = 0',
    );
    for (const s of w.statuses) setStatus.run(s.status, s.articleId, s.version);
    if (w.remove) {
      this.db.prepare('DELETE FROM article WHERE id = ?').run(w.remove.id);
      this.db
        .prepare('INSERT OR REPLACE INTO article_alias (old_id, article_id, at) VALUES (?, ?, ?)')
        .run(w.remove.id, w.remove.aliasTo, at);
    }
    if (w.restore) this.restore(w.restore);
    if (w.insert) {
      const a = w.insert.after;
      this.db
        .prepare('UPDATE article SET ordinal = ordinal + 1 WHERE edition_id = ? AND ordinal > ?')
        .run(a.editionId, a.ordinal);
      const base: Article = {
        ...a,
        id: newId!,
        ordinal: a.ordinal + 1,
        dateline: null,
        credit: null,
        parts: null,
        regions: null,
      };
      this.insertArticle(withSnapshot(base, w.insert.snapshot));
    }
    if (w.update) this.update(w.update);
    return newId;
  }

  private insertArticle(a: Article) {
    this.db
      .prepare(
        `INSERT INTO article (${ARTICLE_COLUMNS}) VALUES (${Array(ARTICLE_COLUMN_COUNT).fill('?').join(', ')})`,
      )
      .run(...rowValues(a));
  }

  private restore(d: ArticleDetail) {
    const a = d.article;
    const edition = this.db.prepare('SELECT id FROM edition WHERE id = ?').pluck().get(a.editionId);
    if (edition === undefined) throw movedArticleError(a.id, a.date);
    this.db
      .prepare('UPDATE article SET ordinal = ordinal + 1 WHERE edition_id = ? AND ordinal >= ?')
      .run(a.editionId, a.ordinal);
    this.insertArticle(a);
    const ins = this.db.prepare(
      'INSERT INTO reference (source_id, ordinal, text, kind, page, target_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const r of d.references) ins.run(a.id, r.ordinal, r.text, r.kind, r.page, r.targetId);
    this.db.prepare('DELETE FROM article_alias WHERE old_id = ?').run(a.id);
  }

  private update(u: NonNullable<CorrectionWrites['update']>) {
    const current = this.article(u.id)!;
    const s = u.snapshot;
    const next = withSnapshot(current, s);
    if (u.regions !== undefined) next.regions = u.regions;
    if (s.date !== current.date) {
      const e = this.db
        .prepare('SELECT id FROM edition WHERE date = ? ORDER BY title_id LIMIT 1')
        .pluck()
        .get(s.date) as number | undefined;
      if (e === undefined) throw noEdition(s.date);
      next.editionId = e;
      next.ordinal =
        u.ordinal ??
        ((this.db.prepare('SELECT max(ordinal) FROM article WHERE edition_id = ?').pluck().get(e) as
          | number
          | null) ?? -1) + 1;
      // Its regions are on the other date's scan.
      if (u.regions === undefined) next.regions = null;
    }
    const pages = this.db
      .prepare('SELECT page_count FROM edition WHERE id = ?')
      .pluck()
      .get(next.editionId) as number;
    checkPages(s, pages);
    this.db
      .prepare(
        `UPDATE article SET ${ARTICLE_SET.map((c) => `${c} = ?`).join(', ')}, original_text = ? WHERE id = ?`,
      )
      .run(...rowValues(next).slice(1), u.originalText, u.id);
  }

  async versions(articleId: string) {
    return this.versionRows(articleId, 'DESC');
  }

  async recent(limit: number): Promise<RecentChange[]> {
    return (
      this.db
        .prepare(
          "SELECT * FROM article_version WHERE superseded = 0 AND change <> 'original' ORDER BY at DESC, seq DESC LIMIT ?",
        )
        .all(limit) as Row[]
    ).map((r) => recentOf(toVersion(r)));
  }

  async held(limit: number): Promise<ArticleVersion[]> {
    return (
      this.db
        .prepare(
          "SELECT * FROM article_version WHERE status = 'held' AND superseded = 0 ORDER BY at, seq LIMIT ?",
        )
        .all(limit) as Row[]
    ).map((r) => publicVersion(toVersion(r)));
  }

  async setLock(articleId: string, locked: boolean) {
    if (locked)
      this.db
        .prepare('INSERT OR IGNORE INTO article_lock (article_id, at) VALUES (?, ?)')
        .run(articleId, now());
    else this.db.prepare('DELETE FROM article_lock WHERE article_id = ?').run(articleId);
    this.db.prepare("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'").run();
  }

  async isLocked(articleId: string) {
    return Boolean(this.db.prepare('SELECT 1 FROM article_lock WHERE article_id = ?').get(articleId));
  }

  async setBan(contributorKey: string, banned: boolean) {
    if (banned)
      this.db
        .prepare('INSERT OR IGNORE INTO contributor_ban (contributor_key, at) VALUES (?, ?)')
        .run(contributorKey, now());
    else this.db.prepare('DELETE FROM contributor_ban WHERE contributor_key = ?').run(contributorKey);
  }

  async aliasOf(articleId: string) {
    return (
      (this.db.prepare('SELECT article_id FROM article_alias WHERE old_id = ?').pluck().get(articleId) as
        | string
        | undefined) ?? null
    );
  }

  async secret() {
    this.db
      .prepare("INSERT OR IGNORE INTO archive_secret (name, value) VALUES ('contributor', ?)")
      .run(randomBytes(32).toString('hex'));
    return this.db
      .prepare("SELECT value FROM archive_secret WHERE name = 'contributor'")
      .pluck()
      .get() as string;
  }

  async dump(): Promise<CorrectionDump> {
    return {
      versions: (
        this.db.prepare('SELECT * FROM article_version WHERE superseded = 0 ORDER BY seq').all() as Row[]
      ).map(toVersion),
      locks: this.db.prepare('SELECT article_id FROM article_lock ORDER BY 1').pluck().all() as string[],
      bans: this.db
        .prepare('SELECT contributor_key FROM contributor_ban ORDER BY 1')
        .pluck()
        .all() as string[],
      aliases: this.db
        .prepare('SELECT old_id AS "from", article_id AS "to" FROM article_alias ORDER BY 1')
        .all() as { from: string; to: string }[],
      secret:
        (this.db.prepare("SELECT value FROM archive_secret WHERE name = 'contributor'").pluck().get() as
          | string
          | undefined) ?? null,
    };
  }

  async load(d: CorrectionDump) {
    this.db
      .transaction(() => {
        const ins = this.db.prepare(
          `INSERT INTO article_version (${VERSION_COLUMNS}) VALUES (${Array(12).fill('?').join(', ')})`,
        );
        for (const v of d.versions) ins.run(...versionValues(v, v.detail));
        for (const id of d.locks)
          this.db.prepare('INSERT OR IGNORE INTO article_lock (article_id, at) VALUES (?, ?)').run(id, now());
        for (const k of d.bans)
          this.db
            .prepare('INSERT OR IGNORE INTO contributor_ban (contributor_key, at) VALUES (?, ?)')
            .run(k, now());
        for (const a of d.aliases)
          this.db
            .prepare('INSERT OR REPLACE INTO article_alias (old_id, article_id, at) VALUES (?, ?, ?)')
            .run(a.from, a.to, now());
        if (d.secret)
          this.db
            .prepare("INSERT OR REPLACE INTO archive_secret (name, value) VALUES ('contributor', ?)")
            .run(d.secret);
        const setOriginal = this.db.prepare('UPDATE article SET original_text = ? WHERE id = ?');
        for (const v of d.versions) {
          if (v.version !== 1) continue;
          const a = this.article(v.articleId);
          if (a) setOriginal.run(originalTextOf(v.snapshot, a), a.id);
        }
        this.db.prepare("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'").run();
      })
      .immediate();
  }
}
