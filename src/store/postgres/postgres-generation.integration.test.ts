/**
 * The page cache's stamp on PostgreSQL is kept in memory (postgres-generation.ts): not known before its
 * listener has read it (the cache then asks the database), the new value at once after a write this
 * process committed, another process's write seen by its notification, and known again after the listening
 * connection is cut.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../../bench/synthetic.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import { type Archive, openArchive } from '../../app.js';

const corpus = makeCorpus();
const editions = [...syntheticEditions(corpus, 40, 10, 11, '1923-01-02')];

let archive: Archive;
let other: Archive;
let cleanup: () => Promise<void>;
let db: string;

before(async () => {
  const opened = await postgresBackend.open();
  archive = opened.archive;
  cleanup = opened.cleanup;
  db = opened.db!;
  // A second process on the same schema: its own pool, its own writes.
  other = await openArchive({ dataDir: `${opened.inbox}-other`, db: opened.db! });
});
after(async () => {
  await other?.close();
  await cleanup?.();
});

/** The in-memory value once known (or the error it throws while not). */
const now = () => {
  try {
    return archive.index.generationNow!();
  } catch {
    return null;
  }
};

async function until(ok: () => boolean, what: string) {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(ok(), what);
}

test('the write counter is kept in memory: read once, moved by our writes at once and by others’ when notified', async () => {
  assert.equal(typeof archive.index.generationNow, 'function');
  await until(() => now() !== null, 'the listener reads the counter');
  assert.equal(now(), await archive.index.generation());

  // A write of this process: the new value before replaceEdition returns.
  const before = now();
  await archive.store.replaceEdition(editions[0]!);
  assert.notEqual(now(), before);
  assert.equal(now(), await archive.index.generation());

  // A correction's lock (another counted write, outside a transaction).
  const locked = now();
  const [a] = await archive.store.listArticles((await archive.store.getEdition(editions[0]!.date))!.id);
  await archive.correctionStore.setLock(a!.id, true);
  assert.notEqual(now(), locked);

  // Another process's write: seen when its notification arrives.
  const theirs = now();
  await other.store.replaceEdition(editions[1]!);
  const expected = await other.index.generation();
  await until(() => now() === expected, `notified: ${now()} is ${expected}`);
  assert.notEqual(expected, theirs);
});

test('a cut listening connection makes the value unknown until it has listened and read again', async () => {
  await until(() => now() !== null, 'known');
  // Cut this archive's listening connection, as a restarted server or a network would.
  const schema = new URL(db).searchParams.get('schema');
  const { rows } = await (
    archive.store as unknown as { pool: { query: (s: string, p: unknown[]) => Promise<{ rows: unknown[] }> } }
  ).pool.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1', [
    `dateline writes ${schema}`,
  ]);
  assert.equal(rows.length, 1, 'one listening connection');
  await other.store.replaceEdition(editions[2]!);
  await other.store.replaceEdition(editions[3]!);
  const expected = await other.index.generation();
  await until(() => now() === expected, `after the cut: ${now()} is ${expected}`);
});
