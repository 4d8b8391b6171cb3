/** `npm run screenshots`: desktop and phone screenshots of each page type (the page viewer too), from the demo collection, into docs/screenshots. */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openArchive } from '../src/app.js';
import { ensureDemo } from '../src/cli/serve.command.js';
import { launchBrowser } from '../test/helpers/browser.js';
import { serveArchive } from '../test/helpers/serve.js';

const out = join(import.meta.dirname, '..', 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const dir = await mkdtemp(join(tmpdir(), 'dateline-shots-'));
const data = join(dir, 'data');
await ensureDemo(data);
const archive = await openArchive({ dataDir: data });
const server = await serveArchive(archive);
const browser = await launchBrowser();
try {
  const hit = (await (await fetch(`${server.url}/api/v1/search?q=refugees%20ship&pageSize=1`)).json()) as {
    results: { id: string; url: string; date: string }[];
  };
  const article = hit.results[0]!;
  const { pages: span } = (await (await fetch(`${server.url}/api/v1/articles/${article.id}`)).json()) as {
    pages: [number, number];
  };
  // A reader's correction, so that the history has a change to show (a word, as readers mostly fix).
  const a = (await archive.store.getArticle(article.id))!;
  const word = /\btoday\b/.test(a.body) ? 'today' : /\b[a-z]{6,}\b/.exec(a.body)![0];
  await archive.corrections.correct(
    article.id,
    {
      text: a.body.replace(word, word === 'today' ? 'this morning' : `${word}s`),
      contributor: 'Ada Reader',
      comment: 'As the scan reads.',
      baseVersion: 1,
    },
    { key: await archive.corrections.keyFor('screenshots') },
  );
  const pages: [string, string][] = [
    ['home', '/?today=06-08'],
    ['search', '/search?q=refugees'],
    // The article as a search result opens it: the search marked, the scan beside the text.
    ['article', `${article.url}?q=refugees`],
    ['page', `/${article.date.replaceAll('-', '/')}/page-${span[0]}?q=refugees&article=${article.id}`],
    ['date', `/${article.date.replaceAll('-', '/')}`],
    ['year', `/${article.date.slice(0, 4)}`],
    ['about', '/about'],
    // Readers' corrections: the edit form beside the scan, and the history with its word diff.
    ['edit', `/article/${article.id}/edit`],
    ['history', `/article/${article.id}/history`],
  ];
  for (const [name, path] of pages) {
    for (const [device, viewport] of [
      ['desktop', { width: 1280, height: 900 }],
      ['phone', { width: 390, height: 844 }],
    ] as const) {
      const context = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        isMobile: device === 'phone',
      });
      const page = await context.newPage();
      await page.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
      await page.screenshot({ path: join(out, `${name}-${device}.png`) });
      await context.close();
      process.stdout.write(`${name}-${device}.png\n`);
    }
  }
} finally {
  await browser.close();
  await server.close();
  await archive.close();
  await rm(dir, { recursive: true, force: true });
}
