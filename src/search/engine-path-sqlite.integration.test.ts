/**
 * The SQLite search the engine ranks (no top-k list answers it: two words, an OR of words, a rare word,
 * dates, `day:`, date order) makes its counts and breaks its ties from the hit table in memory
 * (store/sqlite/sqlite-hit-table.ts) and reads the page's best by score from FTS5 alone. Checked against
 * the engine's own SQL (a grouped pass over the matches joined to their articles; ORDER BY bm25, date,
 * ordinal): the same total, years, places, and page (ids in order, scores as hits show them), after bulletins stored out of date
 * order, after more are added, after a bulletin is stored again with other places (changed articles, read
 * again from the change log), and for a tie longer than the rows read past the page (ranked as before).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { tempArchive } from '../../test/helpers/sample-bulletins.js';
import type { Archive } from '../app.js';
import { facetsFrom } from '../store/facets.js';
import type { EditionInput } from '../store/ports.js';
import { toFts5 } from '../store/sqlite/sqlite-query-compiler.js';
import { parseQuery } from './query.js';
import { SearchService } from './search.service.js';
import { hasTopK } from './top-k.js';

const corpus = makeCorpus();
const w = (i: number) => corpus.words[i]!;

let archive: Archive;
let cleanup: () => Promise<void>;
let raw: Database.Database;

before(async () => {
  const opened = await tempArchive();
  archive = opened.archive;
  cleanup = opened.done;
  for (const e of syntheticEditions(corpus, 1200, 10, 31, '1931-01-01'))
    await archive.store.replaceEdition(e);
  for (const e of syntheticEditions(corpus, 1200, 10, 32, '1923-01-01'))
    await archive.store.replaceEdition(e);
  raw = new Database(join(opened.dir, 'data', 'archive.sqlite'), { readonly: true });
});
after(async () => {
  raw?.close();
  await cleanup?.();
});

const QUERIES: { q: string; from?: string; to?: string; sort?: string; page?: number; day?: string }[] = [
  { q: `${w(40)} ${w(90)}` },
  { q: `${w(120)} ${w(300)}` },
  { q: `${w(40)} ${w(90)}`, page: 2 },
  { q: `${w(2000)} OR ${w(2500)} OR ${w(60)}` },
  { q: `${w(700)} OR ${w(900)}`, page: 3 },
  { q: w(1500) },
  { q: `${w(30)} -${w(31)}` },
  { q: `headline:${w(20)}` },
  { q: w(50), from: '1923-03-01', to: '1924-02-28' },
  { q: `${w(50)} day:01-15` },
  { q: `${w(80)} ${w(81)}`, sort: '-date' },
  { q: w(200), sort: 'date', page: 2 },
];

/** The page, total and facets the engine's own SQL gives for a search. */
function engine(p: (typeof QUERIES)[number]) {
  const parsed = parseQuery(p.q);
  const where = ['article_fts MATCH @match'];
  if (p.from) where.push('a.date >= @from');
  if (p.to) where.push('a.date <= @to');
  const day = p.day ?? parsed.day;
  if (day) where.push('substr(a.date, 6, 5) = @day');
  const args = { match: toFts5(parsed), from: p.from ?? null, to: p.to ?? null, day: day ?? null };
  const body = `FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE ${where.join(' AND ')}`;
  const rows = raw
    .prepare(
      `SELECT CAST(substr(a.date, 1, 4) AS INTEGER) AS year, a.dateline_place AS place, count(*) AS count ${body} GROUP BY 1, 2`,
    )
    .all(args) as { year: number; place: string | null; count: number }[];
  const order =
    p.sort === '-date'
      ? 'a.date DESC, a.ordinal'
      : p.sort === 'date'
        ? 'a.date, a.ordinal'
        : 'score, a.date, a.ordinal';
  const page = raw
    .prepare(
      `SELECT a.id, bm25(article_fts, 5.0, 1.0, 2.0, 2.0) AS score ${body} ORDER BY ${order} LIMIT 20 OFFSET @offset`,
    )
    .all({ ...args, offset: ((p.page ?? 1) - 1) * 20 }) as { id: string; score: number }[];
  const facets = facetsFrom(rows);
  return { total: rows.reduce((n, r) => n + r.count, 0), ...facets, page };
}

