/**
 * The demo archive (120 bulletins, as `npm start` serves it) read by the standards' own clients and
 * validators: citations (citation-js), feeds and sitemaps, IIIF (@iiif/parser), OAI-PMH (a harvester and
 * the schema) and the OpenAPI document (Redocly). One archive is made and served for all five: writing and
 * ingesting the demo collection is the expensive part, and every check below only reads it.
 */
import { after, before } from 'node:test';
import { type DemoServer, demoServer } from '../helpers/demo-server.js';
import { citationsSuite } from './citations.suite.js';
import { feedsSuite } from './feeds.suite.js';
import { iiifSuite } from './iiif.suite.js';
import { oaiPmhSuite } from './oai-pmh.suite.js';
import { openApiSuite } from './openapi.suite.js';

let demo: DemoServer | undefined;

before(async () => {
  demo = await demoServer();
});
after(() => demo?.done());

/** The served demo archive; the suites read it in their own `before`, after this file's has made it. */
const demoArchive = (): DemoServer => {
  if (!demo) throw new Error('the demo archive is not made yet');
  return demo;
};

citationsSuite(demoArchive);
feedsSuite(demoArchive);
iiifSuite(demoArchive);
oaiPmhSuite(demoArchive);
openApiSuite(demoArchive);
