import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { openArchive } from '../../src/app.js';
import { scannedCopy } from '../../src/demo/scan.js';
import { engineKeyHere } from '../../src/ingest/ocr-pool.js';
import { ocrCacheKey } from '../../src/ingest/ocr-reader.js';
import { SearchService } from '../../src/search/search.service.js';
import { bulletin1974, tempArchive } from '../helpers/sample-bulletins.js';
import { datelineChild, datelineSync, until } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

// One OCR worker in this process: the suite runs test files two at a time on a small machine, and a
// test that watches worker heartbeats must not be starved by this one.
process.env.DATELINE_OCR_WORKERS = '1';

// One two-page typed bulletin, rasterised at 200 dpi into a PDF of page images with no text layer.
let t: Awaited<ReturnType<typeof tempArchive>>;
let scan: string;

before(async () => {
  t = await tempArchive();
  const inbox = join(t.dir, 'inbox');
  await mkdir(inbox);
  scan = join(inbox, '1974-12-19.pdf');
  await writeFile(scan, await scannedCopy(await typedPdf(bulletin1974), { dpi: 200 }));
});
after(() => t.done());

const sha256 = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

/** What a reader sees of a bulletin: every article's fields and every page's text. */
async function contents(dataDir: string) {
  const archive = await openArchive({ dataDir });
  try {
    const e = (await archive.store.getEdition('1974-12-19'))!;
    const articles = await Promise.all(
      (await archive.store.listArticles(e.id)).map((a) => archive.store.getArticle(a.id)),
    );
    const pages = (await archive.store.getPages(e.id)).map((p) => p.text);
    return { articles, pages };
  } finally {
    await archive.close();
  }
}

test('a scanned bulletin without a text layer is read by OCR, segmented and found by search', async () => {
  const [r] = await t.archive.ingest.ingestPaths([scan]);
  assert.equal(r?.status, 'ingested', r?.error ?? '');
  assert.deepEqual([r?.date, r?.pages, r?.ocr?.pages, r?.ocr?.reused], ['1974-12-19', 2, 2, 0]);
  const e = (await t.archive.store.getEdition('1974-12-19'))!;
  const articles = await t.archive.store.listArticles(e.id);
  // The same three articles the text layer of this bulletin gives (ingest.integration.test.ts).
  assert.deepEqual(
    articles.map((a) => [a.headline, a.firstPage, a.lastPage]),
    [
      ["U.S. Seeks DP's Entry, Says Dr. McDonald", 1, 1],
      ['Soviet Union Bars Emigration of 300 Families from Kiev', 1, 2],
      ['Camps in Bavaria to Close by Spring', 2, 2],
    ],
  );
  const first = (await t.archive.store.getArticle(articles[0]!.id))!;
  assert.equal(first.byline, 'By Ben Gallob');
  assert.deepEqual(first.dateline && [first.dateline.place, first.dateline.agency], ['WASHINGTON', 'JTA']);
  // Word boxes come in PDF points on the page, each with tesseract's confidence.
  const [page1] = await t.archive.store.getPages(e.id);
  const word = page1!.words.find((w) => w.text === 'WASHINGTON,')!;
  assert.ok(word.x > 40 && word.x < 120 && word.y > 100 && word.y < 300, JSON.stringify(word));
  assert.ok(typeof word.conf === 'number' && word.conf > 50, JSON.stringify(word));
  const found = await new SearchService(t.archive.index).search({ q: 'displaced persons commission' });
  assert.deepEqual(
    found.hits.map((h) => h.id),
    [articles[0]!.id],
  );
});

test('an OCR ingest killed midway resumes without reading its finished pages again, and ends as a clean run did', async () => {
  const dataDir = join(t.dir, 'killed');
  // One worker, so pages are read one after the other and the kill falls between them.
  const env = { DATELINE_OCR_WORKERS: '1' };
  const run = datelineChild(['ingest', scan, '--data', dataDir, '--json'], env);
  const recorded = () => {
    try {
      const db = new Database(join(dataDir, 'archive.sqlite'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT page, recorded_at FROM ocr_page ORDER BY page').all() as {
          page: number;
          recorded_at: string;
        }[];
      } finally {
        db.close();
      }
    } catch {
      return [];
    }
  };
  await until(() => recorded().length >= 1, 120_000, 'the first OCR page to be recorded');
  run.child.kill('SIGKILL');
  assert.equal(await run.exited, null, 'killed, not exited');
  const before = recorded();
  assert.deepEqual(
    before.map((p) => p.page),
    [1],
  );

  const again = datelineSync(['ingest', scan, '--data', dataDir, '--json'], env);
  assert.equal(again.code, 0, again.stderr);
  const [report] = JSON.parse(again.stdout).files;
  assert.equal(report.status, 'ingested');
  // Page 1 came from the killed run's record; only page 2 was read by OCR.
  assert.deepEqual(report.ocr && [report.ocr.pages, report.ocr.reused], [2, 1]);
  // Progress counts the pages this run reads: one of one.
  assert.match(again.stderr, /^1\/1 pages OCR'd \([\d.]+\/s, \d+:\d\d left\)$/m);
  // Timed from the start of OCR, not from the first page done: a page takes seconds, so no rate reaches 5/s.
  assert.match(again.stderr, /^0\/1 pages OCR'd /m);
  for (const [, rate] of again.stderr.matchAll(/pages OCR'd \(([\d.]+)\/s/g))
    assert.ok(Number(rate) < 5, again.stderr);
  const after = recorded();
  assert.deepEqual(
    after.map((p) => p.page),
    [1, 2],
  );
  assert.equal(after[0]!.recorded_at, before[0]!.recorded_at, 'page 1 was not read again');
  assert.deepEqual(await contents(dataDir), await contents(t.archive.dataDir));
});

test('--ocr never refuses a scan with NO_TEXT and says how to read it; a bad --ocr value is a usage error', () => {
  const never = datelineSync(['ingest', scan, '--data', join(t.dir, 'never'), '--ocr', 'never', '--json']);
  assert.equal(never.code, 1);
  const [f] = JSON.parse(never.stdout).files;
  assert.equal(f.status, 'failed');
  assert.match(f.error, /has no text layer.*--ocr auto/);
  const bad = datelineSync(['ingest', scan, '--data', join(t.dir, 'never'), '--ocr', 'sometimes']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--ocr must be auto, always or never; got "sometimes"/);
});

test('a born-digital page with little text (a short last page) is not sent to OCR', async () => {
  const t2 = await tempArchive();
  try {
    const file = join(t2.dir, '1974-12-19.pdf');
    await writeFile(
      file,
      await typedPdf([bulletin1974[0]!, '\n\n     before the spring.\n              -0-\n']),
    );
    const [r] = await t2.archive.ingest.ingestPaths([file]);
    assert.equal(r?.status, 'ingested', r?.error ?? '');
    assert.deepEqual([r?.pages, r?.ocr], [2, undefined]);
    assert.deepEqual(
      await t2.archive.store.ocrPages(ocrCacheKey(await sha256(file), ['eng'], await engineKeyHere())),
      [],
    );
  } finally {
    await t2.done();
  }
});
