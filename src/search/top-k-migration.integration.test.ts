/**
 * Migration 12 (the top-k lists) on an archive that already holds articles, on both backends: the
 * archive is loaded, taken back to version 11, and opened again. Its articles are untouched, searches
 * give the same with the layer on and off, a new date's bulletin counts as no change, and a replaced
 * one does (the trigger that makes lists stale).
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
  } finally {
    await archive.close();
  }
}

test('sqlite: migration 12 on an archive with articles', async () => {
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
      `DROP TRIGGER article_topk_ad; DROP TRIGGER article_topk_au; DROP TABLE search_topk;
       DELETE FROM archive_meta WHERE key = 'article_changes'; DELETE FROM schema_migration WHERE version = 12;`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('postgres: migration 12 on an archive with articles', async () => {
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
      `DROP TRIGGER article_topk_ad ON article; DROP TRIGGER article_topk_au ON article;
       DROP FUNCTION article_topk_changed(); DROP TABLE search_topk;
       DELETE FROM archive_meta WHERE key = 'article_changes'; DELETE FROM schema_migration WHERE version = 12;`,
    );
  } finally {
    await client.end();
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
});
