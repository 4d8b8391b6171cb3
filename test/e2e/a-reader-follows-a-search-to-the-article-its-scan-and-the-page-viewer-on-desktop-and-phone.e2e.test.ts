/**
 * Issue #18, items 1–4 in real Chromium: the search carried to the article (marked in the text, "next match",
 * boxed on the scan), the article's regions cut from the scan and outlined, the page viewer's zoom and pan
 * (buttons, keys, drag) and its clickable regions, and the phone layouts (filters folded, the scan folded
 * above the text); with script and without, axe clean.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const DESKTOP = { viewport: { width: 1280, height: 900 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

/** A page that records every failed load, refused script and console error (axe is injected, hence bypassCSP). */
async function open(options: Parameters<Browser['newContext']>[0]) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text());
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

async function accessible(page: Page, what: string) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
}

/** The SVG's viewBox as numbers. */
async function viewBox(page: Page, svg = 'figure.page-image svg'): Promise<number[]> {
  return ((await page.getAttribute(svg, 'viewBox')) ?? '').split(' ').map(Number);
}

/** Waits until every image drawn in the page's SVGs has loaded (its bitmap has a size). */
async function imagesLoaded(page: Page, selector: string) {
  await page.waitForFunction(
    `[...document.querySelectorAll(${JSON.stringify(selector)})].every((i) => i.getBBox().width > 0)`,
  );
  // getBBox is the element's box; the bitmap itself: each URL answers an image.
  for (const href of await page.$$eval(selector, (els) => els.map((e) => e.getAttribute('href')!))) {
    const res = await page.request.get(`${server.url}${href}`);
    assert.equal(res.status(), 200, href);
    assert.match(res.headers()['content-type'] ?? '', /^image\//, href);
  }
}

test('desktop: a search follows the reader to the article, marked in the text and boxed on its outlined scan', async () => {
  const { context, page, problems } = await open(DESKTOP);
  await page.goto(`${server.url}/search?q=families`);
  await Promise.all([
    page.waitForURL(/\/archive\/soviet-union-bars-emigration.*\?q=families$/),
    page.click('ol.results a:has-text("Soviet Union Bars Emigration")'),
  ]);
  // Item 3: the words of the search are marked in the headline and the text, with "next match".
  assert.equal(await page.locator('h1 mark').textContent(), 'Families');
  // "families who asked", "a spokesman for the families", and on page 2 "the families would apply".
  const marks = page.locator('.text mark');
  assert.deepEqual(await marks.allTextContents(), ['families', 'families', 'families']);
  assert.match((await page.textContent('p.matches')) ?? '', /^4 matches of “families”/);
  await page.click('a.next-match');
  await page.click('a.next-match');
  assert.equal(await page.locator('article mark.current').count(), 1);
  assert.equal(await page.locator('.text mark').first().getAttribute('class'), 'current');
  assert.ok(await page.locator('.text mark.current').isVisible());
  assert.match(page.url(), /#match-2$/);
  assert.match((await page.textContent('a.next-match')) ?? '', /\(2 of 4\)/);

  // Item 1: the story, continued from page 1 to page 2, shows both parts of the scan, each outlined.
  const figures = page.locator('figure.scan');
  assert.equal(await figures.count(), 2);
  await imagesLoaded(page, 'figure.scan image');
  for (let i = 0; i < 2; i++) {
    const svg = (await figures.nth(i).locator('svg').boundingBox())!;
    const rect = figures.nth(i).locator('rect.region');
    assert.ok(await rect.isVisible(), `part ${i + 1} outlined`);
    const box = (await rect.boundingBox())!;
    // The outline lies inside the cut, which is the region and a margin: most of the cut's width.
    assert.ok(box.x >= svg.x && box.x + box.width <= svg.x + svg.width + 1, `part ${i + 1} inside`);
    assert.ok(box.width > svg.width * 0.9, `part ${i + 1} fills the cut: ${box.width} of ${svg.width}`);
    assert.notEqual(await rect.evaluate('(r) => getComputedStyle(r).stroke'), 'none', 'the outline is drawn');
  }
  // The crop is a IIIF region request, and the scan stands beside the text, not under it.
  const href = (await figures.first().locator('image').getAttribute('href'))!;
  assert.match(href, /^\/iiif\/image\/1974-12-19\/1\/\d+,\d+,\d+,\d+\/(max|\d+,)\/0\/default\.png$/);
  const text = (await page.locator('.text').boundingBox())!;
  const scan = (await figures.first().boundingBox())!;
  assert.ok(scan.x > text.x + text.width, 'the scan is right of the text');
  assert.ok(scan.y < text.y + text.height, 'and beside it');
  // The search's word is boxed on each part of the scan: headline and two lines on page 1, one on page 2.
  assert.equal(await figures.nth(0).locator('rect.hit').count(), 3);
  assert.equal(await figures.nth(1).locator('rect.hit').count(), 1);
  await accessible(page, 'article with a search');

  // "page 1" opens the page viewer at the article, its regions outlined.
  await Promise.all([
    page.waitForURL(/\/1974\/12\/19\/page-1\?q=families&article=/),
    figures.first().locator('figcaption a').click(),
  ]);
  assert.equal(await page.locator('a.region.focus').count(), 1);
  const [, , w] = await viewBox(page);
  assert.ok(w! < 612, `opened zoomed on the article (viewBox width ${w})`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('desktop: the page viewer zooms and pans by buttons, keys and drag, offers the full image, and its regions open articles', async () => {
  const { context, page, problems } = await open(DESKTOP);
  await page.goto(`${server.url}/1974/12/19/page-1?q=refugees`);
  await imagesLoaded(page, 'figure.page-image image');
  assert.deepEqual(await viewBox(page), [0, 0, 612, 792]);
  assert.ok((await page.locator('rect.hit').count()) >= 1, 'word hit boxes kept');
  assert.equal(await page.textContent('.zoom-level'), '100 %');

  const svg = (await page.locator('figure.page-image svg').boundingBox())!;
  const hitBefore = (await page.locator('rect.hit').first().boundingBox())!;
  await page.click('button[aria-label="Zoom in"]');
  let [x, , w, h] = await viewBox(page);
  assert.equal(w, 408);
  assert.equal(h, 528);
  assert.equal(await page.textContent('.zoom-level'), '150 %');
  // The picture keeps its size on the page: zooming shows less of the page, each word 1.5 times larger.
  const svgAfter = (await page.locator('figure.page-image svg').boundingBox())!;
  assert.ok(Math.abs(svgAfter.height - svg.height) < 1, 'the picture keeps its size');
  const hitAfter = (await page.locator('rect.hit').first().boundingBox())!;
  assert.ok(
    Math.abs(hitAfter.width / hitBefore.width - 1.5) < 0.02,
    `${hitBefore.width} → ${hitAfter.width}`,
  );

  // Keys: + zooms in, arrows pan, 0 shows the whole page.
  await page.focus('figure.page-image svg');
  await page.keyboard.press('+');
  [x, , w] = await viewBox(page);
  assert.equal(w, 272);
  const before = x!;
  await page.keyboard.press('ArrowRight');
  [x] = await viewBox(page);
  assert.ok(x! > before, `ArrowRight pans right: ${before} → ${x}`);

  // Drag to pan: the page follows the pointer (dragging left shows what is to the right).
  const [x0, y0] = await viewBox(page);
  const cx = svg.x + svg.width / 2;
  const cy = svg.y + svg.height / 2;
  await page.mouse.move(cx, cy);
  await page.mouse.down();
  await page.mouse.move(cx - 100, cy - 60, { steps: 5 });
  await page.mouse.up();
  const [x1, y1] = await viewBox(page);
  assert.ok(x1! > x0! && y1! > y0!, `dragged: ${x0},${y0} → ${x1},${y1}`);
  assert.match(page.url(), /page-1\?q=refugees$/, 'a drag is not a click on an article');
  await page.keyboard.press('0');
  assert.deepEqual(await viewBox(page), [0, 0, 612, 792]);
  await accessible(page, 'page viewer');

  // Full resolution: the 1600-px page image, as a download.
  const link = page.locator('a:has-text("Download the page image")');
  assert.ok(await link.getAttribute('download'));
  const full = await page.request.get(`${server.url}${await link.getAttribute('href')}`);
  assert.equal(full.headers()['content-type'], 'image/png');
  assert.equal(Buffer.from(await full.body()).readUInt32BE(16), 1600);

  // The list of the page's articles, and a click on an outlined region opens its article.
  assert.deepEqual(await page.locator('nav.page-articles li > a:first-child').allTextContents(), [
    "U.S. Seeks DP's Entry, Says Dr. McDonald",
    'Soviet Union Bars Emigration of 300 Families from Kiev',
  ]);
  const region = page.locator('a.region').first();
  const r = (await region.boundingBox())!;
  await Promise.all([
    page.waitForURL(/\/archive\/u-s-seeks-dps-entry.*\?q=refugees$/),
    page.mouse.click(r.x + r.width / 2, r.y + r.height - 5),
  ]);
  assert.equal(await page.textContent('h1'), "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone: search results first with the filters folded behind "Filter", the chart kept; the scan folded above the text', async () => {
  const { context, page, problems } = await open(PHONE);
  await page.goto(`${server.url}/search?q=refugees`);
  const toggle = page.locator('details.facet-toggle');
  assert.equal((await toggle.getAttribute('open')) !== null, false);
  assert.equal(await page.locator('.facets').isVisible(), false, 'facets folded');
  assert.equal(await page.locator('form.filters').isVisible(), false, 'date and sort folded');
  assert.ok(await page.locator('figure.chart').isVisible(), 'the chart stays');
  // The first result is on the first screen.
  const first = (await page.locator('ol.results li').first().boundingBox())!;
  assert.ok(first.y < 844, `first result at y=${first.y}`);
  await accessible(page, 'search on a phone, folded');
  await page.click('details.facet-toggle > summary');
  assert.ok(await page.locator('.facets').isVisible(), 'facets shown');
  await accessible(page, 'search on a phone, filters open');
  await Promise.all([page.waitForURL(/from=1970-01-01/), page.click('.facets a:has-text("1970s")')]);
  assert.match((await page.textContent('[role=status]')) ?? '', /of 2 articles/);

  // The article on a phone: the scan folded, above the text; opened it shows the outlined region.
  await Promise.all([page.waitForURL(/\?q=refugees$/), page.click('ol.results a:has-text("McDonald")')]);
  const scan = page.locator('details.scan');
  assert.equal((await scan.getAttribute('open')) !== null, false);
  const summary = (await scan.locator('summary').boundingBox())!;
  const text = (await page.locator('.text').boundingBox())!;
  assert.ok(summary.y < text.y, 'the scan toggle is above the text');
  await scan.locator('summary').click();
  await imagesLoaded(page, 'figure.scan image');
  assert.ok(await page.locator('figure.scan rect.region').first().isVisible());
  assert.ok((await page.locator('.text mark').count()) >= 1);
  assert.ok(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    'no sideways scrolling',
  );
  await accessible(page, 'article on a phone');

  // The viewer on a phone: zoom works, the page fits the screen.
  await page.goto(`${server.url}/1974/12/19/page-2`);
  await imagesLoaded(page, 'figure.page-image image');
  const svg = (await page.locator('figure.page-image svg').boundingBox())!;
  assert.ok(svg.width <= 390 && svg.width > 300, `page image ${svg.width} wide`);
  await page.tap('button[aria-label="Zoom in"]');
  assert.equal((await viewBox(page))[2], 408);
  assert.ok(
    await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth'),
    'no sideways scrolling',
  );
  await accessible(page, 'page viewer on a phone');
  assert.deepEqual(problems, []);
  await context.close();
});

test('without script: the filters show at desktop width and toggle on a phone; the scan and viewer are readable', async () => {
  const run = async (options: Parameters<Browser['newContext']>[0]) => {
    const o = await open({ ...options, javaScriptEnabled: false });
    return o as { context: BrowserContext; page: Page; problems: string[] };
  };
  const desk = await run(DESKTOP);
  await desk.page.goto(`${server.url}/search?q=refugees`);
  assert.ok(await desk.page.locator('.facets').isVisible(), 'facets beside the results');
  assert.equal(await desk.page.locator('details.facet-toggle > summary').isVisible(), false);
  await desk.page.goto(`${server.url}/archive/19741219-6m9vn4?q=emigration`);
  assert.ok(await desk.page.locator('figure.scan rect.region').first().isVisible());
  await desk.page.goto(`${server.url}/1974/12/19/page-1`);
  assert.equal(await desk.page.locator('.zoom-tools').count(), 0, 'no buttons that do nothing');
  assert.ok(await desk.page.locator('nav.page-articles').isVisible());
  assert.deepEqual(desk.problems, []);
  await desk.context.close();

  const phone = await run(PHONE);
  await phone.page.goto(`${server.url}/search?q=refugees`);
  assert.equal(await phone.page.locator('.facets').isVisible(), false);
  await phone.page.click('details.facet-toggle > summary');
  assert.ok(await phone.page.locator('.facets').isVisible());
  assert.deepEqual(phone.problems, []);
  await phone.context.close();
});

test('bad input on the viewer is a clear 404, not a 500', async () => {
  const res = await fetch(`${server.url}/1974/12/19/page-1?article=19741219-zzzzzz`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /No article &#34;19741219-zzzzzz&#34; is on page 1/);
  const odd = await fetch(`${server.url}/archive/19741219-6m9vn4?q=${encodeURIComponent('"unclosed (')}`);
  assert.equal(odd.status, 200, 'a query that does not parse marks nothing and the article is shown');
});
