import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { PDFDocument, PDFName, type PDFNumber, PDFRawStream } from 'pdf-lib';
import { readPdfText } from '../../ingest/pdf-reader.js';
import { sentencesOf } from './content.js';
import { generateTypesetBulletins, typesetScan } from './index.js';
import { shortHead } from './layout.js';
import { balancedLines, breakWords } from './text.js';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const bulletins = await generateTypesetBulletins({ seed: 11, count: 4 });

/** A word as compared: lower case, without the punctuation around it. */
const norm = (w: string) => w.toLowerCase().replace(/^[^a-z0-9$]+|[^a-z0-9%]+$/g, '');

/** The words of a text layer: every token, a run-in dateline's dash splitting "14.—The" in two. */
function layerWords(text: string): { words: Set<string>; heads: Set<string> } {
  const words = new Set<string>();
  const heads = new Set<string>();
  for (const raw of text.split(/\s+/)) {
    for (const t of raw.split('—')) {
      if (/^[a-z]+-$/.test(t)) heads.add(t.slice(0, -1));
      words.add(norm(t));
    }
  }
  return { words, heads };
}

/** Whether `w` is printed whole, or broken at a line end into a hyphenated head and a tail. */
function printed(w: string, layer: ReturnType<typeof layerWords>): boolean {
  if (layer.words.has(w)) return true;
  for (let k = 2; k < w.length - 1; k++)
    if (layer.heads.has(w.slice(0, k)) && layer.words.has(w.slice(k))) return true;
  return false;
}

test('the same seed gives the same bytes and truth; another seed gives others', async () => {
  const again = await generateTypesetBulletins({ seed: 11, count: 4 });
  assert.deepEqual(
    again.map((b) => sha(b.pdf)),
    bulletins.map((b) => sha(b.pdf)),
  );
  assert.deepEqual(
    again.map((b) => b.truth),
    bulletins.map((b) => b.truth),
  );
  const other = await generateTypesetBulletins({ seed: 12, count: 4 });
  assert.notDeepEqual(
    other.map((b) => sha(b.pdf)),
    bulletins.map((b) => sha(b.pdf)),
  );
});

test('every word of every article is in the text layer, with the jump lines naming the right pages', async () => {
  for (const b of bulletins) {
    const { pages } = await readPdfText(b.pdf, b.fileName);
    assert.equal(pages.length, b.truth.pageCount);
    const text = pages.map((p) => p.lines.map((l) => l.text).join(' ')).join(' ');
    const layer = layerWords(text);
    for (const a of b.truth.articles) {
      const all = [a.headline, ...(a.decks ?? []), a.byline ?? '', a.credit ?? '', a.dateline?.place ?? ''];
      all.push(...a.paragraphs);
      const missing = all
        .join(' ')
        .split(/\s+/)
        .map(norm)
        .filter((w) => w && !printed(w, layer));
      assert.deepEqual(missing, [], `${b.fileName} article ${a.ordinal} "${a.headline}"`);
      for (const p of a.paragraphs) assert.doesNotMatch(p, /Continued (on|from) Page/);
      for (const [i, part] of (a.parts ?? []).slice(1).entries()) {
        const from = a.parts![i]!.page;
        assert.ok(part.page > from, 'a story jumps forward');
        assert.match(text, new RegExp(`\\(Continued on Page ${part.page}(, Column ${part.column})?\\)`));
        assert.ok(pages[part.page - 1]!.lines.some((l) => l.text.includes(`(Continued from Page ${from})`)));
      }
    }
  }
});

test('truth: ordinals in order, parts agree with first and last pages, a credit or none, no agency code', () => {
  for (const b of bulletins) {
    const t = b.truth;
    assert.ok(t.dateInMasthead && /^[IVXL]+$/.test(t.volume) && /^\d+$/.test(t.number));
    assert.deepEqual(
      t.articles.map((a) => a.ordinal),
      t.articles.map((_, i) => i),
    );
    for (const a of t.articles) {
      const parts = a.parts!;
      assert.ok(parts.length >= 1);
      assert.equal(a.firstPage, parts[0]!.page);
      assert.equal(a.lastPage, parts.at(-1)!.page);
      assert.equal(a.jumps, parts.length - 1);
      assert.ok(parts.every((p) => p.page >= 1 && p.page <= t.pageCount && p.column >= 1 && p.column <= 5));
      assert.equal(a.headline, a.headline.toUpperCase());
      assert.ok(a.paragraphs.length > 0 && a.paragraphs.every((p) => p.length > 0));
      if (a.dateline) assert.equal(a.dateline.agency, '');
      if (a.credit)
        assert.match(
          a.credit,
          /^\(.+ Agency\)$|^\(Atlantic Press Bureau\)$|^(Special|By Cable) to the Bulletin$/,
        );
    }
  }
});

