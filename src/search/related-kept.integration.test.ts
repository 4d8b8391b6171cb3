/**
 * Kept related lists (migration 17), on both backends: a ranking is read again while nothing touches it, and
 * ranked again, as a search of the same words ranks them now, after an article holding one of its words is
 * added, corrected or replaced by a new source; a correction or a new bulletin without its words keeps it.
 * A kept list outlives the process that ranked it; the change log's prune drops lists made before its floor;
 * migration 17 on an archive stored before it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import pg from 'pg';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import { tempSchemaUrl } from '../../test/helpers/postgres.js';
import { type Archive, openArchive } from '../app.js';
import type { EditionInput } from '../store/ports.js';
import { parsePgUrl } from '../store/postgres/postgres-database.js';
import { anyOfWords } from './query.js';
import { hasTopK } from './top-k.js';

const corpus = makeCorpus();
const MARK = 'zyzzyvamark';
const blank = [1, 2, 3, 4].map((number) => ({ number, text: '', width: 595, height: 842, words: [] }));

/** A bulletin of three synthetic articles on `date`, the first `marked` of them holding the mark `times` times. */
function bulletin(date: string, seed: number, marked: number, times = 1): EditionInput {
  const [e] = syntheticEditions(corpus, 3, 3, seed, date);
  return {
    ...e!,
    pages: blank,
    articles: e!.articles.map((a, i) =>
      i < marked ? { ...a, body: `${a.body}${` ${MARK}`.repeat(times + i)}` } : a,
    ),
  };
}

/** Migration 17 taken back (run with the archive closed): an archive as it was before kept lists. */
const UNDO_17 = 'DROP TABLE related_list; DELETE FROM schema_migration WHERE version = 17;';

interface Sql {
  /** Runs statements on the archive's database (the archive closed). */
  exec(sql: string): Promise<void>;
  value(sql: string): Promise<number>;
}

