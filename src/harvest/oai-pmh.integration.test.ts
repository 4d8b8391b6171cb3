import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import type { Hono } from 'hono';
import { sampleArchive } from '../../test/helpers/sample-bulletins.js';
import { createApp } from '../server.js';
import { type OaiContext, oaiResponse } from './oai-pmh.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let app: Hono;
let ctx: OaiContext;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name, jpath) => name === 'record' || name === 'set' || jpath === 'OAI-PMH.ListIdentifiers.header',
});

before(async () => {
  t = await sampleArchive();
  app = createApp(t.archive, () => {});
  ctx = {
    store: t.archive.store,
    baseUrl: 'http://localhost/oai',
    origin: 'http://localhost',
    repositoryName: 'Test',
    titleName: 'Daily News Bulletin',
    adminEmail: 'a@example.org',
    pageSize: 2,
  };
});
after(() => t.done());

async function oai(query: string) {
  const res = await app.request(`http://localhost/oai?${query}`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/xml/);
  return parser.parse(await res.text())['OAI-PMH'];
}

test('Identify, ListMetadataFormats and ListSets describe the repository', async () => {
  const id = (await oai('verb=Identify')).Identify;
  assert.equal(id.protocolVersion, '2.0');
  assert.equal(id.baseURL, 'http://localhost/oai');
  assert.equal(id.granularity, 'YYYY-MM-DDThh:mm:ssZ');
  assert.match(id.earliestDatestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  assert.equal(
    (await oai('verb=ListMetadataFormats')).ListMetadataFormats.metadataFormat.metadataPrefix,
    'oai_dc',
  );
  const sets = (await oai('verb=ListSets')).ListSets.set.map((s: any) => s.setSpec);
  assert.deepEqual(sets, ['year:1938', 'year:1974']);
});

test('a harvest walks every record through resumption tokens, exactly once each', async () => {
  const seen: string[] = [];
  let xmlText = await oaiResponse(ctx, { verb: 'ListRecords', metadataPrefix: 'oai_dc' });
  let pages = 0;
  for (;;) {
    pages++;
    const list = parser.parse(xmlText)['OAI-PMH'].ListRecords;
    for (const r of list.record) seen.push(r.header.identifier);
    const token = list.resumptionToken;
    const value = typeof token === 'object' ? token['#text'] : token;
    if (!value) break;
    xmlText = await oaiResponse(ctx, { verb: 'ListRecords', resumptionToken: value });
  }
  const expected: string[] = [];
  for (const d of await t.archive.store.listDates()) {
    const e = await t.archive.store.getEdition(d.date);
    for (const a of await t.archive.store.listArticles(e!.id)) expected.push(`oai:localhost:${a.id}`);
  }
  assert.equal(pages, 3, '5 records at 2 a page');
  assert.deepEqual([...seen].sort(), [...expected].sort());
  assert.equal(new Set(seen).size, seen.length);
});

test('GetRecord gives Dublin Core; selective harvesting by set and datestamp', async () => {
  const ids = (await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&set=year:1938')).ListIdentifiers.header;
  assert.equal(ids.length, 2);
  const rec = (await oai(`verb=GetRecord&metadataPrefix=oai_dc&identifier=${ids[0].identifier}`)).GetRecord
    .record[0];
  const dc = rec.metadata['oai_dc:dc'];
  assert.equal(dc['dc:date'], '1938-05-04');
  assert.equal(dc['dc:title'], 'Refugee Ship Reaches Haifa After Ten Weeks at Sea');
  assert.match(dc['dc:relation'], /\/1938\/05\/04\/bulletin\.pdf$/);
  const future = await oai('verb=ListIdentifiers&metadataPrefix=oai_dc&from=2999-01-01');
  assert.equal(future.error['@code'], 'noRecordsMatch');
  const today = new Date().toISOString().slice(0, 10);
  assert.equal(
    (await oai(`verb=ListIdentifiers&metadataPrefix=oai_dc&from=${today}`)).ListIdentifiers.header.length,
    5,
  );
});

test('protocol errors come as the protocol says', async () => {
  const cases: [string, string][] = [
    ['verb=Frobnicate', 'badVerb'],
    ['', 'badVerb'],
    ['verb=ListRecords', 'badArgument'],
    ['verb=ListRecords&metadataPrefix=marc21', 'cannotDisseminateFormat'],
    ['verb=ListRecords&metadataPrefix=oai_dc&from=last-week', 'badArgument'],
    ['verb=ListRecords&resumptionToken=nonsense', 'badResumptionToken'],
    ['verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc', 'badArgument'],
    ['verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:localhost:19000101-aaaaaa', 'idDoesNotExist'],
    ['verb=ListRecords&metadataPrefix=oai_dc&set=decade:1970', 'badArgument'],
    ['verb=Identify&extra=1', 'badArgument'],
  ];
  for (const [q, code] of cases) assert.equal((await oai(q)).error['@code'], code, q);
});
