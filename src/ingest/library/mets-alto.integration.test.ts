import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream } from 'pdf-lib';
import {
  altoXml,
  column,
  type FixtureArticle,
  type FixtureBlock,
  metsXml,
  scanImage,
  writeTree,
} from '../../../test/helpers/library-fixtures.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
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

// A two-page German issue: page 1 has a masthead, a headed story, two advertisements in a ComposedBlock and
// a story that goes on to page 2; page 2 has a headed story in two blocks (named as a BEGIN–END range).
const page1: FixtureBlock[] = [
  { id: 'P1_TB1', lines: column(1, 0.5, ['Wiener Zeitung'], 0.4) },
  { id: 'P1_TB2', lines: column(1, 1.5, ['NACHRICHTEN AUS MÜNCHEN'], 0.25) },
  { id: 'P1_TB3', lines: column(1, 2, ['Der Bürgermeister Müller sprach', 'gestern über die neue Straße.']) },
  { id: 'P1_TB4', composed: 'P1_CB1', lines: column(1, 3, ['Zu verkaufen: ein Pferd.']) },
  { id: 'P1_TB5', composed: 'P1_CB1', lines: column(1, 3.5, ['Gesucht wird eine Köchin.']) },
  { id: 'P1_TB6', lines: column(1, 4.5, ['In Wien wurde am Montag der', 'neue Bahnhof eröffnet.']) },
];
const page2: FixtureBlock[] = [
  { id: 'P2_TB1', lines: column(1, 0.5, ['Tausende Bürger kamen.']) },
  { id: 'P2_TB2', lines: column(1, 1.5, ['AUS DEM AUSLAND'], 0.25) },
  { id: 'P2_TB3', lines: column(1, 2, ['In Paris regnet es seit Tagen.']) },
  { id: 'P2_TB4', lines: column(1, 2.5, ['In London schneit es.']) },
];
const articles: FixtureArticle[] = [
  { heading: [{ file: 'ALTO1', begin: 'P1_TB2' }], body: [{ file: 'ALTO1', begin: 'P1_TB3' }] },
  { label: 'Anzeigen', body: [{ file: 'ALTO1', begin: 'P1_CB1' }] },
  {
    label: 'Aus Wien',
    body: [
      { file: 'ALTO1', begin: 'P1_TB6' },
      { file: 'ALTO2', begin: 'P2_TB1' },
    ],
  },
  {
    heading: [{ file: 'ALTO2', begin: 'P2_TB2' }],
    body: [{ file: 'ALTO2', begin: 'P2_TB3', end: 'P2_TB4' }],
  },
];

/** Writes a METS issue folder; `change` may edit the METS, and files may be added or left out. */
async function issue(
  date: string,
  opts: { mets?: Partial<Parameters<typeof metsXml>[0]>; files?: Record<string, string | Uint8Array> } = {},
) {
  const dir = join(t.dir, `issue${++n}`);
  await writeTree(dir, {
    'mets.xml': metsXml({ date, title: 'Wiener Zeitung', language: 'ger', pages: 2, articles, ...opts.mets }),
    'alto/0001.xml': altoXml(page1, { version: '4', unit: 'mm10' }),
    'alto/0002.xml': altoXml(page2, { version: '4', unit: 'mm10' }),
    ...opts.files,
  });
  return dir;
}

async function blobCount(): Promise<number> {
  let count = 0;
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else count++;
    }
  };
  await walk(join(t.dir, 'data', 'blobs'));
  return count;
}

async function storedArticles(date: string) {
  const e = (await archive.store.getEdition(date))!;
  return Promise.all(
    (await archive.store.listArticles(e.id)).map(async (a) => (await archive.store.getArticle(a.id))!),
  );
}

/** Ingests a folder that must fail: one report failed with `code` naming `why`, nothing stored, no blob left. */
async function assertRefused(dir: string, code: string, why: RegExp) {
  const stats = await archive.store.stats();
  const blobs = await blobCount();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.status, r.code]),
    [['failed', code]],
  );
  assert.match(reports[0]!.error!, why);
  assert.deepEqual(await archive.store.stats(), stats, 'nothing of the issue is stored');
  assert.equal(await blobCount(), blobs, 'no PDF of the issue is left behind');
}

