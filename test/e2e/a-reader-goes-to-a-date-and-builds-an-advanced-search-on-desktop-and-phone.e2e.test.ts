/**
 * Date navigation and search discoverability in real headless Chromium, at desktop and phone width, with
 * axe-core's WCAG 2.1 AA checks on every page visited: the "go to date" box, the bulletins before and after
 * at the top of a day page, a date with no bulletin, "On this day" when today has none, "How to search"
 * beside the box and the advanced-search form.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

// The sample archive: two bulletins, 1938-05-04 and 1974-12-19.
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

const SCREENS: [string, BrowserContextOptions][] = [
  ['desktop', { viewport: { width: 1280, height: 900 } }],
  ['phone', { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true }],
];

/** axe's serious and critical WCAG 2.1 A/AA violations: none allowed. */
async function accessible(page: Page, what: string) {
  const v = await seriousViolations(page);
  assert.deepEqual(v, [], `${what}: ${JSON.stringify(v, null, 1)}`);
}

/** The page is no wider than the screen. */
async function fits(page: Page, what: string) {
  const overflow = (await page.evaluate(
    'document.documentElement.scrollWidth - window.innerWidth',
  )) as number;
  assert.ok(overflow <= 0, `${what} is ${overflow}px wider than the screen`);
}

/** The element is inside the screen's width and visible. */
async function onScreen(page: Page, selector: string, width: number) {
  const box = await page.locator(selector).first().boundingBox();
  assert.ok(
    box && box.x >= 0 && box.x + box.width <= width,
    `${selector} is on screen (${JSON.stringify(box)})`,
  );
}

