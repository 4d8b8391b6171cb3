import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { PDFDocument } from 'pdf-lib';
import { sampleBatchDir } from '../../../test/helpers/ndnp-batch.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { createApp } from '../../server.js';
import type { FileReport } from '../ingest.service.js';

// The real sample batch lives outside the repository (../shared/data/ndnp, see its SOURCE.md).
const present = existsSync(join(sampleBatchDir, 'data', 'batch_1.xml'));
const skip = present
  ? false
  : `the NDNP sample batch is missing at ${sampleBatchDir}; put open-oni/sample-data's batch_nbu_manyissues_ver01 there to run these tests`;
if (!present) process.stderr.write(`\nSKIPPING the NDNP sample-batch tests: ${skip}\n\n`);

const issueDir = join(sampleBatchDir, 'data', 'sn99021999', '0020653817A');
let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;
let reports: FileReport[];

before(async () => {
  if (!present) return;
  t = await tempArchive();
  app = createApp(t.archive, () => {});
  reports = await t.archive.ingest.ingestPaths([sampleBatchDir]);
});
after(() => t?.done());

/** The words of one ALTO file, as its String CONTENT attributes give them. */
async function altoWords(file: string): Promise<string[]> {
  const xml = await readFile(file, 'utf8');
  return [...xml.matchAll(/<String [^>]*CONTENT="([^"]*)"/g)].map((m) => m[1]!);
}

test('the sample batch loads: one edition per issue of batch_1.xml, dated from MODS', { skip }, async () => {
  const batch = await readFile(join(sampleBatchDir, 'data', 'batch_1.xml'), 'utf8');
  const dates = [...batch.matchAll(/issueDate="([0-9-]+)"/g)].map((m) => m[1]);
  assert.equal(dates.length, 9);
  assert.deepEqual(
    reports.map((r) => [r.status, r.date]),
    dates.map((d) => ['ingested', d]),
  );
  const stats = await t.archive.store.stats();
  assert.deepEqual(
    [stats.editions, stats.pages, stats.firstDate, stats.lastDate],
    [9, 9, dates[0], dates[8]],
  );
  const e = (await t.archive.store.getEdition('1887-03-03'))!;
  assert.equal((await t.archive.store.getTitle(e.titleId))?.name, 'The Omaha Daily Bee');
});

test('a word from a page ALTO finds that page by search, and Content Search boxes it on the page', {
  skip,
}, async () => {
  // A word that only the 1887-03-05 page has: long, all lower-case letters, in no other issue's ALTO.
  const others = new Set<string>();
  for (const d of (await readdir(issueDir)).filter((d) => /^1887\d{6}$/.test(d) && d !== '1887030501')) {
    const alto = (await readdir(join(issueDir, d))).find((f) => /^\d{4}\.xml$/.test(f))!;
    for (const w of await altoWords(join(issueDir, d, alto))) others.add(w.toLowerCase());
  }
  const word = (await altoWords(join(issueDir, '1887030501', '0019.xml'))).find(
    (w) => /^[a-z]{9,}$/.test(w) && !others.has(w),
  );
  assert.ok(word, 'the page has a word of its own');
  const res = await app.request(`/api/v1/search?q=${word}&variants=off`);
  assert.equal(res.status, 200);
  const body = (await res.json()) as {
    total: number;
    results: { date: string; url: string; page: number }[];
  };
  assert.ok(body.total >= 1);
  assert.deepEqual([...new Set(body.results.map((r) => r.date))], ['1887-03-05']);
  assert.equal(body.results[0]!.page, 1);
  const article = await app.request(body.results[0]!.url);
  assert.equal(article.status, 200);
  assert.match(await article.text(), new RegExp(word));
  const cs = (await (await app.request(`/iiif/1887-03-05/search?q=${word}`)).json()) as {
    items: { target: string; body: { value: string } }[];
  };
  assert.ok(cs.items.length >= 1);
  assert.ok(cs.items.every((i) => i.body.value.toLowerCase().includes(word)));
  assert.match(cs.items[0]!.target, /#xywh=\d+,\d+,\d+,\d+$/);
  // The search result links to the page view, which boxes each ALTO occurrence of the word on the page image.
  const results = await (await app.request(`/search?q=${word}&variants=off`)).text();
  assert.match(results, new RegExp(`href="/1887/03/05/page-1\\?q=${word}"`));
  const view = await app.request(`/1887/03/05/page-1?q=${word}`);
  assert.equal(view.status, 200);
  const viewHtml = await view.text();
  const rects = [...viewHtml.matchAll(/<rect class="hit" x="([\d.]+)" y="([\d.]+)"/g)];
  const xml = await readFile(join(issueDir, '1887030501', '0019.xml'), 'utf8');
  const inAlto = [...xml.matchAll(/<String [^>]*HPOS="([\d.]+)" VPOS="([\d.]+)" CONTENT="([^"]*)"/g)].filter(
    (m) => m[3]!.toLowerCase().replace(/[^a-z]/g, '') === word,
  );
  assert.equal(rects.length, inAlto.length);
  const pageWidth = Number(/<Page [^>]*WIDTH="(\d+)"/.exec(xml)![1]);
  const pdfWidth = Number(/<svg viewBox="0 0 ([\d.]+) /.exec(viewHtml)![1]);
  // Boxes are drawn 1 point wider on each side than the stored word box.
  assert.ok(Math.abs(Number(rects[0]![1]) + 1 - (Number(inAlto[0]![1]) * pdfWidth) / pageWidth) < 0.2);
  assert.match(viewHtml, /<image href="\/1887\/03\/05\/page-1\.png\?w=1600"/);
  // A word on every line is boxed 200 times at most, and the page says so.
  const common = await (await app.request('/1887/03/05/page-1?q=the')).text();
  const theInAlto = [...xml.matchAll(/CONTENT="([^"]*)"/g)].filter((m) =>
    m[1]!
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .includes('the'),
  ).length;
  assert.ok(theInAlto > 200);
  assert.equal([...common.matchAll(/<rect class="hit"/g)].length, 200);
  // The stored words are the ALTO's, but for headlines read again from the scan ("iii tlio Hnitsn." is
  // "in the House."): a few more or fewer.
  const said = Number(/([\d,]+) matches of “the”, the first 200 highlighted/.exec(common)?.[1]);
  assert.ok(Math.abs(said - theInAlto) <= 3, `${said} matches said, ${theInAlto} in the ALTO`);
});