test('a METS/ALTO issue loads: date, title and language from MODS, articles from the logical structure map', async () => {
  const dir = await issue('1901-05-06');
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.path, r.status, r.date, r.pages, r.articles]),
    [[join(dir, 'mets.xml'), 'ingested', '1901-05-06', 2, 4]],
  );
  const e = (await archive.store.getEdition('1901-05-06'))!;
  assert.equal((await archive.store.getTitle(e.titleId))?.name, 'Wiener Zeitung');
  assert.equal(e.language, 'ger');
  const stored = await storedArticles('1901-05-06');
  assert.deepEqual(
    stored.map((a) => [a.headlinePrinted, a.body, a.firstPage, a.lastPage]),
    [
      ['NACHRICHTEN AUS MÜNCHEN', 'Der Bürgermeister Müller sprach gestern über die neue Straße.', 1, 1],
      // A ComposedBlock named by the area brings its text blocks, one paragraph each.
      ['Anzeigen', 'Zu verkaufen: ein Pferd.\n\nGesucht wird eine Köchin.', 1, 1],
      // Two areas on two pages: one article across them, headed by its LABEL.
      ['Aus Wien', 'In Wien wurde am Montag der neue Bahnhof eröffnet.\n\nTausende Bürger kamen.', 1, 2],
      // BEGIN … END takes the blocks between.
      ['AUS DEM AUSLAND', 'In Paris regnet es seit Tagen.\n\nIn London schneit es.', 2, 2],
    ],
  );
  // The masthead is in no article: the library's articles are taken as they are, nothing added.
  assert.ok(stored.every((a) => !a.body.includes('Wiener Zeitung')));
  // Each article stands where its ALTO blocks are: one region per block, on the block's page, on the page.
  const pages = await archive.store.getPages(e.id);
  assert.deepEqual(
    stored.map((a) => a.regions?.map((r) => r.page)),
    // The last: its heading block and the two blocks BEGIN … END takes.
    [
      [1, 1],
      [1, 1],
      [1, 2],
      [2, 2, 2],
    ],
  );
  for (const r of stored.flatMap((a) => a.regions ?? [])) {
    const p = pages[r.page - 1]!;
    assert.ok(r.w > 0 && r.h > 0 && r.x >= 0 && r.y >= 0, JSON.stringify(r));
    assert.ok(r.x + r.w <= p.width + 0.01 && r.y + r.h <= p.height + 0.01, JSON.stringify(r));
  }
});

test('without PDFs the date’s PDF is drawn from the ALTO at the printed size, words boxed on it', async () => {
  const e = (await archive.store.getEdition('1901-05-06'))!;
  const pdf = await PDFDocument.load((await archive.blobs.get(e.pdfKey))!);
  assert.deepEqual(
    pdf.getPages().map((p) => [Math.round(p.getWidth()), Math.round(p.getHeight())]),
    [
      [612, 792],
      [612, 792],
    ],
  );
  const [p1] = await archive.store.getPages(e.id);
  const word = p1!.words.find((w) => w.text === 'Der')!;
  // Set one inch from the left, two inches down: 72, 144 points.
  assert.deepEqual([Math.round(word.x), Math.round(word.y)], [72, 144]);
});

test('German words are found with umlauts folded and shown as printed; a re-ingest is unchanged', async () => {
  const search = new SearchService(archive.index);
  const [first] = await storedArticles('1901-05-06');
  for (const q of ['burgermeister', 'Bürgermeister', 'munchen']) {
    const r = await search.search({ q, variants: 'off' });
    assert.equal(r.hits[0]?.id, first!.id, q);
  }
  const hit = (await search.search({ q: 'muller', variants: 'off' })).hits[0]!;
  assert.match(hit.snippet, /\uE000Müller\uE001/);
  const again = await archive.ingest.ingestPaths([join(t.dir, 'issue1')]);
  assert.deepEqual(
    again.map((r) => [r.status, r.articles]),
    [['unchanged', 4]],
  );
});