for (const [screen, options] of SCREENS) {
  const width = options.viewport!.width;

  test(`${screen}: go to a date from the home page, walk bulletin to bulletin from the top, and land near a date that has none`, async () => {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/?today=12-19`);
    await onScreen(page, '#home-date', width);
    await accessible(page, 'home');
    await page.fill('#home-date', '1974-12-19');
    await Promise.all([page.waitForURL(/\/1974\/12\/19$/), page.click('form.go-to-date button')]);
    assert.equal(await page.textContent('h1'), 'Thursday, December 19, 1974');

    // The previous bulletin is at the top, above the heading, within the screen.
    const prev = page.locator('nav.pager.bulletins a[rel=prev]').first();
    const prevBox = await prev.boundingBox();
    const h1Box = await page.locator('h1').boundingBox();
    assert.ok(prevBox && h1Box && prevBox.y < h1Box.y, 'previous bulletin above the heading');
    assert.ok(prevBox!.y < options.viewport!.height, 'previous bulletin visible without scrolling');
    await onScreen(page, 'nav.pager.bulletins a[rel=prev]', width);
    assert.match((await prev.textContent()) ?? '', /Previous bulletin, May 4, 1938/);
    await fits(page, 'the day page');
    await accessible(page, 'day page');
    await Promise.all([page.waitForURL(/\/1938\/05\/04$/), prev.click()]);
    assert.equal(await page.textContent('h1'), 'Wednesday, May 4, 1938');
    const next = page.locator('nav.pager.bulletins a[rel=next]').first();
    assert.match((await next.textContent()) ?? '', /Next bulletin, December 19, 1974/);

    // A date with no bulletin, from the box on the day page: the nearest before and after.
    await page.fill('#date-go', '1950-06-01');
    await Promise.all([page.waitForURL(/\/date\?date=1950-06-01$/), page.click('form.go-to-date button')]);
    assert.equal(await page.textContent('h1'), 'No bulletin for Thursday, June 1, 1950');
    assert.match(
      (await page.textContent('ul.nearest')) ?? '',
      /Before: ← Wednesday, May 4, 1938[\s\S]*After: Thursday, December 19, 1974 →/,
    );
    await fits(page, 'the nearest page');
    await accessible(page, 'no bulletin for a date');
    await Promise.all([page.waitForURL(/\/1974\/12\/19$/), page.click('ul.nearest a[rel=next]')]);

    // Typed as people write it, in the box of a browser without a date picker (the route reads text too).
    await page.goto(`${server.url}/date?date=${encodeURIComponent('December 19, 1974')}`);
    assert.equal(page.url(), `${server.url}/1974/12/19`);
    await context.close();
  });

  test(`${screen}: a missing date is a 404 that offers the nearest bulletins; "On this day" says which day it shows`, async () => {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    const res = await page.goto(`${server.url}/1974/12/18`);
    assert.equal(res?.status(), 404);
    assert.equal(await page.textContent('h1'), 'No bulletin for Wednesday, December 18, 1974');
    assert.equal(await page.getAttribute('ul.nearest a[rel=next]', 'href'), '/1974/12/19');
    assert.equal(await page.getAttribute('ul.nearest a[rel=prev]', 'href'), '/1938/05/04');
    await accessible(page, 'missing date');

    await page.goto(`${server.url}/?today=12-17`);
    assert.equal(await page.textContent('#otd-h'), 'On December 19, the nearest day to today');
    assert.match(
      (await page.textContent('.onthisday .meta')) ?? '',
      /No bulletin appeared on December 17 \(today\) in any year; these are from December 19/,
    );
    await accessible(page, 'home, nearest day');
    await context.close();
  });

  test(`${screen}: "How to search" beside the box leads to the help and the advanced form, which runs a search`, async () => {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/1974`);
    await onScreen(page, 'header form.search a.how', width);
    await fits(page, 'the year page with its header');
    await Promise.all([page.waitForURL(/\/help\/search$/), page.click('header form.search a.how')]);
    assert.equal(await page.textContent('h1'), 'How to search');
    await accessible(page, 'help');
    await Promise.all([
      page.waitForURL(/\/search\/advanced$/),
      page.click('main a:has-text("advanced search")'),
    ]);
    assert.equal(await page.textContent('h1'), 'Advanced search');
    await fits(page, 'the advanced form');
    await accessible(page, 'advanced search');

    await page.fill('#adv-all', 'refugees');
    await page.fill('#adv-place', 'haifa');
    await page.fill('#adv-from', '1930');
    await page.fill('#adv-to', '1940');
    await page.selectOption('#adv-sort', 'date');
    await Promise.all([page.waitForURL(/\/search\?/), page.click('form.advanced button[type=submit]')]);
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('q'), 'refugees place:haifa date:1930..1940');
    assert.equal(url.searchParams.get('sort'), 'date');
    // The query is in the box, to change or keep; what it finds is the 1938 Haifa story only.
    assert.equal(await page.inputValue('#site-q'), 'refugees place:haifa date:1930..1940');
    assert.match((await page.textContent('[role=status]')) ?? '', /1–1 of 1 article for/);
    assert.match((await page.textContent('ol.results')) ?? '', /Refugee Ship Reaches Haifa/);
    await accessible(page, 'results of an advanced search');

    // Only "none of these words": the form comes back with why, and what was typed.
    await page.goto(`${server.url}/search/advanced`);
    await page.fill('#adv-none', 'visa');
    await Promise.all([
      page.waitForURL(/\/search\/advanced\?/),
      page.click('form.advanced button[type=submit]'),
    ]);
    assert.match((await page.textContent('[role=alert]')) ?? '', /only excludes words/);
    assert.equal(await page.inputValue('#adv-none'), 'visa');
    await accessible(page, 'advanced search refused');
    await context.close();
  });

  test(`${screen}: a search with no results shows its help in the main column, with both ways on`, async () => {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${server.url}/search?q=zzyzx`);
    const help = page.locator('main p:has-text("Try fewer words")');
    const box = await help.boundingBox();
    // The facet column is 12rem (192 px): the help now has the width of the main column.
    const mainWidth = (await page.locator('main').boundingBox())!.width;
    assert.ok(box && box.width > Math.min(500, mainWidth - 40), `the help is ${box?.width}px wide`);
    assert.ok(await page.locator('main a[href="/search/advanced"]').isVisible());
    await fits(page, 'no results');
    await accessible(page, 'no results');
    await context.close();
  });
}