test("headlines the library's OCR garbled are read again from the page scan", { skip }, async () => {
  const alto = await readFile(join(issueDir, '1887030301', '0003.xml'), 'utf8');
  // The library's OCR of three small heads on the 1887-03-03 front page.
  for (const garbled of ['CIISPR', 'Tomperanoo', 'Fortmmto'])
    assert.ok(alto.includes(`CONTENT="${garbled}"`), garbled);
  const e = (await t.archive.store.getEdition('1887-03-03'))!;
  const heads = (await t.archive.store.listArticles(e.id)).map((a) => a.headline);
  for (const head of ['Important Cases at Wahoo', 'Temperance Women in Convention', 'A Fortunate Fire'])
    assert.ok(
      heads.some((h) => h.replace(/[^\p{L} ]/gu, '').trim() === head),
      `"${head}" among ${JSON.stringify(heads)}`,
    );
});

test('the batch dates appear in the dates API and the year calendar', { skip }, async () => {
  const res = await app.request('/api/v1/dates?from=1887-01-01&to=1887-12-31');
  const body = (await res.json()) as { dates: { date: string; pages: number }[] };
  assert.deepEqual(
    body.dates.map((d) => d.date),
    reports.map((r) => r.date),
  );
  const year = await (await app.request('/1887')).text();
  for (const d of ['03/03', '03/07', '03/11']) assert.match(year, new RegExp(`href="/1887/${d}"`));
});

test('each issue PDF downloads: a valid PDF with one page per page of its METS, the page PDF size', {
  skip,
}, async () => {
  for (const [dir, date] of [
    ['1887030301', '1887/03/03'],
    ['1887031101', '1887/03/11'],
  ] as const) {
    const mets = await readFile(join(issueDir, dir, `${dir}_1.xml`), 'utf8');
    const pagesInMets = [...mets.matchAll(/TYPE="np:page"/g)].length;
    const res = await app.request(`/${date}/bulletin.pdf`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const pdf = await PDFDocument.load(new Uint8Array(await res.arrayBuffer()));
    assert.equal(pdf.getPageCount(), pagesInMets);
    const source = (await readdir(join(issueDir, dir))).find((f) => /^\d{4}\.pdf$/.test(f))!;
    const page = (await PDFDocument.load(await readFile(join(issueDir, dir, source)))).getPage(0).getSize();
    assert.deepEqual(pdf.getPage(0).getSize(), page);
  }
});

test('loading the sample batch again reports every issue unchanged and stores nothing', {
  skip,
}, async () => {
  const stats = await t.archive.store.stats();
  const again = await t.archive.ingest.ingestPaths([join(sampleBatchDir, 'data')]);
  assert.deepEqual(
    again.map((r) => [r.status, r.date]),
    reports.map((r) => ['unchanged', r.date]),
  );
  assert.deepEqual(await t.archive.store.stats(), stats);
});
