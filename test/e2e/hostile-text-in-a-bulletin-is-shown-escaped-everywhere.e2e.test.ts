/**
 * A bulletin whose text carries script and attribute injections is shown escaped on every page, feed and
 * API, checked as strings and in Chromium (with the CSP bypassed, so only escaping stands in the way).
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { assertNoInjectedElements, assertNoInjectedMarkup, recordDialogs } from '../helpers/injection.js';
import { tempArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';
import { typedPdf } from '../helpers/typed-pdf.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(1)>';

/** The headline, body and byline carry the injections; the dateline grammar (capitals, "'", "-") and the
 * byline's (names) cannot hold "<" or '"', so those carry the apostrophe that breaks naive attributes. */
const hostile = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XLI, No. 236                      Thursday, December 19, 1974
==================================================================

           <SCRIPT>ALERT(1)</SCRIPT> RABBIS MEET
             "><IMG SRC=X ONERROR=ALERT(1)> IN TOWN
                       By Sean O'Brien-Smith

     L'ORIENT, Dec. 18 (JTA) -- The council heard ${SCRIPT}
today and ${IMG} was printed in the minutes, with
</script><script>alert(2)</script> and & < > ' " besides.
                              -0-

                   QUIET DAY IN JERUSALEM

     JERUSALEM, Dec. 18 (JTA) -- Nothing happened here today, a spokesman
said. "><img src=x onerror=alert(3)> is what the sign said.
                              -0-