test('page PDFs are joined into the date’s PDF and the ALTO boxes scaled onto their pages', async () => {
  const blank = await PDFDocument.create();
  blank.addPage([600, 800]);
  const bytes = await blank.save();
  const dir = await issue('1901-05-07', {
    mets: { pagePdfs: true },
    files: { 'pdf/0001.pdf': bytes, 'pdf/0002.pdf': bytes },
  });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.equal(r?.status, 'ingested');
  const e = (await archive.store.getEdition('1901-05-07'))!;
  assert.equal((await PDFDocument.load((await archive.blobs.get(e.pdfKey))!)).getPageCount(), 2);
  const [p1] = await archive.store.getPages(e.id);
  assert.deepEqual([p1!.width, p1!.height], [600, 800]);
  const word = p1!.words.find((w) => w.text === 'Der')!;
  assert.ok(Math.abs(word.x - (72 * 600) / 612) < 0.5, String(word.x));
});

test('an issue PDF that no page names is stored as it came', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  doc.addPage([612, 792]);
  const bytes = await doc.save();
  const dir = await issue('1901-05-08', { mets: { issuePdf: 'issue.pdf' }, files: { 'issue.pdf': bytes } });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.equal(r?.status, 'ingested');
  const e = (await archive.store.getEdition('1901-05-08'))!;
  assert.equal(e.pdfKey, createHash('sha256').update(bytes).digest('hex'));
});

test('an ALTO file the METS names but the folder lacks: the issue is refused naming it, nothing stored', async () => {
  const dir = await issue('1901-05-09');
  await rm(join(dir, 'alto', '0002.xml'));
  await assertRefused(
    dir,
    'BAD_BATCH',
    /alto\/0002\.xml: the ALTO file of page 2 named by .*mets\.xml is missing/,
  );
});

test('a structure map pointing at a block its ALTO does not have: refused naming the block', async () => {
  const bad: FixtureArticle[] = [
    ...articles,
    { label: 'Verloren', body: [{ file: 'ALTO2', begin: 'P2_TB99' }] },
  ];
  const dir = await issue('1901-05-10', { mets: { articles: bad } });
  await assertRefused(
    dir,
    'BAD_BATCH',
    /article 5 \("Verloren"\) points at block "P2_TB99", which .*0002\.xml does not have/,
  );
});

test('an issue PDF whose page count is not the OCR’s is refused', async () => {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]);
  const dir = await issue('1901-05-11', {
    mets: { issuePdf: 'issue.pdf' },
    files: { 'issue.pdf': await doc.save() },
  });
  await assertRefused(dir, 'BAD_BATCH', /issue\.pdf has 1 pages but the issue has OCR for 2/);
});

test('a METS with an entity declaration is refused before parsing; a METS naming a file by URL is refused', async () => {
  const dir = await issue('1901-05-12');
  const mets = metsXml({ date: '1901-05-12', title: 'Wiener Zeitung', pages: 2, articles });
  await writeFile(
    join(dir, 'mets.xml'),
    mets.replace('<mets:mets', '<!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<mets:mets'),
  );
  await assertRefused(dir, 'BAD_XML', /declares a DOCTYPE/);
  await writeFile(join(dir, 'mets.xml'), mets.replace('alto/0001.xml', 'http://example.org/0001.xml'));
  await assertRefused(dir, 'BAD_BATCH', /names "http:\/\/example\.org\/0001\.xml", a URL/);
});

test('a METS without a logical structure map is read by our own segmentation', async () => {
  const dir = await issue('1901-05-13', { mets: { articles: [] } });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.equal(r?.status, 'ingested');
  const stored = await storedArticles('1901-05-13');
  // The headlines in capitals start articles: the segmenter finds the two headed stories.
  assert.ok(
    stored.some((a) => a.headlinePrinted === 'NACHRICHTEN AUS MÜNCHEN'),
    JSON.stringify(stored.map((a) => a.headlinePrinted)),
  );
  assert.ok(stored.some((a) => a.headlinePrinted === 'AUS DEM AUSLAND'));
});

