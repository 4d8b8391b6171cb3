import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceLine } from '../core/types.js';
import type { AltoBlock, AltoPage } from '../ingest/ndnp/alto-reader.js';
import { newspaperArticles } from './newspaper-articles.js';

/** A line of words 5 points apart, `size` points high, starting at x. */
function line(text: string, x: number, y: number, size = 8): SourceLine {
  let cx = x;
  const words = text.split(' ').map((t) => {
    const w = { text: t, x: cx, y, w: t.length * size * 0.5, h: size };
    cx += w.w + 5;
    return w;
  });
  return { text, x, y, width: cx - 5 - x, height: size, words };
}

function block(x: number, w: number, lines: SourceLine[]): AltoBlock {
  return { id: `b${x}`, x, y: lines[0]!.y, w, h: 100, lines, within: [] };
}

const page = (blocks: AltoBlock[]): AltoPage => ({ width: 600, height: 800, blocks, languages: [] });

// Body text in a 150-point column: lines fill the column edge to edge.
const body = (x: number, y: number, n: number, word: string) =>
  Array.from({ length: n }, (_, i) => line(`${word} ${word} ${word} ${word} ${word}`, x, y + i * 10));

test('a column headline in large capitals starts an article; text before it is the page front matter', () => {
  const columns = page([
    block(0, 600, [line('THE DAILY GAZETTE', 150, 20, 30)]),
    block(0, 150, [
      ...body(0, 100, 3, 'alpha'),
      line('FIRE AT THE MILL', 10, 140, 14),
      ...body(0, 160, 4, 'beta'),
    ]),
    block(160, 150, [...body(160, 100, 5, 'gamma')]),
  ]);
  const { articles, method } = newspaperArticles([columns], 'The Gazette', '1887-03-03');
  assert.equal(method, 'headlines');
  assert.deepEqual(
    articles.map((a) => [a.headline, a.firstPage]),
    [
      ['The Gazette, page 1', 1],
      ['Fire at the Mill', 1],
    ],
  );
  // The masthead and the column text before the headline are the front matter; the next column
  // (no headline of its own) continues the story.
  assert.match(articles[0]!.body, /^THE DAILY GAZETTE alpha/);
  assert.match(articles[1]!.body, /^beta .* gamma/);
});

test('an article found by its headline stands in one region per run of its lines in one block, in reading order', () => {
  const columns = page([
    block(0, 600, [line('THE DAILY GAZETTE', 150, 20, 30)]),
    block(0, 150, [
      ...body(0, 100, 3, 'alpha'),
      line('FIRE AT THE MILL', 10, 140, 14),
      ...body(0, 160, 4, 'beta'),
    ]),
    block(160, 150, [...body(160, 100, 5, 'gamma')]),
  ]);
  const { articles } = newspaperArticles([columns], 'The Gazette', '1887-03-03');
  const round = (r: { page: number; x: number; y: number; w: number; h: number }) =>
    [r.page, r.x, r.y, Math.round(r.w), r.h].join(' ');
  // The front matter: the masthead's block, then the column's lines above the headline.
  assert.deepEqual(articles[0]!.regions?.map(round), ['1 150 20 235 30', '1 0 100 120 28']);
  // The story: headline and four lines of its column (y 140 to 198), then the next column's five lines.
  assert.deepEqual(articles[1]!.regions?.map(round), ['1 0 140 116 58', '1 160 100 120 48']);
});

test('a multi-column page with no headline to go by is one article per page, named after the title', () => {
  const pages = [1, 2].map(() =>
    page([block(0, 150, body(0, 100, 3, 'delta')), block(160, 150, body(160, 100, 3, 'eps'))]),
  );
  const { articles, method } = newspaperArticles(pages, 'The Gazette', '1887-03-03');
  assert.equal(method, 'pages');
  assert.deepEqual(
    articles.map((a) => [a.headline, a.firstPage, a.lastPage]),
    [
      ['The Gazette, page 1', 1, 1],
      ['The Gazette, page 2', 2, 2],
    ],
  );
  assert.match(articles[1]!.body, /delta.*eps/);
});

test('a one-column typed page goes through the bulletin segmenter', () => {
  const typed = page([
    block(40, 520, [
      line('JEWISH TELEGRAPHIC AGENCY', 180, 40, 10),
      line('DAILY NEWS BULLETIN', 200, 55, 10),
      line('Thursday, December 19, 1974', 200, 70, 10),
      line('SOVIET UNION BARS EMIGRATION', 160, 120, 10),
      line('MOSCOW, Dec. 17 (JTA) -- Three hundred families who asked to leave', 40, 150, 10),
      line('for Israel were told this week that their requests were refused.', 40, 162, 10),
    ]),
  ]);
  const { articles, method } = newspaperArticles([typed], 'JTA', '1974-12-19');
  assert.equal(method, 'segmenter');
  assert.equal(articles[0]?.headline, 'Soviet Union Bars Emigration');
  assert.equal(articles[0]?.dateline?.place, 'MOSCOW');
});
