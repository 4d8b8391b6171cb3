/** `dateline check` on both backends: a sound archive passes; each kind of damage is reported, and only it. */
import assert from 'node:assert/strict';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { postgresBackend } from '../../test/helpers/postgres.js';
import { bulletin1938, bulletin1974, sqliteBackend } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Archive } from '../app.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';
import { openPostgres, type PgPool } from '../store/postgres/postgres-database.js';
import { checkArchive } from './archive-check.service.js';

/** Ways to damage an archive behind its back, per backend. */
interface Damage {
  unindex(articleId: string): Promise<void>;
  reindex(): Promise<void>;
  deleteBlob(key: string): Promise<void>;
  flipBlobByte(key: string, at: number): Promise<void>;
  deletePage(date: string, n: number): Promise<void>;
}

function sqliteDamage(archive: Archive): Damage & { db: Database.Database } {
  const db = new Database(join(archive.dataDir, 'archive.sqlite'));
  const blobFile = (key: string) => join(archive.dataDir, 'blobs', key.slice(0, 2), key);
  return {
    db,
    unindex: async (id) => {
      db.prepare(
        `INSERT INTO article_fts(article_fts, rowid, headline, body, byline, dateline_place)
         SELECT 'delete', seq, headline, body, byline, dateline_place FROM article WHERE id = ?`,
      ).run(id);
    },
    reindex: async () => void db.exec("INSERT INTO article_fts(article_fts) VALUES ('rebuild')"),
    deleteBlob: (key) => rm(blobFile(key)),
    flipBlobByte: async (key, at) => {
      const b = await readFile(blobFile(key));
      b[at] = b[at]! ^ 0xff;
      await writeFile(blobFile(key), b);
    },
    deletePage: async (date, n) =>
      void db
        .prepare('DELETE FROM page WHERE number = ? AND edition_id = (SELECT id FROM edition WHERE date = ?)')
        .run(n, date),
  };
}

/** Damage done through a pool of the test's own on the archive's schema. */
async function postgresDamage(archive: Archive, db?: string): Promise<Damage & { pool: PgPool }> {
  const pool = await openPostgres(db!);
  return {
    pool,
    unindex: async (id) =>
      void (await pool.query("UPDATE article SET tsv = ''::tsvector WHERE id = $1", [id])),
    reindex: async () => {
      // Puts back what ingest wrote: the test damaged only the vector it emptied.
      await archive.index.rebuild();
    },
    deleteBlob: async (key) => void (await pool.query('DELETE FROM blob WHERE key = $1', [key])),
    flipBlobByte: async (key, at) =>
      void (await pool.query(
        'UPDATE blob SET bytes = set_byte(bytes, $2, get_byte(bytes, $2) # 255) WHERE key = $1',
        [key, at],
      )),
    deletePage: async (date, n) =>
      void (await pool.query(
        'DELETE FROM page WHERE number = $1 AND edition_id = (SELECT id FROM edition WHERE date = $2)',
        [n, date],
      )),
  };
}

