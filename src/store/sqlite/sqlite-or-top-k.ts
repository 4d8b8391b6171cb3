/**
 * An OR of single words (a word and its variants, docs/search.md) where some of the words are common enough to
 * have current top-k lists: only what can reach the page is scored. Every score is FTS5's bm25 of the whole OR
 * (one phrase per word, each with its own idf), a sum over the words an article holds. The rare words' matches
 * are few: one FTS5 pass over them alone gives each its rare words' part; each common word's list gives its
 * best articles' parts and the most any other article can get from it. Candidates (the rare words' matches and
 * the listed articles) are scored exactly in code, from their text (search/fts5-instances.ts), in order of the
 * most they can score, until the page's last beats every bound left (search/top-k-merge.ts provePage);
 * otherwise the engine ranks every match as before. The count and facets are the engine path's, exact.
 */
import { ceilingPart, idf, rowLength, rowPart } from '../../search/fts5-bm25.js';
import { wordCounts } from '../../search/fts5-instances.js';
import type { ParsedQuery } from '../../search/query.js';
import type { Ranked, StoredList, TopKSettings } from '../../search/top-k.js';
import { provePage } from '../../search/top-k-merge.js';
import { idfSpec, rankSql } from './fts5-idf.js';
import type { SqliteDb } from './sqlite-database.js';
import { archiveStateNow, INDEXED_BODY } from './sqlite-near-lists.js';
import type { Row } from './sqlite-top-k-merge.js';

/** A listed article as SqliteTopK keeps it: seq, the word's weighted count, its length, date, ordinal. */
type Entry = [number, number, number, string, number];
type List = StoredList<Entry, { rows: number; avgdl: number; floor: number }>;

/** Candidates scored in code before the engine is left to rank every match instead. */
const BUDGET = 1500;
/** Articles added since a list was made that are scored at search time; more and the engine ranks the OR. */
const ADDED = 2000;
/** The listed words' matches, in lists' lengths, under which the engine ranks the OR as quickly. */
const SPARED = 5;
/** A hair over each bound: the engine's arithmetic may differ from ours in the last bit. */
const SLACK = 1 + 1e-9;

/** The words of a query that is one OR of two or more plain words in any column, or null. */
export function orWords(q: ParsedQuery): string[] | null {
  if (q.groups.length !== 1 || q.groups[0]!.length < 2) return null;
  const terms = q.groups[0]!;
  if (
    terms.some((t) => t.kind !== 'word' || t.prefix || t.negated || t.field !== 'all' || t.words.length !== 1)
  )
    return null;
  return terms.map((t) => t.words[0]!);
}

/** Reads a word's stored list (SqliteTopK.read). */
export type ListReader = (term: string) => List | null;

export class SqliteOrTopK {
  /** Searches answered here (tests). */
  answered = 0;

  constructor(
    private readonly db: SqliteDb,
    private readonly read: ListReader,
    private readonly settings: TopKSettings,
  ) {}

