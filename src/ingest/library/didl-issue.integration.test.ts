import assert from 'node:assert/strict';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import {
  altoXml,
  articleTextXml,
  column,
  didlXml,
  writeTree,
} from '../../../test/helpers/library-fixtures.js';
import { tempArchive } from '../../../test/helpers/sample-bulletins.js';
import type { Archive } from '../../app.js';
import { createApp } from '../../server.js';
import { readAlto } from '../ndnp/alto-reader.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let archive: Archive;
let app: Hono;
let n = 0;

before(async () => {
  t = await tempArchive();
  archive = t.archive;
  app = createApp(archive, () => {});
});
after(() => t.done());

/** A two-page DIDL issue with three articles, the second across both pages. */
async function issue(date: string, edit?: (didl: string) => string): Promise<string> {
  const dir = join(t.dir, `didl${++n}`);
  const didl = didlXml({
    date,
    title: 'Nieuwe Rotterdamsche Courant',
    language: 'nl',
    pages: ['p1_alto.xml', 'p2_alto.xml'],
    articles: [
      { file: 'a1.xml', title: 'Buitenland.', pages: [1] },
      { file: 'a2.xml', title: 'Binnenland.', pages: [1, 2] },
      { file: 'a3.xml', title: 'Advertentie', pages: [2] },
    ],
  });
  await writeTree(dir, {
    'didl.xml': edit ? edit(didl) : didl,
    'p1_alto.xml': altoXml(
      [
        { id: 'TB1', lines: column(1, 1, ['Buitenland.', 'Te Parijs is het stil.']) },
        { id: 'TB2', lines: column(1, 3, ['Binnenland.', 'De Kamer vergaderde.']) },
      ],
      { version: '1-plain' },
    ),
    'p2_alto.xml': altoXml(
      [
        { id: 'TB1', lines: column(1, 1, ['Zij besloot niets.']) },
        { id: 'TB2', lines: column(1, 3, ['Te koop: een huis.']) },
      ],
      { version: '1-plain' },
    ),
    'a1.xml': articleTextXml('Buitenland.', ['Te Parijs is het stil.']),
    'a2.xml': articleTextXml('Binnenland.', ['De Kamer vergaderde.', 'Zij besloot niets.']),
    'a3.xml': articleTextXml('', ['Te koop: een huis.']),
  });
  return dir;
}

async function refused(dir: string, why: RegExp): Promise<void> {
  const before = await archive.store.stats();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.status, r.code]),
    [['failed', 'BAD_BATCH']],
  );
  assert.match(reports[0]!.error!, why);
  assert.deepEqual(await archive.store.stats(), before);
}

test('a DIDL issue loads with its article records; the IIIF manifest has them as ranges over their pages', async () => {
  const dir = await issue('1890-01-02');
  const [r] = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual([r?.status, r?.date, r?.pages, r?.articles], ['ingested', '1890-01-02', 2, 3]);
  const m = (await (await app.request('/iiif/1890-01-02/manifest.json')).json()) as {
    structures: { label: { en: string[] }; items: { id: string }[] }[];
  };
  assert.deepEqual(
    m.structures.map((s) => [s.label.en[0], s.items.map((c) => c.id.split('/').pop())]),
    [
      ['Buitenland.', ['1']],
      ['Binnenland.', ['1', '2']],
      // No title in the article text: the DIDL's dc:title.
      ['Advertentie', ['2']],
    ],
  );
});

test('a page of a DIDL issue exports as ALTO that reads back to the same words and boxes', async () => {
  const e = (await archive.store.getEdition('1890-01-02'))!;
  const [page] = await archive.store.getPages(e.id);
  const res = await app.request('/api/v1/dates/1890-01-02/pages/1/alto.xml');
  assert.equal(res.status, 200);
  const back = readAlto(Buffer.from(await res.text()), 'export.xml', page!);
  const words = back.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  assert.deepEqual(
    words.map((w) => w.text),
    page!.words.map((w) => w.text),
  );
  for (const [i, w] of words.entries()) assert.ok(Math.abs(w.x - page!.words[i]!.x) < 0.1);
});

test('an ALTO file the DIDL names but the folder lacks: refused naming it, nothing stored', async () => {
  const dir = await issue('1890-01-03');
  await rm(join(dir, 'p2_alto.xml'));
  await refused(dir, /p2_alto\.xml: the ALTO file of page .*p002 named by .*didl\.xml is missing/);
});

test('an article part on a page the issue does not list, or a date that is no date: refused', async () => {
  const dir = await issue('1890-01-04', (d) =>
    d.replace('pageid="ddd:000000001:mpeg21:p002"', 'pageid="ddd:x:p009"'),
  );
  await refused(dir, /has a part on page "ddd:x:p009", which the issue does not list/);
  const bad = await issue('1890-01-05');
  await writeFile(
    join(bad, 'didl.xml'),
    didlXml({ date: '5 January 1890', title: 'X', language: 'nl', pages: ['p1_alto.xml'], articles: [] }),
  );
  await refused(bad, /dc:date is "5 January 1890", not a date YYYY-MM-DD/);
});
