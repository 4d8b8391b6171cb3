import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { writeFixtureBatch } from '../helpers/ndnp-batch.js';
import { tempArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;

before(async () => {
  t = await tempArchive();
  await writeFixtureBatch(join(t.dir, 'batch'), [{ date: '1887-03-03' }]);
  const [report] = await t.archive.ingest.ingestPaths([join(t.dir, 'batch')]);
  assert.equal(report?.status, 'ingested');
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

test('a reader searches a newspaper batch and sees the word boxed where ALTO put it on the page image', async () => {
  // bypassCSP only so that axe can be injected at the end; the page itself must not need it.
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    // Failed loads are caught with their URL below.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    // Browsers ask for /favicon.ico on their own; the site does not offer one.
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(`${server.url}/search?q=stupendous&variants=off`);
  await Promise.all([
    page.waitForURL(/\/1887\/03\/03\/page-1\?q=stupendous$/),
    page.click('text=page 1, words highlighted'),
  ]);
  assert.equal(await page.locator('rect.hit').count(), 1);
  assert.match((await page.textContent('figcaption')) ?? '', /with 1 highlighted word/);
  await page.waitForFunction(
    `(() => { const i = document.querySelector('svg image'); return i && i.getBBox().width > 0; })()`,
  );
  // The box sits where the stored word box says, scaled from PDF points to the drawn size.
  const [word] = (
    await t.archive.store.getPages((await t.archive.store.getEdition('1887-03-03'))!.id)
  )[0]!.words.filter((w) => w.text === 'Stupendous');
  const svg = (await page.locator('figure.page-image svg').boundingBox())!;
  const rect = (await page.locator('rect.hit').boundingBox())!;
  const scale = svg.width / 1314.95;
  assert.ok(Math.abs(rect.x - (svg.x + (word!.x - 1) * scale)) < 1.5, `x ${rect.x}`);
  assert.ok(Math.abs(rect.y - (svg.y + (word!.y - 1) * scale)) < 1.5, `y ${rect.y}`);
  assert.ok(Math.abs(rect.width - (word!.w + 2) * scale) < 1.5, `width ${rect.width}`);
  assert.deepEqual(problems, [], 'no script, style or image was refused or failed');
  assert.deepEqual(await seriousViolations(page), []);
  await context.close();
});
