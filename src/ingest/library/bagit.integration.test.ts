import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  altoXml,
  articleTextXml,
  column,
  didlXml,
  makeBag,
  metsXml,
  writeTree,
} from '../../../test/helpers/library-fixtures.js';
import { bulletin1974, tempArchive } from '../../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../../test/helpers/typed-pdf.js';
import type { Archive } from '../../app.js';
import { checkArchive } from '../../check/archive-check.service.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let archive: Archive;
let n = 0;

before(async () => {
  t = await tempArchive();
  archive = t.archive;
});
after(() => t.done());

/** A Dutch DIDL issue of two pages and two articles, the second across both pages. */
function didlIssue(date: string): Record<string, string> {
  return {
    'didl.xml': didlXml({
      date,
      title: 'Leidsche Courant',
      language: 'nl',
      pages: ['p1_alto.xml', 'p2_alto.xml'],
      articles: [
        { file: 'a1_articletext.xml', title: 'Binnenland.', pages: [1] },
        { file: 'a2_articletext.xml', title: 'Stadsnieuws', pages: [1, 2] },
      ],
    }),
    'p1_alto.xml': altoXml(
      [{ id: 'TB1', lines: column(1, 1, ['Binnenland.', 'De regeering heeft besloten.']) }],
      {
        version: '1-ccs',
      },
    ),
    'p2_alto.xml': altoXml([{ id: 'TB1', lines: column(1, 1, ['De brug over de gracht is hersteld.']) }], {
      version: '1-ccs',
    }),
    'a1_articletext.xml': articleTextXml('Binnenland.', ['De regeering heeft besloten.']),
    // An empty title: the DIDL's dc:title stands for it.
    'a2_articletext.xml': articleTextXml('', ['De brug over de gracht', 'is hersteld, zegt de ingenieur.']),
  };
}

/** A bag holding a DIDL issue, a METS issue and a whole-issue PDF. */
async function bag(dates: { didl: string; mets: string }): Promise<string> {
  const dir = join(t.dir, `bag${++n}`);
  const mets = {
    'mets.xml': metsXml({ date: dates.mets, title: 'Le Temps', language: 'fre', pages: 1 }),
    'alto/0001.xml': altoXml([
      { id: 'TB1', lines: column(1, 1, ['LA SÉANCE DU CONSEIL', 'Le conseil a siégé hier.']) },
    ]),
  };
  await writeTree(join(dir, 'data'), {
    ...Object.fromEntries(Object.entries(didlIssue(dates.didl)).map(([k, v]) => [`kb/${k}`, v])),
    ...Object.fromEntries(Object.entries(mets).map(([k, v]) => [`temps/${k}`, v])),
    'pdf/1974-12-19.pdf': await typedPdf(bulletin1974),
  });
  await makeBag(dir);
  return dir;
}

async function dates(): Promise<string[]> {
  return (await archive.store.listDates()).map((d) => d.date);
}

test('a bag is checked, then its issues and its whole-issue PDF load; loading it again changes nothing', async () => {
  const dir = await bag({ didl: '1880-02-03', mets: '1902-04-05' });
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.path.slice(dir.length + 1), r.status, r.date, r.articles]),
    [
      ['data/kb/didl.xml', 'ingested', '1880-02-03', 2],
      ['data/temps/mets.xml', 'ingested', '1902-04-05', 1],
      ['data/pdf/1974-12-19.pdf', 'ingested', '1974-12-19', 3],
    ],
  );
  const e = (await archive.store.getEdition('1880-02-03'))!;
  assert.equal(e.language, 'nl');
  const stored = await Promise.all(
    (await archive.store.listArticles(e.id)).map(async (a) => (await archive.store.getArticle(a.id))!),
  );
  assert.deepEqual(
    stored.map((a) => [a.headlinePrinted, a.body, a.firstPage, a.lastPage]),
    [
      ['Binnenland.', 'De regeering heeft besloten.', 1, 1],
      ['Stadsnieuws', 'De brug over de gracht\n\nis hersteld, zegt de ingenieur.', 1, 2],
    ],
  );
  const again = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    again.map((r) => r.status),
    ['unchanged', 'unchanged', 'unchanged'],
  );
});

test('a file changed after the bag was made: the bag is refused naming it and both checksums, nothing stored', async () => {
  const dir = await bag({ didl: '1880-02-04', mets: '1902-04-06' });
  const file = join(dir, 'data', 'temps', 'alto', '0001.xml');
  const listed = createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
  await appendFile(file, '<!-- touched -->\n');
  const before = await archive.store.stats();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.path, r.status, r.code]),
    [[dir, 'failed', 'BAD_BATCH']],
  );
  assert.match(
    reports[0]!.error!,
    new RegExp(
      `data/temps/alto/0001\\.xml does not match its sha256 checksum in manifest-sha256\\.txt \\(the bag says ${listed}, the file has [0-9a-f]{64}\\)`,
    ),
  );
  assert.deepEqual(await archive.store.stats(), before);
  assert.ok(!(await dates()).includes('1880-02-04'));
  const events = await archive.store.listIngestEvents(1);
  assert.equal(events[0]?.status, 'failed');
});

