import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { impressoDir, needSample } from '../../../test/helpers/library.js';
import { writeTree } from '../../../test/helpers/library-fixtures.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { ArchiveError } from '../../core/errors.js';
import { SearchService } from '../../search/search.service.js';
import type { FileReport } from '../ingest.service.js';
import { readXmlFile } from './detect.js';

// The BCUL (ABBYY) and ONB (ALTO v2) samples live outside the repository (../shared/data/impresso).
const skipBcul = needSample('BCUL', 'BCUL ABBYY');
const skipOnb = needSample('ONB/anno_sample', 'ONB ALTO v2');
const lausanne = join(impressoDir, 'BCUL', '46165');
const morges = join(impressoDir, 'BCUL', 'Feuille_d_avis_de_Morges_1', '1937', '01', '30', '388793');
const onb = join(impressoDir, 'ONB', 'anno_sample', 'ANNOP', 'esj', '1772', '0057');

let t: Awaited<ReturnType<typeof tempArchive>>;
let search: SearchService;
const reports: Record<string, FileReport[]> = {};

before(async () => {
  t = await tempArchive();
  search = new SearchService(t.archive.index);
  if (!skipBcul) {
    reports.lausanne = await t.archive.ingest.ingestPaths([lausanne]);
    reports.morges = await t.archive.ingest.ingestPaths([morges]);
  }
});
after(() => t?.done());

const edition = async (date: string) => (await t.archive.store.getEdition(date))!;

test('the Lausanne issue loads from its ABBYY pages (two of them bzip2) with its own PDF as the date’s PDF', {
  skip: skipBcul,
}, async () => {
  assert.deepEqual(
    reports.lausanne!.map((r) => [r.path, r.status, r.date, r.pages]),
    [[lausanne, 'ingested', '1762-12-07', 4]],
  );
  const e = await edition('1762-12-07');
  // Date, title and language from the _mit.xml ticket.
  assert.equal((await t.archive.store.getTitle(e.titleId))?.name, 'Annonces et avis divers');
  assert.equal(e.language, 'fr');
  const pdf = await readFile(join(lausanne, 'FAL_1762_12_07.pdf'));
  assert.equal(e.pdfKey, createHash('sha256').update(pdf).digest('hex'));
  // ABBYY page 1 is 1854 × 2383 px; its words are scaled onto the PDF's page 1.
  const doc = await PDFDocument.load(pdf);
  const [p1] = await t.archive.store.getPages(e.id);
  assert.deepEqual([p1!.width, p1!.height], [doc.getPage(0).getWidth(), doc.getPage(0).getHeight()]);
  const xml = await readFile(join(lausanne, 'FAL_1762_12_07_0001_page_1.xml'), 'utf8');
  // Every word FineReader marks as starting (wordStart="true") begins a stored word, give or take the few
  // it joins to a word before it without a space (a quote mark, a stray point).
  const starts = (xml.match(/wordStart="true"/g) ?? []).length;
  assert.ok(
    p1!.words.length <= starts && p1!.words.length >= starts * 0.9,
    `${p1!.words.length} of ${starts}`,
  );
  assert.ok(p1!.words.every((w) => w.x >= 0 && w.x + w.w <= p1!.width + 1 && w.y + w.h <= p1!.height + 1));
});

test('the Morges issue loads from ABBYY and its _mit.json alone: its PDF is drawn at the scan’s size', {
  skip: skipBcul,
}, async () => {
  assert.deepEqual(
    reports.morges!.map((r) => [r.status, r.date, r.pages]),
    [['ingested', '1937-01-30', 4]],
  );
  const e = await edition('1937-01-30');
  assert.equal((await t.archive.store.getTitle(e.titleId))?.name, "Feuille d'avis de Morges");
  assert.deepEqual([e.language, e.number], ['fr', '6']);
  const doc = await PDFDocument.load((await t.archive.blobs.get(e.pdfKey))!);
  assert.equal(doc.getPageCount(), 4);
  // 3629 × 5187 px at 300 ppi.
  assert.deepEqual(
    [Math.round(doc.getPage(0).getWidth()), Math.round(doc.getPage(0).getHeight())],
    [871, 1245],
  );
  const articles = await t.archive.store.listArticles(e.id);
  assert.ok(articles.length >= 4, `${articles.length} articles found by segmentation`);
});

