/**
 * The correction pages on a phone and for assistive technology, in Chromium: on a 375-px screen the edit
 * form fits the width, its boxes and buttons are on screen and big enough to use, and a word corrected
 * there is saved; the edit form, the history, a version and the recent changes pass axe-core's WCAG 2.1
 * AA checks at desktop and phone size.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { seriousViolations } from '../helpers/axe.js';
import { launchBrowser } from '../helpers/browser.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;
let id: string;

const PHONE: BrowserContextOptions = {
  viewport: { width: 375, height: 740 },
  isMobile: true,
  hasTouch: true,
};

before(async () => {
  t = await sampleArchive();
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
  const r = (await (await fetch(`${server.url}/api/v1/search?q=visas`)).json()) as {
    results: { id: string }[];
  };
  id = r.results[0]!.id;
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

const overflow = async (page: Page) =>
  (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;

test('on a phone the edit form fits the screen, its boxes and buttons are usable, and a correction is saved', async () => {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await page.goto(`${server.url}/article/${id}/edit`);
  assert.ok((await overflow(page)) <= 0, `the edit page is ${await overflow(page)}px wider than the screen`);
  const box = page.locator('#ed-p-1');
  const b = (await box.boundingBox())!;
  assert.ok(b.x >= 0 && b.x + b.width <= 375, `the paragraph box is on screen: ${JSON.stringify(b)}`);
  assert.ok(b.width >= 300, `the paragraph box takes the screen's width: ${b.width}px`);
  for (const button of ['button[name=save]', '#ed-contributor', '#ed-headline']) {
    await page.locator(button).scrollIntoViewIfNeeded();
    const bb = (await page.locator(button).boundingBox())!;
    assert.ok(bb.x >= 0 && bb.x + bb.width <= 375, `${button} is on screen: ${JSON.stringify(bb)}`);
    // 24 CSS px: WCAG 2.2's minimum target size.
    assert.ok(bb.height >= 24, `${button} is tall enough to tap: ${bb.height}px`);
  }
  await box.fill((await box.inputValue()).replace('visas', 'entry visas'));
  await page.fill('#ed-contributor', 'Phone Reader');
  await page.locator('button[name=save]').scrollIntoViewIfNeeded();
  await Promise.all([page.waitForURL(/\?corrected=2$/), page.tap('button[name=save]')]);
  assert.match((await page.textContent('.notice')) ?? '', /saved as version 2/);
  assert.match((await page.textContent('article .text')) ?? '', /discuss entry visas for the families/);
  for (const path of [`/article/${id}/history`, `/article/${id}/v/2`, '/changes']) {
    await page.goto(`${server.url}${path}`);
    assert.ok((await overflow(page)) <= 0, `${path} is ${await overflow(page)}px wider than the screen`);
  }
  // Editing in place on the article page fits the phone too.
  await page.goto(`${server.url}/article/${id}/history`);
  await Promise.all([page.waitForURL(/\/archive\//), page.click('a:has-text("Read the article")')]);
  await page.tap('a.fix-text');
  const inPlace = page.locator('#inplace-p-1');
  await inPlace.waitFor();
  const ib = (await inPlace.boundingBox())!;
  assert.ok(
    ib.x >= 0 && ib.x + ib.width <= 375 && ib.width >= 300,
    `the box in place fits: ${JSON.stringify(ib)}`,
  );
  assert.ok(
    (await overflow(page)) <= 0,
    `editing in place is ${await overflow(page)}px wider than the screen`,
  );
  assert.match(await inPlace.inputValue(), /discuss entry visas for the families/);
  await context.close();
});

for (const [size, options] of [
  ['desktop', { viewport: { width: 1280, height: 900 } }],
  ['phone', PHONE],
] as [string, BrowserContextOptions][]) {
  test(`the edit form, editing in place, the history, a version and recent changes pass WCAG 2.1 AA checks (${size})`, async () => {
    // bypassCSP only so that axe can be injected; the pages themselves need nothing of it.
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    for (const path of [`/article/${id}/edit`, `/article/${id}/history`, `/article/${id}/v/1`, '/changes']) {
      await page.goto(`${server.url}${path}`);
      assert.deepEqual(await seriousViolations(page), [], `${path} at ${size} size`);
    }
    // The article page with its text open for editing in place.
    const slug = (await t.archive.store.getArticle(id))!.slug;
    await page.goto(`${server.url}/archive/${slug}`);
    await page.click('a.fix-text');
    await page.locator('form.edit-in-place').waitFor();
    assert.deepEqual(await seriousViolations(page), [], `editing in place at ${size} size`);
    await context.close();
  });
}
