/**
 * ArchiveStore on PostgreSQL: the same tables as SQLite, written in transactions through a pool.
 * (Past the house size limit: one method for each of ArchiveStore's, mirroring sqlite-archive-store.ts
 * method for method so the two are read side by side; split along the smaller ports of store/ports/ when
 * it grows again.)
 */
import type pg from 'pg';
import { articleIds } from '../../core/ids.js';
import type { IngestEvent, Page, Title } from '../../core/types.js';
import { fold, slugify } from '../../text/normalize.js';
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
import type { PgPool } from './postgres-database.js';
import { wrote } from './postgres-generation.js';
import { articleSlugRows, harvestRows, STAMP } from './postgres-harvest.js';
import { PostgresStatistics } from './postgres-statistics.js';

/** The search vector: headline A, byline B, dateline place C, body D, folded as the query is (text/normalize). */
export const TSV_SQL =
  "setweight(to_tsvector('simple', $A), 'A') || setweight(to_tsvector('simple', $B), 'B') || setweight(to_tsvector('simple', $C), 'C') || setweight(to_tsvector('simple', $D), 'D')";

/**
 * The body text the vector is made from: the current body and, for a corrected article, its original
 * reading (docs/adr/0011), so search finds it by either.
 */
export function searchedBody(body: string, originalText: string | null | undefined): string {
  return originalText ? `${body}\n\n${originalText}` : body;
}

