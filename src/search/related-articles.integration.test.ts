/**
 * An article page's related articles, on both backends: the related index (a short ranking of summaries,
 * store/ports/related-index.ts) gives the same articles, in the same order, as a search of the same words
 * through the search index, equal scores included.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { type Archive, openArchive } from '../app.js';
import type { EditionInput } from '../store/ports.js';
import { anyOfWords } from './query.js';
import { SearchService } from './search.service.js';

const corpus = makeCorpus();

/**
 * One article printed alike on `n` days, the latest stored first: every copy scores the same for its words,
 * and the engine's own order of equal scores (its row ids) is the reverse of the dates'.
 */
function copies(n: number): EditionInput[] {
  const [first] = syntheticEditions(corpus, 1, 1, 31, '1950-01-01');
  return Array.from({ length: n }, (_, i) => {
    const date = `1950-02-${String(i + 1).padStart(2, '0')}`;
    const a = first!.articles[0]!;
    return {
      ...first!,
      date,
      sourceHash: `copy-${date}`,
      sourceName: `${date}.pdf`,
      articles: [{ ...a, body: `${a.body} zyzzyvaword`, dateline: { ...a.dateline!, date } }],
    };
  }).reverse();
}

async function checkRelated(archive: Archive): Promise<void> {
  for (const e of syntheticEditions(corpus, 300, 10, 29, '1940-01-01')) await archive.store.replaceEdition(e);
  for (const e of copies(20)) await archive.store.replaceEdition(e);
  // The archive's search has the related index (app.ts); this one finds related articles by a search.
  const bySearch = new SearchService(archive.index);
  const articles = await archive.store.harvest({ after: 0, limit: 320 });
  let shown = 0;
  for (const { article } of articles.filter((_, i) => i % 8 === 0)) {
    const [fast, slow] = [await archive.search.related(article, 5), await bySearch.related(article, 5)];
    assert.deepEqual(
      fast.map((h) => [h.id, h.score]),
      slow.map((h) => [h.id, h.score]),
      `related articles of ${article.id}`,
    );
    assert.ok(
      fast.every((h) => h.id !== article.id && h.slug && h.headline && h.date),
      'summaries, never the article itself',
    );
    shown += fast.length;
  }
  assert.ok(shown >= 100, `related articles found (${shown} for 40 articles)`);
  // Twenty copies score alike: the search orders them by date, and so must the short ranking, even where
  // the equal scores run past the candidates it keeps beyond the places asked for.
  for (const limit of [1, 4, 16, 25]) {
    const got = await archive.relatedIndex.bestMatches(anyOfWords(['zyzzyvaword']), limit);
    const want = await archive.index.search({
      query: anyOfWords(['zyzzyvaword']),
      sort: 'relevance',
      offset: 0,
      limit,
      facets: false,
    });
    assert.deepEqual(
      got.map((h) => [h.date, h.score]),
      want.hits.map((h) => [h.date, h.score]),
      `top ${limit} of equal scores`,
    );
    assert.equal(got.length, Math.min(limit, 20));
    assert.equal(got[0]!.date, '1950-02-01', 'the earliest copy first');
    assert.ok(
      got.every((h) => h.snippet === '' && h.text === undefined),
      'no text read',
    );
  }
}

test('sqlite: related articles from the related index are those a search of the same words ranks first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-related-'));
  const archive = await openArchive({ dataDir: join(dir, 'data') });
  try {
    await checkRelated(archive);
  } finally {
    await archive.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test('postgres: related articles from the related index are those a search of the same words ranks first', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-related-pg-'));
  const { url, drop } = tempSchemaUrl();
  const archive = await openArchive({ dataDir: join(dir, 'data'), db: url });
  try {
    await checkRelated(archive);
  } finally {
    await archive.close();
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
});
