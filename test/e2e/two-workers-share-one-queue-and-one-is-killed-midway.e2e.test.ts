import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { type Archive, openArchive } from '../../src/app.js';
import { type DemoBulletin, writeDemoCollection } from '../../src/demo/generator.js';
import { parsePgUrl } from '../../src/store/postgres/postgres-database.js';
import { tempSchemaUrl } from '../helpers/postgres.js';
import { datelineChild, datelineSync, until } from '../helpers/spawn.js';

let dir: string;
let db: { url: string; drop: () => Promise<void> };
let bulletins: DemoBulletin[];
let client: pg.Client;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-workers-'));
  db = tempSchemaUrl();
  bulletins = await writeDemoCollection(join(dir, 'inbox'), { editions: 60 });
  const target = parsePgUrl(db.url);
  client = new pg.Client({ connectionString: target.connectionString });
  await client.connect();
  // Creates the schema and queues one job per file.
  const q = datelineSync(['ingest', join(dir, 'inbox'), '--db', db.url, '--queue', '--json']);
  assert.equal(q.code, 0, q.stderr);
  assert.deepEqual(JSON.parse(q.stdout), { queued: 60 });
  await client.query(`SET search_path TO "${target.schema}"`);
});

after(async () => {
  await client?.end();
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

test('two workers share the queue; one is killed mid-job; every bulletin is ingested exactly once', async () => {
  const args = ['worker', '--db', db.url, '--exit-when-idle', '--stale-seconds', '2'];
  const a = datelineChild(args);
  const b = datelineChild(args);
  const aName = async () =>
    (await client.query(`SELECT DISTINCT locked_by FROM job WHERE locked_by LIKE $1`, [`%:${a.child.pid}`]))
      .rows[0]?.locked_by as string | undefined;
  // Kill worker A with SIGKILL while it holds a job, after it has finished a few.
  let killedJob: number | undefined;
  await until(
    async () => {
      const name = await aName();
      if (!name) return false;
      const done = (
        await client.query(`SELECT count(*)::int AS n FROM job WHERE locked_by = $1 AND status = 'done'`, [
          name,
        ])
      ).rows[0].n;
      const running = (
        await client.query(`SELECT id FROM job WHERE locked_by = $1 AND status = 'running'`, [name])
      ).rows[0];
      if (done >= 3 && running) {
        a.child.kill('SIGKILL');
        killedJob = Number(running.id);
        return true;
      }
      return false;
    },
    60_000,
    'worker A to be mid-job',
  );
  assert.equal(await a.exited, null, 'A died by signal');
  assert.equal(await b.exited, 0, b.out());
  const jobs = (await client.query(`SELECT status, count(*)::int AS n FROM job GROUP BY status`)).rows;
  assert.deepEqual(jobs, [{ status: 'done', n: 60 }]);
  // The job A was killed in was taken up again by B.
  const retaken = (await client.query(`SELECT locked_by, attempts FROM job WHERE id = $1`, [killedJob]))
    .rows[0];
  assert.match(retaken.locked_by, new RegExp(`:${b.child.pid}$`));
  assert.equal(retaken.attempts, 2);

  const archive: Archive = await openArchive({ dataDir: join(dir, 'data'), db: db.url });
  try {
    const dates = await archive.store.listDates();
    assert.deepEqual(
      dates.map((d) => d.date),
      bulletins.map((x) => x.truth.date).sort(),
    );
    for (const x of bulletins) {
      const d = dates.find((y) => y.date === x.truth.date)!;
      assert.equal(d.articles, x.truth.articles.length, x.fileName);
      assert.equal(d.pages, x.truth.pageCount, x.fileName);
    }
    // Exactly once: one "ingested" event per bulletin; a retaken job that had committed reports "unchanged".
    const events = (
      await client.query(
        `SELECT date, count(*)::int AS n FROM ingest_event WHERE status = 'ingested' GROUP BY date`,
      )
    ).rows;
    assert.equal(events.length, 60);
    assert.ok(
      events.every((e) => e.n === 1),
      JSON.stringify(events.filter((e) => e.n !== 1)),
    );
    const pages = (await client.query(`SELECT count(*)::int AS n FROM page`)).rows[0].n;
    assert.equal(
      pages,
      bulletins.reduce((n, x) => n + x.truth.pageCount, 0),
    );
  } finally {
    await archive.close();
  }
});
