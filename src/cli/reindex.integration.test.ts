import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { datelineChild } from '../../test/helpers/spawn.js';
import { openArchive } from '../app.js';
import { hasTopK } from '../search/top-k.js';

test('dateline reindex rebuilds the index and makes lists for the most frequent words, with progress', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-reindex-'));
  try {
    const corpus = makeCorpus();
    const archive = await openArchive({ dataDir: dir });
    for (const e of syntheticEditions(corpus, 300)) await archive.store.replaceEdition(e);
    await archive.close();

    const run = datelineChild(['reindex', '--data', dir], {
      DATELINE_TOPK_PREBUILD: '2',
      DATELINE_TOPK_LENGTH: '20',
    });
    assert.equal(await run.exited, 0, run.out());
    assert.match(run.out(), /Rebuilding the full-text index/);
    assert.match(run.out(), /2\/2 top-k lists/);
    assert.match(run.out(), /Rebuilt the full-text index and 2 top-k lists\./);
    assert.match(run.out(), /top-k lists: 2 made, 0 already current, of 2 \(/);

    // Run again (or after an interruption) it leaves the lists already made at the archive's state.
    const rerun = datelineChild(['reindex', '--data', dir, '--lists-only'], {
      DATELINE_TOPK_PREBUILD: '2',
      DATELINE_TOPK_LENGTH: '20',
    });
    assert.equal(await rerun.exited, 0, rerun.out());
    assert.match(rerun.out(), /Rebuilt 0 top-k lists \(2 already current\)\./);

    const again = await openArchive({ dataDir: dir });
    try {
      assert.ok(hasTopK(again.index));
      // Lists for two of the words in the most articles: none of the text's 20 commonest is in more.
      const listed = await again.index.listedWords();
      assert.equal(listed.length, 2);
      const articles = async (w: string) => (await again.search.search({ q: w, variants: 'off' })).total;
      const least = Math.min(...(await Promise.all(listed.map(articles))));
      for (const w of corpus.words.slice(0, 20))
        assert.ok((await articles(w)) <= least, `${w} is in more articles`);
    } finally {
      await again.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