test('a listed file missing, or a payload file not listed, is refused; an md5 manifest is checked too', async () => {
  const missing = await bag({ didl: '1880-02-05', mets: '1902-04-07' });
  await rm(join(missing, 'data', 'kb', 'p2_alto.xml'));
  const [r1] = await archive.ingest.ingestPaths([missing]);
  assert.match(
    r1!.error!,
    /data\/kb\/p2_alto\.xml is listed in manifest-sha256\.txt but missing from the bag/,
  );

  const extra = await bag({ didl: '1880-02-06', mets: '1902-04-08' });
  await writeFile(join(extra, 'data', 'stray.txt'), 'not in the manifest');
  const [r2] = await archive.ingest.ingestPaths([extra]);
  assert.match(r2!.error!, /data\/stray\.txt is in data\/ but not in manifest-sha256\.txt/);

  const md5 = await bag({ didl: '1880-02-07', mets: '1902-04-09' });
  const lines = (await readFile(join(md5, 'manifest-sha256.txt'), 'utf8')).trim().split('\n');
  const md5Lines = await Promise.all(
    lines.map(async (l) => {
      const path = l.split(/\s+/)[1]!;
      return `${createHash('md5')
        .update(await readFile(join(md5, path)))
        .digest('hex')}  ${path}`;
    }),
  );
  await rm(join(md5, 'manifest-sha256.txt'));
  await writeFile(join(md5, 'manifest-md5.txt'), `${md5Lines.join('\n')}\n`);
  const ok = await archive.ingest.ingestPaths([md5]);
  assert.deepEqual(
    ok.map((r) => [r.status, r.date]),
    [
      ['ingested', '1880-02-07'],
      ['ingested', '1902-04-09'],
      ['unchanged', '1974-12-19'],
    ],
  );
  // Tampering under an md5 manifest is caught as well.
  await appendFile(join(md5, 'data', 'kb', 'didl.xml'), ' ');
  const [bad] = await archive.ingest.ingestPaths([md5]);
  assert.match(bad!.error!, /data\/kb\/didl\.xml does not match its md5 checksum/);
});

test('a bag whose second issue lacks an article text is rolled back whole: its first issue is not stored either', async () => {
  const dir = join(t.dir, `bag${++n}`);
  const good = didlIssue('1880-03-01');
  const bad = didlIssue('1880-03-02');
  delete (bad as Record<string, string>)['a2_articletext.xml'];
  await writeTree(join(dir, 'data'), {
    ...Object.fromEntries(Object.entries(good).map(([k, v]) => [`a/${k}`, v])),
    ...Object.fromEntries(Object.entries(bad).map(([k, v]) => [`b/${k}`, v])),
  });
  await makeBag(dir);
  const before = await archive.store.stats();
  const reports = await archive.ingest.ingestPaths([dir]);
  assert.deepEqual(
    reports.map((r) => [r.path.slice(dir.length + 1), r.status]),
    [
      ['data/a/didl.xml', 'failed'],
      ['data/b/didl.xml', 'failed'],
    ],
  );
  assert.match(
    reports[0]!.error!,
    /rolled back whole because .*a2_articletext\.xml: the text of .* is missing/,
  );
  assert.match(reports[1]!.error!, /a2_articletext\.xml: the text of .*named by .*didl\.xml is missing/);
  assert.deepEqual(await archive.store.stats(), before);
});

test('a queued job naming a bag sums it up in one report', async () => {
  const dir = await bag({ didl: '1880-04-01', mets: '1902-05-01' });
  const r = await archive.ingest.ingestJob(dir);
  // The bag's PDF was stored by the first test: it counts as unchanged, the two issues as new.
  assert.deepEqual([r.status, r.error, r.pages], ['ingested', null, 2 + 1 + 2]);
});

test('an archive of library deliveries passes dateline check, each edition stored with its source kind', async () => {
  const report = await checkArchive(archive);
  assert.deepEqual(report.findings, []);
  assert.ok(report.ok && report.editions >= 3);
  const census = await archive.store.editionCensus();
  assert.deepEqual(
    ['1880-02-03', '1902-04-05', '1974-12-19'].map((d) => census.find((e) => e.date === d)?.sourceKind),
    ['didl', 'mets', 'pdf'],
  );
});