test('French words from the ABBYY issues are found with accents folded and shown as printed', {
  skip: skipBcul,
}, async () => {
  const r = await search.search({ q: 'societe', variants: 'off', from: '1937-01-30', to: '1937-01-30' });
  assert.ok(r.total > 0);
  assert.ok(
    r.hits.some((h) => /\uE000[Ss]ociété\uE001/.test(h.snippet)),
    JSON.stringify(r.hits.map((h) => h.snippet)),
  );
  const again = await t.archive.ingest.ingestPaths([lausanne, morges]);
  assert.deepEqual(
    again.map((x) => x.status),
    ['unchanged', 'unchanged'],
  );
});

test('ONB ALTO v2 pages load through a METS made around them; their French words are found', {
  skip: skipOnb,
}, async () => {
  const dir = join(t.dir, 'onb');
  const names = (await readdir(onb)).filter((n) => /^\d+\.xml$/.test(n)).sort();
  await mkdir(join(dir, 'alto'), { recursive: true });
  for (const n of names) await copyFile(join(onb, n), join(dir, 'alto', n));
  const files = names
    .map(
      (n, i) =>
        `<mets:file ID="ALTO${i + 1}" MIMETYPE="text/xml"><mets:FLocat xlink:href="alto/${n}"/></mets:file>`,
    )
    .join('');
  const pages = names
    .map((_, i) => `<mets:div TYPE="page" ORDER="${i + 1}"><mets:fptr FILEID="ALTO${i + 1}"/></mets:div>`)
    .join('');
  await writeTree(dir, {
    'mets.xml': `<mets:mets xmlns:mets="http://www.loc.gov/METS/" xmlns:mods="http://www.loc.gov/mods/v3" xmlns:xlink="http://www.w3.org/1999/xlink">
<mets:dmdSec ID="DMD1"><mets:mdWrap MDTYPE="MODS"><mets:xmlData><mods:mods><mods:titleInfo><mods:title>L'Esprit des journaux</mods:title></mods:titleInfo>
<mods:originInfo><mods:dateIssued>1772-03-01</mods:dateIssued></mods:originInfo></mods:mods></mets:xmlData></mets:mdWrap></mets:dmdSec>
<mets:fileSec><mets:fileGrp USE="ALTO">${files}</mets:fileGrp></mets:fileSec>
<mets:structMap TYPE="PHYSICAL"><mets:div TYPE="issue" DMDID="DMD1">${pages}</mets:div></mets:structMap></mets:mets>`,
  });
  const [r] = await t.archive.ingest.ingestPaths([dir]);
  assert.deepEqual([r?.status, r?.date, r?.pages], ['ingested', '1772-03-01', names.length]);
  const e = await edition('1772-03-01');
  const stored = await t.archive.store.getPages(e.id);
  for (const [i, n] of names.entries()) {
    const xml = await readFile(join(onb, n), 'utf8');
    const strings = (xml.match(/<String\s/g) ?? []).length;
    assert.equal(stored[i]!.words.length, strings, n);
  }
  const hit = (await search.search({ q: 'periodique', variants: 'off' })).hits.find(
    (h) => h.date === '1772-03-01',
  );
  assert.ok(hit);
  assert.match(hit.snippet, /\uE000PÉRIODIQUE\uE001/);
});

test('a bzip2 page unpacking past the limit, or truncated, is refused with a clear reason', {
  skip: skipBcul,
}, async () => {
  const bz2 = join(lausanne, 'FAL_1762_12_07_0001_page_2.xml.bz2');
  await assert.rejects(
    readXmlFile(bz2, 100_000),
    (e: unknown) =>
      e instanceof ArchiveError &&
      e.code === 'LIMIT_EXCEEDED' &&
      /unpacks to more than 0 MiB/.test(e.message),
  );
  const cut = join(t.dir, 'cut.xml.bz2');
  const bytes = await readFile(bz2);
  await writeFile(cut, bytes.subarray(0, bytes.length >> 1));
  await assert.rejects(
    readXmlFile(cut),
    (e: unknown) =>
      e instanceof ArchiveError && e.code === 'BAD_XML' && /cannot be decompressed as bzip2/.test(e.message),
  );
});
