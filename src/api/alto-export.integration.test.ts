import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { writeFixtureBatch } from '../../test/helpers/ndnp-batch.js';
import { bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Page, WordBox } from '../core/types.js';
import { readAlto } from '../ingest/ndnp/alto-reader.js';
import { parseXml } from '../ingest/ndnp/safe-xml.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;

before(async () => {
  t = await tempArchive();
  app = createApp(t.archive, () => {});
  await writeFixtureBatch(join(t.dir, 'batch'), [{ date: '1887-03-03' }]);
  // A typed bulletin too: its words come from the PDF's text layer, not from ALTO.
  await mkdir(join(t.dir, 'inbox'));
  await writeFile(join(t.dir, 'inbox', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  const reports = await t.archive.ingest.ingestPaths([join(t.dir, 'batch'), join(t.dir, 'inbox')]);
  assert.deepEqual(
    reports.map((r) => r.status),
    ['ingested', 'ingested'],
  );
});
after(() => t.done());

async function storedPages(date: string): Promise<Page[]> {
  const e = (await t.archive.store.getEdition(date))!;
  return t.archive.store.getPages(e.id);
}

/** The exported words must be the stored words: same text and order, boxes within rounding, same confidence. */
function assertSameWords(exported: WordBox[], stored: WordBox[]) {
  assert.equal(exported.length, stored.length);
  assert.ok(stored.length > 10);
  exported.forEach((w, i) => {
    const s = stored[i]!;
    assert.equal(w.text, s.text);
    for (const k of ['x', 'y', 'w', 'h'] as const) assert.ok(Math.abs(w[k] - s[k]) <= 0.02, `${s.text}.${k}`);
    assert.equal(w.conf, s.conf);
  });
}

test('any page exports as ALTO 4 whose words and boxes are the stored ones (ALTO-born and PDF-born)', async () => {
  for (const date of ['1887-03-03', '1974-12-19']) {
    for (const page of await storedPages(date)) {
      const res = await app.request(`/api/v1/dates/${date}/pages/${page.number}/alto.xml`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
      const bytes = new Uint8Array(await res.arrayBuffer());
      const doc = parseXml(bytes, 'export', new Set());
      const alto = doc.alto as Record<string, unknown>;
      assert.match(
        Buffer.from(bytes).toString('utf8'),
        /<alto xmlns="http:\/\/www\.loc\.gov\/standards\/alto\/ns-v4#"/,
      );
      assert.equal((alto.Description as Record<string, unknown>).MeasurementUnit, 'inch1200');
      const back = readAlto(bytes, 'export', { width: page.width, height: page.height });
      assertSameWords(
        back.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)),
        page.words,
      );
    }
  }
});

test('the ALTO export answers 404 for a page that does not exist and 400 for a bad date', async () => {
  const missing = await app.request('/api/v1/dates/1887-03-03/pages/2/alto.xml');
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'NOT_FOUND');
  const bad = await app.request('/api/v1/dates/1887-13-03/pages/1/alto.xml');
  assert.equal(bad.status, 400);
});

test('dateline export --alto writes every page of every bulletin as ALTO files', async () => {
  const out = join(t.dir, 'alto-out');
  const r = datelineSync(['export', '--data', join(t.dir, 'data'), '--alto', out]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /3 pages written as ALTO/);
  for (const date of ['1887-03-03', '1974-12-19']) {
    for (const page of await storedPages(date)) {
      const file = join(out, date, `page-${page.number}.alto.xml`);
      const back = readAlto(await readFile(file), file, { width: page.width, height: page.height });
      assertSameWords(
        back.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)),
        page.words,
      );
    }
  }
});
