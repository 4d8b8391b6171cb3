/**
 * Reader corrections survive `dateline backup` and `restore` (SQLite) and `dateline migrate` (SQLite →
 * PostgreSQL): every version, the split-off article under its id, merged ids, locks, bans, the
 * contributor-key secret, and search by the original word.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { bulletin1938, bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { type Archive, openArchive } from '../app.js';
import { migrateArchive } from '../cli/migrate.command.js';
import type { ArchiveError } from '../core/errors.js';
import { SearchService } from '../search/search.service.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
const ids: Record<string, string> = {};
const admin = { key: 'k-00000000000000000000', admin: true };

before(async () => {
  t = await tempArchive();
  const inbox = join(t.dir, 'inbox');
  await mkdir(inbox);
  await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
  await t.archive.ingest.ingestPaths([inbox]);
  const { store, corrections } = t.archive;
  const list = await store.listArticles((await store.getEdition('1974-12-19'))!.id);
  const named = (w: string) => list.find((a) => a.headline.includes(w))!.id;
  ids.soviet = named('Soviet');
  ids.seeks = named('Seeks');
  ids.camps = named('Camps');
  const reader = { key: await corrections.keyFor('203.0.113.5') };
  const soviet = (await store.getArticle(ids.soviet))!;
  await corrections.correct(
    ids.soviet,
    { text: soviet.body.replace('refused', 'rejected'), contributor: 'Ann' },
    reader,
  );
  ids.split = (
    await corrections.correct(ids.seeks, { split: { paragraph: 1, headline: 'Commission to meet' } }, reader)
  ).newArticleId!;
  const older = await store.listArticles((await store.getEdition('1938-05-04'))!.id);
  ids.refugee = older[0]!.id;
  ids.committee = older[1]!.id;
  await corrections.correct(ids.refugee, { merge: 'next' }, reader);
  await corrections.lock(ids.camps, true);
  await corrections.ban(await corrections.keyFor('198.51.100.66'), true);
  // Held versions travel too.
  await corrections.correct(ids.camps, { text: '' }, admin);
});
after(() => t.done());

/** What a copy must hold, read through its own ports. */
async function holdsTheCorrections(copy: Archive, from: Archive): Promise<void> {
  for (const id of [ids.soviet!, ids.seeks!, ids.split!, ids.camps!, ids.refugee!, ids.committee!])
    assert.deepEqual(await copy.corrections.history(id), await from.corrections.history(id), id);
  assert.match((await copy.store.getArticle(ids.soviet!))!.body, /rejected/);
  const search = new SearchService(copy.index);
  for (const word of ['rejected', 'refused'])
    assert.deepEqual(
      (await search.search({ q: word })).hits.map((h) => h.id),
      [ids.soviet],
      word,
    );
  assert.equal((await copy.store.getArticle(ids.split!))!.headline, 'Commission to meet');
  assert.equal(await copy.corrections.movedTo(ids.committee!), ids.refugee);
  assert.equal(await copy.store.getArticle(ids.committee!), null);
  assert.equal(await copy.corrections.isLocked(ids.camps!), true);
  assert.equal(await copy.corrections.keyFor('203.0.113.5'), await from.corrections.keyFor('203.0.113.5'));
  await assert.rejects(
    copy.corrections.correct(
      ids.soviet!,
      { byline: 'x' },
      { key: await copy.corrections.keyFor('198.51.100.66') },
    ),
    (err: ArchiveError) => err.code === 'FORBIDDEN',
  );
  assert.deepEqual(
    (await copy.corrections.held(10)).map((v) => v.articleId),
    [ids.camps],
  );
}

test('corrections survive a backup and a restore', async () => {
  const bk = join(t.dir, 'bk');
  const b = datelineSync(['backup', bk, '--data', join(t.dir, 'data')]);
  assert.equal(b.code, 0, b.stderr + b.stdout);
  const r = datelineSync(['restore', bk, '--data', join(t.dir, 'restored')]);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  const copy = await openArchive({ dataDir: join(t.dir, 'restored') });
  try {
    await holdsTheCorrections(copy, t.archive);
  } finally {
    await copy.close();
  }
});

test('corrections survive dateline migrate from SQLite to PostgreSQL, ids and all', async () => {
  const db = tempSchemaUrl();
  const copy = await openArchive({ dataDir: join(t.dir, 'pg'), db: db.url });
  try {
    const r = await migrateArchive(t.archive, copy);
    assert.ok(r.versions >= 8, String(r.versions));
    await holdsTheCorrections(copy, t.archive);
    const check = datelineSync(['check', '--db', db.url, '--data', join(t.dir, 'pg')]);
    assert.equal(check.code, 0, check.stdout + check.stderr);
  } finally {
    await copy.close();
    await db.drop();
  }
});
