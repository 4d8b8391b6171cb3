import assert from 'node:assert/strict';
import { readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { encryptPdf, qpdfEncrypt } from '../../../test/helpers/encrypted-pdf.js';
import { writeFixtureBatch } from '../../../test/helpers/ndnp-batch.js';
import { bulletin1974, tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../../test/helpers/typed-pdf.js';
import type { Archive } from '../../app.js';
import { SearchService } from '../../search/search.service.js';
import { readPdfText } from '../pdf-reader.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let archive: Archive;
let n = 0;

before(async () => {
  t = await tempArchive();
  archive = t.archive;
});
after(() => t.done());

/** A fresh batch folder for each case. */
const batchDir = () => join(t.dir, `batch${++n}`);

async function blobFiles(): Promise<string[]> {
  const root = join(t.dir, 'data', 'blobs');
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  await walk(root);
  return out.sort();
}

/** Loads a batch that must fail: every issue reported failed, nothing stored, no new blob left behind. */
async function assertRolledBack(dir: string, failingFile: string, code: string, why: RegExp) {
  const stats = await archive.store.stats();
  const blobs = await blobFiles();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.ok(reports.length > 0);
  assert.ok(
    reports.every((r) => r.status === 'failed'),
    JSON.stringify(reports.map((r) => r.status)),
  );
  const culprit = reports.find((r) => !r.error?.includes('rolled back') && r.error?.includes(failingFile));
  assert.ok(culprit, `some report names ${failingFile}: ${JSON.stringify(reports.map((r) => r.error))}`);
  assert.equal(culprit.code, code);
  assert.match(culprit.error ?? '', why);
  for (const r of reports.filter((r) => r !== culprit)) assert.match(r.error ?? '', /rolled back whole/);
  assert.deepEqual(await archive.store.stats(), stats, 'nothing of the batch is stored');
  assert.deepEqual(await blobFiles(), blobs, 'no PDF of the batch is left in the blob store');
  const events = await archive.store.listIngestEvents(reports.length);
  assert.ok(events.some((e) => e.status === 'failed' && e.error?.includes(failingFile)));
  return reports;
}

test('a small batch loads: one edition per issue, title and number from MODS, words scaled to the PDF page', async () => {
  const dir = batchDir();
  await writeFixtureBatch(dir, [{ date: '1887-03-03' }, { date: '1887-03-04' }]);
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.status, r.date, r.pages]),
    [
      ['ingested', '1887-03-03', 1],
      ['ingested', '1887-03-04', 1],
    ],
  );
  const e = (await archive.store.getEdition('1887-03-03'))!;
  assert.equal((await archive.store.getTitle(e.titleId))?.name, 'The Omaha Daily Bee');
  assert.equal(e.number, '258');
  // The issue MODS declares no language; the ALTO text blocks say language="en".
  assert.equal(e.language, 'en');
  const [page] = await archive.store.getPages(e.id);
  // ALTO <Page WIDTH="22204" HEIGHT="28848">; the PDF page is 1314.95 x 1708.11 points.
  // The first String is THE at HPOS 4624, VPOS 808, WIDTH 2000, HEIGHT 800, WC 0.95238096.
  assert.deepEqual(page!.words[0], {
    text: 'THE',
    x: Math.round(((4624 * 1314.95) / 22204) * 100) / 100,
    y: Math.round(((808 * 1708.11) / 28848) * 100) / 100,
    w: Math.round(((2000 * 1314.95) / 22204) * 100) / 100,
    h: Math.round(((800 * 1708.11) / 28848) * 100) / 100,
    conf: 95.24,
  });
  assert.deepEqual([page!.width, page!.height], [1314.95, 1708.11]);
  const hits = await new SearchService(archive.index).search({ q: 'Stupendous' });
  assert.deepEqual(hits.hits.map((h) => h.date).sort(), ['1887-03-03', '1887-03-04']);
  // The big capitals line starts an article. The nameplate and its folio row ("SIXTEENTH YEAR." at the
  // head of column 1, "OMAHA, THURSDAY, MORNING, MARCH 3, 1887. NUMBER 258" over the others) are the
  // masthead, no article and no part of one.
  const list = await archive.store.listArticles(e.id);
  assert.deepEqual(
    list.map((a) => a.headline),
    ['HOW CARVEY JOINED TIIElASG'],
  );
  const [story] = await Promise.all(list.map((a) => archive.store.getArticle(a.id)));
  assert.ok(story, 'the story is stored');
  assert.doesNotMatch(story.body, /SIXTEENTH|NUMBEK/);
});

