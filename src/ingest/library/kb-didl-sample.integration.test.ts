import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { PDFDocument } from 'pdf-lib';
import { impressoDir, needSample } from '../../../test/helpers/library.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { SearchService } from '../../search/search.service.js';
import { createApp } from '../../server.js';
import type { FileReport } from '../ingest.service.js';
import { decodeXmlText } from '../ndnp/safe-xml.js';
import { readPdfText } from '../pdf-reader.js';

// The KB (Delpher) MPEG-21 DIDL issues live outside the repository (../shared/data/impresso/KB).
const skip = needSample('KB/newspaper', 'KB DIDL');
const kb = join(impressoDir, 'KB', 'newspaper');
const issues = {
  '1750-05-15': join(kb, '1750/05/15/DDD_ddd_010724973_mpeg21'),
  '1813-11-16': join(kb, '1813/11/16/DDD_ddd_010179815_mpeg21'),
  '1876-12-01': join(kb, '1876/12/01/DDD_ddd_010100993_mpeg21'),
};

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;
let reports: FileReport[];

before(async () => {
  if (skip) return;
  t = await tempArchive();
  app = createApp(t.archive, () => {});
  reports = await t.archive.ingest.ingestPaths([kb]);
});
after(() => t?.done());

const squash = (s: string) => decodeXmlText(s).replace(/\s+/g, ' ').trim();

/**
 * The source's articles, read with regular expressions straight from the files (not with the reader under
 * test): each `*_articletext.xml` in file order, its <title> or, when that is empty, the dc:title the DIDL
 * gives next to the file's name; its paragraphs.
 */
async function sourceArticles(dir: string): Promise<{ title: string; body: string }[]> {
  const didl = await readFile(join(dir, 'didl.xml'), 'utf8');
  const files = (await readdir(dir)).filter((f) => f.endsWith('_articletext.xml')).sort();
  const out: { title: string; body: string }[] = [];
  for (const f of files) {
    const xml = await readFile(join(dir, f), 'utf8');
    let title = squash(/<title>([\s\S]*?)<\/title>/.exec(xml)?.[1] ?? '');
    if (!title) {
      const at = didl.indexOf(`dcx:filename="${f}"`);
      title = squash(/<dc:title>([\s\S]*?)<\/dc:title>/.exec(didl.slice(at))?.[1] ?? '');
    }
    const paragraphs = [...xml.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => squash(m[1]!)).filter(Boolean);
    out.push({ title, body: paragraphs.join('\n\n') });
  }
  return out;
}

test('the three KB issues load by their DIDL: date, title, issue number and language from its metadata', {
  skip,
}, async () => {
  assert.deepEqual(
    reports.map((r) => [r.status, r.date]),
    Object.keys(issues).map((d) => ['ingested', d]),
  );
  const e = (await t.archive.store.getEdition('1876-12-01'))!;
  assert.equal((await t.archive.store.getTitle(e.titleId))?.name, 'Algemeen Handelsblad');
  assert.equal(e.pageCount, 8);
  assert.equal(e.language, 'nl');
  // The 1813 issue (under French rule) lists French, then Dutch.
  const e1813 = (await t.archive.store.getEdition('1813-11-16'))!;
  assert.deepEqual([e1813.language, e1813.number], ['fr nl', '92']);
});