/** `($1, $2, …), ($k+1, …)`: placeholders for `rows` rows of `width` values each, for one multi-row INSERT. */
function placeholders(rows: number, width: number): string {
  const out: string[] = [];
  for (let r = 0; r < rows; r++) {
    out.push(`(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
  }
  return out.join(', ');
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Marks the reader corrections of an edition about to be replaced as superseded (kept, not deleted: the
 * new reading starts its own history) and returns the ids of the articles that had any.
 */
async function supersedeCorrections(client: pg.PoolClient, editionId: number): Promise<string[]> {
  const ids = `SELECT id FROM article WHERE edition_id = $1
    UNION SELECT old_id FROM article_alias WHERE article_id IN (SELECT id FROM article WHERE edition_id = $1)`;
  const { rows } = await client.query(
    `SELECT DISTINCT article_id FROM article_version WHERE superseded = 0 AND version > 1 AND article_id IN (${ids}) ORDER BY 1`,
    [editionId],
  );
  await client.query(
    `UPDATE article_version SET superseded = 1 WHERE superseded = 0 AND article_id IN (${ids})`,
    [editionId],
  );
  await client.query(`DELETE FROM article_alias WHERE old_id IN (${ids})`, [editionId]);
  return rows.map((r) => r.article_id as string);
}

const nowStamp = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

/** PostgreSQL returns bigint and count() as strings; the archive's numbers fit in a JS number. */
function numbers<T extends Row>(r: T, ...keys: string[]): T {
  for (const k of keys) if (r[k] !== null && r[k] !== undefined) (r as Row)[k] = Number(r[k]);
  return r;
}

export class PostgresArchiveStore implements ArchiveStore {
  /** The planner's statistics kept current as the archive grows (postgres-statistics.ts), whether or not autovacuum runs. */
  readonly statistics: PostgresStatistics;

  constructor(
    private readonly pool: PgPool,
    statistics?: PostgresStatistics,
  ) {
    this.statistics = statistics ?? new PostgresStatistics(pool);
  }

  private async q<T extends Row = Row>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  async replaceEdition(input: EditionInput) {
    const [result] = await this.replaceEditions([input]);
    return result!;
  }

  async replaceEditions(inputs: Iterable<EditionInput> | AsyncIterable<EditionInput>) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const results = [];
      for await (const input of inputs) {
        // Two workers replacing the same date wait for each other instead of both inserting it. (Two
        // batches sharing dates in opposite orders can deadlock; PostgreSQL then fails one, which is
        // rolled back whole and reported, and loads when run again.)
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
          `edition:${input.titleName}:${input.date}`,
        ]);
        results.push(await this.writeEdition(client, input));
      }
      await client.query('COMMIT');
      await wrote(this.pool);
      // After the commit, outside the transaction: a check every so many articles, any ANALYZE in the background.
      this.statistics.wrote(results.reduce((n, r) => n + (r.unchanged ? 0 : r.articles.length), 0));
      return results;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }

  /** Deletes the edition of the input's title and date, if any, and inserts the new one, inside `client`'s transaction. */
  private async writeEdition(client: pg.PoolClient, input: EditionInput) {
    const titleId = await this.ensureTitle(client, input.titleName);
    const old = await client.query(
      'SELECT id, source_hash FROM edition WHERE title_id = $1 AND date = $2 FOR UPDATE',
      [titleId, input.date],
    );
    // The same file stored meanwhile (by another worker): nothing to write.
    if (old.rows[0]?.source_hash === input.sourceHash) {
      const id = old.rows[0].id as number;
      const edition = toEdition((await client.query('SELECT * FROM edition WHERE id = $1', [id])).rows[0]);
      const articles = (
        await client.query('SELECT * FROM article WHERE edition_id = $1 ORDER BY ordinal', [id])
      ).rows.map((r) => toArticle(numbers(r, 'seq')));
      return { edition, articles, replaced: false, unchanged: true };
    }
    const correctedArticles = old.rowCount
      ? await supersedeCorrections(client, old.rows[0].id as number)
      : [];
    if (old.rowCount) await client.query('DELETE FROM edition WHERE id = $1', [old.rows[0].id]);
    await client.query("UPDATE archive_meta SET value = value + 1 WHERE key = 'writes'");
    const ins = await client.query(
      `INSERT INTO edition (title_id, date, volume, number, page_count, source_hash, source_name, pdf_key, ingested_at, language, source_kind)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [
        titleId,
        input.date,
        input.volume,
        input.number,
        input.pages.length,
        input.sourceHash,
        input.sourceName,
        input.pdfKey,
        nowStamp(),
        input.language ?? null,
        sourceKindOf(input),
      ],
    );
    const edition = toEdition(ins.rows[0]);
    // Each table's rows go in one multi-row INSERT: one round trip per table instead of one per row.
    // (In chunks of at most 500 rows, well under PostgreSQL's 65,535 parameters a statement.)
    for (const chunk of chunks(input.pages, 500)) {
      await client.query(
        `INSERT INTO page (edition_id, number, text, width, height, words) VALUES ${placeholders(chunk.length, 6)}`,
        chunk.flatMap((p) => [edition.id, p.number, p.text, p.width, p.height, JSON.stringify(p.words)]),
      );
    }
    const headlines = input.articles.map((a) => a.headline);
    let ids = input.articleIds ?? articleIds(input.date, headlines);
    // An article a reader moved to another date keeps its id: the new reading's articles do without it.
    const taken = await client.query('SELECT id FROM article WHERE id = ANY($1::text[])', [ids]);
    if (taken.rowCount && !input.articleIds)
      ids = articleIds(input.date, headlines, new Set(taken.rows.map((r) => r.id as string)));
    const numbered = input.articles.map((a, i) => ({ a, id: ids[i]! }));
    for (const chunk of chunks(numbered, 500)) {
      // The article columns, then the four folded fields the vector is made from (headline, place, byline, body).
      const c = ARTICLE_COLUMN_COUNT;
      const rows = chunk.map((_, i) => {
        const n = (k: number) => `$${i * (c + 4) + k}`;
        const cols = Array.from({ length: c }, (_, k) => n(k + 1)).join(', ');
        const tsv = TSV_SQL.replace('$A', n(c + 1))
          .replace('$B', n(c + 3))
          .replace('$C', n(c + 4))
          .replace('$D', n(c + 2));
        return `(${cols}, ${tsv})`;
      });
      await client.query(
        `INSERT INTO article (${ARTICLE_COLUMNS}, tsv) VALUES ${rows.join(', ')}`,
        chunk.flatMap(({ a, id }) => [
          ...articleValues(a, id, edition.id, input.date),
          fold(a.headline),
          fold(a.body),
          fold(a.byline ?? ''),
          fold(a.dateline?.place ?? ''),
        ]),
      );
    }
    const refs = input.articles.flatMap((a, i) =>
      a.references.map((r, k) => {
        const t =
          r.targetOrdinal === null ? -1 : input.articles.findIndex((x) => x.ordinal === r.targetOrdinal);
        return [ids[i], k, r.text, r.kind, r.page, t >= 0 ? ids[t] : null];
      }),
    );
    for (const chunk of chunks(refs, 500)) {
      await client.query(
        `INSERT INTO reference (source_id, ordinal, text, kind, page, target_id) VALUES ${placeholders(chunk.length, 6)}`,
        chunk.flat(),
      );
    }
    const articles = (
      await client.query('SELECT * FROM article WHERE edition_id = $1 ORDER BY ordinal', [edition.id])
    ).rows.map((r) => toArticle(numbers(r, 'seq')));
    return { edition, articles, replaced: (old.rowCount ?? 0) > 0, unchanged: false, correctedArticles };
  }

  private async ensureTitle(client: pg.PoolClient, name: string): Promise<number> {
    const slug = slugify(name, 80);
    const r = await client.query(
      `INSERT INTO title (slug, name) VALUES ($1, $2) ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
      [slug, name],
    );
    return r.rows[0].id as number;
  }

  async findEditionByHash(sourceHash: string) {
    const [r] = await this.q('SELECT * FROM edition WHERE source_hash = $1 LIMIT 1', [sourceHash]);
    return r ? toEdition(r) : null;
  }

  async getEdition(date: string) {
    const [r] = await this.q('SELECT * FROM edition WHERE date = $1 ORDER BY title_id LIMIT 1', [date]);
    return r ? toEdition(r) : null;
  }

  async getEditionById(id: number) {
    const [r] = await this.q('SELECT * FROM edition WHERE id = $1', [id]);
    return r ? toEdition(r) : null;
  }

  async getTitle(id: number): Promise<Title | null> {
    const [r] = await this.q<Title & Row>('SELECT id, slug, name FROM title WHERE id = $1', [id]);
    return r ?? null;
  }

  async getPages(editionId: number): Promise<Page[]> {
    const rows = await this.q('SELECT * FROM page WHERE edition_id = $1 ORDER BY number', [editionId]);
    return rows.map((r) => ({
      editionId: r.edition_id as number,
      number: r.number as number,
      text: r.text as string,
      width: r.width as number,
      height: r.height as number,
      words: r.words as Page['words'],
    }));
  }

  async getArticle(id: string) {
    const [r] = await this.q('SELECT * FROM article WHERE id = $1', [id]);
    return r ? toArticle(r) : null;
  }

  async listArticles(editionId: number) {
    return (
      await this.q(`SELECT ${SUMMARY_COLUMNS} FROM article a WHERE a.edition_id = $1 ORDER BY a.ordinal`, [
        editionId,
      ])
    ).map(toSummary);
  }

  private async links(sql: string, id: string): Promise<ReferenceLink[]> {
    return (await this.q(sql, [id])).map((r) => ({
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
       FROM reference r LEFT JOIN article a ON a.id = r.target_id WHERE r.source_id = $1 ORDER BY r.ordinal`,
      articleId,
    );
  }

  async referencesTo(articleId: string) {
    return this.links(
      `SELECT r.source_id, r.ordinal AS ref_ordinal, r.text, r.kind, r.page, r.target_id, ${SUMMARY_COLUMNS}
       FROM reference r JOIN article a ON a.id = r.source_id WHERE r.target_id = $1 ORDER BY a.date, a.ordinal`,
      articleId,
    );
  }

  async listDates(from?: string, to?: string, limit?: number): Promise<EditionSummary[]> {
    const rows = await this.q(
      `SELECT e.date, e.page_count AS pages, (SELECT count(*) FROM article a WHERE a.edition_id = e.id)::int AS articles
       FROM edition e WHERE e.date >= $1 AND e.date <= $2 ORDER BY e.date LIMIT $3`,
      [from ?? '0000-00-00', to ?? '9999-99-99', limit === undefined || limit < 0 ? null : limit],
    );
    return rows as unknown as EditionSummary[];
  }

  async sameDay(monthDay: string, articlesEach: number) {
    const editions = await this.q<{ id: number; date: string }>(
      'SELECT id, date FROM edition WHERE substr(date, 6, 5) = $1 ORDER BY date',
      [monthDay],
    );
    const out = [];
    for (const e of editions) {
      const rows = await this.q(
        `SELECT ${SUMMARY_COLUMNS} FROM article a WHERE a.edition_id = $1 ORDER BY a.ordinal LIMIT $2`,
        [e.id, articlesEach],
      );
      out.push({ date: e.date, articles: rows.map(toSummary) });
    }
    return out;
  }

  async neighbours(date: string) {
    const [r] = await this.q<{ p: string | null; n: string | null }>(
      'SELECT (SELECT max(date) FROM edition WHERE date < $1) AS p, (SELECT min(date) FROM edition WHERE date > $1) AS n',
      [date],
    );
    return { previous: r?.p ?? null, next: r?.n ?? null };
  }

  async years() {
    return (await this.q(
      'SELECT substr(date, 1, 4)::int AS year, count(*)::int AS editions FROM edition GROUP BY 1 ORDER BY 1',
    )) as {
      year: number;
      editions: number;
    }[];
  }

  async stats(): Promise<ArchiveStats> {
    const [e] = await this.q(
      'SELECT count(*)::int AS n, coalesce(sum(page_count), 0)::int AS p, min(date) AS f, max(date) AS l FROM edition',
    );
    const [a] = await this.q('SELECT count(*)::int AS n FROM article');
    return {
      editions: e!.n as number,
      articles: a!.n as number,
      pages: e!.p as number,
      firstDate: (e!.f as string | null) ?? null,
      lastDate: (e!.l as string | null) ?? null,
    };
  }

  async harvest(q: HarvestQuery): Promise<HarvestItem[]> {
    const rows = await harvestRows((sql, params) => this.q(sql, params), q);
    return rows.map((r) => ({ seq: Number(r.seq), article: toArticle(r), datestamp: r.datestamp as string }));
  }

  async datestamp(articleId: string) {
    const [r] = await this.q(
      `SELECT ${STAMP} AS d FROM article a JOIN edition e ON e.id = a.edition_id WHERE a.id = $1`,
      [articleId],
    );
    return (r?.d as string | undefined) ?? null;
  }

  async recentEditions(limit: number) {
    return (await this.q(
      `SELECT e.date, e.page_count AS pages, e.ingested_at AS "ingestedAt",
         (SELECT count(*) FROM article a WHERE a.edition_id = e.id)::int AS articles
       FROM edition e ORDER BY e.ingested_at DESC, e.date DESC LIMIT $1`,
      [limit],
    )) as unknown as (EditionSummary & { ingestedAt: string })[];
  }

  async articleSlugs(offset: number, limit: number) {
    return articleSlugRows((sql, params) => this.q(sql, params), offset, limit);
  }

  async earliestDatestamp() {
    const [r] = await this.q('SELECT min(ingested_at) AS d FROM edition');
    return (r?.d as string | null) ?? null;
  }

  async recordIngest(ev: Omit<IngestEvent, 'id' | 'at'>) {
    await this.q(
      'INSERT INTO ingest_event (at, path, status, date, articles, pages, error) VALUES ($1, $2, $3, $4, $5, $6, $7)',
      [new Date().toISOString(), ev.path, ev.status, ev.date, ev.articles, ev.pages, ev.error],
    );
  }

  async listIngestEvents(limit: number): Promise<IngestEvent[]> {
    return (await this.q('SELECT * FROM ingest_event ORDER BY id DESC LIMIT $1', [limit])).map(
      (r) => numbers(r, 'id') as unknown as IngestEvent,
    );
  }

  async saveOcrPage(r: OcrPageRecord) {
    await this.q(
      `INSERT INTO ocr_page (source_hash, page, lines, seconds, recorded_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (source_hash, page) DO UPDATE SET lines = excluded.lines, seconds = excluded.seconds, recorded_at = excluded.recorded_at`,
      [r.sourceHash, r.page, JSON.stringify(r.lines), r.seconds, r.recordedAt],
    );
  }

  async dropOcrPages(sourceHashes?: readonly string[]): Promise<number> {
    const r = sourceHashes
      ? await this.pool.query('DELETE FROM ocr_page WHERE source_hash = ANY($1::text[])', [[...sourceHashes]])
      : await this.pool.query('DELETE FROM ocr_page');
    return r.rowCount ?? 0;
  }

  async ocrPages(sourceHash: string): Promise<OcrPageRecord[]> {
    const rows = await this.q('SELECT * FROM ocr_page WHERE source_hash = $1 ORDER BY page', [sourceHash]);
    return rows.map((r) => ({
      sourceHash: r.source_hash as string,
      page: r.page as number,
      lines: r.lines as OcrPageRecord['lines'],
      seconds: r.seconds as number,
      recordedAt: (r.recorded_at as Date).toISOString(),
    }));
  }

  async editionCensus(): Promise<EditionCensus[]> {
    const keys = ['pageCount', 'pages', 'firstPage', 'lastPage', 'articles', 'articlesOffPage'];
    return (await this.q(CENSUS_SQL)).map((r) => numbers(r, ...keys) as unknown as EditionCensus);
  }

  async danglingReferences() {
    return (await this.q(DANGLING_SQL)) as { sourceId: string; ordinal: number; targetId: string }[];
  }

  async close() {
    await this.statistics.settled();
    await this.pool.end().catch(() => {});
  }
}
