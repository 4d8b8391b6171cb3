/**
 * Groups of frequent words on FTS5 (docs/adr/0017, as docs/adr/0016 for PostgreSQL): two or more distinct plain
 * words ANDed, by relevance with no dates, that more than the share (0.5 %) of the articles hold together get a
 * list of their own, made by the group's first search that the merge over the words' lists could not answer
 * (one bm25 pass, what the engine's ranking of every match cost before) and read by later searches. It is kept
 * as a NEAR group's is (sqlite-near-lists.ts): each listed article's count of each word, checked against FTS5's
 * own bm25 when made, so a later search scores it exactly as the engine scores the whole query. Stored in
 * `search_topk` under `&word word` (no word holds "&"); the changes logged since it was made that touch the group
 * are patched in (docs/adr/0013), articles added since are merged in at search time, and the refresh and
 * `dateline reindex` remake stale ones. (A phrase of frequent words had its own list already, keyed by its words; a NEAR group too.)
 */
import { rowLength } from '../../search/fts5-bm25.js';
import { instanceCounts, type QueryShape } from '../../search/fts5-instances.js';
import {
  type ArchiveState,
  applyChanges,
  listIsStale,
  PATCH_LIMIT,
  type TopKSettings,
} from '../../search/top-k.js';
import type { FacetRow } from '../facets.js';
import type { SearchRequest } from '../ports.js';
import { SqliteChangeLog } from './sqlite-change-log.js';
import type { SqliteDb } from './sqlite-database.js';
import { archiveStateNow, INDEXED_BODY, type NearList, SqliteNearLists } from './sqlite-near-lists.js';
import type { ScoreRow } from './sqlite-score-row.js';

type Row = ScoreRow;

/** A group of words ANDed, as the merge sees it. */
export type GroupShape = QueryShape & { kind: 'and' };

/** The key a group's list is stored under: its words in the query's order (bm25 adds their parts in that order). */
export function groupKey(words: string[]): string {
  return `&${words.join(' ')}`;
}

/** The FTS5 query of a group, as the reader's query compiles it (sqlite-query-compiler.ts: each word quoted). */
export function groupMatch(words: string[]): string {
  return words.map((w) => `"${w.replaceAll('"', '""')}"`).join(' AND ');
}

/** The group a stored key names. */
export function groupOf(key: string): GroupShape {
  return { kind: 'and', words: key.slice(1).split(' ') };
}

/**
 * Whether a search of words ANDed may have a list of its own: two or more distinct words (a word said twice is
 * scored twice by FTS5; left to the merge and the engine), by relevance, with no date range.
 */
export function groupable(shape: QueryShape, req: SearchRequest): shape is GroupShape {
  return (
    shape.kind === 'and' &&
    shape.words.length >= 2 &&
    new Set(shape.words).size === shape.words.length &&
    req.sort === 'relevance' &&
    !req.from &&
    !req.to
  );
}

export class SqliteGroupLists {
  private readonly near: SqliteNearLists;
  private readonly log: SqliteChangeLog;
  /** Group lists made (for tests and the benchmark; counted in SqliteSearchIndex.listsMade). */
  made = 0;

  constructor(private readonly db: SqliteDb) {
    this.near = new SqliteNearLists(db);
    this.log = new SqliteChangeLog(db);
  }

  /** Whether the group has a stored list (cheap: one look-up by key). */
  has(words: string[]): boolean {
    return this.db.prepare('SELECT 1 FROM search_topk WHERE term = ?').get(groupKey(words)) !== undefined;
  }

  /**
   * The group's list as of `state`: the stored one with the changes logged since it was made patched in
   * (docs/adr/0013: each changed article's entry taken out, put back with its counts now if it holds the group
   * now, its year and place counted -1 if it held it then and +1 now), else made again (more than PATCH_LIMIT
   * changed articles, a log that no longer reaches back); null when it cannot be made.
   */
  current(shape: GroupShape, state: ArchiveState, length: number, floor: number): NearList | null {
    const stored = this.near.read(groupKey(shape.words));
    const patched = stored && this.patched(shape, stored, state);
    return patched ?? this.make(shape, length, floor);
  }