async function check(open: () => Promise<Archive>, sql: Sql): Promise<void> {
  let archive = await open();
  const made = () => (archive.relatedIndex as unknown as { listsMade(): number }).listsMade();
  const query = anyOfWords([MARK, 'zyzzyvaother']);
  // Each view's list written before the next (PostgreSQL writes it without the page waiting).
  const related = async () => {
    const hits = await archive.relatedIndex.bestMatches(query, 4);
    await archive.relatedIndex.flush();
    return hits;
  };
  /** What a search of the same words ranks first now: the list must be this whenever it was ranked again. */
  const fresh = async () =>
    (await archive.index.search({ query, sort: 'relevance', offset: 0, limit: 4, facets: false })).hits.map(
      (h) => [h.id, h.score],
    );
  const ids = (hits: { id: string; score: number }[]) => hits.map((h) => [h.id, h.score]);
  const correct = async (id: string, text: string) => {
    await archive.corrections.correct(id, { text }, { key: 'k-test00000000000000000', admin: true });
  };
  try {
    for (const e of syntheticEditions(corpus, 200, 10, 29, '1940-01-01'))
      await archive.store.replaceEdition(e);
    for (let d = 1; d <= 4; d++) await archive.store.replaceEdition(bulletin(`1951-03-0${d}`, 40 + d, 2, d));
    const first = await related();
    assert.equal(first.length, 4);
    assert.deepEqual(ids(first), await fresh());
    assert.equal(made(), 1);
    assert.deepEqual(ids(await related()), ids(first), 'read again as it was');
    assert.equal(made(), 1, 'the second view reads the kept list');

    // A bulletin without the words, and a correction of an article without them: the list is kept.
    await archive.store.replaceEdition(bulletin('1951-04-01', 60, 0));
    const other = (await archive.store.listArticles((await archive.store.getEdition('1951-04-01'))!.id))[0]!;
    const otherBody = (await archive.store.getArticle(other.id))!.body.split(' ');
    [otherBody[1], otherBody[2]] = [otherBody[2]!, otherBody[1]!];
    await correct(other.id, otherBody.join(' '));
    assert.deepEqual(ids(await related()), ids(first));
    assert.equal(made(), 1, 'nothing holding its words changed: kept');

    // A new bulletin whose article holds the mark most often: ranked again, and it comes first.
    await archive.store.replaceEdition(bulletin('1951-05-01', 61, 1, 9));
    const added = await related();
    assert.equal(made(), 2, 'an added article holding a word: ranked again');
    assert.deepEqual(ids(added), await fresh());
    assert.equal(added[0]!.date, '1951-05-01');

    // A reader's correction taking the mark out of the first article listed: ranked again.
    const top = (await archive.store.getArticle(added[0]!.id))!;
    await correct(top.id, top.body.replaceAll(MARK, 'zyzzyvagone'));
    const corrected = await related();
    assert.equal(made(), 3, 'a correction of an article holding a word: ranked again');
    assert.deepEqual(ids(corrected), await fresh());
    // (Its original reading is still searched beside the corrected text, so it may stay listed.)

    // A new source for a listed article's date, its articles without the mark: ranked again.
    const replaced = corrected[0]!.date;
    await archive.store.replaceEdition({ ...bulletin(replaced, 70, 0), sourceHash: `new-${replaced}` });
    const after = await related();
    assert.equal(made(), 4, 'a replaced bulletin that held a word: ranked again');
    assert.deepEqual(ids(after), await fresh());
    assert.ok(!after.some((h) => h.date === replaced), 'no article of the replaced bulletin is listed');

    // Through the search service, as an article page asks: its list is kept too, and refreshed alike.
    const page = (await archive.store.getArticle(after[0]!.id))!;
    const shown = await archive.search.related(page, 5);
    await archive.relatedIndex.flush();
    const ranked = made();
    assert.deepEqual(await archive.search.related(page, 5), shown);
    assert.equal(made(), ranked, "an article page's second view reads its kept list");

    // The lists outlive the process: a server opened again reads them as they were.
    await archive.close();
    archive = await open();
    assert.deepEqual(ids(await related()), ids(after));
    assert.deepEqual(await archive.search.related(page, 5), shown);
    assert.equal(made(), 0, 'read from the kept lists');

    // The change log's prune drops the lists made before its new floor (none could be read again, and a list
    // whose query changed is never asked for again): here a correction, then the lists made again.
    assert.ok((await sql.value('SELECT count(*) FROM related_list')) >= 2);
    [otherBody[3], otherBody[4]] = [otherBody[4]!, otherBody[3]!];
    await correct(other.id, otherBody.join(' '));
    assert.ok(hasTopK(archive.index));
    await archive.index.rebuildTopK();
    assert.equal(await sql.value('SELECT count(*) FROM related_list'), 0, 'pruned with the log');
    assert.deepEqual(ids(await related()), ids(after), 'ranked again alike');
    assert.equal(made(), 1);

    // Migration 17 on an archive stored before it: the table is made, and the lists ranked as before.
    await archive.close();
    await sql.exec(UNDO_17);
    archive = await open();
    assert.deepEqual(ids(await related()), ids(after));
    assert.equal(made(), 1);
  } finally {
    await archive.close();
  }
}

/** Runs statements in the URL's schema; the rows of the last. */
async function pgQuery(url: string, text: string): Promise<Record<string, unknown>[]> {
  const { connectionString, schema } = parsePgUrl(url);
  const c = new pg.Client({ connectionString });
  await c.connect();
  try {
    await c.query(`SET search_path TO "${schema}"`);
    const r = await c.query(text);
    return (Array.isArray(r) ? r[r.length - 1] : r).rows;
  } finally {
    await c.end();
  }
}

test('sqlite: kept related lists are read again until an article holding their words changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-related-kept-'));
  try {
    await check(() => openArchive({ dataDir: join(dir, 'data') }), {
      exec: async (text) => {
        const db = new Database(join(dir, 'data', 'archive.sqlite'));
        db.exec(text);
        db.close();
      },
      value: async (text) => {
        const db = new Database(join(dir, 'data', 'archive.sqlite'), { readonly: true });
        const v = Number(db.prepare(text).pluck().get());
        db.close();
        return v;
      },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('postgres: kept related lists are read again until an article holding their words changes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-related-kept-pg-'));
  const { url, drop } = tempSchemaUrl();
  try {
    await check(() => openArchive({ dataDir: join(dir, 'data'), db: url }), {
      exec: async (text) => void (await pgQuery(url, text)),
      value: async (text) => Number((await pgQuery(url, text))[0]?.count),
    });
  } finally {
    await drop();
    await rm(dir, { recursive: true, force: true });
  }
});
