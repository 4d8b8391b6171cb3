/** `dateline ocr --clear`, run as the real CLI: a scan read badly before is read by OCR afresh once its pages go. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { bulletin1938, bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { openArchive } from '../app.js';
import { scannedCopy } from '../demo/scan.js';
import { engineKeyHere } from '../ingest/ocr-pool.js';
import { ocrCacheKey } from '../ingest/ocr-reader.js';

// One OCR worker per process: test files run two at a time on a small machine.
const env = { DATELINE_OCR_WORKERS: '1' };
let dir: string;
let data: string;
let scan: string;
let other: string;

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** Records `pages` OCR pages of `file` (what an earlier, bad run would have left) in the archive at `opts`. */
async function recordBadOcr(file: string, pages: number, opts: { dataDir: string; db?: string }) {
  const archive = await openArchive(opts);
  try {
    const key = ocrCacheKey(await sha256(file), ['eng'], await engineKeyHere());
    for (let page = 1; page <= pages; page++) {
      const words = [{ text: '~~~', x: 72, y: 90, w: 30, h: 10, conf: 12 }];
      const lines = [{ text: '~~~', x: 72, y: 90, width: 30, height: 10, words }];
      await archive.store.saveOcrPage({
        sourceHash: key,
        page,
        lines,
        seconds: 1,
        recordedAt: new Date().toISOString(),
      });
    }
  } finally {
    await archive.close();
  }
}

async function savedPages(file: string, opts: { dataDir: string; db?: string }): Promise<number> {
  const archive = await openArchive(opts);
  try {
    return (await archive.store.ocrPages(ocrCacheKey(await sha256(file), ['eng'], await engineKeyHere())))
      .length;
  } finally {
    await archive.close();
  }
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-ocr-'));
  data = join(dir, 'data');
  await mkdir(join(dir, 'inbox'));
  // A one-page bulletin scanned at 200 dpi: pages drawn as images, no text layer.
  scan = join(dir, 'inbox', '1938-05-04.pdf');
  await writeFile(scan, await scannedCopy(await typedPdf(bulletin1938), { dpi: 200 }));
  other = join(dir, 'inbox', '1974-12-19.pdf');
  await writeFile(other, await typedPdf(bulletin1974));
});
after(() => rm(dir, { recursive: true, force: true }));

test('dateline ocr --clear FILE drops the pages saved for that file, and its next ingest reads it afresh', async () => {
  await recordBadOcr(scan, 1, { dataDir: data });
  await recordBadOcr(other, 2, { dataDir: data });
  // The saved page is garbage: ingest takes it and finds no text worth a bulletin.
  const bad = datelineSync(['ingest', scan, '--data', data, '--json'], env);
  assert.equal(bad.code, 1, bad.stderr);
  const [failed] = JSON.parse(bad.stdout).files;
  assert.equal(failed.status, 'failed');
  assert.match(failed.error, /no articles found/);

  const cleared = datelineSync(['ocr', '--clear', scan, '--data', data], env);
  assert.equal(cleared.code, 0, cleared.stderr);
  assert.equal(cleared.stdout, `${scan}: dropped 1 saved OCR page\nDropped 1 saved OCR page of 1 file.\n`);
  assert.equal(await savedPages(scan, { dataDir: data }), 0);
  assert.equal(await savedPages(other, { dataDir: data }), 2, "another file's pages stay");

  const good = datelineSync(['ingest', scan, '--data', data, '--json'], env);
  assert.equal(good.code, 0, good.stdout + good.stderr);
  const [read] = JSON.parse(good.stdout).files;
  assert.deepEqual(
    [read.status, read.date, read.articles, read.ocr.reused],
    ['ingested', '1938-05-04', 2, 0],
  );
});

test('dateline ocr --clear with no file drops every saved page; --json says how many', () => {
  // Left from the test before: the scan's fresh page and the other file's two.
  const all = datelineSync(['ocr', '--clear', '--data', data, '--json']);
  assert.equal(all.code, 0, all.stderr);
  assert.deepEqual(JSON.parse(all.stdout), { dropped: 3 });
  const again = datelineSync(['ocr', '--clear', '--data', data]);
  assert.equal(again.stdout, 'Dropped 0 saved OCR pages (all of them).\n');
});

test('a file already stored as a bulletin is named as such: ingest leaves it unchanged', async () => {
  const r = datelineSync(['ocr', '--clear', scan, '--data', data]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(
    r.stdout,
    /dropped 0 saved OCR pages \(it is stored as the bulletin of 1938-05-04: ingest leaves/,
  );
});

test('on PostgreSQL (--db) too', async () => {
  const pg = tempSchemaUrl();
  try {
    const opts = { dataDir: join(dir, 'pg-data'), db: pg.url };
    await recordBadOcr(scan, 1, opts);
    await recordBadOcr(other, 2, opts);
    const r = datelineSync(['ocr', '--clear', other, scan, '--db', pg.url, '--data', opts.dataDir]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Dropped 3 saved OCR pages of 2 files\.\n$/);
    assert.deepEqual([await savedPages(scan, opts), await savedPages(other, opts)], [0, 0]);
  } finally {
    await pg.drop();
  }
});

test('--help explains; a missing --clear is a usage error; a path that is no file drops nothing', async () => {
  const help = datelineSync(['ocr', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage: dateline ocr --clear \[FILE\.\.\.\] \[options\]\n/);
  assert.match(help.stdout, /^ {2}--clear {2,}drop the saved OCR pages/m);
  assert.match(datelineSync(['--help']).stdout, /^ {2}ocr +--clear: drop saved OCR pages/m);
  const bare = datelineSync(['ocr', '--data', data]);
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /Say what to do with the saved OCR pages: --clear/);
  await recordBadOcr(other, 2, { dataDir: data });
  const missing = datelineSync(['ocr', '--clear', other, join(dir, 'nope.pdf'), '--data', data]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.pdf: there is no such file\. Check the path; nothing was dropped\./);
  const folder = datelineSync(['ocr', '--clear', join(dir, 'inbox'), '--data', data]);
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /inbox is not a file/);
  assert.doesNotMatch(missing.stderr + folder.stderr + bare.stderr, /\n\s+at /, 'no stack traces');
  assert.equal(await savedPages(other, { dataDir: data }), 2, 'nothing was dropped');
});
