/**
 * A reader types markup into a correction: script and attribute injections in the text, the headline, the
 * byline, the name and the comment. Every page that shows a correction (the article, the edit form, the
 * history, the version, recent changes) and the changes feed carry it as text: checked as strings, as XML,
 * and in Chromium with the CSP bypassed (so only escaping stands in the way): no dialog, no injected element,
 * the text shown as typed.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser.js';
import { assertNoInjectedElements, assertNoInjectedMarkup, recordDialogs } from '../helpers/injection.js';
import { sampleArchive } from '../helpers/sample-bulletins.js';
import { serveArchive } from '../helpers/serve.js';

const SCRIPT = '<script>alert(1)</script>';
const IMG = '"><img src=x onerror=alert(2)>';
const CLOSE = '</textarea></script><script>alert(3)</script>';

const HEADLINE = `${SCRIPT} Refugee Ship ${IMG}`;
const NAME = `<img src=x onerror=alert(4)>`;
const COMMENT = `${CLOSE} & 'quoted' "too"`;

let t: Awaited<ReturnType<typeof sampleArchive>>;
let server: Awaited<ReturnType<typeof serveArchive>>;
let browser: Browser;
let id: string;
let slug: string;

before(async () => {
  t = await sampleArchive();
  server = await serveArchive(t.archive);
  browser = await launchBrowser();
  const r = (await (await fetch(`${server.url}/api/v1/search?q=haifa+ship`)).json()) as {
    results: { id: string }[];
  };
  id = r.results[0]!.id;
  const a = (await t.archive.store.getArticle(id))!;
  // Through the form, as a reader's browser sends it.
  const form = new URLSearchParams({
    baseVersion: '1',
    headline: HEADLINE,
    kicker: '',
    byline: `By ${IMG}`,
    place: a.dateline?.place ?? '',
    date: a.date,
    firstPage: String(a.firstPage),
    lastPage: String(a.lastPage),
    contributor: NAME,
    comment: COMMENT,
    save: '1',
  });
  form.append('p', `${a.body.split(/\n\n/)[0]} The captain said ${SCRIPT} and ${IMG} then ${CLOSE}.`);
  for (const p of a.body.split(/\n\n/).slice(1)) form.append('p', p);
  const res = await fetch(`${server.url}/article/${id}/edit`, {
    method: 'POST',
    body: form,
    headers: { Origin: server.url },
    redirect: 'manual',
  });
  assert.equal(res.status, 303, await res.text());
  slug = (await t.archive.store.getArticle(id))!.slug;
});

after(async () => {
  await browser?.close();
  await server?.close();
  await t?.done();
});

const get = (path: string) => fetch(`${server.url}${path}`);

const pages = () => [
  `/archive/${slug}`,
  `/archive/${slug}?corrected=2`,
  `/article/${id}/edit`,
  `/article/${id}/history`,
  `/article/${id}/v/2`,
  `/article/${id}/v/1`,
  '/changes',
];

test('every page that shows the correction escapes it, in text, attributes and the form’s boxes', async () => {
  for (const path of pages()) {
    const res = await get(path);
    assert.equal(res.status, 200, path);
    assertNoInjectedMarkup(await res.text(), path);
  }
  const article = await (await get(`/archive/${slug}`)).text();
  assert.match(
    article,
    /The captain said &#60;script&#62;alert\(1\)&#60;\/script&#62; and &#34;&#62;&#60;img src=x onerror=alert\(2\)&#62;/,
  );
  const edit = await (await get(`/article/${id}/edit`)).text();
  assert.match(edit, /&#60;\/textarea&#62;&#60;\/script&#62;&#60;script&#62;alert\(3\)/);
  assert.match(
    edit,
    /name="headline" value="&#60;script&#62;alert\(1\)&#60;\/script&#62; Refugee Ship &#34;&#62;&#60;img/,
  );
  const history = await (await get(`/article/${id}/history`)).text();
  assert.match(history, /by &#60;img src=x onerror=alert\(4\)&#62;/);
  assert.match(
    history,
    /&#60;\/textarea&#62;&#60;\/script&#62;&#60;script&#62;alert\(3\)&#60;\/script&#62; &#38; &#39;quoted&#39; &#34;too&#34;/,
  );
});

test('the changes feed is well-formed XML carrying the name, headline and comment as text', async () => {
  const res = await get('/changes.atom');
  assert.match(res.headers.get('content-type') ?? '', /^application\/atom\+xml/);
  const xml = await res.text();
  assert.equal(XMLValidator.validate(xml), true);
  assert.doesNotMatch(xml, /<script|<img/i);
  const feed = new XMLParser({ processEntities: true }).parse(xml) as {
    feed: { entry: { title: string; author: { name: string }; summary: string } };
  };
  const entry = feed.feed.entry;
  assert.equal(entry.title, `${HEADLINE} — version 2`);
  assert.equal(entry.author.name, NAME);
  assert.ok(entry.summary.includes(COMMENT), entry.summary);
});

test('in Chromium, with the CSP bypassed, no dialog opens and the text is shown as typed', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  const dialogs = recordDialogs(page);
  for (const path of pages()) await assertNoInjectedElements(page, `${server.url}${path}`, path);
  await page.goto(`${server.url}/archive/${slug}`);
  assert.equal(await page.textContent('h1'), HEADLINE);
  assert.match(
    (await page.textContent('article .text')) ?? '',
    /The captain said <script>alert\(1\)<\/script> and/,
  );
  // The in-place editor puts the text into its boxes as text too.
  await page.click('a.fix-text');
  await page.waitForSelector('form.edit-in-place textarea');
  assert.match(
    await page.locator('form.edit-in-place textarea').first().inputValue(),
    /<\/textarea><\/script><script>alert\(3\)<\/script>\.$/,
  );
  assert.equal(await page.locator('form.edit-in-place script, form.edit-in-place img').count(), 0);
  await page.goto(`${server.url}/article/${id}/edit`);
  assert.equal(await page.inputValue('#ed-headline'), HEADLINE);
  assert.match(
    await page.inputValue('#ed-p-1'),
    /then <\/textarea><\/script><script>alert\(3\)<\/script>\.$/,
  );
  assert.deepEqual(dialogs, []);
  await context.close();
});
