/**
 * The demo archive's citation files as citation-js reads them (BibTeX, RIS, CSL-JSON), and the citations on
 * its article pages: every field a reference manager needs survives, the whole date and the author included.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { Article } from '../../src/core/types.js';
import type { DemoServer } from '../helpers/demo-server.js';

let demo: DemoServer;
/** Demo articles to cite: every one with a personal byline, some without a byline, some printed in September. */
let chosen: Article[] = [];

/** The citations checks, on the demo archive that `demoArchive` returns once the runner's `before` has made it. */
export function citationsSuite(demoArchive: () => DemoServer): void {
  describe('citations', () => {
    before(async () => {
      demo = demoArchive();
      const all: Article[] = [];
      for (const b of demo.bulletins) {
        const e = (await demo.archive.store.getEdition(b.truth.date))!;
        for (const s of await demo.archive.store.listArticles(e.id))
          all.push((await demo.archive.store.getArticle(s.id))!);
      }
      const personal = all.filter((a) => a.byline && !/correspondent/i.test(a.byline));
      chosen = [...personal, ...all.filter((a) => !a.byline).slice(0, 10)];
      assert.ok(personal.length >= 50, `bylined articles in the demo: ${personal.length}`);
    });

    const today = () => new Date().toISOString().slice(0, 10);
    const parts = (iso: string) => [iso.split('-').map(Number)];

    /** The byline's person as the test reads it: "By Hannah G. Rosenthal" → Rosenthal, Hannah G. */
    function person(byline: string): { given: string; family: string } {
      const words = byline.replace(/^By /, '').split(' ');
      return { given: words.slice(0, -1).join(' '), family: words.at(-1)! };
    }

    /** The one entry citation-js reads from a single article's citation file. */
    function one(input: unknown): Record<string, any> {
      const { data } = new Cite(input);
      assert.equal(data.length, 1);
      return data[0]!;
    }

    async function text(path: string, type: RegExp): Promise<string> {
      const res = await fetch(`${demo.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', type, path);
      return res.text();
    }

    test('BibTeX keeps the title, the author and the whole date', async () => {
      for (const a of chosen) {
        const entry = one(await text(`/cite/${a.id}.bib`, /application\/x-bibtex/));
        assert.equal(entry.title, a.headline, a.id);
        assert.deepEqual(entry.issued, { 'date-parts': parts(a.date) }, `${a.id}: issued`);
        assert.deepEqual(entry.author, a.byline ? [person(a.byline)] : undefined, `${a.id}: author`);
        assert.equal(
          entry.page,
          a.firstPage === a.lastPage ? `${a.firstPage}` : `${a.firstPage}-${a.lastPage}`,
        );
        assert.match(entry.URL, new RegExp(`^${demo.url}/archive/${a.id}$`));
        assert.deepEqual(entry.accessed, { 'date-parts': parts(today()) });
      }
    });

    test("RIS keeps the type, the reporter (a newspaper's author) and the whole date", async () => {
      for (const a of chosen) {
        const entry = one(await text(`/cite/${a.id}.ris`, /research-info-systems/));
        assert.equal(entry.type, 'article-newspaper', a.id);
        assert.equal(entry.title, a.headline, a.id);
        // citation-js follows the RIS specification: in a NEWS record AU is the reporter.
        const p = a.byline ? person(a.byline) : null;
        assert.equal(entry.reporter, p ? `${p.family}, ${p.given}` : undefined, `${a.id}: reporter`);
        // For NEWS it reads the date from PY alone, and keeps a whole date there as written.
        assert.deepEqual(entry.issued, { raw: `${a.date.replaceAll('-', '/')}/` }, `${a.id}: issued`);
        assert.equal(entry['container-title'], 'Daily News Bulletin');
        assert.deepEqual(entry.accessed, { 'date-parts': parts(today()) });
      }
    });

    test('CSL-JSON is read as it is written', async () => {
      for (const a of chosen.slice(0, 40)) {
        const entry = one(JSON.parse(await text(`/cite/${a.id}.json`, /csl\+json/)));
        assert.equal(entry.type, 'article-newspaper');
        assert.deepEqual(entry.issued, { 'date-parts': parts(a.date) });
        assert.deepEqual(entry.author, a.byline ? [person(a.byline)] : undefined, a.id);
      }
    });

    test('a whole result list parses as one file in each format, one entry per result', async () => {
      const search = (await (await fetch(`${demo.url}/api/v1/search?q=refugees`)).json()) as {
        total: number;
      };
      const total = search.total;
      assert.ok(total > 10, `results: ${total}`);
      for (const ext of ['bib', 'ris', 'json']) {
        const body = await text(`/search.${ext}?q=refugees`, /./);
        const cite = new Cite(ext === 'json' ? JSON.parse(body) : body);
        assert.equal(cite.data.length, Math.min(total, 1000), ext);
        assert.ok(
          cite.data.every((e: any) => e.title && e.issued),
          ext,
        );
      }
    });

    test('the citations on an article page give the access date, and MLA writes September "Sept."', async () => {
      const september = chosen.find((a) => a.date.slice(5, 7) === '09');
      assert.ok(september, 'the demo prints articles in September');
      // The permalink redirects to the canonical address; fetch follows it.
      const html = await text(`/archive/${september.id}`, /text\/html/);
      const cite = (style: string) => new RegExp(`<dt>${style}</dt><dd>([^<]*)</dd>`).exec(html)?.[1] ?? '';
      const [y, m, d] = today().split('-').map(Number) as [number, number, number];
      const months = [
        'January',
        'February',
        'March',
        'April',
        'May',
        'June',
        'July',
        'August',
        'September',
        'October',
        'November',
        'December',
      ];
      const mla = [
        'Jan.',
        'Feb.',
        'Mar.',
        'Apr.',
        'May',
        'June',
        'July',
        'Aug.',
        'Sept.',
        'Oct.',
        'Nov.',
        'Dec.',
      ];
      assert.match(cite('Chicago'), new RegExp(`\\. Accessed ${months[m - 1]} ${d}, ${y}\\. http`));
      assert.ok(cite('MLA').endsWith(`. Accessed ${d} ${mla[m - 1]} ${y}.`), cite('MLA'));
      const [py, , pd] = september.date.split('-').map(Number);
      assert.ok(cite('MLA').includes(`, ${pd} Sept. ${py}, p. `), cite('MLA'));
    });
  });
}