`;

let t: Awaited<ReturnType<typeof tempArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;
let id: string;
let url: string;

before(async () => {
  t = await tempArchive();
  const inbox = join(t.dir, 'inbox');
  await mkdir(inbox);
  await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf([hostile]));
  const [r] = await t.archive.ingest.ingestPaths([inbox]);
  assert.equal(r?.status, 'ingested', r?.error ?? '');
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
  const api = await get('/api/v1/search?q=rabbis');
  const hit = ((await api.json()) as { results: { id: string; url: string }[] }).results[0]!;
  ({ id, url } = hit);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

const get = (path: string) => fetch(`${server.url}${path}`);

test('the stored text is the hostile text as typed (so the checks below test escaping, not loss)', async () => {
  const a = (await (await get(`/api/v1/articles/${id}`)).json()) as Record<string, string>;
  assert.equal(a.headline, '<Script>alert(1)</script> Rabbis Meet "><Img Src=x Onerror=alert(1)> in Town');
  assert.match(
    a.text!,
    /The council heard <script>alert\(1\)<\/script> today and "><img src=x onerror=alert\(1\)>/,
  );
  assert.equal(a.byline, "By Sean O'Brien-Smith");
});

test('HTML pages escape it in titles, headings, text, meta tags, Open Graph and the search box', async () => {
  const pages = [
    url,
    '/1974/12/19',
    '/1974',
    '/?today=12-19',
    '/search?q=alert',
    '/search?q=onerror+img',
    `/search?q=${encodeURIComponent(IMG)}`,
    `/search?q=${encodeURIComponent(`"${SCRIPT}`)}`,
    `/1974/12/19/page-1?q=${encodeURIComponent(IMG)}`,
    '/1974/12/19/page-1?q=alert',
  ];
  for (const path of pages) {
    const res = await get(path);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/, path);
    assertNoInjectedMarkup(await res.text(), path);
  }
  const article = await (await get(url)).text();
  assert.match(
    article,
    /<title>&#60;Script&#62;alert\(1\)&#60;\/script&#62; Rabbis Meet &#34;&#62;&#60;Img Src=x Onerror=alert\(1\)&#62; in Town · /,
  );
  assert.match(
    article,
    /<meta property="og:title" content="&#60;Script&#62;alert\(1\)&#60;\/script&#62; Rabbis Meet &#34;&#62;&#60;Img/,
  );
  assert.match(article, /<meta name="citation_title" content="&#60;Script&#62;/);
  assert.match(
    article,
    /The council heard &#60;script&#62;alert\(1\)&#60;\/script&#62; today and &#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;/,
  );
  assert.match(article, /O&#39;Brien-Smith/);
  assert.match(article, /L&#39;ORIENT/);
  // Search results: the snippet's <mark> is the only markup, around escaped text.
  const results = await (await get('/search?q=alert')).text();
  assert.match(results, /&#60;script&#62;<mark>alert<\/mark>\(1\)&#60;\/script&#62;/);
  const reflected = await (await get(`/search?q=${encodeURIComponent(IMG)}`)).text();
  assert.match(reflected, /value="&#34;&#62;&#60;img src=x onerror=alert\(1\)&#62;"/);
});

test('JSON-LD cannot be closed from inside: "<" is \\u003c, and it still parses to the text as typed', async () => {
  const article = await (await get(url)).text();
  const blocks = [...article.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
  assert.equal(blocks.length, 1);
  const json = blocks[0]![1]!;
  assert.ok(!json.includes('<'), 'no "<" inside the JSON-LD block');
  const ld = JSON.parse(json) as { headline: string; articleBody?: string; author?: unknown };
  assert.equal(ld.headline, '<Script>alert(1)</script> Rabbis Meet "><Img Src=x Onerror=alert(1)> in Town');
});

test('feeds, OAI-PMH and IIIF are well-formed and carry the text as data; the API snippet keeps it escaped', async () => {
  const parser = new XMLParser({ ignoreAttributes: false, processEntities: true });
  for (const path of [
    '/search.atom?q=alert',
    '/feeds/editions.atom',
    `/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:${id}`,
    '/oai?verb=ListRecords&metadataPrefix=oai_dc',
    '/api/v1/dates/1974-12-19/pages/1/alto.xml',
  ]) {
    const res = await get(path);
    assert.match(res.headers.get('content-type') ?? '', /xml/, path);
    const xml = await res.text();
    assert.equal(XMLValidator.validate(xml), true, `${path} is well-formed XML`);
    assert.doesNotMatch(xml, /<script|<img/i, path);
    parser.parse(xml);
  }
  const atom = parser.parse(await (await get('/search.atom?q=alert')).text()) as {
    feed: { entry: { title: unknown }[] | { title: unknown } };
  };
  const entries = Array.isArray(atom.feed.entry) ? atom.feed.entry : [atom.feed.entry];
  assert.ok(JSON.stringify(entries.map((e) => e.title)).includes('Rabbis Meet'));
  const oai = await (
    await get(`/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:127.0.0.1:${id}`)
  ).text();
  assert.match(oai, /<dc:title>&lt;Script&gt;alert\(1\)&lt;\/script&gt; Rabbis Meet &quot;&gt;&lt;Img/);
  // IIIF: JSON-LD served as such, never as HTML; labels hold the text as typed.
  const manifest = await get('/iiif/1974-12-19/manifest.json');
  assert.match(manifest.headers.get('content-type') ?? '', /^application\/ld\+json/);
  assert.ok(JSON.stringify(await manifest.json()).includes('<Script>alert(1)</script> Rabbis Meet'));
  const within = await get('/iiif/1974-12-19/search?q=onerror');
  assert.match(within.headers.get('content-type') ?? '', /^application\/ld\+json/);
  // The API's snippet is HTML by contract: escaped text with <mark> only.
  const api = (await (await get('/api/v1/search?q=alert')).json()) as { results: { snippet: string }[] };
  for (const r of api.results) {
    assert.doesNotMatch(r.snippet.replace(/<\/?mark>/g, ''), /[<>]/, r.snippet);
  }
  assert.ok(api.results.some((r) => r.snippet.includes('&#60;script&#62;<mark>alert</mark>')));
});

test('citations are data files with their own content types, never HTML, and not sniffed', async () => {
  const types: Record<string, RegExp> = {
    bib: /^application\/x-bibtex/,
    ris: /^application\/x-research-info-systems/,
    json: /^application\/vnd\.citationstyles\.csl\+json/,
  };
  for (const [ext, type] of Object.entries(types)) {
    for (const path of [`/cite/${id}.${ext}`, `/search.${ext}?q=alert`]) {
      const res = await get(path);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', type, path);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.match(res.headers.get('content-disposition') ?? '', /^attachment/);
      assert.ok((await res.text()).includes('Rabbis Meet'));
    }
  }
});

test('in Chromium, with the CSP bypassed, no dialog opens and no injected element exists on any page', async () => {
  // bypassCSP: the site's CSP would block inline script anyway; here only escaping can stop it.
  const context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
  const page = await context.newPage();
  const dialogs = recordDialogs(page);
  const paths = [
    url,
    '/1974/12/19',
    '/1974',
    '/?today=12-19',
    '/search?q=alert',
    '/search?q=script+OR+onerror',
    `/search?q=${encodeURIComponent(IMG)}`,
    `/search?q=${encodeURIComponent(`"${SCRIPT}`)}`,
    `/1974/12/19/page-1?q=${encodeURIComponent(IMG)}`,
    '/1974/12/19/page-1?q=alert',
  ];
  for (const path of paths) await assertNoInjectedElements(page, `${server.url}${path}`, path);
  await page.goto(`${server.url}${url}`);
  assert.equal(
    await page.textContent('h1'),
    '<Script>alert(1)</script> Rabbis Meet "><Img Src=x Onerror=alert(1)> in Town',
  );
  assert.match(
    (await page.textContent('main')) ?? '',
    /The council heard <script>alert\(1\)<\/script> today/,
  );
  assert.deepEqual(dialogs, []);
  await context.close();
});