test('each bulletin continues at least one article on a later page; four-page ones about five', () => {
  for (const b of bulletins) {
    const continued = b.truth.articles.filter((a) => new Set(a.parts!.map((p) => p.page)).size >= 2);
    assert.ok(continued.length >= 1, b.fileName);
    if (b.truth.pageCount === 4 && b.truth.layout === 'typeset-3col') {
      assert.ok(
        continued.length >= 3 && continued.length <= 9,
        `${b.fileName}: ${continued.length} continued`,
      );
      assert.ok(b.truth.articles.length >= 10 && b.truth.articles.length <= 20, `${b.fileName} headlines`);
    }
  }
});

/** Page boxes and image sizes of an image-only PDF. */
async function imagesOf(pdf: Uint8Array) {
  const doc = await PDFDocument.load(pdf);
  const images: { w: number; h: number }[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFRawStream && obj.dict.get(PDFName.of('Subtype')) === PDFName.of('Image')) {
      const n = (k: string) => (obj.dict.get(PDFName.of(k)) as PDFNumber).asNumber();
      images.push({ w: n('Width'), h: n('Height') });
    }
  }
  return { boxes: doc.getPages().map((p) => p.getSize()), images };
}

test('the web copy: page images about 410 × 600 px at 240 ppi in page boxes about 123 × 180 pt, no text', async () => {
  const b = bulletins[0]!;
  const scan = await typesetScan(b.pdf, { degrade: { seed: 1 } });
  const { boxes, images } = await imagesOf(scan);
  assert.equal(images.length, b.truth.pageCount);
  for (const img of images) {
    assert.equal(img.w, 410);
    assert.ok(Math.abs(img.h - 600) <= 3, `height ${img.h}`);
  }
  for (const box of boxes) {
    assert.ok(Math.abs(box.width - 123) < 0.5 && Math.abs(box.height - 180) < 1.5, JSON.stringify(box));
  }
  const { pages } = await readPdfText(scan, 'scan.pdf');
  assert.ok(pages.every((p) => p.lines.length === 0));
  assert.equal(
    sha(await typesetScan(b.pdf, { degrade: { seed: 1 } })),
    sha(scan),
    'the same seed, the same scan',
  );
});

test('page copies keep the page size at 100, 150 and 300 ppi', async () => {
  const b = bulletins.find((x) => x.truth.pageCount === 2) ?? bulletins[0]!;
  const original = (await PDFDocument.load(b.pdf)).getPages()[0]!.getSize();
  for (const dpi of [100, 150, 300]) {
    const { boxes, images } = await imagesOf(await typesetScan(b.pdf, { size: 'page', dpi }));
    assert.ok(Math.abs(boxes[0]!.width - original.width) < 0.5);
    assert.ok(Math.abs(images[0]!.w - (original.width * dpi) / 72) <= 1, `${dpi}: ${images[0]!.w}`);
  }
});

test('helpers: sentences, headline lines, continuation heads', () => {
  assert.deepEqual(sentencesOf('Dr. Orlovsky spoke. He was 66 years old. Mr. A. Levin agreed.'), [
    'Dr. Orlovsky spoke.',
    'He was 66 years old.',
    'Mr. A. Levin agreed.',
  ]);
  const measure = (t: string) => t.length * 6;
  assert.deepEqual(breakWords('ONE TWO THREE FOUR', 60, measure), ['ONE TWO', 'THREE FOUR']);
  assert.equal(balancedLines('AAAA BB CC DD', 72, measure).length, 2);
  assert.equal(shortHead('LEAGUE ASKED TO PROTECT SCHOOLS IN AUSTRIA'), 'LEAGUE ASKED TO PROTECT');
  assert.equal(shortHead('REFUGEE SHIP ARRIVES'), 'REFUGEE SHIP ARRIVES');
});
