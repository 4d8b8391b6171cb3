/**
 * Dutch, German and French issues from library deliveries, searched on both backends: a word typed without
 * its diacritics finds the printed one, and the snippet shows it as printed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  abbyyXml,
  altoXml,
  articleTextXml,
  column,
  didlXml,
  metsXml,
  writeTree,
} from '../../../test/helpers/library-fixtures.js';
import { postgresBackend } from '../../../test/helpers/postgres.js';
import { sqliteBackend } from '../../../test/helpers/sample-bulletins.js';
import type { Archive } from '../../app.js';
import { SearchService } from '../../search/search.service.js';
import type { BackendUnderTest } from '../../store/conformance/archive.conformance.js';

/** Writes one issue of each language into `inbox`: Dutch DIDL, German METS/ALTO, French ABBYY. */
async function deliveries(inbox: string): Promise<void> {
  await writeTree(join(inbox, 'kb'), {
    'didl.xml': didlXml({
      date: '1880-06-01',
      title: 'Rotterdamsche Courant',
      language: 'nl',
      pages: ['p1_alto.xml'],
      articles: [{ file: 'a1_articletext.xml', title: 'Buitenland.', pages: [1] }],
    }),
    'p1_alto.xml': altoXml([
      { id: 'TB1', lines: column(1, 1, ['Uit Italië wordt gemeld dat de Paus ziek is.']) },
    ]),
    'a1_articletext.xml': articleTextXml('Buitenland.', ['Uit Italië wordt gemeld dat de Paus ziek is.']),
  });
  await writeTree(join(inbox, 'wien'), {
    'mets.xml': metsXml({
      date: '1901-06-01',
      title: 'Wiener Zeitung',
      language: 'ger',
      pages: 1,
      articles: [{ label: 'Hofnachrichten', body: [{ file: 'ALTO1', begin: 'TB1' }] }],
    }),
    'alto/0001.xml': altoXml(
      [
        {
          id: 'TB1',
          lines: column(1, 1, ['Der Kaiser empfing gestern die Gesandten', 'aus Köln und Zürich.']),
        },
      ],
      {
        version: '3-prefixed',
        unit: 'inch1200',
      },
    ),
  });
  await writeTree(join(inbox, 'lausanne', '1937', '06', '01'), {
    'page_1.xml': abbyyXml(
      column(1, 1, [
        'LA SOCIÉTÉ DES NATIONS',
        'Genève, 31 mai. La Société des Nations a siégé',
        'hier sous la présidence du délégué français.',
      ]),
    ),
  });
}

function suite(backend: BackendUnderTest): void {
  describe(`${backend.name}: library issues in three languages`, () => {
    let archive: Archive;
    let cleanup: () => Promise<void>;
    let search: SearchService;

    before(async () => {
      let inbox: string;
      ({ archive, inbox, cleanup } = await backend.open());
      await deliveries(inbox);
      const reports = await archive.ingest.ingestPaths([inbox]);
      assert.deepEqual(
        reports.map((r) => [r.status, r.date]),
        [
          ['ingested', '1880-06-01'],
          ['ingested', '1937-06-01'],
          ['ingested', '1901-06-01'],
        ],
      );
      search = new SearchService(archive.index);
    });
    after(() => cleanup?.());

    // Each word is printed with a diacritic; the reader types it without (and, for the first, with it).
    const cases: [string, string, RegExp][] = [
      ['italie', '1880-06-01', /\uE000Italië\uE001/],
      ['Italië', '1880-06-01', /\uE000Italië\uE001/],
      ['koln', '1901-06-01', /\uE000Köln\uE001/],
      ['zurich', '1901-06-01', /\uE000Zürich\uE001/],
      ['geneve', '1937-06-01', /\uE000Genève\uE001/],
      ['presidence', '1937-06-01', /\uE000présidence\uE001/],
    ];
    for (const [q, date, printed] of cases)
      test(`${backend.name}: "${q}" finds the ${date} issue and the snippet shows the word as printed`, async () => {
        const r = await search.search({ q, variants: 'off' });
        assert.deepEqual(
          r.hits.map((h) => h.date),
          [date],
        );
        assert.match(r.hits[0]!.snippet, printed);
      });
  });
}

suite(sqliteBackend);
suite(postgresBackend);
