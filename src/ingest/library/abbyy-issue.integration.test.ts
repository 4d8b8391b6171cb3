import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument } from 'pdf-lib';
import { abbyyXml, column, writeTree } from '../../../test/helpers/library-fixtures.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import type { Archive } from '../../app.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let archive: Archive;

before(async () => {
  t = await tempArchive();
  archive = t.archive;
});
after(() => t.done());

const page1 = column(1, 1, [
  'LE CONSEIL COMMUNAL',
  'Le conseil a siégé hier soir sous la présidence du syndic.',
]);
const page2 = column(1, 1, ['AVIS OFFICIELS', 'La route de Genève sera fermée lundi.']);
const mitJson = JSON.stringify({
  data: {
    fields: { title_fr: ['Journal de Nyon'] },
    date_to: 19380312,
    contentLanguage: { fr: true },
    issNumber: 11,
  },
});

async function refused(dir: string, code: string, why: RegExp) {
  const before = await archive.store.stats();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.status, r.code]),
    [['failed', code]],
  );
  assert.match(reports[0]!.error!, why);
  assert.deepEqual(await archive.store.stats(), before);
}

test('one FineReader document holding the whole issue: a page of the edition per <page>, metadata from _mit.json', async () => {
  const dir = join(t.dir, 'nyon');
  await writeTree(dir, {
    'JDN_1938_03_12.xml': abbyyXml([], { pages: [page1, page2] }),
    'JDN_1938_03_12_mit.json': mitJson,
  });
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual([r?.status, r?.date, r?.pages], ['ingested', '1938-03-12', 2]);
  const e = (await archive.store.getEdition('1938-03-12'))!;
  assert.equal((await archive.store.getTitle(e.titleId))?.name, 'Journal de Nyon');
  assert.deepEqual([e.language, e.number], ['fr', '11']);
  const pages = await archive.store.getPages(e.id);
  assert.deepEqual(
    pages.map((p) => p.words[0]?.text),
    ['LE', 'AVIS'],
  );
  // Letters joined into words at the spaces: "présidence" is one word, boxed where its letters are.
  const w = pages[0]!.words.find((x) => x.text === 'présidence')!;
  assert.ok(w.w > 0 && w.h > 0);
  assert.equal((await PDFDocument.load((await archive.blobs.get(e.pdfKey))!)).getPageCount(), 2);
});

test('a page the _mit.xml ticket lists but the folder lacks, a PDF of another page count, no date: refused', async () => {
  const ticket = (pages: string[]) =>
    `<ticket type="Abbyy"><meta><date>19380319</date><title>Journal de Nyon</title><language>fr</language></meta><images>${pages.map((p) => `<image xml="/x/${p}"/>`).join('')}</images></ticket>`;
  const missing = join(t.dir, 'missing');
  await writeTree(missing, {
    'p_1.xml': abbyyXml(page1),
    'JDN_mit.xml': ticket(['p_1.xml', 'p_2.xml']),
  });
  await refused(missing, 'BAD_BATCH', /the metadata lists page p_2\.xml, which the folder does not have/);

  const one = await PDFDocument.create();
  one.addPage([612, 792]);
  const pdf = join(t.dir, 'pdf');
  await writeTree(pdf, {
    'p_1.xml': abbyyXml(page1),
    'p_2.xml': abbyyXml(page2),
    'JDN_mit.xml': ticket(['p_1.xml', 'p_2.xml']),
    'issue.pdf': await one.save(),
  });
  await refused(pdf, 'BAD_BATCH', /issue\.pdf has 1 pages but the issue has OCR for 2/);

  const undated = join(t.dir, 'undated');
  await writeTree(undated, { 'page.xml': abbyyXml(page1) });
  await refused(
    undated,
    'NO_DATE',
    /no date in the metadata, the folder path \(YYYY\/MM\/DD\) or a file name/,
  );
});
