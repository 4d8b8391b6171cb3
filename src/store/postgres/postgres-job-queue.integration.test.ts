/**
 * The job queue's fencing: a worker presumed dead (no beat for the stale time) that wakes up after its
 * job was taken up again can neither beat for it nor record its end, even under the same worker name;
 * the claim holding the job records it. Queued jobs keep their ingest options.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import type { Archive } from '../../app.js';
import { openPostgres, type PgPool } from './postgres-database.js';
import { PostgresJobQueue } from './postgres-job-queue.js';

let pg: Awaited<ReturnType<typeof postgresBackend.open>>;
let archive: Archive;
/** The test's own pool on the archive's schema, to age and read job rows behind the queue's back. */
let pool: PgPool;
let queue: PostgresJobQueue;

before(async () => {
  pg = await postgresBackend.open();
  archive = pg.archive;
  pool = await openPostgres(pg.db!);
  queue = new PostgresJobQueue(pool);
});
after(async () => {
  await pool.end();
  await pg.cleanup();
});

/** Makes a running job's heartbeat look `seconds` old, as if its worker had stopped beating. */
const age = (id: number, seconds: number) =>
  pool.query(`UPDATE job SET heartbeat_at = now() - make_interval(secs => $2) WHERE id = $1`, [id, seconds]);

for (const [first, second] of [
  ['host:1', 'host:2'],
  ['host:1', 'host:1'],
] as const) {
  test(`a job taken over from a presumed-dead worker is recorded only by its new claim (${first} then ${second})`, async () => {
    await pool.query('DELETE FROM job');
    assert.equal(await queue.enqueue(['/in/1974-12-19.pdf'], { ocr: 'always' }), 1);
    const a = (await queue.claim(first, 30))!;
    assert.equal(a.fence, 1);
    assert.equal(a.payload.ocr, 'always');
    assert.equal(await queue.claim(second, 30), null, 'a beating job is not taken');
    await age(a.id, 60);
    const b = (await queue.claim(second, 30))!;
    assert.equal(b.id, a.id);
    assert.equal(b.fence, 2);
    // The first claim wakes up: it may not beat or finish.
    assert.equal(await queue.heartbeat(a, first), false);
    assert.equal(await queue.finish(a, first, 'failed', { error: 'late' }), false);
    assert.equal(await queue.heartbeat(b, second), true);
    assert.equal(await queue.finish(b, second, 'done', { status: 'ingested' }), true);
    const row = (await pool.query('SELECT status, result, attempts FROM job WHERE id = $1', [a.id])).rows[0];
    assert.deepEqual(row, { status: 'done', result: { status: 'ingested' }, attempts: 2 });
    // Nor after the end.
    assert.equal(await queue.finish(a, first, 'failed', { error: 'later still' }), false);
  });
}

test('a job keeps the OCR languages it was queued with, and a worker ingests with a pool of those languages', async () => {
  await pool.query('DELETE FROM job');
  assert.equal(await queue.enqueue(['/in/1974-12-19.pdf'], { ocrLanguages: ['deu', 'eng'] }), 1);
  const job = (await queue.claim('host:1', 30))!;
  assert.deepEqual(job.payload.ocrLanguages, ['deu', 'eng']);
  const { path: _, ...options } = job.payload;
  assert.deepEqual(archive.ingestWith(options).ocrLanguages, ['deu', 'eng']);
  assert.deepEqual(archive.ingestWith({}).ocrLanguages, archive.config.ocrLanguages);
  assert.throws(() => archive.ingestWith({ ocrLanguages: ['xx'] }), /"xx" is not an OCR language/);
  await pool.query('DELETE FROM job');
});