test('page images (JPEG, PNG) make the date’s PDF: each scan fills its page, the ALTO words invisible over it', async () => {
  const dir = await issue('1901-05-14', {
    mets: { pageImages: ['img/0001.jpg', 'img/0002.png'] },
    // Scans of 1275 × 1650 px: the letter page at 150 ppi, half the ALTO's 300 ppi pixels.
    files: {
      'img/0001.jpg': await scanImage('jpeg', 1275, 1650),
      'img/0002.png': await scanImage('png', 1275, 1650),
    },
  });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.equal(r?.status, 'ingested', r?.error ?? '');
  const e = (await archive.store.getEdition('1901-05-14'))!;
  const bytes = (await archive.blobs.get(e.pdfKey))!;
  const pdf = await PDFDocument.load(bytes);
  assert.equal(pdf.getPageCount(), 2);
  for (const page of pdf.getPages()) {
    // The page takes the scan's size (its pixels as 300 ppi): 306 × 396 points.
    assert.deepEqual([Math.round(page.getWidth()), Math.round(page.getHeight())], [306, 396]);
    // The page draws one image XObject: the scan.
    const xobjects = page.node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
    assert.equal(xobjects?.keys().length, 1);
  }
  // The ALTO words are scaled onto it: "Der", an inch in and two down on the printed page, at 36, 72 points.
  const [p1] = await archive.store.getPages(e.id);
  const der = p1!.words.find((w) => w.text === 'Der')!;
  assert.deepEqual([Math.round(der.x), Math.round(der.y), p1!.width], [36, 72, 306]);
  // The words are in the text layer (render mode 3: invisible), so a PDF viewer finds and copies them.
  const text = await readPdfText(bytes, 'scan.pdf');
  assert.match(text.pages[0]!.lines.map((l) => l.text).join(' '), /Bürgermeister Müller/);
  const ops = pdf
    .getPages()
    .map((p) => {
      const c = p.node.Contents();
      const streams = c instanceof PDFArray ? c.asArray().map((r) => pdf.context.lookup(r)) : [c];
      return streams
        .map((x) => Buffer.from(decodePDFRawStream(x as PDFRawStream).decode()).toString('latin1'))
        .join('\n');
    })
    .join('\n');
  assert.equal((ops.match(/\bBT\b/g) ?? []).length, (ops.match(/\b3 Tr\b/g) ?? []).length);
  assert.ok((ops.match(/\b3 Tr\b/g) ?? []).length > 10);
  // A page image the METS names but the folder lacks is refused like a missing ALTO.
  const missing = await issue('1901-05-15', {
    mets: { pageImages: ['img/0001.jpg', 'img/0002.jpg'] },
    files: { 'img/0001.jpg': await scanImage('jpeg') },
  });
  await assertRefused(
    missing,
    'BAD_BATCH',
    /img\/0002\.jpg: the image of page 2 named by .*mets\.xml is missing/,
  );
});

test('an area on a scan is passed over, an area without BEGIN takes its whole page, one naming no file is refused', async () => {
  const scans: FixtureArticle[] = [
    // An illustration: only a region of the scan; it has no text, so it is no article here.
    { label: 'Bild', body: [{ file: 'IMG1', coords: '10,10,200,200' }] },
    // The whole of page 2, and a region of its scan beside it.
    { label: 'Seite zwei', body: [{ file: 'IMG2', coords: '0,0,50,50' }, { file: 'ALTO2' }] },
  ];
  const dir = await issue('1901-05-16', {
    mets: { articles: scans, pageImages: ['img/0001.jpg', 'img/0002.jpg'] },
    files: { 'img/0001.jpg': await scanImage('jpeg'), 'img/0002.jpg': await scanImage('jpeg') },
  });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.equal(r?.status, 'ingested', r?.error ?? '');
  const stored = await storedArticles('1901-05-16');
  assert.deepEqual(
    stored.map((a) => [a.headlinePrinted, a.body.split('\n\n').length, a.firstPage]),
    [['Seite zwei', 4, 2]],
  );
  const bad = await issue('1901-05-17', {
    mets: { articles: [{ label: 'Weg', body: [{ file: 'ALTO9', begin: 'P1_TB3' }] }] },
  });
  await assertRefused(
    bad,
    'BAD_BATCH',
    /article "Weg" points at file "ALTO9", which the file section does not have/,
  );
});

test('an ALTO file that is a symbolic link is refused: a delivery is read only as the files in it', async () => {
  const dir = await issue('1901-05-18');
  const outside = join(t.dir, 'outside.xml');
  await rename(join(dir, 'alto', '0002.xml'), outside);
  await symlink(outside, join(dir, 'alto', '0002.xml'));
  await assertRefused(
    dir,
    'UNSAFE_INPUT',
    /alto\/0002\.xml: the ALTO file of page 2 named by .*mets\.xml is a symbolic link/,
  );
});