  /** The stored list patched to `state` from the change log, or null when it cannot be (made again). */
  private patched(shape: GroupShape, list: NearList, state: ArchiveState): NearList | null {
    if (list.changes === state.changes) return list;
    const touched = this.log.touching(groupMatch(shape.words), list.changes, state.changes, list.builtSeq);
    if (!touched || touched.size > PATCH_LIMIT) return null;
    if (touched.size === 0) return { ...list, changes: state.changes };
    const rows = this.db
      .prepare(
        `SELECT a.seq, a.date, a.ordinal, a.headline, ${INDEXED_BODY}, a.byline, a.dateline_place AS place, d.sz
         FROM article a JOIN article_fts_docsize d ON d.id = a.seq WHERE a.seq IN (SELECT value FROM json_each(?))`,
      )
      .all(JSON.stringify([...touched.keys()])) as (Row & { sz: Buffer })[];
    const entries: NearList['entries'] = [];
    const counts: number[][] = [];
    for (const [i, e] of list.entries.entries()) {
      if (touched.has(e[0])) continue;
      entries.push(e);
      counts.push(list.extra.counts[i]!);
    }
    const facets: FacetRow[] = [];
    for (const then of touched.values())
      if (then.matched) facets.push({ year: Number(then.date!.slice(0, 4)), place: then.place, count: -1 });
    for (const r of rows) {
      const c = instanceCounts(shape, [r.headline, r.body, r.byline, r.place]);
      if (!c) continue;
      entries.push([r.seq, 0, rowLength(r.sz), r.date, r.ordinal]);
      counts.push(c);
      facets.push({ year: Number(r.date.slice(0, 4)), place: r.place, count: 1 });
    }
    const patched = applyChanges(list, new Set(), [], facets, (e) => e[0]);
    return { ...patched, entries, changes: state.changes, extra: { ...list.extra, counts } };
  }

  /** Makes the group's list (one pass over its matches), stored when more articles than `floor` hold it. */
  make(shape: GroupShape, length: number, floor: number): NearList | null {
    this.made++;
    const key = groupKey(shape.words);
    const list = this.near.build(shape, groupMatch(shape.words), length, key, (df) => df > floor);
    // Made from a snapshot that no longer holds the group often enough: a stored list of it would be stale.
    if (list && list.df <= floor) this.db.prepare('DELETE FROM search_topk WHERE term = ?').run(key);
    return list;
  }

  /**
   * The refresh's and `dateline reindex`'s part (before the words' lists, whose end prunes the log): every stored
   * group's list a logged change touches, or past whose seq more articles were added than a list is long, is
   * made again; the others' points move on to the present. Stops starting lists after `budgetMs`.
   */
  remake(
    settings: TopKSettings,
    budgetMs = Number.POSITIVE_INFINITY,
    progress?: (done: number, total: number, term: string) => void,
  ): { made: number; current: number; stopped: boolean } {
    const started = performance.now();
    const out = { made: 0, current: 0, stopped: false };
    const rows = this.keys();
    for (const [i, r] of rows.entries()) {
      const state = archiveStateNow(this.db);
      const shape = groupOf(r.term);
      const touched = this.log.touches(groupMatch(shape.words), r.changes, state.changes, r.builtSeq);
      if (!listIsStale({ ...r, touched }, state, settings)) {
        out.current++;
        if (r.changes < state.changes) this.log.advance(r.term, r.changes, state.changes);
      } else if (performance.now() - started <= budgetMs) {
        // Kept whatever its count now: a stored group's next search would read it (as a word's list is remade).
        const list = this.make(shape, settings.length, Number.NEGATIVE_INFINITY);
        // Our counts disagreed with FTS5's (it could not be made): dropped, its next search ranks as before.
        if (!list) this.db.prepare('DELETE FROM search_topk WHERE term = ?').run(r.term);
        out.made++;
      } else out.stopped = true;
      progress?.(i + 1, rows.length, r.term);
    }
    return out;
  }

  /** The stored groups' keys, most matches first, with what each list was made at. */
  keys(): { term: string; builtSeq: number; changes: number }[] {
    return this.db
      .prepare(
        "SELECT term, built_seq AS builtSeq, changes FROM search_topk WHERE term LIKE '&%' ORDER BY df DESC, term",
      )
      .all() as { term: string; builtSeq: number; changes: number }[];
  }
}