test('loading the same batch again reports every issue unchanged and stores nothing', async () => {
  const dir = batchDir();
  await writeFixtureBatch(dir, [{ date: '1887-03-03' }, { date: '1887-03-04' }]);
  const stats = await archive.store.stats();
  const before = await archive.store.getEdition('1887-03-03');
  const reports = await archive.ingest.ingestPaths([join(dir, 'data')]);
  assert.deepEqual(
    reports.map((r) => r.status),
    ['unchanged', 'unchanged'],
  );
  assert.deepEqual(await archive.store.stats(), stats);
  assert.deepEqual(await archive.store.getEdition('1887-03-03'), before);
});

test('a missing ALTO file fails the batch whole, naming the file; an edition it would replace is kept', async () => {
  const dir = batchDir();
  const before = await archive.store.getEdition('1887-03-03');
  const [, second] = await writeFixtureBatch(dir, [
    // Changed text, so this issue would replace the stored 1887-03-03 if the batch went through.
    { date: '1887-03-03', alto: (x) => x.replace('CONTENT="Stupendous"', 'CONTENT="Tremendous"') },
    { date: '1887-03-05', alto: () => null },
  ]);
  await assertRolledBack(dir, join(second!, '..', '0003.xml'), 'BAD_BATCH', /is missing/);
  assert.deepEqual(await archive.store.getEdition('1887-03-03'), before);
  assert.equal(await archive.store.getEdition('1887-03-05'), null);
});

test('ALTO that is not well-formed XML fails the batch with the file and line', async () => {
  const dir = batchDir();
  const [first] = await writeFixtureBatch(dir, [
    { date: '1887-03-06', alto: (x) => x.slice(0, Math.floor(x.length / 2)) },
    { date: '1887-03-07' },
  ]);
  await assertRolledBack(dir, join(first!, '..', '0003.xml'), 'BAD_XML', /not well-formed XML \(line \d+/);
});

test('an external entity (XXE) in the METS is refused, and no file outside the batch is read', async () => {
  const dir = batchDir();
  const [, second] = await writeFixtureBatch(dir, [
    { date: '1887-03-08' },
    {
      date: '1887-03-09',
      mets: (x) =>
        x
          .replace('<mets ', '<!DOCTYPE mets [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<mets ')
          .replace('<mods:number>258</mods:number>', '<mods:number>&xxe;</mods:number>'),
    },
  ]);
  await assertRolledBack(dir, second!, 'BAD_XML', /declares a DOCTYPE/);
});

test('entity expansion ("billion laughs") in an ALTO file fails at once instead of expanding', async () => {
  const dir = batchDir();
  const laughs = [
    '<!DOCTYPE alto [',
    '<!ENTITY lol "lol">',
    ...Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
    ),
    ']>',
  ].join('\n');
  const [first] = await writeFixtureBatch(dir, [
    {
      date: '1887-03-10',
      alto: (x) => x.replace('<alto', `${laughs}\n<alto`).replace('CONTENT="THE"', 'CONTENT="&lol9;"'),
    },
  ]);
  await assertRolledBack(dir, join(first!, '..', '0003.xml'), 'BAD_XML', /declares a DOCTYPE/);
});

test('a METS that points outside the batch folder is refused', async () => {
  const dir = batchDir();
  const [first] = await writeFixtureBatch(dir, [
    {
      date: '1887-03-11',
      mets: (x) => x.replace('xlink:href="0003.xml"', 'xlink:href="../../../../../../etc/hosts"'),
    },
  ]);
  await assertRolledBack(dir, first!, 'BAD_BATCH', /outside the batch folder/);
});

