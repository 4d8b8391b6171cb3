/**
 * The demo archive harvested over HTTP by the `oai-pmh` client, and every kind of response (each verb, each
 * error, each page of a full harvest) validated by xmllint (xmllint-wasm) against an OAI-PMH 2.0 schema.
 * No npm package ships the published OAI-PMH.xsd and nothing is fetched at run time: the schema in
 * test/fixtures/oai-pmh/ is written from the protocol specification (see its header).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { before, describe, test } from 'node:test';
import oai from 'oai-pmh';
import { validateXML } from 'xmllint-wasm';
import type { DemoServer } from '../helpers/demo-server.js';

let demo: DemoServer;
let schemas: { fileName: string; contents: string }[];
let articles: number;

/** The oai-pmh checks, on the demo archive that `demoArchive` returns once the runner's `before` has made it. */
export function oaiPmhSuite(demoArchive: () => DemoServer): void {
  describe('oai-pmh', () => {
    before(async () => {
      demo = demoArchive();
      articles = (await demo.archive.store.stats()).articles;
      const dir = new URL('../fixtures/oai-pmh/', import.meta.url);
      schemas = await Promise.all(
        ['OAI-PMH.xsd', 'oai_dc.xsd', 'simpledc.xsd'].map(async (fileName) => ({
          fileName,
          contents: await readFile(new URL(fileName, dir), 'utf8'),
        })),
      );
    });

    const client = () => new oai.OaiPmh(`${demo.url}/oai`, { retry: false });

    async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
      const out: T[] = [];
      for await (const item of items) out.push(item);
      return out;
    }

    /** The raw response to a query string, checked valid against the schema. */
    async function valid(query: string): Promise<string> {
      const res = await fetch(`${demo.url}/oai?${query}`);
      assert.equal(res.status, 200, query);
      const xml = await res.text();
      const [main, ...imported] = schemas;
      const result = await validateXML({
        xml: [{ fileName: 'response.xml', contents: xml }],
        schema: [main!],
        preload: imported,
      });
      assert.deepEqual(
        result.errors.map((e) => e.rawMessage),
        [],
        `${query} is not valid OAI-PMH:\n${xml.slice(0, 2000)}`,
      );
      return xml;
    }

    test('the harvester reads Identify, the formats, the sets and every record of the archive', async () => {
      const h = client();
      const id = await h.identify();
      assert.equal(id.protocolVersion, '2.0');
      assert.equal(id.baseURL, `${demo.url}/oai`);
      assert.equal(id.granularity, 'YYYY-MM-DDThh:mm:ssZ');
      const formats = [await h.listMetadataFormats()].flat();
      assert.deepEqual(
        formats.map((f) => f.metadataPrefix),
        ['oai_dc'],
      );
      const sets = await collect(h.listSets());
      const years = await demo.archive.store.years();
      assert.deepEqual(
        sets.map((s: any) => s.setSpec),
        years.map((y) => `year:${y.year}`),
      );
      const records = await collect(h.listRecords({ metadataPrefix: 'oai_dc' }));
      assert.equal(records.length, articles, 'every article is harvested once');
      const ids = records.map((r: any) => r.header.identifier as string);
      assert.equal(new Set(ids).size, articles);
      const first = records[0] as any;
      const dc = first.metadata['oai_dc:dc'];
      assert.ok(
        dc['dc:title'] && dc['dc:date'] && dc['dc:identifier'],
        'a record has title, date, identifier',
      );
      const again = (await h.getRecord(first.header.identifier, 'oai_dc')) as any;
      assert.deepEqual(again.metadata['oai_dc:dc']['dc:title'], dc['dc:title']);
    });

    test('selective harvesting by set and by datestamp gives the records it should', async () => {
      const h = client();
      const [year] = await demo.archive.store.years();
      const editions = await demo.archive.store.listDates(`${year!.year}-01-01`, `${year!.year}-12-31`);
      const expected = editions.reduce((n, e) => n + e.articles, 0);
      const inSet = await collect(h.listIdentifiers({ metadataPrefix: 'oai_dc', set: `year:${year!.year}` }));
      assert.equal(inSet.length, expected);
      assert.ok(inSet.every((hd: any) => hd.setSpec === `year:${year!.year}`));
      // Everything was ingested today: from yesterday is all of it, until yesterday is none (noRecordsMatch).
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      assert.equal(
        (await collect(h.listIdentifiers({ metadataPrefix: 'oai_dc', from: yesterday }))).length,
        articles,
      );
      await assert.rejects(collect(h.listIdentifiers({ metadataPrefix: 'oai_dc', until: yesterday })), {
        code: 'noRecordsMatch',
      });
    });

    test('every response of a full harvest, and of each verb, is valid against the OAI-PMH schema', async () => {
      await valid('verb=Identify');
      await valid('verb=ListMetadataFormats');
      await valid('verb=ListSets');
      let xml = await valid('verb=ListRecords&metadataPrefix=oai_dc');
      let pages = 1;
      let records = (xml.match(/<record>/g) ?? []).length;
      for (let token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1]; token; pages++) {
        xml = await valid(`verb=ListRecords&resumptionToken=${encodeURIComponent(token)}`);
        records += (xml.match(/<record>/g) ?? []).length;
        token = /<resumptionToken[^>]*>([^<]+)</.exec(xml)?.[1];
      }
      assert.equal(records, articles);
      assert.ok(pages > 1, 'the harvest took resumption tokens');
      xml = await valid('verb=ListIdentifiers&metadataPrefix=oai_dc&set=year:1941');
      const identifier = /<identifier>([^<]+)</.exec(xml)![1]!;
      await valid(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${encodeURIComponent(identifier)}`);
      await valid(`verb=ListMetadataFormats&identifier=${encodeURIComponent(identifier)}`);
    });

    test('each protocol error has its code, and the error responses are valid too', async () => {
      const errors: [string, string][] = [
        ['', 'badVerb'],
        ['verb=Harvest', 'badVerb'],
        ['verb=Identify&verb=Identify', 'badVerb'],
        ['verb=ListRecords&verb=Identify&metadataPrefix=oai_dc', 'badVerb'],
        ['verb=ListRecords', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
        ['verb=ListRecords&metadataPrefix=oai_dc&from=2023-02-30', 'badArgument'],
        ['verb=ListRecords&resumptionToken=not-ours', 'badResumptionToken'],
        ['verb=ListRecords&metadataPrefix=marcxml', 'cannotDisseminateFormat'],
        ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:elsewhere:1', 'idDoesNotExist'],
        ['verb=ListRecords&metadataPrefix=oai_dc&set=year:1800', 'noRecordsMatch'],
      ];
      for (const [query, code] of errors) {
        const xml = await valid(query);
        assert.match(xml, new RegExp(`<error code="${code}">`), query);
      }
      // The client sees the code as well.
      await assert.rejects(client().listRecords({ metadataPrefix: 'marcxml' }).next(), {
        code: 'cannotDisseminateFormat',
      });
    });
  });
}
