/** Broken and hostile files given to ingest: each refused with a clear error naming the file, nothing stored. */
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  beginText,
  concatTransformationMatrix,
  drawObject,
  endText,
  moveText,
  PDFDocument,
  PDFHexString,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
  StandardFonts,
  setFontAndSize,
  showText,
} from 'pdf-lib';
import { bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Archive } from '../app.js';
import { DEFAULT_LIMITS, resolveLimits } from './input-limits.js';

let archive: Archive;
let dir: string;
let done: () => Promise<void>;

before(async () => {
  ({ archive, dir, done } = await tempArchive());
});
after(() => done());

/** Ingests `bytes` as `name`; asserts the failure's code and that the message names the file and says `why`. */
async function refused(name: string, bytes: Uint8Array | string, code: string, why: RegExp) {
  const path = join(dir, name);
  await writeFile(path, bytes);
  const r = await archive.ingest.ingestFile(path);
  assert.equal(r.status, 'failed', `${name} should fail`);
  assert.equal(r.code, code, `${name}: ${r.error}`);
  assert.ok(r.error?.includes(name), `the message names the file: ${r.error}`);
  assert.match(r.error ?? '', why);
  return r;
}

/** A typed one-page bulletin (text layer included) on a page of the given size. */
async function bulletinOnPage(width: number, height: number): Promise<PDFDocument> {
  const doc = await PDFDocument.load(await typedPdf(bulletin1974));
  doc.getPage(0).setSize(width, height);
  return doc;
}

test('an empty file', async () => {
  await refused('1974-12-19-empty.pdf', '', 'UNREADABLE_FILE', /is empty \(0 bytes\)/);
});

test('a file that is not a PDF but is named .pdf', async () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001', 'hex');
  await refused('1974-12-19-png.pdf', png, 'NOT_A_PDF', /not a PDF \(no %PDF- header\)/);
});

test('a truncated PDF', async () => {
  const whole = await typedPdf(bulletin1974);
  await refused(
    '1974-12-19-cut.pdf',
    whole.subarray(0, Math.floor(whole.length / 2)),
    'UNREADABLE_FILE',
    /truncated/,
  );
});

test('an encrypted PDF', async () => {
  const doc = await PDFDocument.load(await typedPdf(bulletin1974));
  // The standard security handler with a user password that the empty password does not open.
  doc.context.trailerInfo.Encrypt = doc.context.register(
    doc.context.obj({
      Filter: 'Standard',
      V: 1,
      R: 2,
      Length: 40,
      P: -44,
      O: PDFHexString.of('11'.repeat(32)),
      U: PDFHexString.of('22'.repeat(32)),
    }),
  );
  const id = PDFHexString.of('ab'.repeat(16));
  doc.context.trailerInfo.ID = doc.context.obj([id, id]);
  await refused(
    '1974-12-19-locked.pdf',
    await doc.save({ useObjectStreams: false }),
    'ENCRYPTED_PDF',
    /needs a password to open.*qpdf --decrypt --password=PASSWORD/,
  );
});

test('a PDF with 10,000 pages', async () => {
  const doc = await PDFDocument.create();
  for (let i = 0; i < 10_000; i++) doc.addPage([612, 792]);
  await refused(
    '1974-12-19-long.pdf',
    await doc.save(),
    'LIMIT_EXCEEDED',
    /it has 10000 pages, over the limit of 2000 pages.*--max-pages or DATELINE_MAX_PAGES/,
  );
});

test('a page 10 m wide', async () => {
  const doc = await bulletinOnPage(28_346, 792); // 10 m = 28,346 pt
  await refused(
    '1974-12-19-wide.pdf',
    await doc.save(),
    'LIMIT_EXCEEDED',
    /page 1 is 28346 pt \(10 m\) long, over the limit of 14400 pt/,
  );
});

test('an image bomb: an image declaring 100,000 × 100,000 pixels', async () => {
  const doc = await bulletinOnPage(612, 792);
  const image = doc.context.register(
    doc.context.flateStream(new Uint8Array(64), {
      Type: 'XObject',
      Subtype: 'Image',
      Width: 100_000,
      Height: 100_000,
      ColorSpace: 'DeviceGray',
      BitsPerComponent: 8,
    }),
  );
  const page = doc.getPage(0);
  page.node.setXObject(PDFName.of('Bomb'), image);
  page.pushOperators(
    pushGraphicsState(),
    concatTransformationMatrix(100, 0, 0, 100, 50, 50),
    drawObject('Bomb'),
    popGraphicsState(),
  );
  await refused(
    '1974-12-19-bomb.pdf',
    await doc.save(),
    'LIMIT_EXCEEDED',
    /an image in it declares 100000 × 100000 pixels \(10000 megapixels\), over the limit of 200 megapixels/,
  );
});

