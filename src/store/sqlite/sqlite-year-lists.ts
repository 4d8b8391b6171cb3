/**
 * A common word within one or two calendar years, by relevance (issue #17, the "common word, one year" class):
 * its best articles of each year, kept in memory, so that only the year's articles are ever scored. FTS5's
 * bm25() walks every posting of the word once per statement for its idf (tens of ms for a word in most of a
 * million articles), however few rows the statement ranks; a year's list is made by one such statement over
 * the year's seqs (what the search cost before), and later searches of the word in that year read it.
 * Each list keeps its articles' weighted counts and lengths, re-scored with the idf and average length of
 * now (search/fts5-bm25.ts), and the most any other article of its year can score, as the word lists of
 * docs/adr/0008 do: a page is answered only when its last beats that bound, strictly. Articles added since
 * a list was made are scored in code; a changed or deleted article (the change count) makes it again.
 */
import { bm25, ceilingPart, freqOf, idf, rowLength, rowPart } from '../../search/fts5-bm25.js';
import { byRank, type Ranked } from '../../search/top-k.js';
import { facetsFrom } from '../facets.js';
import type { SearchRequest } from '../ports.js';
import { idfSpec, rankSql } from './fts5-idf.js';
import type { SqliteDb } from './sqlite-database.js';
import { hitTableOf } from './sqlite-hit-table.js';
import { archiveStateNow } from './sqlite-near-lists.js';

/** Articles kept per year: pages up to this far are answered from the lists. */
const KEEP = 100;
/** Year lists kept in memory (a few KB each). */
const CACHE = 1000;
/** Ranges over more calendar years than this are left to the merge over the word's own list. */
const YEARS = 2;
/** Articles added since the lists were made that are scored at search time; more and they are made again. */
const ADDED = 2000;

type FacetCount = { year: number; count: number };
type PlaceCount = { place: string; count: number };

/** A listed article: seq, the word's weighted count in it, its length in tokens, date, ordinal. */
type Entry = [number, number, number, string, number];

interface YearList {
  builtSeq: number;
  changes: number;
  /** The average row length the list was made under, and its last article's row part (0 when complete). */
  avgdl: number;
  floor: number;
  /** Every match of the year is listed. */
  complete: boolean;
  entries: Entry[];
}

/** What the archive is now, as the merge reads it. */
interface State {
  maxSeq: number;
  changes: number;
  articles: number;
  avgdl: number;
}

export class SqliteYearLists {
  private readonly cache = new Map<string, YearList>();
  /** Year lists made, and searches answered from them (tests). */
  made = 0;
  answered = 0;

  constructor(
    private readonly db: SqliteDb,
    private readonly weights: string,
  ) {}

  /**
   * The best `need` articles holding `word` in the request's date range, best first and proven, or null (a
   * range over more than YEARS calendar years or open at one end, a page past KEEP, or a page the lists
   * cannot prove). `df` is the word's article count at `state`; `score` scores articles exactly in code.
   */
  async best(
    word: string,
    req: SearchRequest,
    need: number,
    df: number,
    state: State,
    score: (seqs: number[]) => Promise<Ranked[]>,
  ): Promise<Ranked[] | null> {
    if (!req.from || !req.to || need > KEEP) return null;
    const first = Number(req.from.slice(0, 4));
    const last = Number(req.to.slice(0, 4));
    if (!(last >= first) || last - first + 1 > YEARS) return null;
    const lists: YearList[] = [];
    for (let year = first; year <= last; year++) {
      const key = `${year} ${word}`;
      let list = this.cache.get(key);
      if (!list || list.changes !== state.changes || state.maxSeq - list.builtSeq > ADDED) {
        list = this.build(word, year, df, state) ?? undefined;
        if (!list) return null;
        this.cache.delete(key);
        if (this.cache.size >= CACHE) this.cache.delete(this.cache.keys().next().value!);
      } else this.cache.delete(key);
      // Kept last in the map's order: the least recently used go first.
      this.cache.set(key, list);
      lists.push(list);
    }
    const w = idf(state.articles, df);
    const found: Ranked[] = [];
    const listed = new Set<number>();
    for (const list of lists) {
      for (const [seq, freq, length, date, ordinal] of list.entries) {
        if (date < req.from || date > req.to) continue;
        listed.add(seq);
        found.push({ seq, date, ordinal, score: 0 + w * rowPart(freq, length, state.avgdl) });
      }
    }
    // Articles added since the oldest list was made: scored in code, those in the range kept.
    const since = Math.min(...lists.map((l) => l.builtSeq));
    if (state.maxSeq > since) {
      const added = this.db
        .prepare(
          'SELECT rowid FROM article_fts WHERE article_fts MATCH ? AND rowid > CAST(? AS INTEGER) ORDER BY rowid LIMIT ?',
        )
        .pluck()
        .all(`"${word.replaceAll('"', '""')}"`, since, ADDED + 1) as number[];
      if (added.length > ADDED) return null;
      found.push(...(await score(added.filter((s) => !listed.has(s)))));
    }
    found.sort(byRank);
    // A hair above the proven bound: the engine's arithmetic may differ from ours in the last bit.
    const ceiling = Math.max(
      ...lists.map((l) =>
        l.complete ? -Infinity : w * ceilingPart(l.floor, l.avgdl, state.avgdl) * (1 + 1e-9),
      ),
    );
    const page = found.slice(0, need);
    const proven = ceiling === -Infinity || (page.length === need && page[need - 1]!.score > ceiling);
    if (!proven) return null;
    this.answered++;
    return page;
  }

