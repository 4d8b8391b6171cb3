/** The blob store on disk: leftover temporary files of killed writes are listed, and old ones swept by the first write. */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FsBlobStore, TEMP_SWEEP_AGE_MS } from './fs-blob-store.js';

let tmp: string;
before(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'dateline-blobs-'));
});
after(() => rm(tmp, { recursive: true, force: true }));

const MINUTE = 60_000;
const k = (pair: string) => pair.repeat(32);

/** Writes a temporary file under `root` as a killed write leaves it, last modified `ageMs` ago; returns its name there. */
async function leftover(root: string, dir: string, name: string, ageMs: number): Promise<string> {
  await mkdir(join(root, dir), { recursive: true });
  await writeFile(join(root, dir, name), 'half a PDF');
  const when = new Date(Date.now() - ageMs);
  await utimes(join(root, dir, name), when, when);
  return join(dir, name);
}

test('temporary files of interrupted writes are listed, oldest first, and never taken for blobs', async () => {
  const root = join(tmp, 'list');
  const blobs = new FsBlobStore(root);
  const key = await blobs.put(new Uint8Array([1, 2, 3]));
  const old = await leftover(root, key.slice(0, 2), `${k('03')}.41.1700000000000.tmp`, 20 * MINUTE);
  const fresh = await leftover(root, join('derived', key), 'p1-w200.png.42.1700000000001.tmp', 1000);
  const temps = await blobs.tempFiles();
  assert.deepEqual(
    temps.map((t) => [t.name, t.bytes]),
    [
      [old, 10],
      [fresh, 10],
    ],
  );
  assert.ok(Date.parse(temps[0]!.modifiedAt) < Date.now() - 19 * MINUTE);
  const keys: string[] = [];
  for await (const key of blobs.keys()) keys.push(key);
  assert.deepEqual(keys, [key]);
});

test('the first write of a process removes temporary files older than 15 minutes and keeps younger ones', async () => {
  assert.equal(TEMP_SWEEP_AGE_MS, 15 * MINUTE);
  const root = join(tmp, 'sweep');
  await leftover(root, 'ab', `${k('ab')}.41.1700000000000.tmp`, 16 * MINUTE);
  await leftover(root, join('derived', k('cd')), 'p2-w400.png.41.1700000000000.tmp', 15 * MINUTE + 5000);
  const young = await leftover(root, 'ef', `${k('ef')}.43.1700000000002.tmp`, 14 * MINUTE);
  const blobs = new FsBlobStore(root);
  assert.equal((await blobs.tempFiles()).length, 3, 'listing removes nothing');
  const key = await blobs.put(new Uint8Array([4, 5, 6]));
  assert.deepEqual(
    (await blobs.tempFiles()).map((t) => t.name),
    [young],
  );
  assert.deepEqual(await readdir(join(root, 'ab')), []);
  assert.ok(await blobs.has(key));
  // Once per process: a temporary file that turns up later stays until the next process writes.
  const later = await leftover(root, 'ab', `${k('ab')}.44.1700000000003.tmp`, 16 * MINUTE);
  await blobs.put(new Uint8Array([7]));
  await blobs.putDerived(key, 'p1-w200.png', new Uint8Array([8]));
  assert.deepEqual((await blobs.tempFiles()).map((t) => t.name).sort(), [later, young].sort());
  // A new store (the next process) sweeps it with its first write, a derived file's too.
  const next = new FsBlobStore(root);
  await next.putDerived(key, 'p2-w200.png', new Uint8Array([9]));
  assert.deepEqual(
    (await next.tempFiles()).map((t) => t.name),
    [young],
  );
});
