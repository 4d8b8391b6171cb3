/** ArchiveStore on SQLite: editions, pages, articles and references in one file, written in transactions. */
import { articleIds } from '../../core/ids.js';
import type { IngestEvent, Page, Title } from '../../core/types.js';
import { slugify } from '../../text/normalize.js';
import type {
  ArchiveStats,
  ArchiveStore,
  EditionCensus,
  EditionInput,
  EditionSummary,
  HarvestItem,
  HarvestQuery,
  OcrPageRecord,
  ReferenceLink,
} from '../ports.js';
import {
  ARTICLE_COLUMN_COUNT,
  ARTICLE_COLUMNS,
  articleValues,
  CENSUS_SQL,
  DANGLING_SQL,
  type Row,
  SUMMARY_COLUMNS,
  sourceKindOf,
  toArticle,
  toEdition,
  toSummary,
} from '../rows.js';
import type { SqliteDb } from './sqlite-database.js';
import { articleSlugRows, harvestRows, STAMP } from './sqlite-harvest.js';

/**
 * An edition's articles go in up to 32 to a statement. An INSERT INTO article fires the trigger that indexes
 * the article (FTS5), so SQLite opens a statement savepoint for it, and FTS5 writes the terms it holds in
 * memory to disk at every savepoint (fts5SavepointMethod: sqlite3Fts5FlushToDisk): one statement an article
 * wrote an index segment an article, for FTS5 to merge, where one statement an edition writes one. The rows,
 * their order (their seqs) and what the triggers write are the same either way.
 */
const ARTICLES_PER_STATEMENT = 32;
const insertTexts = new Map<number, string>();
/** INSERT INTO article with `n` rows of values (at most ARTICLES_PER_STATEMENT texts, each compiled once). */
function insertArticles(n: number): string {
  let sql = insertTexts.get(n);
  if (!sql) {
    const row = `(${Array(ARTICLE_COLUMN_COUNT).fill('?').join(', ')})`;
    sql = `INSERT INTO article (${ARTICLE_COLUMNS}) VALUES ${Array(n).fill(row).join(', ')}`;
    insertTexts.set(n, sql);
  }
  return sql;
}

export class SqliteArchiveStore implements ArchiveStore {
  constructor(private readonly db: SqliteDb) {}

  async replaceEdition(input: EditionInput) {
    return this.db.transaction(() => this.writeEdition(input))();
  }