  /**
   * The best `need` matches of the OR of `words`, proven, or null (no word with a current list, too few
   * matches in listed words to gain, or the bounds could not prove the page within the budget).
   */
  async best(words: string[], need: number): Promise<Ranked[] | null> {
    if (need > this.settings.length) return null;
    const state = archiveStateNow(this.db);
    const lists = new Map<string, List>();
    for (const w of new Set(words)) {
      const list = this.read(w);
      // A list with nothing changed or deleted since it was made, and few articles added.
      if (list && list.changes === state.changes && state.maxSeq - list.builtSeq <= ADDED) lists.set(w, list);
    }
    // The listed words' matches are what the lists spare the engine: too few, and the engine is as quick.
    const spared = [...lists.values()].reduce((n, l) => n + l.df, 0);
    if (spared <= SPARED * this.settings.length) return null;
    const rare = [...new Set(words)].filter((w) => !lists.has(w));
    const quoted = (ws: string[]) => ws.map((w) => `"${w.replaceAll('"', '""')}"`).join(' OR ');
    const dfs = new Map<string, number>();
    const count = this.db
      .prepare('SELECT count(*) FROM article_fts WHERE article_fts MATCH ? AND rowid > CAST(? AS INTEGER)')
      .pluck();
    // A listed word's articles: the list's count and the matches added since it was made.
    for (const [w, l] of lists)
      dfs.set(w, l.df + (l.builtSeq < state.maxSeq ? (count.get(quoted([w]), l.builtSeq) as number) : 0));
    const df = this.db.prepare('SELECT doc FROM article_vocab WHERE term = ?').pluck();
    for (const w of rare) dfs.set(w, (df.get(w) as number | undefined) ?? 0);
    const weights = words.map((w) => idf(state.articles, dfs.get(w)!));
    const weightOf = new Map(words.map((w, i) => [w, weights[i]!]));
    /**
     * FTS5's scores of every match of `match`, higher is better (bounds only: read through JSON). Every phrase
     * of `match` is one quoted word whose count is in `dfs`: bm25_idf() is told them (fts5-idf.ts).
     */
    const scores = (match: string) =>
      JSON.parse(
        this.db
          .prepare(
            `SELECT json_group_array(json_array(seq, score)) FROM (
               SELECT rowid AS seq, -${rankSql(this.db, '5.0, 1.0, 2.0, 2.0')} AS score FROM article_fts
               WHERE article_fts MATCH @match LIMIT -1)`,
          )
          .pluck()
          .get({
            match,
            idf: idfSpec(
              [...match.matchAll(/"((?:[^"]|"")*)"/g)].map(([, w]) => {
                const word = w!.replaceAll('""', '"');
                return { tokens: [word], df: dfs.get(word)! };
              }),
            ),
          }) as string,
      ) as [number, number][];
    const common = [...lists.keys()];
    const present = rare.filter((w) => dfs.get(w)! > 0);
    // The most each candidate can score. A match of a rare word: bm25 of the rare words alone is its whole
    // score (the other words add nothing), unless it holds a listed word too: then bm25 of (rare) AND (listed)
    // adds the same parts in another order. A slack over each covers the order of the additions.
    const bound = new Map<number, number>();
    if (present.length > 0) {
      for (const [seq, score] of scores(quoted(present))) bound.set(seq, score * SLACK);
      for (const [seq, score] of scores(`(${quoted(present)}) AND (${quoted(common)})`))
        bound.set(seq, score * SLACK);
    }
    const ceilingOf = new Map(
      [...lists].map(([w, l]) => [
        w,
        l.complete ? 0 : weightOf.get(w)! * ceilingPart(l.extra.floor, l.extra.avgdl, state.avgdl) * SLACK,
      ]),
    );
    const partOf = [...lists].map(
      ([w, l]) =>
        new Map(
          l.entries.map(([seq, freq, length]) => [
            seq,
            weightOf.get(w)! * rowPart(freq, length, state.avgdl) * SLACK,
          ]),
        ),
    );
    // An article holding two or more of the listed words and no rare one: bm25 of the OR of every pair of them
    // (FTS5 counts a phrase only where its pair matches) adds each word it holds at least once, so no less than
    // its score.
    if (common.length > 1) {
      const pairs = common.flatMap((a, i) =>
        common.slice(i + 1).map((b) => `(${quoted([a])} AND ${quoted([b])})`),
      );
      for (const [seq, score] of scores(pairs.join(' OR ')))
        if (!bound.has(seq)) bound.set(seq, score * SLACK);
    }
    // A listed article holding one listed word and no rare one: its part of that word is its whole score.
    for (const parts of partOf) for (const [seq, part] of parts) if (!bound.has(seq)) bound.set(seq, part);
    // The matches added since the oldest list was made are scored first, whatever their bound.
    const since = Math.min(...[...lists.values()].map((l) => l.builtSeq));
    const added =
      since < state.maxSeq
        ? (JSON.parse(
            this.db
              .prepare(
                'SELECT json_group_array(rowid) FROM article_fts WHERE article_fts MATCH ? AND rowid > CAST(? AS INTEGER)',
              )
              .pluck()
              .get(quoted(words), since) as string,
          ) as number[])
        : [];
    const queue = [...bound].filter(([seq]) => seq <= since);
    // An article among none of those holds one listed word, outside its list: that list's ceiling at most.
    const outside = Math.max(-Infinity, ...[...ceilingOf.values()].filter((c) => c > 0));
    const rows = this.db.prepare(
      `SELECT a.seq, a.date, a.ordinal, a.headline, ${INDEXED_BODY}, a.byline, a.dateline_place AS place, d.sz
       FROM article a JOIN article_fts_docsize d ON d.id = a.seq WHERE a.seq IN (SELECT value FROM json_each(?))`,
    );
    const score = async (seqs: number[]): Promise<Ranked[]> => {
      const out: Ranked[] = [];
      for (const r of rows.all(JSON.stringify(seqs)) as Row[]) {
        const counts = wordCounts(words, [r.headline, r.body, r.byline, r.place]);
        if (counts.every((c) => c === 0)) continue;
        const length = rowLength(r.sz);
        // bm25() adds the phrases' parts in the query's order, from 0.
        let s = 0;
        for (const [i, f] of counts.entries()) s += weights[i]! * rowPart(f, length, state.avgdl);
        out.push({ seq: r.seq, date: r.date, ordinal: r.ordinal, score: s });
      }
      return out;
    };
    const answer = await provePage(queue, outside, score, need, BUDGET, added);
    if (!answer) return null;
    this.answered++;
    return answer.ranked;
  }
}
