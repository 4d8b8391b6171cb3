/**
 * The whole round of a text correction in Chromium, with JavaScript: a reader corrects a word in place on
 * the article page, finds the article by the corrected word and by the original one, sees the change in the
 * history, and an admin reverts it through the API with a token. Then two readers edit at once: the second
 * is told the text changed, shown it, and keeps their own text to save again.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { newToken } from '../../src/auth/admin-tokens.js';
import { launchBrowser } from '../helpers/browser.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

let t: Awaited<ReturnType<typeof sampleArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;
let token: string;

before(async () => {
  t = await sampleArchive();
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
  const made = newToken();
  await t.archive.tokens.createAdminToken('moderator', made.hash);
  token = made.token;
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

const api = async (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

/** The headlines a search's first page lists, through the search page a reader uses. */
async function headlinesFound(page: Page, q: string): Promise<string[]> {
  await page.goto(`${server.url}/search?q=${encodeURIComponent(q)}`);
  return page.locator('ol.results h3').allTextContents();
}

const HEADLINE = "U.S. Seeks DP's Entry, Says Dr. McDonald";

test('a reader corrects a word in place, finds the article by either word, sees it in the history; an admin reverts it', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // (Asked of the API: the browser would keep the page for a minute, as it keeps any search page.)
  const before = (await (await api('/api/v1/search?q=February')).json()) as { results: unknown[] };
  assert.deepEqual(before.results, [], 'no article says February before');
  await page.goto(`${server.url}/search?q=mcdonald`);
  await Promise.all([page.waitForURL(/\/archive\//), page.click('ol.results h3 a')]);
  const articlePath = new URL(page.url()).pathname;
  const id = articlePath.slice(-15);

  // In place: the text opens where it stands, a paragraph to a box; the address does not change.
  await page.click('a.fix-text');
  await page.waitForSelector('form.edit-in-place');
  assert.equal(new URL(page.url()).pathname, articlePath);
  const box = page.locator('#inplace-p-2');
  assert.match(await box.inputValue(), /^The commission will meet in January/);
  await box.fill((await box.inputValue()).replace('January', 'February'));
  await page.fill('#inplace-name', 'Ada Reader');
  await page.fill('#inplace-comment', 'The scan reads February.');
  await Promise.all([
    page.waitForURL(/\?corrected=2$/),
    page.click('form.edit-in-place button[type=submit]'),
  ]);
  assert.match((await page.textContent('.notice')) ?? '', /Your correction is saved as version 2/);
  assert.match((await page.textContent('article .text')) ?? '', /will meet in February and report/);
  assert.match((await page.textContent('.cite')) ?? '', /version 2/);

  // Search finds it by the corrected word, and still by the word the machine read.
  assert.ok((await headlinesFound(page, 'February')).includes(HEADLINE));
  assert.equal(await page.locator('ol.results mark').first().textContent(), 'February');
  assert.ok((await headlinesFound(page, 'January')).includes(HEADLINE));

  // The history: who, what, the word diff.
  await page.goto(`${server.url}${articlePath}`);
  await Promise.all([page.waitForURL(/\/history$/), page.click('a:has-text("History (version 2)")')]);
  const latest = page.locator('ol.versions > li').first();
  assert.match((await latest.textContent()) ?? '', /Version 2\s+current/);
  assert.match(
    (await latest.locator('.meta').first().textContent()) ?? '',
    /^Text corrected · by Ada Reader/,
  );
  assert.equal(await latest.locator('.comment').textContent(), '“The scan reads February.”');
  assert.equal(await latest.locator('del').textContent(), 'January');
  assert.equal(await latest.locator('ins').textContent(), 'February');

  // The admin reverts it through the API; without the token nobody can.
  const revert = `/api/v1/admin/articles/${id}/versions/2/revert`;
  assert.equal((await api(revert, { method: 'POST' })).status, 401);
  const done = await api(revert, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  assert.equal(done.status, 201, await done.clone().text());
  await page.reload();
  const items = page.locator('ol.versions > li');
  assert.equal(await items.count(), 3);
  assert.match((await items.nth(0).locator('.meta').first().textContent()) ?? '', /^Reverted to version 1/);
  assert.match((await items.nth(1).textContent()) ?? '', /Version 2\s+reverted/);
  await page.goto(`${server.url}${articlePath}`);
  assert.match((await page.textContent('article .text')) ?? '', /will meet in January and report/);
  // (The API again: the browser keeps the search page it was shown for a minute.)
  const gone = (await (await api('/api/v1/search?q=February')).json()) as { results: unknown[] };
  assert.deepEqual(gone.results, [], 'the reverted word is found no more');
  await context.close();
});

test('two readers at once: the second is told the text changed, shown it, keeps their text and saves again', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const hit = (
    (await (await api('/api/v1/search?q=bavaria+camps')).json()) as { results: { id: string; url: string }[] }
  ).results[0]!;
  await page.goto(`${server.url}${hit.url}`);
  await page.click('a.fix-text');
  await page.waitForSelector('form.edit-in-place');
  const box = page.locator('#inplace-p-1');
  await box.fill((await box.inputValue()).replace('officials said today', 'officials in Munich said today'));

  // Meanwhile another reader saves a correction of the same article.
  const history = (await (await api(`/api/v1/articles/${hit.id}/history`)).json()) as { current: number };
  const other = await api(`/api/v1/articles/${hit.id}/corrections`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      headline: 'Camps in Bavaria to Close by the Spring',
      baseVersion: history.current,
    }),
  });
  assert.equal(other.status, 201, await other.clone().text());

  await page.click('form.edit-in-place button[type=submit]');
  const notice = page.locator('form.edit-in-place .notice.warning');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /Your text is still in the boxes below/);
  assert.match((await notice.locator('details.conflict').textContent()) ?? '', /The text as it now reads/);
  assert.match(await box.inputValue(), /officials in Munich said today/, 'the reader’s text is kept');
  // Saving again now replaces the newer version knowingly.
  await Promise.all([
    page.waitForURL(/\?corrected=\d+$/),
    page.click('form.edit-in-place button[type=submit]'),
  ]);
  assert.match((await page.textContent('article .text')) ?? '', /officials in Munich said today/);
  assert.equal(
    await page.textContent('h1'),
    'Camps in Bavaria to Close by the Spring',
    'the other reader’s change stays',
  );
  await context.close();
});