  async replaceEditions(inputs: Iterable<EditionInput> | AsyncIterable<EditionInput>) {
    // A transaction that spans awaits: better-sqlite3's transaction() cannot, so BEGIN/COMMIT by hand.
    // The write lock is held until the last input is written (WAL readers go on reading the old state).
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const results = [];
      for await (const input of inputs) results.push(this.writeEdition(input));
      this.db.exec('COMMIT');
      return results;
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw err;
    }
  }

  /** Deletes the edition of the input's title and date, if any, and inserts the new one; call inside a transaction. */
  private writeEdition(input: EditionInput) {
    const titleId = this.ensureTitle(input.titleName);
    const old = this.db
      .prepare('SELECT id, source_hash FROM edition WHERE title_id = ? AND date = ?')
      .get(titleId, input.date) as { id: number; source_hash: string } | undefined;
    // The same file stored meanwhile (by another process): nothing to write.
    if (old?.source_hash === input.sourceHash) return this.stored(old.id, false, true);
    const correctedArticles = old ? this.supersedeCorrections(old.id) : [];
    if (old) this.db.prepare('DELETE FROM edition WHERE id = ?').run(old.id);
    this.db.prepare("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'").run();
    const info = this.db
      .prepare(
        `INSERT INTO edition (title_id, date, volume, number, page_count, source_hash, source_name, pdf_key, ingested_at, language, source_kind)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        titleId,
        input.date,
        input.volume,
        input.number,
        input.pages.length,
        input.sourceHash,
        input.sourceName,
        input.pdfKey,
        // Whole seconds: the granularity OAI-PMH datestamps are compared at.
        new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        input.language ?? null,
        sourceKindOf(input),
      );
    const editionId = Number(info.lastInsertRowid);
    const insPage = this.db.prepare(
      'INSERT INTO page (edition_id, number, text, width, height, words) VALUES (?, ?, ?, ?, ?, ?)',
    );
    for (const p of input.pages) {
      insPage.run(editionId, p.number, p.text, p.width, p.height, JSON.stringify(p.words));
    }
    const headlines = input.articles.map((a) => a.headline);
    let ids = input.articleIds ?? articleIds(input.date, headlines);
    // An article a reader moved to another date keeps its id: the new reading's articles do without it.
    const taken = this.db
      .prepare('SELECT id FROM article WHERE id IN (SELECT value FROM json_each(?))')
      .pluck()
      .all(JSON.stringify(ids)) as string[];
    if (taken.length > 0 && !input.articleIds) ids = articleIds(input.date, headlines, new Set(taken));
    const insRef = this.db.prepare(
      'INSERT INTO reference (source_id, ordinal, text, kind, page, target_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const rows = input.articles.map((a, i) => articleValues(a, ids[i]!, editionId, input.date));
    for (let i = 0; i < rows.length; i += ARTICLES_PER_STATEMENT) {
      const some = rows.slice(i, i + ARTICLES_PER_STATEMENT);
      this.db.prepare(insertArticles(some.length)).run(...some.flat());
    }
    input.articles.forEach((a, i) => {
      a.references.forEach((r, k) => {
        const target =
          r.targetOrdinal === null
            ? null
            : (ids[input.articles.findIndex((x) => x.ordinal === r.targetOrdinal)] ?? null);
        insRef.run(ids[i], k, r.text, r.kind, r.page, target);
      });
    });
    return { ...this.stored(editionId, old !== undefined, false), correctedArticles };
  }

  /**
   * Marks the reader corrections of an edition about to be replaced as superseded (kept, not deleted: the
   * new reading starts its own history) and returns the ids of the articles that had any.
   */
  private supersedeCorrections(editionId: number): string[] {
    const ids = `SELECT id FROM article WHERE edition_id = ${Number(editionId)}
      UNION SELECT old_id FROM article_alias WHERE article_id IN (SELECT id FROM article WHERE edition_id = ${Number(editionId)})`;
    const corrected = this.db
      .prepare(
        `SELECT DISTINCT article_id FROM article_version WHERE superseded = 0 AND version > 1 AND article_id IN (${ids}) ORDER BY 1`,
      )
      .pluck()
      .all() as string[];
    this.db
      .prepare(`UPDATE article_version SET superseded = 1 WHERE superseded = 0 AND article_id IN (${ids})`)
      .run();
    this.db.prepare(`DELETE FROM article_alias WHERE old_id IN (${ids})`).run();
    return corrected;
  }

  /** An edition as stored, with its articles, for replaceEdition's answer. */
  private stored(editionId: number, replaced: boolean, unchanged: boolean) {
    const edition = toEdition(this.db.prepare('SELECT * FROM edition WHERE id = ?').get(editionId) as Row);
    const articles = (
      this.db.prepare('SELECT * FROM article WHERE edition_id = ? ORDER BY ordinal').all(editionId) as Row[]
    ).map(toArticle);
    return { edition, articles, replaced, unchanged };
  }

  private ensureTitle(name: string): number {
    const slug = slugify(name, 80);
    const row = this.db.prepare('SELECT id FROM title WHERE slug = ?').get(slug) as
      | { id: number }
      | undefined;
    if (row) return row.id;
    return Number(
      this.db.prepare('INSERT INTO title (slug, name) VALUES (?, ?)').run(slug, name).lastInsertRowid,
    );
  }

  async findEditionByHash(sourceHash: string) {
    const r = this.db.prepare('SELECT * FROM edition WHERE source_hash = ? LIMIT 1').get(sourceHash) as
      | Row
      | undefined;
    return r ? toEdition(r) : null;
  }

  async getEdition(date: string) {
    const r = this.db.prepare('SELECT * FROM edition WHERE date = ? ORDER BY title_id LIMIT 1').get(date) as
      | Row
      | undefined;
    return r ? toEdition(r) : null;
  }

  async getEditionById(id: number) {
    const r = this.db.prepare('SELECT * FROM edition WHERE id = ?').get(id) as Row | undefined;
    return r ? toEdition(r) : null;
  }

  async getTitle(id: number): Promise<Title | null> {
    return (
      (this.db.prepare('SELECT id, slug, name FROM title WHERE id = ?').get(id) as Title | undefined) ?? null
    );
  }

  async getPages(editionId: number): Promise<Page[]> {
    const rows = this.db
      .prepare('SELECT * FROM page WHERE edition_id = ? ORDER BY number')
      .all(editionId) as Row[];
    return rows.map((r) => ({
      editionId: r.edition_id as number,
      number: r.number as number,
      text: r.text as string,
      width: r.width as number,
      height: r.height as number,
      words: JSON.parse(r.words as string),
    }));
  }

  async getArticle(id: string) {
    const r = this.db.prepare('SELECT * FROM article WHERE id = ?').get(id) as Row | undefined;
    return r ? toArticle(r) : null;
  }

  async listArticles(editionId: number) {
    const rows = this.db
      .prepare(`SELECT ${SUMMARY_COLUMNS} FROM article a WHERE a.edition_id = ? ORDER BY a.ordinal`)
      .all(editionId) as Row[];
    return rows.map(toSummary);
  }

  private links(sql: string, id: string): ReferenceLink[] {
    const rows = this.db.prepare(sql).all(id) as Row[];
    return rows.map((r) => ({
      sourceId: r.source_id as string,
      ordinal: r.ref_ordinal as number,
      text: r.text as string,
      kind: r.kind as ReferenceLink['kind'],
      page: r.page as number,
      targetId: (r.target_id as string | null) ?? null,
      other: r.id ? toSummary(r) : null,
    }));
  }

  async referencesFrom(articleId: string) {
    return this.links(
      `SELECT r.source_id, r.ordinal AS ref_ordinal, r.text, r.kind, r.page, r.target_id, ${SUMMARY_COLUMNS}
       FROM reference r LEFT JOIN article a ON a.id = r.target_id WHERE r.source_id = ? ORDER BY r.ordinal`,
      articleId,
    );
  }

  async referencesTo(articleId: string) {
    return this.links(
      `SELECT r.source_id, r.ordinal AS ref_ordinal, r.text, r.kind, r.page, r.target_id, ${SUMMARY_COLUMNS}
       FROM reference r JOIN article a ON a.id = r.source_id WHERE r.target_id = ? ORDER BY a.date, a.ordinal`,
      articleId,
    );
  }

  async listDates(from?: string, to?: string, limit = -1): Promise<EditionSummary[]> {
    return this.db
      .prepare(
        `SELECT e.date, e.page_count AS pages, (SELECT count(*) FROM article a WHERE a.edition_id = e.id) AS articles
         FROM edition e WHERE e.date >= ? AND e.date <= ? ORDER BY e.date LIMIT ?`,
      )
      .all(from ?? '0000-00-00', to ?? '9999-99-99', limit) as EditionSummary[];
  }

  async sameDay(monthDay: string, articlesEach: number) {
    const editions = this.db
      .prepare('SELECT id, date FROM edition WHERE substr(date, 6, 5) = ? ORDER BY date')
      .all(monthDay) as { id: number; date: string }[];
    const first = this.db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM article a WHERE a.edition_id = ? ORDER BY a.ordinal LIMIT ?`,
    );
    return editions.map((e) => ({
      date: e.date,
      articles: (first.all(e.id, articlesEach) as Row[]).map(toSummary),
    }));
  }

  async neighbours(date: string) {
    const prev = this.db.prepare('SELECT max(date) AS d FROM edition WHERE date < ?').get(date) as {
      d: string | null;
    };
    const next = this.db.prepare('SELECT min(date) AS d FROM edition WHERE date > ?').get(date) as {
      d: string | null;
    };
    return { previous: prev.d, next: next.d };
  }

  async years() {
    return this.db
      .prepare(
        'SELECT CAST(substr(date, 1, 4) AS INTEGER) AS year, count(*) AS editions FROM edition GROUP BY 1 ORDER BY 1',
      )
      .all() as { year: number; editions: number }[];
  }

  async stats(): Promise<ArchiveStats> {
    const e = this.db
      .prepare(
        'SELECT count(*) AS n, coalesce(sum(page_count), 0) AS p, min(date) AS f, max(date) AS l FROM edition',
      )
      .get() as { n: number; p: number; f: string | null; l: string | null };
    const a = this.db.prepare('SELECT count(*) AS n FROM article').get() as { n: number };
    return { editions: e.n, articles: a.n, pages: e.p, firstDate: e.f, lastDate: e.l };
  }

  async harvest(q: HarvestQuery): Promise<HarvestItem[]> {
    return harvestRows(this.db, q).map((r) => ({
      seq: r.seq as number,
      article: toArticle(r),
      datestamp: r.datestamp as string,
    }));
  }

  async datestamp(articleId: string) {
    const r = this.db
      .prepare(`SELECT ${STAMP} AS d FROM article a JOIN edition e ON e.id = a.edition_id WHERE a.id = ?`)
      .get(articleId) as { d: string } | undefined;
    return r?.d ?? null;
  }

  async recentEditions(limit: number) {
    return this.db
      .prepare(
        `SELECT e.date, e.page_count AS pages, e.ingested_at AS ingestedAt,
           (SELECT count(*) FROM article a WHERE a.edition_id = e.id) AS articles
         FROM edition e ORDER BY e.ingested_at DESC, e.date DESC LIMIT ?`,
      )
      .all(limit) as (EditionSummary & { ingestedAt: string })[];
  }

  async articleSlugs(offset: number, limit: number) {
    return articleSlugRows(this.db, offset, limit);
  }

  async earliestDatestamp() {
    return (this.db.prepare('SELECT min(ingested_at) AS d FROM edition').get() as { d: string | null }).d;
  }

  async recordIngest(ev: Omit<IngestEvent, 'id' | 'at'>) {
    this.db
      .prepare(
        'INSERT INTO ingest_event (at, path, status, date, articles, pages, error) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(new Date().toISOString(), ev.path, ev.status, ev.date, ev.articles, ev.pages, ev.error);
  }

  async listIngestEvents(limit: number): Promise<IngestEvent[]> {
    return this.db.prepare('SELECT * FROM ingest_event ORDER BY id DESC LIMIT ?').all(limit) as IngestEvent[];
  }

  async saveOcrPage(r: OcrPageRecord) {
    this.db
      .prepare(
        `INSERT INTO ocr_page (source_hash, page, lines, seconds, recorded_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (source_hash, page) DO UPDATE SET lines = excluded.lines, seconds = excluded.seconds, recorded_at = excluded.recorded_at`,
      )
      .run(r.sourceHash, r.page, JSON.stringify(r.lines), r.seconds, r.recordedAt);
  }

  async dropOcrPages(sourceHashes?: readonly string[]): Promise<number> {
    if (!sourceHashes) return this.db.prepare('DELETE FROM ocr_page').run().changes;
    const drop = this.db.prepare('DELETE FROM ocr_page WHERE source_hash = ?');
    return this.db.transaction((keys: readonly string[]) =>
      [...new Set(keys)].reduce((n, k) => n + drop.run(k).changes, 0),
    )(sourceHashes);
  }

  async ocrPages(sourceHash: string): Promise<OcrPageRecord[]> {
    const rows = this.db
      .prepare('SELECT * FROM ocr_page WHERE source_hash = ? ORDER BY page')
      .all(sourceHash) as Row[];
    return rows.map((r) => ({
      sourceHash: r.source_hash as string,
      page: r.page as number,
      lines: JSON.parse(r.lines as string),
      seconds: r.seconds as number,
      recordedAt: r.recorded_at as string,
    }));
  }

  async editionCensus(): Promise<EditionCensus[]> {
    return this.db.prepare(CENSUS_SQL).all() as EditionCensus[];
  }

  async danglingReferences() {
    return this.db.prepare(DANGLING_SQL).all() as { sourceId: string; ordinal: number; targetId: string }[];
  }

  async close() {
    if (this.db.open) this.db.close();
  }
}
