import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../../../test/helpers/postgres.js';
import { ArchiveError } from '../../core/errors.js';
import { parseQuery } from '../../search/query.js';
import type { EditionInput } from '../ports.js';
import { PostgresArchiveStore } from './postgres-archive-store.js';
import { openPostgres, type PgPool } from './postgres-database.js';
import { PostgresSearchIndex } from './postgres-search-index.js';

const WORDS = 'refugee council visa emigration quota ship harbour relief committee delegate'.split(' ');

/** 40 bulletins of 25 articles, every one about the same things: a search for them touches all 1,000. */
function edition(day: number): EditionInput {
  const date = `1939-${String(1 + Math.floor(day / 28)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`;
  return {
    titleName: 'Daily News Bulletin',
    date,
    volume: null,
    number: null,
    sourceHash: `timeout-${date}`,
    sourceName: `${date}.pdf`,
    pdfKey: '0'.repeat(64),
    pages: [],
    articles: Array.from({ length: 25 }, (_, k) => ({
      ordinal: k,
      headlinePrinted: `REFUGEE SHIP ${k}`,
      headline: `Refugee ship ${k}`,
      kicker: null,
      byline: null,
      dateline: null,
      body: Array.from({ length: 300 }, (_, i) => WORDS[(i * 7 + k + day) % WORDS.length]).join(' '),
      firstPage: 1,
      lastPage: 1,
      references: [],
    })),
  };
}

let pool: PgPool;
let drop: () => Promise<void>;

before(async () => {
  const t = tempSchemaUrl();
  drop = t.drop;
  pool = await openPostgres(t.url);
  const store = new PostgresArchiveStore(pool);
  for (let d = 0; d < 40; d++) await store.replaceEdition(edition(d));
});

after(async () => {
  await pool.end();
  await drop();
});

const request = {
  query: parseQuery('"refugee relief"~12 council'),
  sort: 'relevance' as const,
  offset: 0,
  limit: 20,
};

test('a search is matched once and answers with facets, total and page from that one pass', async () => {
  const r = await new PostgresSearchIndex(pool).search(request);
  assert.equal(r.total, 1000);
  assert.equal(r.hits.length, 20);
  assert.deepEqual(r.years, [{ year: 1939, count: 1000 }]);
  // Each hit carries its body, for the search service to cut the snippet from (capabilities.snippets).
  assert.ok(r.hits.every((h) => h.text?.startsWith(WORDS[0]!) || h.text?.includes(' refugee ')));
});

test('a search that runs past the time limit is stopped on the server and the reader told how to narrow it', async () => {
  await assert.rejects(new PostgresSearchIndex(pool, 1).search(request), (err: unknown) => {
    assert.ok(err instanceof ArchiveError);
    assert.equal(err.code, 'QUERY_TOO_COSTLY');
    assert.equal(err.status, 422);
    assert.match(err.message, /ran longer than 0\.001 s.*Narrow it: add a date range/);
    return true;
  });
  // The pool's connections are still good afterwards: the stopped statement was rolled back.
  const again = await new PostgresSearchIndex(pool).search({ ...request, limit: 1 });
  assert.equal(again.total, 1000);
});

test("lists made ahead by a job are not held to a reader's time limit", async () => {
  // A limit of 1 ms stops any search of these 1,000 articles (the test above); a rebuild of the ten
  // words' lists under the same index still makes every one of them.
  const index = new PostgresSearchIndex(pool, 1, {
    share: 0.005,
    length: 50,
    prebuild: 100,
    exactCount: 10_000,
  });
  await assert.rejects(
    index.search(request),
    (err: unknown) => (err as ArchiveError).code === 'QUERY_TOO_COSTLY',
  );
  const made = await index.rebuildTopK();
  assert.equal(made.made, WORDS.length);
  assert.equal(made.stopped, false);
  const { rows } = await pool.query('SELECT count(*)::int AS n FROM search_topk');
  assert.equal(rows[0].n, WORDS.length);
});

test('a list whose first search the limit stopped is made in the background, so a later search reads it', async () => {
  await pool.query('DELETE FROM search_topk');
  // A list as long as the matches: every article here scores alike, and a shorter list could prove no page.
  const index = new PostgresSearchIndex(pool, 1, {
    share: 0.005,
    length: 1000,
    prebuild: 0,
    exactCount: 10_000,
  });
  const word = { ...request, query: parseQuery('refugee') };
  await assert.rejects(
    index.search(word),
    (err: unknown) => (err as ArchiveError).code === 'QUERY_TOO_COSTLY',
  );
  await index.listsPending();
  assert.deepEqual(await index.listedWords(), ['refugee']);
  // Read from its list: no statement under the 1 ms limit, the same page as ranking every match.
  const listed = await index.search(word);
  const ranked = await new PostgresSearchIndex(pool, 10_000, null).search(word);
  assert.equal(listed.total, 1000);
  assert.deepEqual(
    listed.hits.map((h) => [h.id, h.score]),
    ranked.hits.map((h) => [h.id, h.score]),
  );
});