test('an issue folder without its batch file is loaded as a METS/ALTO issue, its page PDF not taken for a bulletin', async () => {
  const dir = batchDir();
  const [mets] = await writeFixtureBatch(dir, [{ date: '1887-03-12' }]);
  await rm(join(dir, 'data', 'batch.xml'));
  const reports = await archive.ingest.ingestPaths([dir]);
  // The issue METS is recognised by its content (library/mets-reader.ts): the same pages, words and date.
  assert.deepEqual(
    reports.map((r) => [r.path, r.status, r.date, r.pages]),
    [[mets, 'ingested', '1887-03-12', 1]],
  );
  const e = (await archive.store.getEdition('1887-03-12'))!;
  assert.equal((await archive.store.getTitle(e.titleId))?.name, 'The Omaha Daily Bee');
});

test('a batch found inside a folder of PDFs is loaded as a batch; its page PDFs are not taken for bulletins', async () => {
  const dir = batchDir();
  await writeFixtureBatch(join(dir, 'batch_a'), [{ date: '1887-03-13' }]);
  await writeFile(join(dir, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.path.slice(dir.length + 1), r.status, r.date]),
    [
      ['1974-12-19.pdf', 'ingested', '1974-12-19'],
      ['batch_a/data/sn99021999/reel/1887031301/issue.xml', 'ingested', '1887-03-13'],
    ],
  );
});

test('a queued job naming a batch folder loads the batch and sums it up in one report', async () => {
  const dir = batchDir();
  await writeFixtureBatch(dir, [{ date: '1887-03-14' }, { date: '1887-03-15' }]);
  const first = await archive.ingest.ingestJob(dir);
  assert.deepEqual([first.status, first.date, first.pages, first.error], ['ingested', '1887-03-14', 2, null]);
  assert.equal((await archive.ingest.ingestJob(dir)).status, 'unchanged');
  const broken = batchDir();
  await writeFixtureBatch(broken, [{ date: '1887-03-16' }, { date: '1887-03-17', alto: () => null }]);
  const failed = await archive.ingest.ingestJob(broken);
  assert.deepEqual([failed.status, failed.code, failed.pages], ['failed', 'BAD_BATCH', 0]);
  assert.equal(await archive.store.getEdition('1887-03-16'), null);
});

test('a page PDF with only an owner password is joined from a decrypted copy: the issue PDF opens and reads', async () => {
  const dir = batchDir();
  const [mets] = await writeFixtureBatch(dir, [{ date: '1887-03-18' }]);
  const page = await typedPdf([bulletin1974[0]!]);
  await writeFile(join(mets!, '..', '0003.pdf'), await qpdfEncrypt(page, { ownerPassword: 'library' }));
  const [report] = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    [report!.status, report!.date, report!.pages],
    ['ingested', '1887-03-18', 1],
    report!.error ?? '',
  );
  const e = (await archive.store.getEdition('1887-03-18'))!;
  const joined = (await archive.blobs.get(e.pdfKey))!;
  // pdf-lib without ignoreEncryption refuses an encrypted file: the joined one is plain, its text decrypted.
  const doc = await PDFDocument.load(joined);
  assert.deepEqual(doc.getPage(0).getSize(), { width: 612, height: 792 });
  const { pages } = await readPdfText(joined, 'joined.pdf');
  assert.deepEqual(
    pages[0]!.lines.slice(0, 2).map((l) => l.text),
    ['JEWISH TELEGRAPHIC AGENCY', 'DAILY NEWS BULLETIN'],
  );
});

test('a page PDF that needs a password to open fails the batch whole, saying how to remove the password', async () => {
  const dir = batchDir();
  const [, second] = await writeFixtureBatch(dir, [{ date: '1887-03-19' }, { date: '1887-03-20' }]);
  const pdfPath = join(second!, '..', '0003.pdf');
  const page = await typedPdf([bulletin1974[0]!]);
  await writeFile(pdfPath, await encryptPdf(page, { ownerPassword: 'library', userPassword: 'reader' }));
  await assertRolledBack(
    dir,
    pdfPath,
    'ENCRYPTED_PDF',
    /needs a password to open.*qpdf --decrypt --password=/,
  );
});
