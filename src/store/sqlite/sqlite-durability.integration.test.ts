/** --durability: SQLite commits flushed to disk (FULL) on request, NORMAL by default; bad values refused by name. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1938 } from '../../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../../test/helpers/spawn.js';
import { typedPdf } from '../../../test/helpers/typed-pdf.js';
import { resolveDurability } from '../../app.js';
import { openSqlite } from './sqlite-database.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-durability-'));
});
after(() => rm(dir, { recursive: true, force: true }));

test('synchronous is FULL with durability full and NORMAL by default, in WAL mode', () => {
  const full = openSqlite(join(dir, 'full.sqlite'), 'full');
  const normal = openSqlite(join(dir, 'normal.sqlite'));
  try {
    // SQLite's numbers: 1 NORMAL, 2 FULL.
    assert.equal(full.pragma('synchronous', { simple: true }), 2);
    assert.equal(normal.pragma('synchronous', { simple: true }), 1);
    assert.equal(full.pragma('journal_mode', { simple: true }), 'wal');
  } finally {
    full.close();
    normal.close();
  }
});

test('the flag wins over DATELINE_DURABILITY, which wins over normal; anything else is a usage error', async () => {
  assert.equal(resolveDurability(undefined, {}), 'normal');
  assert.equal(resolveDurability(undefined, { DATELINE_DURABILITY: 'full' }), 'full');
  assert.equal(resolveDurability('normal', { DATELINE_DURABILITY: 'full' }), 'normal');
  assert.throws(() => resolveDurability('off', {}), /must be normal or full; got "off"/);
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox', '1938-05-04.pdf'), await typedPdf(bulletin1938));
  const bad = datelineSync([
    'ingest',
    join(dir, 'inbox'),
    '--data',
    join(dir, 'data'),
    '--durability',
    'maybe',
  ]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--durability .* must be normal or full; got "maybe"/);
  const good = datelineSync([
    'ingest',
    join(dir, 'inbox'),
    '--data',
    join(dir, 'data'),
    '--durability',
    'full',
  ]);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /1 ingested/);
});
