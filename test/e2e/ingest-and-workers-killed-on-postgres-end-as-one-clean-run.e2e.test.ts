/**
 * The crash test on PostgreSQL: `dateline ingest --db` and then `dateline worker`s are killed with
 * SIGKILL at random points of their work (5 and 6 kills, at a stage of a file seen through
 * DATELINE_TRACE=stages, a few milliseconds in), then run to the end. Meanwhile the test reads the schema
 * every 50 ms in one statement and requires that every bulletin it sees has its pages, its articles and
 * its PDF. At the end the archive equals one clean run into another schema (every edition, page text,
 * article and reference: `archiveChecksum`), `dateline check` finds no error, and no job is left queued or
 * running. The kills are drawn from a seed printed at the start; DATELINE_KILL_SEED=N replays them.
 */
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { openArchive } from '../../src/app.js';
import { archiveChecksum } from '../../src/cli/migrate.command.js';
import { Rng } from '../../src/demo/random.js';
import { openPostgres } from '../../src/store/postgres/postgres-database.js';
import { tempSchemaUrl } from '../helpers/postgres.js';
import { bulletin1974 } from '../helpers/sample-bulletins.js';
import { datelineChild, datelineSync, until } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

const SEED = Number(process.env.DATELINE_KILL_SEED) || randomInt(1, 2 ** 31);
console.log(`kill seed ${SEED} (replay with DATELINE_KILL_SEED=${SEED})`);
const rng = new Rng(SEED);
/** Kills of `dateline ingest`, then of workers (fewer files are left for them than for ingest). */
const INGEST_KILLS = 5;
const WORKER_KILLS = 6;
const DAYS = [2, 3, 4, 5, 6, 7, 8, 9];
/**
 * Bulletins put in the inbox only after the killed ingests, so that the workers have files of their own to
 * be killed in (without them, ingests killed late had stored every file and most workers found nothing left).
 */
const WORKER_DAYS = [10, 11, 12, 13, 14, 15];
const STAGES = ['read', 'segment', 'store', 'done'] as const;
const ENV = { DATELINE_TRACE: 'stages' };

let dir: string;
let crashed: { url: string; drop: () => Promise<void> };
let clean: { url: string; drop: () => Promise<void> };

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-pg-kill-'));
  await mkdir(join(dir, 'inbox'));
  for (const d of DAYS) await writeBulletin(d);
  crashed = tempSchemaUrl();
  clean = tempSchemaUrl();
});
after(async () => {
  await crashed?.drop();
  await clean?.drop();
  await rm(dir, { recursive: true, force: true });
});

/** Writes the sample bulletin as the one of December `d`, 1974, into the inbox. */
async function writeBulletin(d: number): Promise<void> {
  const pages = bulletin1974.map((p) =>
    p
      .replace('Thursday, December 19, 1974', `December ${d}, 1974`)
      .replace('December 19, 1974', `December ${d}, 1974`),
  );
  await writeFile(join(dir, 'inbox', `1974-12-${String(d).padStart(2, '0')}.pdf`), await typedPdf(pages));
}

/** Runs `args` and kills it with SIGKILL a few ms after its n-th trace line of `stage`; true when it was killed. */
async function killAt(args: string[]): Promise<{ killed: boolean; at: string }> {
  const stage = STAGES[Math.floor(rng.next() * STAGES.length)]!;
  const nth = 1 + Math.floor(rng.next() * 3);
  const extraMs = Math.floor(rng.next() * 15);
  const at = `${stage} #${nth} +${extraMs} ms`;
  const c = datelineChild(args, ENV);
  const seen = () => (c.out().match(new RegExp(`^stage ${stage} `, 'gm')) ?? []).length >= nth;
  const reached = await until(() => seen() || c.child.exitCode !== null, 60_000, at).then(
    () => seen(),
    () => false,
  );
  if (reached && c.child.exitCode === null) {
    await new Promise((r) => setTimeout(r, extraMs));
    c.child.kill('SIGKILL');
  }
  const code = await c.exited;
  return { killed: code === null, at };
}

test('ingest and workers killed at random points on PostgreSQL end as one clean run', async (t) => {
  const archive = await openArchive({ dataDir: join(dir, 'd'), db: crashed.url });
  // A pool of the test's own, to read the tables as a reader and a watcher of the queue would.
  const pool = await openPostgres(crashed.url);
  const violations: string[] = [];
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      const { rows } = await pool.query(
        `SELECT e.date,
           EXISTS (SELECT 1 FROM page p WHERE p.edition_id = e.id) AS pages,
           EXISTS (SELECT 1 FROM article a WHERE a.edition_id = e.id) AS articles,
           EXISTS (SELECT 1 FROM blob b WHERE b.key = e.pdf_key) AS pdf,
           (SELECT count(*)::int FROM edition o WHERE o.date = e.date) AS copies
         FROM edition e`,
      );
      for (const r of rows)
        if (!r.pages || !r.articles || !r.pdf || r.copies !== 1) violations.push(JSON.stringify(r));
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const kills: string[] = [];
  try {
    for (let i = 0; i < INGEST_KILLS; i++) {
      const k = await killAt(['ingest', join(dir, 'inbox'), '--db', crashed.url]);
      kills.push(`ingest ${k.at}: ${k.killed ? 'killed' : 'ended first'}`);
    }
    // The rest through the queue: one job per file (stored ones come back unchanged), workers killed too.
    for (const d of WORKER_DAYS) await writeBulletin(d);
    assert.equal(datelineSync(['ingest', join(dir, 'inbox'), '--db', crashed.url, '--queue']).code, 0);
    for (let i = 0; i < WORKER_KILLS; i++) {
      const k = await killAt(['worker', '--db', crashed.url, '--stale-seconds', '1', '--exit-when-idle']);
      kills.push(`worker ${k.at}: ${k.killed ? 'killed' : 'ended first'}`);
    }
    const last = datelineSync(['worker', '--db', crashed.url, '--stale-seconds', '1', '--exit-when-idle']);
    assert.equal(last.code, 0, last.stderr);
    const finish = datelineSync(['ingest', join(dir, 'inbox'), '--db', crashed.url]);
    assert.equal(finish.code, 0, finish.stderr);
  } finally {
    watching = false;
    await watcher;
  }
  t.diagnostic(kills.join('; '));
  // Most runs are killed; a worker may find its jobs all done before its chosen stage comes.
  assert.ok(kills.filter((k) => k.endsWith('killed')).length >= INGEST_KILLS + 2, kills.join('\n'));
  assert.deepEqual(violations, [], 'a reader never saw half a bulletin');
  const jobs = (await pool.query(`SELECT status, count(*)::int AS n FROM job GROUP BY status`)).rows;
  assert.deepEqual(
    jobs.filter((j) => j.status === 'queued' || j.status === 'running'),
    [],
  );
  const one = datelineSync(['ingest', join(dir, 'inbox'), '--db', clean.url]);
  assert.equal(one.code, 0, one.stderr);
  const reference = await openArchive({ dataDir: join(dir, 'c'), db: clean.url });
  try {
    const [a, b] = [await archiveChecksum(archive), await archiveChecksum(reference)];
    assert.equal(a.editions, DAYS.length + WORKER_DAYS.length);
    assert.deepEqual(a, b, 'the crashed archive equals a clean run');
  } finally {
    await reference.close();
    await archive.close();
    await pool.end();
  }
  const check = datelineSync(['check', '--db', crashed.url]);
  assert.equal(check.code, 0, check.stdout + check.stderr);
});
