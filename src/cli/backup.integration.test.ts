import assert from 'node:assert/strict';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { bulletin1938, bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { datelineChild, datelineSync, until } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { type Archive, openArchive } from '../app.js';
import { checkArchive } from '../check/archive-check.service.js';
import { archiveChecksum } from './migrate.command.js';

let dir: string;
let data: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-backup-'));
  data = join(dir, 'data');
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(dir, 'inbox', '1938-05-04.pdf'), await typedPdf(bulletin1938));
  const r = datelineSync(['ingest', join(dir, 'inbox'), '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  await writeFile(join(data, 'site.json'), JSON.stringify({ name: 'Backup Test Archive' }));
});
after(() => rm(dir, { recursive: true, force: true }));

/**
 * Writes small bulletins one after another (dates YEAR-01-01, YEAR-01-02, …) until stopped, recording the
 * archive's checksum after each, so a copy taken meanwhile can be matched to the moment it holds.
 */
function startWriter(archive: Archive, year: number) {
  let stop = false;
  const digests = new Map<number, string>();
  const dates: string[] = [];
  const done = (async () => {
    const before = await archiveChecksum(archive);
    digests.set(before.editions, before.digest);
    for (let i = 0; !stop; i++) {
      const date = new Date(Date.UTC(year, 0, 1 + i)).toISOString().slice(0, 10);
      const key = await archive.blobs.put(Buffer.from(`%PDF-1.4 bulletin of ${date}\n%%EOF\n`));
      const body = `LONDON, Jan. 1 -- The lighthouse keepers met on ${date} and agreed.`;
      await archive.store.replaceEdition({
        titleName: archive.config.titleName,
        date,
        volume: null,
        number: String(i),
        sourceHash: key,
        sourceName: `${date}.pdf`,
        pdfKey: key,
        pages: [{ number: 1, text: body, width: 612, height: 792, words: [] }],
        articles: [
          {
            ordinal: 0,
            headlinePrinted: `KEEPERS MEET ${i}`,
            headline: `Keepers meet ${i}`,
            kicker: null,
            byline: null,
            dateline: null,
            body,
            firstPage: 1,
            lastPage: 1,
            references: [],
          },
        ],
      });
      dates.push(date);
      const c = await archiveChecksum(archive);
      digests.set(c.editions, c.digest);
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    digests,
    dates,
    stop: async () => {
      stop = true;
      await done;
    },
  };
}

/** Runs `dateline backup` as another process while `archive` is being written to; returns what it wrote. */
async function backupWhileWriting(archive: Archive, year: number, args: string[]) {
  const writer = startWriter(archive, year);
  try {
    await until(() => writer.dates.length >= 3, 30_000, 'the writer to store three bulletins');
    const b = datelineChild(['backup', ...args]);
    const code = await b.exited;
    assert.equal(code, 0, b.out());
    // One more bulletin after the backup ended, so the live archive has surely moved past the copy.
    const written = writer.dates.length;
    await until(() => writer.dates.length > written, 30_000, 'the writer to store one more bulletin');
    return { writer, out: b.out() };
  } finally {
    await writer.stop();
  }
}

async function serveAndSearch(args: string[], word: string): Promise<number> {
  const s = datelineChild(['serve', ...args, '--port', '0']);
  try {
    await until(() => /serving .* at (http:\/\/\S+)\//.test(s.out()), 30_000, 'the server to start');
    const url = /at (http:\/\/\S+)\//.exec(s.out())![1]!;
    const r = (await (await fetch(`${url}/api/v1/search?q=${word}`)).json()) as { results: unknown[] };
    return r.results.length;
  } finally {
    s.child.kill('SIGTERM');
    await s.exited;
  }
}

test('a SQLite backup taken while another process writes holds one moment of the archive and restores to it', async () => {
  const live = await openArchive({ dataDir: data });
  let moving: Awaited<ReturnType<typeof backupWhileWriting>>;
  try {
    moving = await backupWhileWriting(live, 1900, [join(dir, 'bk-moving'), '--data', data]);
  } finally {
    await live.close();
  }
  assert.match(moving.out, /backed up \d+ bulletins, \d+ articles, \d+ PDFs to /);
  const manifest = JSON.parse(await readFile(join(dir, 'bk-moving', 'manifest.json'), 'utf8'));
  assert.equal(manifest.backend, 'sqlite');
  assert.ok(manifest.files.some((f: { path: string }) => f.path === 'site.json'));
  assert.ok(manifest.editions < 2 + moving.writer.dates.length, 'the writer went on after the snapshot');

  const r = datelineSync(['restore', join(dir, 'bk-moving'), '--data', join(dir, 'restored-moving')]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /check: .* 0 errors/);
  const copy = await openArchive({ dataDir: join(dir, 'restored-moving') });
  try {
    assert.ok((await checkArchive(copy)).ok);
    const c = await archiveChecksum(copy);
    // The copy is the archive as it stood after some whole number of the writer's bulletins: never half of one.
    assert.equal(c.editions, manifest.editions);
    assert.equal(
      moving.writer.digests.get(c.editions),
      c.digest,
      'the copy equals the live archive at one moment',
    );
    assert.equal(copy.config.name, 'Backup Test Archive');
  } finally {
    await copy.close();
  }

  // With the writer stopped, a second backup restores to exactly the live archive, and it serves searches.
  const b = datelineSync(['backup', join(dir, 'bk-still'), '--data', data]);
  assert.equal(b.code, 0, b.stderr);
  const back = datelineSync(['restore', join(dir, 'bk-still'), '--data', join(dir, 'restored-still')]);
  assert.equal(back.code, 0, back.stderr);
  const [src, dst] = [
    await openArchive({ dataDir: data }),
    await openArchive({ dataDir: join(dir, 'restored-still') }),
  ];
  try {
    assert.deepEqual(await archiveChecksum(dst), await archiveChecksum(src));
  } finally {
    await src.close();
    await dst.close();
  }
  assert.ok((await serveAndSearch(['--data', join(dir, 'restored-still')], 'refugees')) > 0);
  assert.ok((await serveAndSearch(['--data', join(dir, 'restored-still')], 'lighthouse')) > 0);
});

test('a PostgreSQL backup taken while another process writes holds one moment and restores, in place or renamed', async () => {
  const source = tempSchemaUrl();
  const other = tempSchemaUrl();
  try {
    const m = datelineSync(['migrate', '--from', data, '--to', source.url]);
    assert.equal(m.code, 0, m.stderr);
    const live = await openArchive({ dataDir: join(dir, 'pg-data'), db: source.url });
    let moving: Awaited<ReturnType<typeof backupWhileWriting>>;
    let atEnd: Awaited<ReturnType<typeof archiveChecksum>>;
    try {
      moving = await backupWhileWriting(live, 1901, [join(dir, 'pg-bk'), '--db', source.url, '--data', data]);
      atEnd = await archiveChecksum(live);
    } finally {
      await live.close();
    }
    const manifest = JSON.parse(await readFile(join(dir, 'pg-bk', 'manifest.json'), 'utf8'));
    assert.equal(manifest.backend, 'postgres');
    assert.equal(manifest.blobsInDatabase, true);
    assert.ok(manifest.editions < atEnd.editions, 'the writer went on after the snapshot');

    // The dumped schema still exists, so it cannot come back under another name: a clear refusal.
    const clash = datelineSync([
      'restore',
      join(dir, 'pg-bk'),
      '--db',
      other.url,
      '--data',
      join(dir, 'pg-x'),
    ]);
    assert.equal(clash.code, 2);
    assert.match(clash.stderr, /holds the schema "t_[0-9a-f]+", which exists in this database/);

    // In place over the live schema, with --force: the archive goes back to the moment of the backup.
    const refused = datelineSync([
      'restore',
      join(dir, 'pg-bk'),
      '--db',
      source.url,
      '--data',
      join(dir, 'pg-x'),
    ]);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /already holds tables.*--force/);
    const inPlace = datelineSync([
      'restore',
      join(dir, 'pg-bk'),
      '--db',
      source.url,
      '--data',
      join(dir, 'pg-data'),
      '--force',
    ]);
    assert.equal(inPlace.code, 0, inPlace.stderr);
    const restored = await openArchive({ dataDir: join(dir, 'pg-data'), db: source.url });
    let c: Awaited<ReturnType<typeof archiveChecksum>>;
    try {
      assert.ok((await checkArchive(restored)).ok);
      c = await archiveChecksum(restored);
    } finally {
      await restored.close();
    }
    assert.equal(c.editions, manifest.editions);
    assert.equal(
      moving.writer.digests.get(c.editions),
      c.digest,
      'the copy equals the live archive at one moment',
    );
    const checked = datelineSync(['check', '--db', source.url]);
    assert.equal(checked.code, 0, checked.stdout);

    // Once the original schema is gone, the backup restores under another name, the same archive, serving.
    await source.drop();
    const renamed = datelineSync([
      'restore',
      join(dir, 'pg-bk'),
      '--db',
      other.url,
      '--data',
      join(dir, 'pg-data2'),
    ]);
    assert.equal(renamed.code, 0, renamed.stderr);
    const moved = await openArchive({ dataDir: join(dir, 'pg-data2'), db: other.url });
    try {
      assert.deepEqual(await archiveChecksum(moved), c);
      assert.equal(moved.config.name, 'Backup Test Archive');
    } finally {
      await moved.close();
    }
    assert.ok((await serveAndSearch(['--db', other.url, '--data', join(dir, 'pg-data2')], 'refugees')) > 0);
  } finally {
    await source.drop();
    await other.drop();
  }
});

test('backup and restore refuse bad input clearly, without a stack trace, and leave everything as it was', async () => {
  const bk = join(dir, 'bk-bad');
  const ok = datelineSync(['backup', bk, '--data', data]);
  assert.equal(ok.code, 0, ok.stderr);
  const stderrs: string[] = [];

  // A DEST that holds something is refused and nothing is written, beside it either.
  const full = join(dir, 'full');
  await mkdir(full);
  await writeFile(join(full, 'notes.txt'), 'mine');
  const r1 = datelineSync(['backup', full, '--data', data]);
  stderrs.push(r1.stderr);
  assert.equal(r1.code, 2);
  assert.match(r1.stderr, /full already exists and is not empty/);
  assert.deepEqual(await readdir(full), ['notes.txt']);
  assert.ok(!(await readdir(dir)).some((n) => n.includes('.partial-')));

  // A changed file is named, and the target is not touched.
  const tampered = join(dir, 'bk-tampered');
  await cp(bk, tampered, { recursive: true });
  const manifest = JSON.parse(await readFile(join(bk, 'manifest.json'), 'utf8'));
  const blob = manifest.files.find((f: { path: string }) => f.path.startsWith('blobs/')).path as string;
  const bytes = await readFile(join(tampered, blob));
  bytes[bytes.length - 10] = bytes[bytes.length - 10]! ^ 1;
  await writeFile(join(tampered, blob), bytes);
  const target = join(dir, 'target');
  const r2 = datelineSync(['restore', tampered, '--data', target]);
  stderrs.push(r2.stderr);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, new RegExp(`${blob} does not match the backup's manifest`));
  assert.match(r2.stderr, /Nothing was restored/);
  await assert.rejects(readdir(target), { code: 'ENOENT' });
  const r2b = datelineSync(['restore', tampered, '--data', data, '--force']);
  assert.equal(r2b.code, 1);
  const live = await openArchive({ dataDir: data });
  try {
    assert.ok((await checkArchive(live)).ok, 'the live archive is untouched');
  } finally {
    await live.close();
  }

  // A file the manifest lists but the folder lacks.
  await rm(join(tampered, blob));
  const r3 = datelineSync(['restore', tampered, '--data', target]);
  stderrs.push(r3.stderr);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, new RegExp(`${blob} is missing from the backup`));

  // A non-empty target without --force.
  await mkdir(target);
  await writeFile(join(target, 'keep.txt'), 'keep');
  const r4 = datelineSync(['restore', bk, '--data', target]);
  stderrs.push(r4.stderr);
  assert.equal(r4.code, 2);
  assert.match(r4.stderr, /target is not empty.*--force/);
  assert.deepEqual(await readdir(target), ['keep.txt']);

  // No manifest: an unfinished or foreign folder.
  await rm(join(tampered, 'manifest.json'));
  const r5 = datelineSync(['restore', tampered, '--data', join(dir, 'target2')]);
  stderrs.push(r5.stderr);
  assert.equal(r5.code, 2);
  assert.match(r5.stderr, /is not a finished dateline backup: it has no manifest\.json/);

  // A backend that does not match, and a PDF missing from the live archive.
  const r6 = datelineSync(['restore', bk, '--db', 'postgres://postgres@127.0.0.1:5432/test?schema=nope']);
  stderrs.push(r6.stderr);
  assert.equal(r6.code, 2);
  assert.match(r6.stderr, /backup of a SQLite archive/);
  const broken = join(dir, 'broken-data');
  await cp(data, broken, { recursive: true });
  const gone = manifest.files.find((f: { path: string }) => f.path.startsWith('blobs/')).path as string;
  await rm(join(broken, gone));
  const r7 = datelineSync(['backup', join(dir, 'bk-broken'), '--data', broken]);
  stderrs.push(r7.stderr);
  assert.equal(r7.code, 1);
  assert.match(
    r7.stderr,
    new RegExp(`blob ${gone.slice(9)} \\(the PDF of \\d{4}-\\d\\d-\\d\\d\\) is missing`),
  );
  await assert.rejects(readdir(join(dir, 'bk-broken')), { code: 'ENOENT' });
  const r8 = datelineSync(['backup', join(dir, 'bk-none'), '--data', join(dir, 'no-such-data')]);
  stderrs.push(r8.stderr);
  assert.equal(r8.code, 2);
  assert.match(r8.stderr, /There is no archive in .*no-such-data/);

  for (const s of stderrs) assert.doesNotMatch(s, /\n\s+at /, 'no stack traces for user mistakes');
});