test('the stored articles are the source’s: the same count, titles and text, in its order', {
  skip,
}, async () => {
  for (const [date, dir] of Object.entries(issues)) {
    const want = await sourceArticles(dir);
    const e = (await t.archive.store.getEdition(date))!;
    const stored = await Promise.all(
      (await t.archive.store.listArticles(e.id)).map(async (a) => (await t.archive.store.getArticle(a.id))!),
    );
    assert.equal(stored.length, want.length, date);
    assert.deepEqual(
      stored.map((a) => a.headlinePrinted),
      want.map((w) => w.title),
    );
    assert.deepEqual(
      stored.map((a) => a.body),
      want.map((w) => w.body),
    );
  }
  // The issue names 77 articles for 1876 (SOURCE.md); the first is on page 1, and articles reach page 8.
  const e = (await t.archive.store.getEdition('1876-12-01'))!;
  const list = await t.archive.store.listArticles(e.id);
  assert.equal(list.length, 77);
  assert.equal(list[0]!.headline, 'BINNENLAND. AMSTERDAM, Donderdag 30 November.');
  assert.equal(list[0]!.firstPage, 1);
  assert.equal(Math.max(...list.map((a) => a.lastPage)), 8);
  // Each record's dc:subject says what it is: 43 articles, 31 advertisements, 3 family notices.
  const kinds = new Map<string, number>();
  for (const s of list) {
    const k = (await t.archive.store.getArticle(s.id))!.kind;
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  assert.deepEqual(Object.fromEntries(kinds), { article: 43, advertisement: 31, notices: 3 });
  const notice = list.find((a) => a.teaser.startsWith('INVITATIE'))!;
  const page = await (await app.request(`/archive/${notice.slug}`)).text();
  assert.match(page, /<p class="kind">Family notices<\/p>/);
});

test('the date’s PDF is drawn from the ALTO: one page per ALTO page, its words in the text layer', {
  skip,
}, async () => {
  const res = await app.request('/1876/12/01/bulletin.pdf');
  assert.equal(res.status, 200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const pdf = await PDFDocument.load(bytes);
  assert.equal(pdf.getPageCount(), 8);
  // 4980 × 6914 px at 300 ppi is 1195.2 × 1659.4 points (a broadsheet).
  const { width, height } = pdf.getPage(0).getSize();
  assert.deepEqual([Math.round(width), Math.round(height)], [1195, 1659]);
  const alto = await readFile(join(issues['1876-12-01'], 'DDD_010100993_001_alto.xml'), 'utf8');
  // CONTENT is quoted with ' where the word has a double quote.
  const words = [...alto.matchAll(/<String [^>]*CONTENT=(?:"([^"]*)"|'([^']*)')/g)].map((m) =>
    decodeXmlText(m[1] ?? m[2]!),
  );
  const text = await readPdfText(bytes, 'kb.pdf');
  const drawn = text.pages[0]!.lines.flatMap((l) => l.words.map((w) => w.text)).join(' ');
  for (const w of ['ABONNEMENTSPRIJS', 'Amsterdamsche', 'Donderdag']) {
    assert.ok(words.includes(w), `${w} is in the ALTO`);
    assert.ok(drawn.includes(w), `${w} is in the PDF's text layer`);
  }
  // The stored page keeps every ALTO word with its box, inside the page.
  const e = (await t.archive.store.getEdition('1876-12-01'))!;
  const [page] = await t.archive.store.getPages(e.id);
  assert.equal(page!.words.length, words.length);
  assert.ok(
    page!.words.every((w) => w.x >= 0 && w.y >= 0 && w.x + w.w <= width + 1 && w.y + w.h <= height + 1),
  );
  const view = await app.request('/1876/12/01/page-1?q=amsterdamsche');
  assert.equal(view.status, 200);
  assert.match(await view.text(), /<rect class="hit"/);
});

test('Dutch and German words are found with their diacritics folded, and shown as printed', {
  skip,
}, async () => {
  const search = new SearchService(t.archive.index);
  // "Italië" is printed in the article "Italie."; a reader types it without the diaeresis.
  const italie = await search.search({ q: 'italie', variants: 'off' });
  const hit = italie.hits.find((h) => h.headline === 'Italie.');
  assert.ok(hit, JSON.stringify(italie.hits.map((h) => h.headline)));
  assert.match(hit.snippet, /\uE000Italië\uE001/);
  // "Köln. Zeitung" in the first article, found as typed on an English keyboard and as printed.
  for (const q of ['koln', 'Köln']) {
    const r = await search.search({ q, variants: 'off' });
    assert.ok(
      r.hits.some((h) => h.headline.startsWith('BINNENLAND') && /\uE000Köln\uE001/.test(h.snippet)),
      q,
    );
  }
});

test('the same issues ingested again are unchanged, and nothing is stored twice', { skip }, async () => {
  const before = await t.archive.store.stats();
  const again = await t.archive.ingest.ingestPaths([kb]);
  assert.deepEqual(
    again.map((r) => [r.status, r.articles]),
    [
      ['unchanged', 16],
      ['unchanged', 4],
      ['unchanged', 77],
    ],
  );
  assert.deepEqual(await t.archive.store.stats(), before);
});

const anp = join(
  impressoDir,
  'KB',
  'radio',
  'ANP_Nieuwsberichten_1937-1989',
  '1937',
  '03',
  '25',
  '4',
  'anp_1937_03_25_4',
);
const skipAnp = needSample('KB/radio', 'KB ANP radio bulletin');

test('an ANP bulletin loads from its OAI-PMH record: its scan is the PDF page, its ALTO words over it', {
  skip: skipAnp,
}, async () => {
  const [r] = await t.archive.ingest.ingestPaths([anp]);
  assert.deepEqual([r?.status, r?.date, r?.pages], ['ingested', '1937-03-25', 1]);
  const e = (await t.archive.store.getEdition('1937-03-25'))!;
  // "ANP Nieuwsbericht - 25-03-1937 - 4": the title without its date and number, the number from volgnummer.
  assert.equal((await t.archive.store.getTitle(e.titleId))?.name, 'ANP Nieuwsbericht');
  assert.deepEqual([e.number, e.language], ['4', 'dut']);
  const pdf = await PDFDocument.load((await t.archive.blobs.get(e.pdfKey))!);
  // The JPEG is 2640 × 4134 px, taken as 300 ppi: an A4-size page. Its ALTO (1366 × 2096 px) is scaled onto it.
  const page = pdf.getPage(0);
  assert.deepEqual([Math.round(page.getWidth()), Math.round(page.getHeight())], [634, 992]);
  const [stored] = await t.archive.store.getPages(e.id);
  const alto = await readFile(join(anp, 'anp_1937_03_25_4_alto.xml'), 'utf8');
  assert.equal(stored!.words.length, (alto.match(/<String\s/g) ?? []).length);
  const word = stored!.words.find((w) => w.text === 'Promotiecompetitie')!;
  const m = /<String CONTENT="Promotiecompetitie" HEIGHT="\d+" HPOS="(\d+)"/.exec(alto)!;
  assert.ok(Math.abs(word.x - (Number(m[1]) * 633.6) / 1366) < 0.5, `${word.x}`);
  const search = new SearchService(t.archive.index);
  const hits = await search.search({ q: 'promotiecompetitie', variants: 'off' });
  assert.deepEqual(
    hits.hits.map((h) => h.date),
    ['1937-03-25'],
  );
});

test('the seven ANP bulletins of 1937-03-01, each its own record, load as one edition: a page each, in number order', {
  skip: skipAnp,
}, async () => {
  const day = join(impressoDir, 'KB', 'radio', 'ANP_Nieuwsberichten_1937-1989', '1937', '03', '01');
  const reports = await t.archive.ingest.ingestPaths([day]);
  assert.deepEqual(
    reports.map((r) => [r.path, r.status, r.date, r.pages]),
    [[day, 'ingested', '1937-03-01', 7]],
  );
  const e = (await t.archive.store.getEdition('1937-03-01'))!;
  const pages = await t.archive.store.getPages(e.id);
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    const alto = await readFile(
      join(day, String(n), `anp_1937_03_01_${n}`, `anp_1937_03_01_${n}_alto.xml`),
      'utf8',
    );
    assert.equal(pages[n - 1]!.words.length, (alto.match(/<String\s/g) ?? []).length, `page ${n}`);
  }
  assert.equal((await PDFDocument.load((await t.archive.blobs.get(e.pdfKey))!)).getPageCount(), 7);
  const again = await t.archive.ingest.ingestPaths([day]);
  assert.deepEqual(
    again.map((r) => r.status),
    ['unchanged'],
  );
});
