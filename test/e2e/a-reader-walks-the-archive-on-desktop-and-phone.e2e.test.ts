import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;

before(async () => {
  t = await sampleArchive();
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

async function accessible(page: Page, what: string) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
}

test('home → search → facet → article → reference → date page → PDF, each page type passing axe', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}/?today=12-19`);
  assert.match((await page.textContent('.onthisday')) ?? '', /On this day: December 19/);
  await accessible(page, 'home');
  await page.fill('#home-q', 'refugees');
  await Promise.all([page.waitForURL(/\/search/), page.press('#home-q', 'Enter')]);
  assert.match((await page.textContent('[role=status]')) ?? '', /of 4 articles/);
  // The year chart has one bar per year with matches; the decade facet narrows the search.
  assert.equal(await page.locator('figure.chart a').count(), 2);
  await accessible(page, 'search');
  await page.click('.facets a:has-text("1970s")');
  assert.match(page.url(), /from=1970-01-01&to=1979-12-31/);
  assert.match((await page.textContent('[role=status]')) ?? '', /of 2 articles/);

  await page.click('ol.results a:has-text("McDonald")');
  assert.equal(await page.textContent('h1'), "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.match(
    (await page.textContent('.cite')) ?? '',
    /Gallob, Ben\. “U\.S\. Seeks DP's Entry, Says Dr\. McDonald\.”/,
  );
  const ld = JSON.parse((await page.textContent('script[type="application/ld+json"]')) ?? '{}');
  assert.equal(ld['@type'], 'NewsArticle');
  assert.equal(ld.datePublished, '1974-12-19');
  assert.equal(
    await page.getAttribute('meta[name=citation_title]', 'content'),
    "U.S. Seeks DP's Entry, Says Dr. McDonald",
  );
  await accessible(page, 'article');
  const bib = await page.request.get(
    `${server.url}${await page.getAttribute('a:has-text("BibTeX")', 'href')}`,
  );
  assert.match(await bib.text(), /^@article\{/);

  await page.click('text=(See P. 2 for separate story.)');
  assert.equal(await page.textContent('h1'), 'Camps in Bavaria to Close by Spring');
  await page.click('.meta a:has-text("Thursday, December 19, 1974")');
  assert.equal(await page.textContent('h1'), 'Thursday, December 19, 1974');
  // The page thumbnails are real renderings of the bulletin's pages.
  await page.waitForFunction(
    "[...document.querySelectorAll('ul.thumbs img')].every((i) => i.complete && i.naturalWidth === 200)",
  );
  assert.equal(await page.locator('ul.thumbs img').count(), 2);
  await accessible(page, 'date');
  const pdf = await page.request.get(
    `${server.url}${await page.getAttribute('a:has-text("Download PDF for this date")', 'href')}`,
  );
  assert.equal(pdf.headers()['content-type'], 'application/pdf');

  await page.goto(`${server.url}/1974`);
  assert.equal(await page.locator('table.calendar td.has a').count(), 1);
  await accessible(page, 'year');
  await page.goto(`${server.url}/about`);
  await accessible(page, 'about');
  await page.goto(`${server.url}/help/search`);
  await accessible(page, 'help');
  await page.goto(`${server.url}/search?q=bavarla&variants=on`);
  assert.match((await page.textContent('.variant-summary')) ?? '', /bavaria for bavarla/);
  await accessible(page, 'search with variants');
  await page.goto(`${server.url}/search?q=%22open`);
  await accessible(page, 'search error');
  await context.close();
});

test('on a phone-sized screen the pages fit the width and stay usable', async () => {
  const context = await browser.newContext({
    viewport: { width: 375, height: 740 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  for (const path of ['/', '/search?q=refugees', '/1974/12/19', '/1974']) {
    await page.goto(`${server.url}${path}`);
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - window.innerWidth',
    )) as number;
    assert.ok(overflow <= 0, `${path} is ${overflow}px wider than the screen`);
  }
  await page.goto(`${server.url}/`);
  await page.fill('#home-q', 'visas');
  await Promise.all([page.waitForURL(/\/search/), page.press('#home-q', 'Enter')]);
  await page.click('ol.results a');
  assert.equal(await page.textContent('h1'), 'Committee in London Meets on Visas');
  const box = await page.locator('a:has-text("Download PDF for this date")').boundingBox();
  assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'the PDF link is on screen');
  await context.close();
});
