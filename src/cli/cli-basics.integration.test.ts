import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { BIN, until } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { commandNames } from './main.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
let dir: string;
let inbox: string;

/** Runs `dateline ARGS` to its end (in `cwd`), concurrently with others. */
function dateline(
  args: string[],
  cwd = dir,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-cli-basics-'));
  inbox = join(dir, 'inbox');
  await mkdir(inbox);
  await mkdir(join(dir, 'empty', 'sub'), { recursive: true });
  await writeFile(join(dir, 'empty', 'sub', 'notes.txt'), 'not a bulletin');
  await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
});
after(() => rm(dir, { recursive: true, force: true }));

test('every command prints its help with --help and -h, exit 0; dateline --help and help list them all', async () => {
  const helps = await Promise.all(commandNames.map((c) => dateline([c, '--help'])));
  for (const [i, r] of helps.entries()) {
    const c = commandNames[i]!;
    assert.equal(r.code, 0, `${c}: ${r.stderr}`);
    assert.equal(r.stderr, '', c);
    assert.match(r.stdout, new RegExp(`^Usage: dateline ${c}\\b`), c);
    assert.match(r.stdout, /\nOptions:\n( {2}-.*\n)+/, c);
    assert.match(r.stdout, /^ {2}-h, --help {2,}print this help$/m, c);
    assert.match(r.stdout, new RegExp(`\\nExamples?:\\n {2}dateline ${c}\\b`), c);
  }
  const [short, list, help, helpIngest, dataHelp] = await Promise.all([
    dateline(['ingest', '-h']),
    dateline(['--help']),
    dateline(['help']),
    dateline(['help', 'ingest']),
    dateline(['ingest', '--data', join(dir, 'x'), '--help']),
  ]);
  const ingestHelp = helps[commandNames.indexOf('ingest')]!.stdout;
  assert.equal(short.stdout, ingestHelp);
  assert.equal(helpIngest.stdout, ingestHelp);
  assert.equal(dataHelp.stdout, ingestHelp);
  assert.match(ingestHelp, /^ {2}--data DIR {2,}the data folder/m);
  assert.match(ingestHelp, /^ {2}--ocr auto\|always\|never {2,}/m);
  for (const r of [list, help]) {
    assert.equal(r.code, 0);
    for (const c of commandNames) assert.match(r.stdout, new RegExp(`^ {2}${c} +\\S`, 'm'), c);
  }
  assert.equal(list.stdout, help.stdout);
  assert.equal(existsSync(join(dir, 'x')), false, '--help opened no archive');
});

test('dateline demo --help writes nothing, and a demo folder is refused without a name', async () => {
  const cwd = join(dir, 'demo-cwd');
  await mkdir(cwd);
  const r = await dateline(['demo', '--help'], cwd);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage: dateline demo DIR/);
  assert.deepEqual(await readdir(cwd), []);
  const none = await dateline(['demo'], cwd);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /^dateline: Name the one folder to write the demo bulletins to\./);
});

test('--version, -V and version print the package version', async () => {
  for (const r of await Promise.all([['--version'], ['-V'], ['version']].map((a) => dateline(a)))) {
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `dateline ${VERSION}\n`);
  }
});

test('an unknown option is a usage error that names it and points to the help', async () => {
  const [serve, top, check, token] = await Promise.all([
    dateline(['serve', '--colour', 'red']),
    dateline(['--colour']),
    dateline(['check', '-z']),
    dateline(['token', 'list', '--lable', 'x']),
  ]);
  assert.equal(serve.code, 2);
  assert.equal(
    serve.stderr,
    `dateline: Unknown option '--colour' for dateline serve. See "dateline serve --help".\n`,
  );
  assert.equal(top.code, 2);
  assert.equal(top.stderr, `dateline: Unknown option '--colour'. See "dateline --help".\n`);
  assert.equal(check.code, 2);
  assert.match(check.stderr, /Unknown option '-z' for dateline check\. See "dateline check --help"/);
  assert.equal(token.code, 2);
  assert.match(token.stderr, /Unknown option '--lable' for dateline token/);
  for (const r of [serve, top, check, token]) assert.equal(r.stdout, '');
});

