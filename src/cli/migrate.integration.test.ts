import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { bulletin1938, bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { openArchive } from '../app.js';

let dir: string;
let db: { url: string; drop: () => Promise<void> };
let token: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-migrate-'));
  db = tempSchemaUrl();
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(dir, 'inbox', '1938-05-04.pdf'), await typedPdf(bulletin1938));
  assert.equal(datelineSync(['ingest', join(dir, 'inbox'), '--data', join(dir, 'a')]).code, 0);
  const made = datelineSync(['token', 'create', '--label', 'scanner', '--data', join(dir, 'a')]);
  token = /dl_[A-Za-z0-9_-]{43}/.exec(made.stdout)?.[0] ?? '';
  assert.ok(token, made.stdout + made.stderr);
  assert.equal(datelineSync(['token', 'create', '--label', 'old', '--data', join(dir, 'a')]).code, 0);
  assert.equal(datelineSync(['token', 'revoke', '--label', 'old', '--data', join(dir, 'a')]).code, 0);
});
after(async () => {
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

test('migrate copies SQLite → PostgreSQL → SQLite and verifies counts and checksums each way', () => {
  const there = datelineSync(['migrate', '--from', join(dir, 'a'), '--to', db.url]);
  assert.equal(there.code, 0, there.stderr + there.stdout);
  assert.match(there.stdout, /source: 2 bulletins, 5 articles, 3 pages, sha256 ([0-9a-f]{64})/);
  assert.match(there.stdout, /verified: counts and checksums match/);
  const digest = /sha256 ([0-9a-f]{64})/.exec(there.stdout)![1];
  const back = datelineSync(['migrate', '--from', db.url, '--to', join(dir, 'b')]);
  assert.equal(back.code, 0, back.stderr + back.stdout);
  assert.equal(/target: .* sha256 ([0-9a-f]{64})/.exec(back.stdout)![1], digest);
  // The copy serves the same article through the API of the new backend.
  const ex = datelineSync(['export', '--data', join(dir, 'b')]);
  assert.equal(ex.stdout.trimEnd().split('\n').length, 5);
  // The admin tokens came along both ways, as hashes: the same token opens the copy; the revoked stays revoked.
  assert.match(back.stdout, /2 admin tokens copied/);
});

test('migrate carries the admin tokens (hashes, labels, times, revocations) to the other backend and back', async () => {
  const hash = createHash('sha256').update(token).digest('hex');
  for (const where of [{ dataDir: join(dir, 'x'), db: db.url }, { dataDir: join(dir, 'b') }]) {
    const archive = await openArchive(where);
    try {
      const all = await archive.tokens.listAdminTokens();
      assert.deepEqual(
        all.map((t) => [t.label, t.revokedAt === null]),
        [
          ['scanner', true],
          ['old', false],
        ],
      );
      assert.equal((await archive.tokens.findAdminToken(hash))?.label, 'scanner');
      assert.ok(!JSON.stringify(all).includes(token), 'only the hash is kept');
    } finally {
      await archive.close();
    }
  }
  const source = await openArchive({ dataDir: join(dir, 'a') });
  const created = (await source.tokens.listAdminTokens()).map((t) => t.createdAt);
  await source.close();
  const copy = await openArchive({ dataDir: join(dir, 'b') });
  assert.deepEqual(
    (await copy.tokens.listAdminTokens()).map((t) => t.createdAt),
    created,
  );
  await copy.close();
});

test('migrate refuses a missing end or the same archive twice, with exit code 2', () => {
  const r = datelineSync(['migrate', '--from', join(dir, 'a')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Name both ends/);
  assert.equal(datelineSync(['migrate', '--from', db.url, '--to', db.url]).code, 2);
  assert.equal(datelineSync(['worker', '--exit-when-idle']).code, 2);
});