/** The archive's index with the top-k layer off: every search ranked by the engine path. */
function exhaustive() {
  assert.ok(hasTopK(archive.index));
  return archive.index.withTopK(null);
}

async function compare(label: string) {
  const search = new SearchService(exhaustive());
  for (const p of QUERIES) {
    const got = await search.search({ ...p, variants: 'off', pageSize: 20 });
    const want = engine(p);
    const at = `${label}: ${JSON.stringify(p)}`;
    assert.equal(got.total, want.total, `${at}: total`);
    assert.deepEqual(got.years, want.years, `${at}: years`);
    assert.deepEqual(got.places, want.places, `${at}: places`);
    assert.deepEqual(
      got.hits.map((h) => [h.id, h.score]),
      want.page.map((r) => [r.id, Math.round(-r.score * 1000) / 1000]),
      `${at}: page`,
    );
  }
}

test('counts, facets and pages as the engine gives them, bulletins stored out of date order', async () => {
  await compare('stored');
});

test('after bulletins are added (read past the table’s last seq)', async () => {
  for (const e of syntheticEditions(corpus, 200, 10, 33, '1940-01-01')) await archive.store.replaceEdition(e);
  await compare('added');
});

test('after a bulletin is stored again with other places (articles read again from the change log)', async () => {
  const [first] = syntheticEditions(corpus, 10, 10, 32, '1923-01-01');
  const moved: EditionInput = {
    ...first!,
    sourceHash: 'moved-1923-01-01',
    articles: first!.articles.map((a) => ({ ...a, dateline: { ...a.dateline!, place: 'HAIFA' } })),
  };
  await archive.store.replaceEdition(moved);
  await compare('replaced');
  const search = new SearchService(exhaustive());
  const page = await search.search({ q: moved.articles[0]!.headline, variants: 'off' });
  assert.ok(
    page.places.some((p) => p.place === 'HAIFA'),
    'the stored-again place is counted',
  );
});

test('after a reader’s correction (the article read again from the change log)', async () => {
  const [e] = syntheticEditions(corpus, 10, 10, 35, '1960-01-01');
  const blank = [1, 2, 3, 4].map((number) => ({ number, text: '', width: 595, height: 842, words: [] }));
  await archive.store.replaceEdition({ ...e!, pages: blank });
  const edition = (await archive.store.getEdition('1960-01-01'))!;
  const [first] = await archive.store.listArticles(edition.id);
  const a = (await archive.store.getArticle(first!.id))!;
  const body = a.body.split(' ');
  [body[1], body[2]] = [body[2]!, body[1]!];
  // The table is current before the correction, so the change is read from the log, not with a reload.
  await compare('before the correction');
  await archive.corrections.correct(
    a.id,
    { text: body.join(' ') },
    { key: 'k-test00000000000000000', admin: true },
  );
  QUERIES.push({ q: `${body[1]} ${body[2]}` }, { q: a.headline.split(' ')[0]! });
  await compare('corrected');
});

test('a tie running past the rows read after the page is ranked as the engine ranks it', async () => {
  // Thirty articles alike in one bulletin: one score for all of them, broken by ordinal.
  const word = 'zzqtie';
  const [e] = syntheticEditions(corpus, 30, 30, 34, '1950-01-01');
  await archive.store.replaceEdition({
    ...e!,
    articles: e!.articles.map((a, i) => ({
      ...a,
      ordinal: 29 - i,
      headline: `${word} ${w(5)}`,
      body: `${word} ${w(6)} ${w(7)}`,
    })),
  });
  QUERIES.push({ q: word }, { q: `${word} ${w(5)}` }, { q: word, page: 2 });
  await compare('tied');
});
