/**
 * bm25_idf(): FTS5's bm25() told each phrase's document count instead of counting it (fts5-idf.c). FTS5's
 * bm25() walks every posting of each phrase of the query once per statement for its idf, however few rows
 * the statement ranks (at 1M articles 191 ms for a word in every article); the top-k layer knows a listed
 * word's, phrase's or prefix's count exactly (its list's count and the matches added since), so the ranking
 * statements pass it in. The scores are bm25()'s to the bit (same formula, same order of operations; the
 * test fts5-idf.integration.test.ts holds them to it).
 *
 * The extension is compiled by `npm install` (fts5-idf-build.mjs, into build/). Where it is missing or does
 * not load (no C compiler, `--ignore-scripts`), or DATELINE_BM25_IDF=off, every statement ranks with
 * bm25() as before, and the first database to try says so once.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedQuery, Term } from '../../search/query.js';
import type { ArchiveState } from '../../search/top-k.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import type { SqliteDb } from './sqlite-database.js';

const SUFFIX: Record<string, string> = { darwin: 'dylib', win32: 'dll' };
/** Where fts5-idf-build.mjs writes the extension (the repository's build/). */
export const EXTENSION_FILE = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'build',
  `fts5-idf.${SUFFIX[process.platform] ?? 'so'}`,
);

/** Listed terms whose count is their list's plus the matches added since it was made, up to this many. */
const ADDED = 2000;
/** Changed articles touching a list past which its count is left to the engine (one look-up each). */
const TOUCHED = 500;

const loaded = new WeakMap<SqliteDb, boolean>();
let said = false;

/** Whether bm25_idf() is registered on `db` (loaded on the first call for each connection). */
export function hasBm25Idf(db: SqliteDb): boolean {
  let ok = loaded.get(db);
  if (ok !== undefined) return ok;
  ok = false;
  if (process.env.DATELINE_BM25_IDF !== 'off') {
    try {
      if (!existsSync(EXTENSION_FILE))
        throw new Error(`${EXTENSION_FILE} is missing (npm install builds it)`);
      // better-sqlite3 takes the entry point too (its types do not say so): the file's name would give another.
      (db as unknown as { loadExtension(file: string, entry: string): void }).loadExtension(
        EXTENSION_FILE,
        'sqlite3_fts5idf_init',
      );
      ok = true;
    } catch (err) {
      if (!said) {
        said = true;
        console.warn(
          `dateline: the faster ranking (bm25_idf) is off, search ranks with FTS5's bm25(): ${(err as Error).message}`,
        );
      }
    }
  }
  loaded.set(db, ok);
  return ok;
}

/**
 * The ranking expression of article_fts: bm25_idf() with the count spec bound as `param`, or bm25() where
 * the extension is not loaded (the spec parameter is then not in the SQL: bind it only when `spec` says so).
 */
export function rankSql(db: SqliteDb, weights: string, param = '@idf'): string {
  return hasBm25Idf(db) ? `bm25_idf(article_fts, ${param}, ${weights})` : `bm25(article_fts, ${weights})`;
}

/** One FTS5 phrase of a query: its tokens and its document count, or null (counted by the engine). */
export type KnownPhrase = { tokens: string[]; df: number } | null;

/**
 * The spec bm25_idf() reads: one entry per phrase in the engine's order, `tok+tok=count` or `-`. A token
 * holding a space, `+` or `=` (none the tokenizer makes) is left to the engine.
 */
export function idfSpec(phrases: KnownPhrase[]): string {
  return phrases
    .map((p) =>
      p && p.tokens.length > 0 && p.tokens.every((t) => t !== '' && !/[\s+=]/.test(t))
        ? `${p.tokens.join('+')}=${p.df}`
        : '-',
    )
    .join(' ');
}

/**
 * The list key of each FTS5 phrase of a compiled query (sqlite-query-compiler.ts), in the engine's order:
 * the positive groups' terms as written, then the negated ones; a NEAR group is a phrase per word. Null for a
 * phrase no list counts exactly as the engine does: a field's (the engine counts within the column only).
 */
export function phraseKeys(q: ParsedQuery): { key: string | null; tokens: string[] }[] {
  const of = (t: Term) => {
    if (t.kind === 'phrase' && t.slop !== null)
      return t.words.map((w) => ({ key: t.field === 'all' ? w : null, tokens: [w] }));
    const prefix = t.kind === 'word' && t.prefix;
    const key = t.field === 'all' ? `${t.words.join(' ')}${prefix ? '*' : ''}` : null;
    return [{ key, tokens: t.words }];
  };
  const positive = q.groups.filter((g) => !g[0]!.negated).flatMap((g) => g.flatMap(of));
  const negative = q.groups.filter((g) => g[0]!.negated).map((g) => g[0]!);
  return [...positive, ...negative.flatMap(of)];
}

/**
 * A listed term's document count now, exactly: its list's count plus the matches added since it was made,
 * and, where articles were changed or deleted since, each one the change log says the term touches counted
 * again (it matched then, does it now). Null when the list is too far behind or the log no longer reaches
 * back to it (the engine then counts it, walking every posting: tens of ms for a word in most articles).
 */
export function listedDf(db: SqliteDb, key: string, state: ArchiveState): number | null {
  const listed = db
    .prepare('SELECT df, built_seq AS builtSeq, changes FROM search_topk WHERE term = ?')
    .get(key) as { df: number; builtSeq: number; changes: number } | undefined;
  if (!listed || state.maxSeq - listed.builtSeq > ADDED) return null;
  const prefix = key.endsWith('*');
  const words = prefix ? key.slice(0, -1) : key;
  const match = `"${words.replaceAll('"', '""')}"${prefix ? '*' : ''}`;
  let df = listed.df;
  if (listed.changes !== state.changes) {
    const touched = new SqliteChangeLog(db).touching(match, listed.changes, state.changes, listed.builtSeq);
    if (!touched || touched.size > TOUCHED) return null;
    // One article of the term's postings each (FTS5 seeks to an integer rowid): does it hold the term now.
    const holds = db
      .prepare(
        'SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)',
      )
      .pluck();
    for (const [seq, then] of touched) df += (holds.get(match, seq, seq) as number) - (then.matched ? 1 : 0);
  }
  if (state.maxSeq <= listed.builtSeq) return df;
  const added = db
    .prepare('SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid > CAST(? AS INTEGER)')
    .pluck()
    .get(match, listed.builtSeq) as number;
  return df + added;
}

/**
 * The articles that hold a word now: its list's count when it has one (listedDf), else FTS5's vocabulary,
 * whose count walks every posting of the word (120 ms for two words in nearly every article at 1M; a few ms
 * for a word without a list); 0 for a word in no article.
 */
export function wordDf(db: SqliteDb, word: string, state: ArchiveState): number {
  return (
    listedDf(db, word, state) ??
    (db.prepare('SELECT doc FROM article_vocab WHERE term = ?').pluck().get(word) as number | undefined) ??
    0
  );
}

/**
 * The spec for a query's ranking statement: each phrase with a current list, its count; the others counted
 * by the engine. Read in the same transaction as the statement it is bound to (the counts are of that
 * snapshot). '' when the extension is not loaded.
 */
export function querySpec(db: SqliteDb, q: ParsedQuery, state: ArchiveState): string {
  if (!hasBm25Idf(db)) return '';
  return idfSpec(
    phraseKeys(q).map(({ key, tokens }) => {
      const df = key === null ? null : listedDf(db, key, state);
      return df === null ? null : { tokens, df };
    }),
  );
}
