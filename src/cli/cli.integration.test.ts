import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { bulletin1938, bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';

const BIN = fileURLToPath(new URL('../../bin/dateline.js', import.meta.url));
let dir: string;
let inbox: string;

function dateline(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATELINE_DATA: join(dir, 'data') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-cli-'));
  inbox = join(dir, 'inbox');
  await mkdir(inbox);
  await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
});
after(() => rm(dir, { recursive: true, force: true }));

test('dateline ingest --json reports each file and exits 0 when nothing failed, then unchanged', () => {
  const first = dateline('ingest', inbox, '--json');
  assert.equal(first.code, 0, first.stderr);
  const { files } = JSON.parse(first.stdout);
  assert.deepEqual(
    files.map((f: any) => [f.path.split('/').pop(), f.status, f.date, f.articles, f.pages, f.error]),
    [
      ['1938-05-04.pdf', 'ingested', '1938-05-04', 2, 1, null],
      ['1974-12-19.pdf', 'ingested', '1974-12-19', 3, 2, null],
    ],
  );
  // No stage trace unless asked for.
  assert.doesNotMatch(first.stderr, /^stage /m);
  const again = dateline('ingest', inbox, '--json');
  assert.equal(again.code, 0);
  assert.deepEqual(
    JSON.parse(again.stdout).files.map((f: any) => f.status),
    ['unchanged', 'unchanged'],
  );
});

test('DATELINE_TRACE=stages traces each stage of each file on stderr as it starts', async () => {
  const traced = (data: string, ...paths: string[]) =>
    spawnSync(process.execPath, [BIN, 'ingest', ...paths, '--data', join(dir, data), '--json'], {
      encoding: 'utf8',
      env: { ...process.env, DATELINE_TRACE: 'stages' },
    })
      .stderr.split('\n')
      .filter((l) => l.startsWith('stage '))
      .map((l) => l.replace(inbox, 'inbox'));
  const file = (n: string) => join('inbox', n);
  assert.deepEqual(traced('traced', inbox), [
    ...['read', 'segment', 'store', 'done'].map((s) => `stage ${s} ${file('1938-05-04.pdf')}`),
    ...['read', 'segment', 'store', 'done'].map((s) => `stage ${s} ${file('1974-12-19.pdf')}`),
  ]);
  // A file stored before is read and found; a file that fails ends too.
  const empty = join(inbox, 'empty', '1950-01-02.pdf');
  await mkdir(join(inbox, 'empty'));
  await writeFile(empty, '');
  assert.deepEqual(traced('traced', join(inbox, '1938-05-04.pdf'), empty), [
    `stage read ${file('1938-05-04.pdf')}`,
    `stage done ${file('1938-05-04.pdf')}`,
    `stage read ${file('empty/1950-01-02.pdf')}`,
    `stage done ${file('empty/1950-01-02.pdf')}`,
  ]);
  await rm(join(inbox, 'empty'), { recursive: true });
});

test('dateline ingest exits 1 when a file failed and says why; usage errors exit 2', async () => {
  const bad = join(inbox, 'broken.pdf');
  await writeFile(bad, '%PDF-1.4 garbage');
  const r = dateline('ingest', bad, '--data', join(dir, 'data2'));
  assert.equal(r.code, 1);
  assert.match(
    r.stdout,
    /failed {3}.*broken\.pdf: broken\.pdf is truncated: it does not end with the %%EOF marker/,
  );
  assert.match(r.stdout, /0 ingested, 0 unchanged, 1 failed/);
  const none = dateline('ingest');
  assert.equal(none.code, 2);
  assert.match(none.stderr, /Name at least one file or folder/);
  const unknown = dateline('ingest', inbox, '--colour');
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /Unknown option '--colour'/);
  assert.equal(dateline('fly').code, 2);
  assert.doesNotMatch(
    r.stderr + none.stderr + unknown.stderr,
    /\n\s+at /,
    'no stack traces for user mistakes',
  );
});

test('dateline export writes every article as one JSON line', () => {
  const r = dateline('export', '--origin', 'https://archive.example');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  assert.ok(lines.every((l) => l.url.startsWith('https://archive.example/archive/')));
  const bad = dateline('export', '--from', 'someday');
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /"from" must be a date/);
});