test('an ingest of a folder without PDFs says what it looked for and fails; beside one with PDFs it warns', async () => {
  const data = join(dir, 'data-empty');
  const empty = join(dir, 'empty');
  const alone = await dateline(['ingest', empty, '--data', data]);
  assert.equal(alone.code, 1);
  assert.equal(alone.stdout, '');
  assert.match(
    alone.stderr,
    /^dateline: Nothing to ingest: \S*empty holds no bulletins \(looked for \*\.pdf files/m,
  );
  assert.equal(alone.stderr.split(empty).length - 1, 1, 'the folder named once');
  assert.equal(existsSync(data), false, 'no archive was made');

  const data2 = join(dir, 'data 2');
  const both = await dateline(['ingest', inbox, empty, '--data', data2]);
  assert.equal(both.code, 0, both.stderr);
  assert.match(
    both.stderr,
    /^dateline: warning: \S*empty holds nothing to ingest \(looked for \*\.pdf files/m,
  );
  assert.match(both.stdout, /^ingested {2}\S*1974-12-19\.pdf: 1974-12-19 · 3 articles · 2 pages$/m);
  assert.match(both.stdout, /^1 ingested, 0 unchanged, 0 failed$/m);
  // The command printed serves the archive just made (the path quoted: it has a space).
  const serve = /^Serve it: npx dateline serve (.*)$/m.exec(both.stdout)?.[1];
  assert.equal(serve, `--data '${data2}'`);
  const refused = await dateline(['serve', '--data', data2, '--port', '-1']);
  assert.equal(refused.code, 2, 'the archive is there: only the port is refused');
});

test('a failed file is reported once, its path named once; so is an --out that cannot be written', async () => {
  const missing = join(dir, 'nowhere', '1950-01-02.pdf');
  const r = await dateline(['ingest', missing, '--data', join(dir, 'data-missing')]);
  assert.equal(r.code, 1);
  assert.equal(`${r.stdout}${r.stderr}`.split(missing).length - 1, 1, r.stdout + r.stderr);
  assert.match(
    r.stdout,
    /^failed {4}\S+1950-01-02\.pdf: there is no such file or folder\. Check the path\.$/m,
  );
  assert.doesNotMatch(r.stdout, /Serve it/, 'nothing to serve');
  const out = join(dir, 'no-folder', 'articles.jsonl');
  const exported = await dateline(['export', '--data', join(dir, 'data-missing'), '--out', out]);
  assert.equal(exported.code, 2);
  assert.equal(exported.stderr, `dateline: --out ${out}: its folder does not exist. Nothing was exported.\n`);
});

test('serve on a folder with no archive says so and what to do, and makes nothing', async () => {
  const nowhere = join(dir, 'no-data');
  const bare = join(dir, 'bare');
  await mkdir(bare);
  const [missing, empty] = await Promise.all([
    dateline(['serve', '--data', nowhere, '--port', '0']),
    dateline(['serve', '--data', bare, '--port', '0']),
  ]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no-data does not exist\. Ingest bulletins into it first/);
  assert.equal(existsSync(nowhere), false);
  assert.equal(empty.code, 1);
  assert.match(
    empty.stderr,
    /bare holds no archive \(no archive\.sqlite in it\)\. Ingest bulletins into it first \(npx dateline ingest PDF-FOLDER --data \S+bare\), or fill it with the demo collection: npx dateline start --data \S+bare/,
  );
  assert.deepEqual(await readdir(bare), []);
});

/** A started server: its process, its address once listening, and its exit. */
function startServer(command: string, args: string[], env: Record<string, string>) {
  // A process group of its own, so that a signal can go to the whole group as Ctrl-C sends it.
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | string | null>((r) =>
    child.on('exit', (code, signal) => r(code ?? signal)),
  );
  return { child, out: () => out, exited };
}

async function listening(s: ReturnType<typeof startServer>, ms: number): Promise<string> {
  await until(
    () => /serving .* at (http:\/\/\S+)\//.test(s.out()) || s.child.exitCode !== null,
    ms,
    'the server',
  );
  const url = /at (http:\/\/\S+)\//.exec(s.out())?.[1];
  assert.ok(url, s.out());
  return url;
}

/** Whether a connection to the server's port is refused. */
async function closed(url: string): Promise<boolean> {
  return fetch(url).then(
    () => false,
    (err) => (err as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED',
  );
}

/** Sends `signal` (to the process, or to its whole group); the process must exit and the port close. */
async function stops(s: ReturnType<typeof startServer>, url: string, signal: NodeJS.Signals, group = false) {
  process.kill(group ? -s.child.pid! : s.child.pid!, signal);
  const code = await Promise.race([
    s.exited,
    new Promise((r) => setTimeout(() => r('still running'), 30_000)),
  ]);
  await until(() => closed(url), 10_000, `the port to close after ${signal}`).catch((err) => {
    killGroup(s.child);
    throw err;
  });
  return code;
}

function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, 'SIGKILL');
  } catch {}
}

test('npm start fills an empty data folder with the demo and serves it; SIGTERM to npm or Ctrl-C stops it', async () => {
  const data = join(dir, 'npm-start-data');
  const env = { DATELINE_DATA: data, PORT: '0' };
  const first = startServer('npm', ['start'], env);
  try {
    const url = await listening(first, 300_000);
    assert.match(first.out(), /is empty: generating the demo collection/);
    assert.match(first.out(), /Demo: 120 bulletins ingested, 0 failed\./);
    assert.equal((await fetch(`${url}/`)).status, 200);
    // As docker stop or a process manager does: SIGTERM to npm alone.
    const code = await stops(first, url, 'SIGTERM');
    assert.notEqual(code, 'still running', first.out());
  } finally {
    killGroup(first.child);
  }
  const again = startServer('npm', ['start'], env);
  try {
    const url = await listening(again, 120_000);
    assert.doesNotMatch(again.out(), /generating the demo/);
    // A keep-alive connection left open does not hold the server up.
    const keepAlive = await fetch(`${url}/`, { keepalive: true });
    assert.equal(keepAlive.status, 200);
    await keepAlive.text();
    // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
    const code = await stops(again, url, 'SIGINT', true);
    assert.notEqual(code, 'still running', again.out());
    assert.match(again.out(), /SIGINT: stopping the server/);
  } finally {
    killGroup(again.child);
  }
});

test('dateline serve stops on SIGTERM and on SIGINT, exit 0', async () => {
  const data = join(dir, 'data-serve');
  const r = await dateline(['ingest', inbox, '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const s = startServer(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], {});
    try {
      const url = await listening(s, 120_000);
      assert.equal((await fetch(`${url}/api/v1/dates`)).status, 200);
      assert.equal(await stops(s, url, signal), 0, s.out());
    } finally {
      killGroup(s.child);
    }
  }
});