function checkSuite(
  backend: BackendUnderTest,
  damageOf: (a: Archive, db?: string) => Damage | Promise<Damage>,
) {
  describe(`${backend.name}: dateline check`, () => {
    let archive: Archive;
    let cleanup: () => Promise<void>;
    let damage: Damage;
    let pdfKey: string;
    let articleId: string;
    const kinds = async () =>
      (await checkArchive(archive)).findings.map((f) => [f.kind, f.severity, f.subject] as const);

    before(async () => {
      const opened = await backend.open();
      ({ archive, cleanup } = opened);
      const { mkdir } = await import('node:fs/promises');
      await mkdir(opened.inbox, { recursive: true });
      await writeFile(join(opened.inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
      await writeFile(join(opened.inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
      await archive.ingest.ingestPaths([opened.inbox]);
      const e = (await archive.store.getEdition('1974-12-19'))!;
      pdfKey = e.pdfKey;
      articleId = (await archive.store.listArticles(e.id))[1]!.id;
      damage = await damageOf(archive, opened.db);
    });
    after(async () => {
      (damage as { db?: Database.Database }).db?.close();
      await (damage as { pool?: PgPool }).pool?.end();
      await cleanup?.();
    });

    test('a sound archive passes with its figures and no findings', async () => {
      const r = await checkArchive(archive);
      assert.deepEqual(
        { ...r, findings: r.findings.length },
        { editions: 2, articles: 5, pages: 3, blobs: 2, findings: 0, ok: true },
      );
    });

    test('an article taken out of the search index is reported as missing from it', async () => {
      await damage.unindex(articleId);
      const found = await kinds();
      assert.deepEqual(
        found.filter(([k]) => k !== 'index-engine'),
        [['index-missing', 'error', articleId]],
      );
      // SQLite's FTS5 integrity-check sees the same damage; PostgreSQL has no engine check of its own.
      assert.equal(found.length, backend.name === 'sqlite' ? 2 : 1);
      await damage.reindex();
      assert.deepEqual(await kinds(), []);
    });

    test('a deleted blob is reported missing, naming its key', async () => {
      const bytes = (await archive.blobs.get(pdfKey))!;
      await damage.deleteBlob(pdfKey);
      assert.deepEqual(await kinds(), [['blob-missing', 'error', pdfKey]]);
      await archive.blobs.put(bytes);
      assert.deepEqual(await kinds(), []);
    });

    test('one flipped byte in a blob is reported as damage to that blob', async () => {
      await damage.flipBlobByte(pdfKey, 100);
      const r = await checkArchive(archive);
      assert.deepEqual(
        r.findings.map((f) => [f.kind, f.subject]),
        [['blob-corrupt', pdfKey]],
      );
      assert.match(r.findings[0]!.message, /the PDF of 1974-12-19\): its content has sha256 [0-9a-f]{64}/);
      assert.equal(r.ok, false);
      await damage.flipBlobByte(pdfKey, 100);
      assert.deepEqual(await kinds(), []);
    });

    test('a lost page row is reported against its bulletin', async () => {
      await damage.deletePage('1974-12-19', 2);
      const r = await checkArchive(archive);
      assert.deepEqual(
        r.findings.map((f) => [f.kind, f.subject, f.message]),
        [
          [
            'edition-pages',
            '1974-12-19',
            '1974-12-19: the bulletin records 2 pages but 1 are stored (numbered 1–1).',
          ],
        ],
      );
    });
  });
}

checkSuite(sqliteBackend, sqliteDamage);
checkSuite(postgresBackend, postgresDamage);

test('sqlite: an index row with no article, and the command line: findings printed, exit 1', async () => {
  const { archive, cleanup } = await sqliteBackend.open();
  const { mkdir } = await import('node:fs/promises');
  const inbox = join(archive.dataDir, '..', 'inbox');
  await mkdir(inbox, { recursive: true });
  await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
  await archive.ingest.ingestPaths([inbox]);
  const clean = datelineSync(['check', '--data', archive.dataDir]);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /1 bulletins, 2 articles, 1 pages, 1 blobs checked: 0 errors, 0 warnings/);
  const { db } = sqliteDamage(archive);
  db.prepare(
    "INSERT INTO article_fts(rowid, headline, body, byline, dateline_place) VALUES (9999, 'ghost', 'no such article', '', '')",
  ).run();
  db.close();
  const r = datelineSync(['check', '--data', archive.dataDir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /^error {3}index-orphan: index row 9999: indexed, but there is no such article\.$/m);
  assert.match(r.stderr, /dateline: the archive has the errors listed above/);
  const json = JSON.parse(datelineSync(['check', '--data', archive.dataDir, '--json']).stdout);
  assert.deepEqual(
    json.findings
      .filter((f: { kind: string }) => f.kind !== 'index-engine')
      .map((f: { subject: string }) => f.subject),
    ['9999'],
  );
  await cleanup();
});

test('sqlite: a temporary file left by a killed blob write is a blob-temp warning, and the check still passes', async () => {
  const { archive, cleanup } = await sqliteBackend.open();
  try {
    const key = await archive.blobs.put(await typedPdf(bulletin1938));
    const name = join(key.slice(0, 2), `${key}.4242.1700000000000.tmp`);
    await writeFile(join(archive.dataDir, 'blobs', name), 'the first half of a PDF');
    await rm(join(archive.dataDir, 'blobs', key.slice(0, 2), key));
    const r = await checkArchive(archive);
    assert.deepEqual(
      r.findings.map((f) => [f.kind, f.severity, f.subject]),
      [['blob-temp', 'warning', name]],
    );
    assert.match(r.findings[0]!.message, /\(23 bytes, written \d{4}-.*\): left by an interrupted write/);
    assert.equal(r.ok, true);
    const cli = datelineSync(['check', '--data', archive.dataDir]);
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /^warning blob-temp: blob store temporary file /m);
    assert.match(cli.stdout, /0 bulletins, 0 articles, 0 pages, 0 blobs checked: 0 errors, 1 warnings/);
  } finally {
    await cleanup();
  }
});
