/** A queue worker remakes the top-k lists its jobs made stale once the queue has drained (docs/adr/0012). */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { postgresBackend } from '../../test/helpers/postgres.js';
import { bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { hasTopK } from '../search/top-k.js';
import { runWorker } from './worker.js';

test('a worker remakes the top-k lists its jobs made stale, once the queue has drained', async () => {
  const { archive, inbox, cleanup } = await postgresBackend.open();
  try {
    assert.ok(archive.queue, 'the PostgreSQL archive has a queue');
    assert.ok(hasTopK(archive.index));
    await mkdir(inbox, { recursive: true });
    const ingest = async (name: string, pages: string[]) => {
      const path = join(inbox, name);
      await writeFile(path, await typedPdf(pages));
      await archive.queue!.enqueue([path]);
      const log: string[] = [];
      await runWorker(archive, { exitWhenIdle: true, pollMs: 50, log: (l) => log.push(l) });
      return log;
    };
    // Nothing listed yet, so the first drained queue has no list to remake (and no word is in 1,000 articles).
    const first = await ingest('1974-12-19.pdf', bulletin1974);
    assert.ok(!first.some((l) => l.startsWith('top-k lists:')), first.join('\n'));
    // Its first search makes the word's list (in a bulletin's few articles every word is over 0.5 %).
    const before = await archive.search.search({ q: 'refugees', variants: 'off' });
    assert.ok(before.total > 0);
    assert.deepEqual(await archive.index.listedWords(), ['refugees']);
    // A new reading of the same bulletin replaces its articles: the change makes the list stale, and the
    // worker remakes it once its job is done, before any reader searches again.
    const replaced = bulletin1974.map((p) =>
      p.replace('the refugees in the camps', 'the refugees, refugees'),
    );
    const second = await ingest('1974-12-19-again.pdf', replaced);
    assert.ok(
      second.includes('top-k lists: 1 made, 0 current, of 1'),
      `the worker's log:\n${second.join('\n')}`,
    );
    const refreshed = await archive.index.refreshTopK(60_000);
    assert.equal(refreshed.made, 0, 'the list is current');
    const after = await archive.search.search({ q: 'refugees', variants: 'off' });
    const off = await archive.index.withTopK(null).search({
      query: {
        groups: [[{ kind: 'word', field: 'all', words: ['refugees'], prefix: false, negated: false }]],
        words: ['refugees'],
        from: null,
        to: null,
        day: null,
      },
      sort: 'relevance',
      offset: 0,
      limit: 20,
    });
    assert.equal(after.total, off.total);
    assert.deepEqual(
      after.hits.map((h) => h.id),
      off.hits.map((h) => h.id),
    );
  } finally {
    await cleanup();
  }
});