test('a PDF whose text is all control characters', async () => {
  const doc = await PDFDocument.create();
  // A font whose Unicode map sends A-Z to U+0001-U+001A: what a broken encoding does to a text layer.
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Garbled def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <41> <5A> <0001> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;
  const font = doc.context.register(
    doc.context.obj({
      Type: 'Font',
      Subtype: 'Type1',
      BaseFont: StandardFonts.Courier,
      Encoding: 'WinAnsiEncoding',
      ToUnicode: doc.context.register(doc.context.flateStream(cmap)),
    }),
  );
  const page = doc.addPage([612, 792]);
  page.node.setFontDictionary(PDFName.of('F1'), font);
  const line = PDFHexString.of(Buffer.from('JEWISH TELEGRAPHIC AGENCY DECEMBER').toString('hex'));
  for (let i = 0; i < 30; i++) {
    page.pushOperators(
      beginText(),
      setFontAndSize('F1', 10),
      moveText(60, 740 - i * 12),
      showText(line),
      endText(),
    );
  }
  await refused(
    '1974-12-19-garbled.pdf',
    await doc.save(),
    'NO_TEXT',
    /text layer is control characters, not text/,
  );
});

test('HTML with scripts, named .html or .pdf', async () => {
  const page =
    '<!DOCTYPE html><html><head><script>fetch("/api/admin")</script></head><body>JTA</body></html>';
  await refused('1974-12-19.html', page, 'NOT_A_PDF', /is an HTML page, not a PDF/);
  await refused('1974-12-19-page.pdf', `\n  ${page}`, 'NOT_A_PDF', /is an HTML page, not a PDF/);
});

test('XML with an external entity (XXE) or entity expansion', async () => {
  const xxe = `<?xml version="1.0"?>\n<!DOCTYPE alto [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n<alto>&secret;</alto>`;
  await refused('1974-12-19-xxe.xml', xxe, 'UNSAFE_INPUT', /declares entities .*refused/);
  const laughs = `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n${Array.from(
    { length: 9 },
    (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`,
  ).join('\n')}\n]>\n<lolz>&lol9;</lolz>`;
  await refused('1974-12-19-laughs.xml', laughs, 'UNSAFE_INPUT', /declares entities/);
  await refused('1974-12-19-plain.xml', '<?xml version="1.0"?><alto/>', 'NOT_A_PDF', /is XML or markup/);
});

test('nothing of any refused file was stored, every refusal is in the ingest log, and a good file still goes in', async () => {
  assert.equal((await archive.store.stats()).editions, 0);
  const blobDir = join(dir, 'data', 'blobs');
  const blobs = await readdir(blobDir).catch(() => []);
  assert.deepEqual(blobs, [], 'no blob was written');
  const log = await archive.store.listIngestEvents(100);
  assert.equal(log.length, 13);
  assert.ok(log.every((e) => e.status === 'failed' && e.error));
  await writeFile(join(dir, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  const ok = await archive.ingest.ingestFile(join(dir, '1974-12-19.pdf'));
  assert.equal(ok.status, 'ingested', ok.error ?? '');
});

test('limits are configurable: flags over the environment over the defaults; a bad value is refused by name', () => {
  assert.deepEqual(resolveLimits({}, {}), DEFAULT_LIMITS);
  const l = resolveLimits({ 'max-pages': '5' }, { DATELINE_MAX_PAGES: '7', DATELINE_MAX_FILE_MB: '1.5' });
  assert.equal(l.maxPages, 5);
  assert.equal(l.maxFileBytes, 1.5 * 1024 * 1024);
  assert.throws(
    () => resolveLimits({}, { DATELINE_MAX_IMAGE_MEGAPIXELS: 'lots' }),
    (e: Error & { code?: string }) =>
      e.code === 'USAGE' &&
      e.message === 'DATELINE_MAX_IMAGE_MEGAPIXELS must be a positive number; got "lots".',
  );
});

test('the ingest command applies --max-pages and --max-file-mb to the file it is given', async () => {
  const file = join(dir, 'limits', '1974-12-19.pdf');
  await mkdir(join(dir, 'limits'), { recursive: true });
  await writeFile(file, await typedPdf(bulletin1974));
  const data = join(dir, 'cli-data');
  const pages = datelineSync(['ingest', file, '--data', data, '--max-pages', '1']);
  assert.equal(pages.code, 1);
  assert.match(pages.stdout, /1974-12-19\.pdf: it has 2 pages, over the limit of 1 pages/);
  const size = datelineSync(['ingest', file, '--data', data], { DATELINE_MAX_FILE_MB: '0.001' });
  assert.equal(size.code, 1);
  assert.match(size.stdout, /1974-12-19\.pdf: the file is [\d.]+ MB, over the limit of 0 MB/);
  const bad = datelineSync(['ingest', file, '--data', data, '--max-pages', 'ten']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--max-pages must be a positive number; got "ten"/);
});
