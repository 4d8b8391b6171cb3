/**
 * An operator loads a library's BagIt bag with `dateline ingest`: a bag damaged in transit is refused with the
 * file and both checksums and exit 1, nothing stored; the sound bag loads with the articles its METS lists (as
 * `dateline export` gives them back), and loading it again changes nothing.
 */
import assert from 'node:assert/strict';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { altoXml, column, makeBag, metsXml, writeTree } from '../helpers/library-fixtures.js';
import { datelineSync } from '../helpers/spawn.js';

let dir: string;
let bag: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-bag-'));
  bag = join(dir, 'delivery-2024-07');
  await writeTree(join(bag, 'data', 'tageblatt'), {
    'mets.xml': metsXml({
      date: '1920-07-01',
      title: 'Luxemburger Tageblatt',
      language: 'ger',
      pages: 1,
      articles: [
        { heading: [{ file: 'ALTO1', begin: 'TB1' }], body: [{ file: 'ALTO1', begin: 'TB2' }] },
        { label: 'Lokales', body: [{ file: 'ALTO1', begin: 'TB3' }] },
      ],
    }),
    'alto/0001.xml': altoXml([
      { id: 'TB1', lines: column(1, 1, ['DIE GROSSE ÜBERSCHWEMMUNG'], 0.25) },
      { id: 'TB2', lines: column(1, 1.5, ['Die Sauer trat gestern über die Ufer.']) },
      { id: 'TB3', lines: column(1, 3, ['In Esch wurde ein neues Schulhaus eröffnet.']) },
    ]),
  });
  await makeBag(bag);
});
after(() => rm(dir, { recursive: true, force: true }));

test('a damaged bag is refused by name and checksum, exit 1, and nothing of it is stored', async () => {
  const damaged = join(dir, 'damaged');
  await cp(bag, damaged, { recursive: true });
  await appendFile(join(damaged, 'data', 'tageblatt', 'alto', '0001.xml'), '\n');
  const r = datelineSync(['ingest', damaged, '--data', join(dir, 'data')]);
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stdout,
    /failed +.*damaged: .*data\/tageblatt\/alto\/0001\.xml does not match its sha256 checksum in manifest-sha256\.txt \(the bag says [0-9a-f]{64}, the file has [0-9a-f]{64}\)/,
  );
  assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace');
  const exported = datelineSync([
    'export',
    '--data',
    join(dir, 'data'),
    '--origin',
    'https://archive.example',
  ]);
  assert.equal(exported.code, 0, exported.stderr);
  assert.equal(exported.stdout.trim(), '', 'no article of the bag was stored');
});

test('the sound bag loads with its METS articles; a second load is unchanged', async () => {
  const data = join(dir, 'data');
  const first = datelineSync(['ingest', bag, '--data', data, '--json']);
  assert.equal(first.code, 0, first.stderr);
  const files = JSON.parse(first.stdout).files as { status: string; date: string; articles: number }[];
  assert.deepEqual(
    files.map((f) => [f.status, f.date, f.articles]),
    [['ingested', '1920-07-01', 2]],
  );
  const exported = datelineSync(['export', '--data', data, '--origin', 'https://archive.example']);
  assert.equal(exported.code, 0, exported.stderr);
  const articles = exported.stdout
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { headline: string; text: string });
  assert.deepEqual(
    articles.map((a) => [a.headline, a.text]),
    [
      ['Die Grosse Überschwemmung', 'Die Sauer trat gestern über die Ufer.'],
      ['Lokales', 'In Esch wurde ein neues Schulhaus eröffnet.'],
    ],
  );
  const again = datelineSync(['ingest', bag, '--data', data]);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /0 ingested, 1 unchanged, 0 failed/);
});
