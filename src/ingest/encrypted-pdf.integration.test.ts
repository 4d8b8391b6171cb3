/**
 * Encrypted bulletins through the real ingest service on SQLite: a PDF with only an owner password (it opens
 * in any viewer without asking) ingests like the plain file; one that needs a password to open is refused.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  PDFName,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { type Cipher, encryptPdf, qpdfEncrypt } from '../../test/helpers/encrypted-pdf.js';
import { bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { pageImage } from '../web/page-images.js';
import { renderPagePng } from './pdf-render.js';

type Temp = Awaited<ReturnType<typeof tempArchive>>;
const temps: Temp[] = [];
let plain: Uint8Array;
/** The plain file's articles, as the reference every decrypted ingest must match. */
let expected: { headline: string; body: string; page: number }[];
/** Dark pixels of the plain file's first page drawn 800 px wide. */
let plainInk: number;

async function fresh(): Promise<Temp> {
  const t = await tempArchive();
  temps.push(t);
  return t;
}

async function articlesOf(t: Temp, date: string) {
  const edition = await t.archive.store.getEdition(date);
  assert.ok(edition, `an edition of ${date} is stored`);
  const list = await t.archive.store.listArticles(edition.id);
  const full = await Promise.all(list.map((a) => t.archive.store.getArticle(a.id)));
  return {
    edition,
    articles: full.map((a) => ({ headline: a!.headline, body: a!.body, page: a!.firstPage })),
  };
}

/** Ingests `bytes` into a fresh archive as 1974-12-19-NAME.pdf. */
async function ingest(name: string, bytes: Uint8Array) {
  const t = await fresh();
  const path = join(t.dir, `1974-12-19-${name}.pdf`);
  await writeFile(path, bytes);
  return { t, report: await t.archive.ingest.ingestFile(path) };
}

/** Dark pixels in a PNG: a rendered page of text has thousands, a page drawn from undecrypted content none. */
async function darkPixels(png: Buffer): Promise<number> {
  const img = await loadImage(png);
  const ctx = createCanvas(img.width, img.height).getContext('2d');
  ctx.drawImage(img, 0, 0);
  const data = ctx.getImageData(0, 0, img.width, img.height).data;
  let n = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i]! < 128) n++;
  return n;
}

before(async () => {
  plain = await typedPdf(bulletin1974);
  const { t, report } = await ingest('plain', plain);
  assert.equal(report.status, 'ingested', report.error ?? '');
  ({ articles: expected } = await articlesOf(t, '1974-12-19'));
  assert.equal(expected.length, 3);
  plainInk = await darkPixels(await renderPagePng(plain, 1, 800));
});
after(async () => {
  for (const t of temps) await t.done();
});

for (const cipher of ['AES-256', 'AES-128', 'RC4-128'] as Cipher[]) {
  test(`a PDF with only an owner password (${cipher}) ingests like the plain file; the original is kept and renders`, async () => {
    const locked = await encryptPdf(plain, { ownerPassword: 'owner-secret', cipher });
    const { t, report } = await ingest(`owner-${cipher}`, locked);
    assert.equal(report.status, 'ingested', report.error ?? '');
    assert.equal(report.pages, 2);
    const { edition, articles } = await articlesOf(t, '1974-12-19');
    assert.deepEqual(articles, expected);
    // The stored PDF is the file as given (its owner's restrictions kept), not a decrypted copy.
    const stored = await t.archive.blobs.get(edition.pdfKey);
    const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
    assert.equal(sha(stored!), sha(locked));
    // Its page is drawn from it as the plain file's is: the same ink (about 9,500 dark pixels at 800 px).
    const ink = await darkPixels(await pageImage(t.archive.blobs, edition, 1, 800));
    assert.ok(ink > 5000, `${ink} dark pixels`);
    assert.equal(ink, plainInk);
  });
}

test("qpdf's layout (the page tree in an encrypted object stream) with only an owner password ingests", async () => {
  // What was refused with pdf-lib's "Expected instance of PDFDict, but got instance of undefined".
  const locked = await qpdfEncrypt(plain, { ownerPassword: 'owner-secret' });
  const { t, report } = await ingest('owner-qpdf', locked);
  assert.equal(report.status, 'ingested', report.error ?? '');
  assert.deepEqual((await articlesOf(t, '1974-12-19')).articles, expected);
});

test('the CLI ingests an owner-password PDF and writes nothing but its progress to stderr', async () => {
  const t = await fresh();
  const inbox = join(t.dir, 'inbox');
  await mkdir(inbox);
  await writeFile(join(inbox, '1974-12-19.pdf'), await qpdfEncrypt(plain, { ownerPassword: 'o' }));
  const r = datelineSync(['ingest', inbox, '--data', join(t.dir, 'cli-data'), '--json']);
  // pdf-lib's parser had written "Trying to parse invalid object" for each encrypted object stream; now
  // stderr holds the progress lines alone.
  assert.deepEqual(
    r.stderr.split('\n').filter((l) => l && !/^\d+\/\d+ files \(/.test(l)),
    [],
  );
  assert.equal(r.code, 0, r.stdout);
  const [file] = JSON.parse(r.stdout).files;
  assert.deepEqual([file.status, file.date, file.articles], ['ingested', '1974-12-19', 3]);
});

for (const [maker, lock] of [
  ['@cantoo/pdf-lib', () => encryptPdf(plain, { ownerPassword: 'o', userPassword: 'reader' })],
  ['qpdf', () => qpdfEncrypt(plain, { ownerPassword: 'o', userPassword: 'reader' })],
] as const) {
  test(`a PDF that needs a password to open (made by ${maker}) is refused, saying how to remove it`, async () => {
    const name = `user-${maker.replace(/\W/g, '')}`;
    const { t, report } = await ingest(name, await lock());
    assert.equal(report.status, 'failed');
    assert.equal(report.code, 'ENCRYPTED_PDF');
    assert.match(
      report.error ?? '',
      new RegExp(
        `^1974-12-19-${name}\\.pdf needs a password to open\\. .*qpdf --decrypt --password=PASSWORD "1974-12-19-${name}\\.pdf" decrypted\\.pdf`,
      ),
    );
    assert.equal(await t.archive.store.getEdition('1974-12-19'), null);
  });
}

test('an image bomb behind an owner password is still refused before it is decoded', async () => {
  const doc = await PDFDocument.load(plain);
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
  const locked = await qpdfEncrypt(await doc.save(), { ownerPassword: 'o' });
  const { report } = await ingest('owner-bomb', locked);
  assert.equal(report.code, 'LIMIT_EXCEEDED', report.error ?? '');
  assert.match(report.error ?? '', /an image in it declares 100000 × 100000 pixels/);
});
