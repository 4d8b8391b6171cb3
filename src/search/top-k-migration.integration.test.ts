/**
 * Migrations 12 (the top-k lists) and 16 (their change log) on an archive that already holds articles, on
 * both backends: the archive is loaded, taken back to version 11, and opened again. Its articles are
 * untouched, searches give the same with the layer on and off, a new date's bulletin counts as no change,
 * and a replaced one does, logged article by article. Then 16 alone: lists made before it stay usable.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { type Archive, openArchive } from '../app.js';
import { parsePgUrl } from '../store/postgres/postgres-database.js';
import { SearchService } from './search.service.js';
import { hasTopK } from './top-k.js';

const corpus = makeCorpus();

/** Migration 16 taken back: its log, triggers and index (12's triggers are put back by the caller, or dropped). */
const SQLITE_UNDO_16 = `DROP TRIGGER article_topk_ad; DROP TRIGGER article_topk_au; DROP TRIGGER article_topk_ai;
  DROP TABLE article_change; DROP TABLE article_change_text; DROP INDEX search_topk_changes;
  DELETE FROM archive_meta WHERE key = 'article_change_floor'; DELETE FROM schema_migration WHERE version = 16;`;
const PG_UNDO_16 = `DROP TRIGGER article_topk_ad ON article; DROP TRIGGER article_topk_au ON article;
  DROP FUNCTION article_topk_logged(); DROP TABLE article_change; DROP INDEX search_topk_changes;
  DELETE FROM archive_meta WHERE key = 'article_change_floor'; DELETE FROM schema_migration WHERE version = 16;`;

interface Sql {
  /** Runs statements on the archive's database (the archive closed). */
  exec(sql: string): Promise<void>;
  value(sql: string): Promise<number>;
}

async function checkMigration(open: () => Promise<Archive>, sql: Sql, undo: string): Promise<void> {
  let archive = await open();
  for (const e of syntheticEditions(corpus, 200, 10, 21, '1930-01-01')) await archive.store.replaceEdition(e);
  const before = await archive.store.harvest({ after: 0, limit: 1000 });
  await archive.close();
  await sql.exec(undo);
  assert.equal(await sql.value('SELECT count(*) FROM schema_migration WHERE version = 12'), 0);

  archive = await open();
  try {
    assert.equal(await sql.value('SELECT count(*) FROM schema_migration WHERE version = 12'), 1);
    assert.deepEqual(await archive.store.harvest({ after: 0, limit: 1000 }), before, 'articles untouched');
    assert.equal(await sql.value('SELECT count(*) FROM search_topk'), 0);
    assert.ok(hasTopK(archive.index));
    const on = new SearchService(archive.index);
    const off = new SearchService(archive.index.withTopK(null));
    for (const w of corpus.words.slice(0, 4)) {
      const [a, b] = [
        await on.search({ q: w, variants: 'off' }),
        await off.search({ q: w, variants: 'off' }),
      ];
      assert.deepEqual(
        a.hits.map((h) => h.id),
        b.hits.map((h) => h.id),
      );
      assert.equal(a.total, b.total);
    }
    assert.ok((await sql.value('SELECT count(*) FROM search_topk')) >= 4, 'the common words got lists');
    const changes = "SELECT value FROM archive_meta WHERE key = 'article_changes'";
    assert.equal(await sql.value(changes), 0);
    await archive.store.replaceEdition([...syntheticEditions(corpus, 10, 10, 22, '1931-01-01')][0]!);
    assert.equal(await sql.value(changes), 0, 'a new date deletes no article');
    const [again] = syntheticEditions(corpus, 10, 10, 23, '1930-01-03');
    await archive.store.replaceEdition({ ...again!, sourceHash: 'another-1930-01-03' });
    assert.ok((await sql.value(changes)) > 0, 'a replaced bulletin counts as a change');
    assert.equal(await sql.value('SELECT count(*) FROM schema_migration WHERE version = 16'), 1);
    assert.equal(
      await sql.value('SELECT count(*) FROM article_change'),
      await sql.value(changes),
      'each deleted article logged, its id the count after it',
    );
    assert.equal(await sql.value('SELECT max(id) FROM article_change'), await sql.value(changes));
  } finally {
    await archive.close();
  }
}

/**
 * Migration 16 on an archive whose lists were made under 15: the log starts at the change count then (its
 * floor), so those lists are read as they are after a change that does not touch them; a list made before
 * an earlier change is stale, and made again. The refresh then prunes the log.
 */
