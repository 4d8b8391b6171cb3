import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;
let pdf1974: Uint8Array;

before(async () => {
  t = await sampleArchive();
  pdf1974 = t.pdf1974;
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

test('a reader searches, opens an article, follows its reference and downloads the PDF of its date', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url)) external.push(r.url());
  });
  await page.goto(`${server.url}/`);
  assert.equal(await page.title(), 'Dateline Archive');
  await page.fill('#home-q', 'displaced persons');
  await Promise.all([page.waitForURL(/\/search\?q=displaced/), page.press('#home-q', 'Enter')]);
  assert.match((await page.textContent('[role=status]')) ?? '', /of 2 articles for displaced persons/);
  assert.equal(await page.locator('ol.results mark').first().textContent(), 'displaced');

  await page.click('text=Dr. McDonald');
  assert.equal(await page.textContent('h1'), "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.equal(await page.textContent('.kicker'), 'News Brief');
  assert.equal(await page.textContent('.byline'), 'By Ben Gallob');

  await page.click('text=(See P. 2 for separate story.)');
  assert.equal(await page.textContent('h1'), 'Camps in Bavaria to Close by Spring');
  assert.match((await page.textContent('.refs')) ?? '', /Referenced by/);

  const link = page.locator('a', { hasText: 'Download PDF for this date' });
  assert.equal(await link.getAttribute('href'), '/1974/12/19/bulletin.pdf#page=2');
  // The served bytes are the ingested file, and the browser saves that file from the link (Alt-click = save).
  const response = await page.request.get(`${server.url}/1974/12/19/bulletin.pdf`);
  assert.equal(response.headers()['content-type'], 'application/pdf');
  assert.deepEqual(new Uint8Array(await response.body()), pdf1974);
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 10000 }),
    link.click({ modifiers: ['Alt'] }),
  ]);
  assert.ok(download, 'clicking the link with Alt saves the PDF');
  {
    const saved = join(t.dir, 'saved.pdf');
    await download.saveAs(saved);
    const { readFile } = await import('node:fs/promises');
    assert.deepEqual(new Uint8Array(await readFile(saved)), pdf1974);
  }
  assert.deepEqual(external, [], 'pages must make no external requests');
  await context.close();
});
