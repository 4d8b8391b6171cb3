/**
 * The demo archive as feed readers and crawlers find it: Atom feeds read by @rowanmanning/feed-parser (a search
 * feed page by page, the new-bulletins feed), and robots.txt leading to the sitemaps and every page they list.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { parseFeed } from '@rowanmanning/feed-parser';
import { XMLParser } from 'fast-xml-parser';
import type { DemoServer } from '../helpers/demo-server.js';

let demo: DemoServer;

/** The feeds checks, on the demo archive that `demoArchive` returns once the runner's `before` has made it. */
export function feedsSuite(demoArchive: () => DemoServer): void {
  describe('feeds', () => {
    before(async () => {
      demo = demoArchive();
    });

    async function get(path: string, type: RegExp, status = 200): Promise<string> {
      const res = await fetch(path.startsWith('http') ? path : `${demo.url}${path}`);
      assert.equal(res.status, status, path);
      assert.match(res.headers.get('content-type') ?? '', type, path);
      return res.text();
    }

    const atom = /^application\/atom\+xml/;
    /** The feed's link with this rel, read from the document (the parser keeps only self and alternate). */
    const link = (xml: string, rel: string) =>
      new RegExp(`<link rel="${rel}" type="application/atom\\+xml" href="([^"]+)"`)
        .exec(xml)?.[1]
        ?.replaceAll('&amp;', '&');

    test('a search feed is read page by page: newest first, updated from its newest entry, page=2 honoured', async () => {
      const { total } = (await (await fetch(`${demo.url}/api/v1/search?q=refugees`)).json()) as {
        total: number;
      };
      assert.ok(total > 50, `results: ${total} (more than one page of 50)`);
      const pages = Math.ceil(total / 50);
      const seen = new Set<string>();
      let path: string | undefined = '/search.atom?q=refugees';
      for (let n = 1; path; n++) {
        const xml = await get(path, atom);
        const feed = parseFeed(xml);
        assert.equal(feed.meta.type, 'atom');
        assert.equal(feed.self, `${demo.url}${path}`);
        const items = feed.items;
        assert.equal(items.length, n < pages ? 50 : total - 50 * (pages - 1), path);
        const dates = items.map((i) => i.published!.toISOString());
        assert.deepEqual(dates, [...dates].sort().reverse(), `${path}: newest first`);
        assert.equal(feed.updated?.toISOString(), dates[0], `${path}: <updated> is its newest entry's`);
        for (const i of items) {
          assert.ok(i.url?.startsWith(`${demo.url}/archive/`), i.url ?? '');
          assert.ok(!seen.has(i.id!), `${i.id} on two pages`);
          seen.add(i.id!);
        }
        assert.equal(
          link(xml, 'last'),
          `${demo.url}/search.atom?q=refugees${pages > 1 ? `&page=${pages}` : ''}`,
        );
        if (n > 1)
          assert.equal(
            link(xml, 'previous'),
            `${demo.url}/search.atom?q=refugees${n > 2 ? `&page=${n - 1}` : ''}`,
          );
        const next = link(xml, 'next');
        path = next?.slice(demo.url.length);
        if (path) assert.equal(path, `/search.atom?q=refugees&page=${n + 1}`);
      }
      assert.equal(seen.size, total, 'every result on exactly one page');
      await get(`/search.atom?q=refugees&page=${pages + 1}`, /./, 404);
      await get('/search.atom?q=refugees&page=0', /./, 400);
    });

    test('the new-bulletins feed lists the latest bulletins, updated when the newest was', async () => {
      const feed = parseFeed(await get('/feeds/editions.atom', atom));
      assert.equal(feed.items.length, Math.min(50, demo.bulletins.length));
      assert.equal(feed.updated?.toISOString(), feed.items[0]!.updated?.toISOString());
      assert.ok(feed.items.every((i) => /articles on \d+ pages/.test(i.description ?? '')));
    });

    test('robots.txt names the sitemap, which lists every date and article page, each of them served', async () => {
      const robots = await get('/robots.txt', /^text\/plain/);
      const sitemap = /^Sitemap: (\S+)$/m.exec(robots)?.[1];
      assert.equal(sitemap, `${demo.url}/sitemap.xml`);
      assert.match(robots, /^User-agent: \*$/m);
      const xml = new XMLParser();
      const index = xml.parse(await get(sitemap!, /xml/)).sitemapindex;
      const maps = [index.sitemap].flat().map((s: { loc: string }) => s.loc);
      const urls: string[] = [];
      for (const m of maps)
        urls.push(...[xml.parse(await get(m, /xml/)).urlset.url].flat().map((u: { loc: string }) => u.loc));
      const stats = await demo.archive.store.stats();
      const years = (await demo.archive.store.years()).length;
      assert.equal(
        urls.length,
        stats.articles + stats.editions + years + 2,
        'articles, dates, years, home, about',
      );
      assert.equal(new Set(urls).size, urls.length);
      // Every listed address answers 200 where it is (no redirect): a sample across the list.
      for (let i = 0; i < urls.length; i += 37) {
        const res = await fetch(urls[i]!, { redirect: 'manual' });
        assert.equal(res.status, 200, urls[i]);
      }
    });
  });
}