  /**
   * The word's exact total, year and place counts in the request's date range: its matches among the range's
   * seqs (FTS5 seeks them without scoring), their dates and places from the hit table in memory.
   */
  counts(word: string, req: SearchRequest): { total: number; years: FacetCount[]; places: PlaceCount[] } {
    return this.db.transaction(() => {
      const table = hitTableOf(this.db);
      table.sync();
      const span = this.db
        .prepare(
          'SELECT min(seq) AS lo, max(seq) AS hi FROM article INDEXED BY article_date WHERE date >= ? AND date <= ?',
        )
        .get(req.from ?? '', req.to ?? '\uffff') as { lo: number | null; hi: number | null };
      const json =
        span.lo === null
          ? '[]'
          : (this.db
              .prepare(
                'SELECT json_group_array(rowid) FROM article_fts WHERE article_fts MATCH ? AND rowid BETWEEN CAST(? AS INTEGER) AND CAST(? AS INTEGER)',
              )
              .pluck()
              .get(`"${word.replaceAll('"', '""')}"`, span.lo, span.hi) as string);
      const seqs = table.filter(JSON.parse(json) as number[], req);
      return { total: seqs.length, ...facetsFrom(table.facetRows(seqs)) };
    })();
  }

  /**
   * The year's best KEEP matches (and any tied with the last) from one bm25() pass over the year's seqs, with
   * their weighted counts solved from their scores; null when the archive moved since `state` was read or a
   * count does not give back FTS5's score (the list is then not used).
   */
  private build(word: string, year: number, df: number, state: State): YearList | null {
    return this.db.transaction(() => {
      const now = archiveStateNow(this.db);
      if (now.maxSeq !== state.maxSeq || now.changes !== state.changes) return null;
      this.made++;
      const span = this.db
        .prepare(
          'SELECT min(seq) AS lo, max(seq) AS hi FROM article INDEXED BY article_date WHERE date >= ? AND date <= ?',
        )
        .get(`${year}-01-01`, `${year}-12-31`) as { lo: number | null; hi: number | null };
      const empty = {
        builtSeq: now.maxSeq,
        changes: now.changes,
        avgdl: now.avgdl,
        floor: 0,
        complete: true,
      };
      if (span.lo === null || span.hi === null) return { ...empty, entries: [] };
      const table = hitTableOf(this.db);
      table.sync();
      if (!table.keyed) return null;
      // Rows, not one JSON array: JSON would round the scores to 15 digits. The word's count at `state` is
      // known: bm25_idf() ranks the year without bm25()'s walk of every posting of the word (fts5-idf.ts).
      const rows = this.db
        .prepare(
          `SELECT rowid, ${rankSql(this.db, this.weights, '@idf')} FROM article_fts
           WHERE article_fts MATCH @match AND rowid BETWEEN CAST(@lo AS INTEGER) AND CAST(@hi AS INTEGER)`,
        )
        .raw()
        .all({
          match: `"${word.replaceAll('"', '""')}"`,
          lo: span.lo,
          hi: span.hi,
          idf: idfSpec([{ tokens: [word], df }]),
        }) as [number, number][];
      const inYear = rows.filter(([seq]) => Math.floor(table.keyOf(seq) / 10_000) === year);
      inYear.sort((a, b) => a[1] - b[1] || table.compare(a[0], b[0]));
      let n = Math.min(KEEP, inYear.length);
      while (n < inYear.length && inYear[n]![1] === inYear[n - 1]![1]) n++;
      const kept = inYear.slice(0, n);
      const sizes = new Map(
        (
          this.db
            .prepare('SELECT id, sz FROM article_fts_docsize WHERE id IN (SELECT value FROM json_each(?))')
            .raw()
            .all(JSON.stringify(kept.map(([seq]) => seq))) as [number, Buffer][]
        ).map(([id, sz]) => [id, rowLength(sz)]),
      );
      const w = idf(now.articles, df);
      const entries: Entry[] = [];
      for (const [seq, score] of kept) {
        const length = sizes.get(seq) ?? 0;
        const freq = freqOf(score, w, length, now.avgdl);
        if (bm25(w, freq, length, now.avgdl) !== score) return null;
        entries.push([seq, freq, length, table.dateOf(seq)!, table.ordinalOf(seq)]);
      }
      const lastEntry = entries[entries.length - 1];
      const complete = kept.length === inYear.length;
      const floor = complete || !lastEntry ? 0 : rowPart(lastEntry[1], lastEntry[2], now.avgdl);
      return { ...empty, floor, complete, entries };
    })();
  }
}
