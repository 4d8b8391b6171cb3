/**
 * The "Fix this text" form works with JavaScript off, in Chromium: a reader corrects a word, splits the
 * article in two at a paragraph, and merges the two back; each step is a version in the history, and the
 * split-off article's address leads to the article it was merged back into.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
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

/** The article's paragraphs as shown. */
const paragraphs = (page: Page) => page.locator('article .text p').allTextContents();

/** Opens the edit form from the article page by its link (no script: a plain link to the form). */
async function openForm(page: Page): Promise<void> {
  await Promise.all([page.waitForURL(/\/article\/[0-9]{8}-[0-9a-z]{6}\/edit$/), page.click('a.fix-text')]);
  assert.match((await page.textContent('.edit-page .kicker')) ?? '', /Fix this text/);
}

test('with JavaScript off a reader corrects a word, splits the article at a paragraph and merges it back', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}/search?q=mcdonald`);
  await Promise.all([page.waitForURL(/\/archive\//), page.click('ol.results a >> nth=0')]);
  const articlePath = new URL(page.url()).pathname;
  assert.equal(await page.textContent('h1'), "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.equal((await paragraphs(page)).length, 2);

  // 1. A word: the second paragraph's box, changed and saved; the article shows it, with thanks.
  await openForm(page);
  const box = page.locator('#ed-p-2');
  assert.match(await box.inputValue(), /^The commission will meet in January/);
  await box.fill((await box.inputValue()).replace('January', 'March'));
  await page.fill('#ed-contributor', 'Reader Without Script');
  await page.fill('#ed-comment', 'The scan reads March.');
  await Promise.all([page.waitForURL(/\?corrected=2$/), page.click('button[name=save]')]);
  assert.equal(new URL(page.url()).pathname, articlePath);
  assert.match((await page.textContent('.notice')) ?? '', /Your correction is saved as version 2/);
  assert.match((await paragraphs(page))[1]!, /^The commission will meet in March and report/);

  // 2. Split before paragraph 2, with a headline for the new article.
  await openForm(page);
  await page.fill('#ed-splitHeadline', 'Commission to Meet in March');
  await Promise.all([page.waitForURL(/\?corrected=3$/), page.click('button[name=split][value="1"]')]);
  assert.equal((await paragraphs(page)).length, 1, 'the article keeps its first paragraph');
  const next = page.locator('a[rel=next]');
  assert.equal(await next.textContent(), 'Commission to Meet in March →');
  await Promise.all([page.waitForURL(/commission-to-meet-in-march/), next.click()]);
  const splitPath = new URL(page.url()).pathname;
  assert.equal(await page.textContent('h1'), 'Commission to Meet in March');
  assert.match((await paragraphs(page))[0]!, /^The commission will meet in March/);
  // The new article is found by search, as any other.
  const found = (await (
    await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent('headline:commission march')}`)
  ).json()) as { results: { url: string }[] };
  assert.ok(
    found.results.some((r) => r.url === splitPath),
    JSON.stringify(found),
  );

  // 3. Merge back: from the first article, "merge with the next".
  await page.goto(`${server.url}${articlePath}`);
  await openForm(page);
  await Promise.all([page.waitForURL(/\?corrected=4$/), page.click('button[name=merge]')]);
  const merged = await paragraphs(page);
  assert.equal(merged.length, 2);
  assert.match(merged[1]!, /^The commission will meet in March/);
  // The split-off article's address leads to the article it went back into.
  await page.goto(`${server.url}${splitPath}`);
  assert.equal(new URL(page.url()).pathname, articlePath);
  // Its history stays readable and says where it went.
  await page.goto(`${server.url}/article/${splitPath.slice(-15)}/history`);
  assert.match(
    (await page.textContent('.history .meta')) ?? '',
    /it was merged into U\.S\. Seeks DP's Entry, Says Dr\. McDonald/,
  );
  assert.equal(await page.locator('.status-current').count(), 0, 'a gone article has no current version');

  // 4. The history has every step, newest first, with who and what.
  await page.goto(`${server.url}${articlePath}`);
  await Promise.all([page.waitForURL(/\/history$/), page.click('a:has-text("History")')]);
  const items = page.locator('ol.versions > li');
  assert.equal(await items.count(), 4);
  const meta = await page.locator('ol.versions > li .meta:first-of-type').allTextContents();
  assert.match(meta[0]!, /^Merged with the next article/);
  assert.match(meta[1]!, /^Split in two/);
  assert.match(meta[2]!, /^Text corrected · by Reader Without Script/);
  assert.match(meta[3]!, /^First reading, by machine/);
  assert.equal(await items.nth(2).locator('del').first().textContent(), 'January');
  assert.equal(await items.nth(2).locator('ins').first().textContent(), 'March');
  // Version 2 is readable and citable at its own address.
  await Promise.all([page.waitForURL(/\/v\/2$/), items.nth(2).locator('h2 a').click()]);
  assert.match((await page.textContent('.cite')) ?? '', /version 2/);
  await context.close();
});
