/**
 * The index's vocabulary (every word with its number of articles), read from FTS5's `fts5vocab` table a
 * slice of words at a time. Counting a word's articles walks its whole posting list, so one statement over
 * the vocabulary held the process for 4–14 s on the bench's 1M archive (the server did not listen until it
 * was done, and every reader waited again after each ingest); between slices the event loop runs.
 */
import type Database from 'better-sqlite3';

/** Words a slice: at 1M articles a slice of the commonest words is read in about 0.1 s. */
export const VOCABULARY_SLICE = 1000;

/** Every word of the index with its article count, read `slice` words at a time, yielding between slices. */
export async function readVocabulary(
  db: Database.Database,
  slice = VOCABULARY_SLICE,
): Promise<Map<string, number>> {
  const next = db.prepare('SELECT term, doc FROM article_vocab WHERE term > ? ORDER BY term LIMIT ?').raw();
  const out = new Map<string, number>();
  let after = '';
  for (;;) {
    const rows = next.all(after, slice) as [string, number][];
    for (const [term, doc] of rows) out.set(term, doc);
    if (rows.length < slice) return out;
    after = rows.at(-1)![0];
    await new Promise((resolve) => setImmediate(resolve));
  }
}