async function checkMigration16(open: () => Promise<Archive>, sql: Sql, undo: string): Promise<void> {
  let archive = await open();
  for (const e of syntheticEditions(corpus, 400, 10, 24, '1932-01-01')) await archive.store.replaceEdition(e);
  const [replaced] = syntheticEditions(corpus, 10, 10, 25, '1932-01-02');
  await archive.store.replaceEdition({ ...replaced!, sourceHash: 'another-1932-01-02' });
  await archive.close();
  await sql.exec(undo);
  assert.equal(await sql.value('SELECT count(*) FROM schema_migration WHERE version = 16'), 0);
  archive = await open();
  try {
    assert.ok(hasTopK(archive.index));
    const index = archive.index.withTopK({ share: 0.005, length: 50, prebuild: 100_000, exactCount: 1e6 });
    await index.rebuildTopK();
    const listed = await index.listedWords();
    await archive.close();
    // Back to 15 once more, the lists kept: 16 is applied to an archive with lists (and a change count).
    await sql.exec(undo);
    archive = await open();
    assert.ok(hasTopK(archive.index));
    const off = new SearchService(archive.index.withTopK(null));
    const layered = archive.index.withTopK({ share: 0.005, length: 50, prebuild: 100_000, exactCount: 1e6 });
    const at = await sql.value("SELECT value FROM archive_meta WHERE key = 'article_changes'");
    assert.ok(at > 0);
    assert.equal(await sql.value("SELECT value FROM archive_meta WHERE key = 'article_change_floor'"), at);
    const [next] = syntheticEditions(corpus, 2, 2, 26, '1932-01-03');
    const old = new Set(
      (await archive.store.harvest({ after: 0, limit: 1000 }))
        .filter((h) => h.article.date === '1932-01-03')
        .flatMap((h) => `${h.article.headline} ${h.article.body}`.split(' ')),
    );
    const fresh = new Set(next!.articles.flatMap((a) => `${a.headline} ${a.body}`.split(' ')));
    await archive.store.replaceEdition({ ...next!, sourceHash: 'another-1932-01-03' });
    assert.ok((await sql.value('SELECT count(*) FROM article_change')) > 0, 'the replacement is logged');
    // The lists whose words neither reading holds, and as many others.
    const untouched = listed.filter((w) => !old.has(w) && !fresh.has(w));
    const words = [
      ...untouched,
      ...listed.filter((w) => old.has(w) || fresh.has(w)).slice(0, untouched.length),
    ];
    assert.ok(untouched.length > 0, 'some listed words are in neither reading');
    let read = 0;
    for (const w of words) {
      const params = { q: w, variants: 'off', pageSize: 20 };
      const before = layered.listsMade();
      const [a, b] = [await new SearchService(layered).search(params), await off.search(params)];
      assert.deepEqual(
        a.hits.map((h) => h.score),
        b.hits.map((h) => h.score),
        w,
      );
      assert.equal(a.total, b.total, w);
      if (!old.has(w) && !fresh.has(w) && layered.listsMade() === before) read++;
    }
    assert.ok(read > 0, `${read} lists made under migration 15 read as they are after a change`);
    await layered.refreshTopK(600_000);
    assert.equal(await sql.value('SELECT count(*) FROM article_change'), 0, 'the refresh pruned the log');
  } finally {
    await archive.close();
  }
}

test('sqlite: migrations 12 and 16 on an archive with articles', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-topk-migrate-'));
  const file = join(dir, 'data', 'archive.sqlite');
  const sql: Sql = {
    exec: async (s) => {
      const db = new Database(file);
      db.exec(s);
      db.close();
    },
    value: async (s) => {
      const db = new Database(file, { readonly: true });
      const v = db.prepare(s).pluck().get() as number;
      db.close();
      return v;
    },
  };
  try {
    await checkMigration(
      () => openArchive({ dataDir: join(dir, 'data') }),
      sql,
      `${SQLITE_UNDO_16} DROP TABLE search_topk;
       DELETE FROM archive_meta WHERE key = 'article_changes'; DELETE FROM schema_migration WHERE version = 12;`,
    );
    await checkMigration16(
      () => openArchive({ dataDir: join(dir, 'data') }),
      sql,
      `${SQLITE_UNDO_16}
       CREATE TRIGGER article_topk_ad AFTER DELETE ON article BEGIN
         UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
       END;
       CREATE TRIGGER article_topk_au AFTER UPDATE ON article BEGIN
         UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
       END;`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('postgres: migrations 12 and 16 on an archive with articles', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-topk-migrate-pg-'));
  const { url, drop } = tempSchemaUrl();
  const target = parsePgUrl(url);
  const client = new pg.Client({
    connectionString: target.connectionString,
    options: `-c search_path=${target.schema}`,
  });
  await client.connect();
  const sql: Sql = {
    exec: async (s) => {
      await client.query(s);
    },
    value: async (s) => Number(Object.values((await client.query(s)).rows[0])[0]),
  };
  try {
    await checkMigration(
      () => openArchive({ dataDir: join(dir, 'data'), db: url }),
      sql,
      `${PG_UNDO_16} DROP TABLE search_topk;
       DELETE FROM archive_meta WHERE key = 'article_changes'; DELETE FROM schema_migration WHERE version = 12;`,
    );
    await checkMigration16(
      () => openArchive({ dataDir: join(dir, 'data'), db: url }),
      sql,
      `${PG_UNDO_16}
       CREATE FUNCTION article_topk_changed() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF EXISTS (SELECT 1 FROM gone) THEN
           UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
         END IF;
         RETURN NULL;
       END $$;
       CREATE TRIGGER article_topk_ad AFTER DELETE ON article REFERENCING OLD TABLE AS gone
         FOR EACH STATEMENT EXECUTE FUNCTION article_topk_changed();
       CREATE TRIGGER article_topk_au AFTER UPDATE ON article REFERENCING OLD TABLE AS gone
         FOR EACH STATEMENT EXECUTE FUNCTION article_topk_changed();`,
    );
  } finally {
    await client.end();
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
});
