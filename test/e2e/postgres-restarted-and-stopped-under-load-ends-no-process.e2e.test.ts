/**
 * PostgreSQL itself is restarted, then stopped for four seconds and started again, while a `serve`
 * process answers a steady load and a `worker` waits for jobs. The database is a private cluster this
 * test makes and throws away (the machine's shared cluster serves other test files and is never
 * restarted). Per phase the test counts requests, 200s, 503s and anything else: neither process may
 * end, no answer may be other than 200 or 503 UNAVAILABLE with Retry-After, requests get 200 again by
 * themselves after each phase, and the worker that waited through the stop ingests a job queued as soon
 * as the database is back (a job cannot be queued while it is stopped: the queue is in the database).
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { type PrivatePostgres, startPrivatePostgres } from '../helpers/private-postgres.js';
import { bulletin1938, bulletin1974 } from '../helpers/sample-bulletins.js';
import { datelineAsync, datelineChild, datelineSync, until } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

let dir: string;
let cluster: PrivatePostgres;
let url: string;
const children: ReturnType<typeof datelineChild>[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-pg-restart-'));
  cluster = await startPrivatePostgres();
  url = `${cluster.url}?schema=archive`;
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(dir, '1938-05-04.pdf'), await typedPdf(bulletin1938));
  const r = datelineSync(['ingest', join(dir, 'inbox'), '--db', url]);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGTERM');
  await Promise.all(children.map((c) => c.exited));
  await cluster?.destroy();
  await rm(dir, { recursive: true, force: true });
});

/** One query on the private cluster, on a connection of its own (none is kept across a restart). */
async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  try {
    await client.query('SET search_path TO archive');
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

const PHASES = ['before', 'restart', 'recovering-1', 'stopping', 'stopped', 'recovering-2', 'after'] as const;
type Phase = (typeof PHASES)[number];

interface Answer {
  /** The phase the request was sent in (it is counted there). */
  phase: Phase;
  /** The phase its answer came in: on a loaded machine a request may straddle two. */
  ended: Phase;
  status: number;
  retryAfter: string | null;
  code: string | null;
  /** When the answer came (ms since the epoch). */
  time: number;
}

test('a restart and a stop of PostgreSQL end no process: 503 while it is away, 200 after', async (t) => {
  const serve = datelineChild(['serve', '--db', url, '--port', '0', '--rate-limit', 'off'], {
    DATELINE_CACHE_MB: '0',
  });
  const worker = datelineChild(['worker', '--db', url, '--stale-seconds', '2']);
  children.push(serve, worker);
  await until(() => /serving .* at (http:\/\/\S+)\//.test(serve.out()), 30_000, 'the server to start');
  const base = /at (http:\/\/\S+)\//.exec(serve.out())![1]!;

  let phase: Phase = 'before';
  let running = true;
  const answers: Answer[] = [];
  const paths = ['/api/v1/search?q=refugees', '/1974/12/19', '/api/v1/dates', '/search?q=bavaria'];
  const load = async (k: number) => {
    for (let i = k; running; i++) {
      const sent = phase;
      try {
        const r = await fetch(`${base}${paths[i % paths.length]}`);
        const body = await r.text();
        const code = /"code":"([A-Z_]+)"/.exec(body)?.[1] ?? null;
        const retryAfter = r.headers.get('retry-after');
        answers.push({ phase: sent, ended: phase, status: r.status, retryAfter, code, time: Date.now() });
      } catch {
        answers.push({
          phase: sent,
          ended: phase,
          status: 0,
          retryAfter: null,
          code: null,
          time: Date.now(),
        });
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  const loaders = [0, 1, 2, 3].map(load);
  // Eight requests in a row sent since the phase began (`phase`, a recovery) are answered 200.
  const okAgain = () => {
    const since = phase;
    return until(
      () => {
        const last = answers.filter((a) => a.phase === since).slice(-8);
        return last.length === 8 && last.every((a) => a.status === 200);
      },
      60_000,
      'requests to succeed again',
    );
  };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const timings: string[] = [];
  /** How long after `since` the first 200 came. */
  const firstOkAfter = (since: number) => {
    const ok = answers.find((a) => a.time >= since && a.status === 200);
    return ok ? `${ok.time - since} ms` : 'never';
  };

  await until(() => answers.filter((a) => a.status === 200).length >= 8, 30_000, 'the load to be answered');
  // 1. PostgreSQL restarts (fast shutdown: every connection is ended, then it starts again).
  phase = 'restart';
  let t0 = Date.now();
  await cluster.restart();
  timings.push(`restart ${Date.now() - t0} ms`);
  phase = 'recovering-1';
  const restarted = Date.now();
  await okAgain();
  timings.push(`first 200 ${firstOkAfter(restarted)} after the restart`);
  // 2. PostgreSQL is stopped for four seconds; queueing a job meanwhile fails with a clear message.
  t0 = Date.now();
  phase = 'stopping';
  await cluster.stop();
  timings.push(`stop ${Date.now() - t0} ms`);
  phase = 'stopped';
  t0 = Date.now();
  const refused = await datelineAsync(['ingest', join(dir, '1938-05-04.pdf'), '--db', url, '--queue']);
  await sleep(Math.max(0, 4000 - (Date.now() - t0)));
  phase = 'recovering-2';
  t0 = Date.now();
  await cluster.start();
  timings.push(`start ${Date.now() - t0} ms`);
  const started = Date.now();
  // Queued at once, before the worker's next try: the worker that waited through the stop takes it.
  const [queued] = await Promise.all([
    datelineAsync(['ingest', join(dir, '1938-05-04.pdf'), '--db', url, '--queue']),
    okAgain(),
  ]);
  assert.equal(queued.code, 0, queued.out);
  timings.push(`first 200 ${firstOkAfter(started)} after the start`);
  phase = 'after';
  await sleep(1500);
  running = false;
  await Promise.all(loaders);

  await until(
    async () =>
      (await query<{ status: string }>('SELECT status FROM job'))[0]?.status === 'done' &&
      /ingested .*1938-05-04\.pdf/.test(worker.out()),
    60_000,
    'the worker to ingest the job queued after the stop',
  ).catch(async (err) => {
    const jobs = await query('SELECT * FROM job');
    throw new Error(`${err.message}: ${JSON.stringify(jobs)}\n${worker.out()}`);
  });
  const count = (p: Phase, s?: number) =>
    answers.filter((a) => a.phase === p && (s === undefined || a.status === s)).length;
  const other = answers.filter((a) => a.status !== 200 && a.status !== 503);
  const exits = children.filter((c) => c.child.exitCode !== null || c.child.signalCode !== null).length;
  const summary = PHASES.map(
    (p) =>
      `${p}: ${count(p)} requests, ${count(p, 200)} × 200, ${count(p, 503)} × 503, ` +
      `${answers.filter((a) => a.phase === p && a.status !== 200 && a.status !== 503).length} other`,
  );
  t.diagnostic(`${summary.join('; ')}; ${exits} process exits; ${timings.join(', ')}`);

  // Queueing while the database was stopped failed, and said why.
  assert.notEqual(refused.code, 0, 'a job cannot be queued while the database is stopped');
  assert.match(refused.out, /database cannot be reached/i);
  // Only 200 and 503 at any time: never a 500, never a dropped connection.
  assert.deepEqual(other, []);
  for (const a of answers.filter((x) => x.status === 503)) {
    assert.equal(a.retryAfter, '5');
    if (a.code) assert.equal(a.code, 'UNAVAILABLE');
  }
  // A request sent and answered within one phase saw only that phase's database.
  const within = (p: Phase) => answers.filter((a) => a.phase === p && a.ended === p).map((a) => a.status);
  assert.ok(within('stopped').length > 0, 'requests were answered while PostgreSQL was stopped');
  assert.ok(
    within('stopped').every((s) => s === 503),
    'requests while PostgreSQL is stopped are answered 503',
  );
  assert.ok(within('before').length > 0 && within('before').every((s) => s === 200), 'all 200 before');
  assert.ok(within('after').length > 0 && within('after').every((s) => s === 200), 'all 200 after');
  // Neither process ended, and neither logged an unhandled error.
  assert.equal(exits, 0, serve.out() + worker.out());
  assert.doesNotMatch(serve.out() + worker.out(), /Unhandled|uncaught/i);
  assert.match(worker.out(), /cannot be reached.*trying again/);
  assert.match(worker.out(), /ingested .*1938-05-04\.pdf/);
});
