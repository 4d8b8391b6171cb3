/**
 * Many words' top-k lists made in one pass over the articles (PostgreSQL; docs/adr/0020).
 *
 * A word's list made on its own ranks every match with ts_rank, which reads (and decompresses) the match's
 * whole vector: 24.7 µs a match at 1M, about an hour for the 4,141 frequent words' 135 M matches. Here each
 * vector is read once, as text, and every wanted word in it is scored at once. ts_rank of one word
 * (normalization 0) depends only on the weights of the word's positions, in their order (calc_rank_or), so
 * each distinct run of weights is scored once by PostgreSQL itself, over a vector of one word holding those
 * weights: the scores are ts_rank's own, not a copy of its arithmetic.
 */
import { countsOf, type StoredList } from '../../search/top-k.js';
import type { FacetRow } from '../facets.js';
import type { PgPool } from './postgres-database.js';

/** A listed article: seq, ts_rank score, date, ordinal (as PostgresTopK's lists hold them). */
export type PassEntry = [number, number, string, number];

/** Articles fetched from the cursor at a time. */
const BATCH = 2_000;
/** Memory a pass may give its words' candidates and counts; more words are split over further passes. */
const PASS_BYTES = 256 * 1024 * 1024;

/**
 * The (lexeme, weights) runs of a tsvector's text output (`'word':1A,5,9C 'other':3`), for the lexemes in
 * `wanted`: calls `found` with the lexeme's index in `wanted` and its weights in position order (D written out).
 */
export function eachWanted(
  text: string,
  wanted: Map<string, number>,
  found: (word: number, weights: string) => void,
): void {
  let i = 0;
  const n = text.length;
  while (i < n) {
    // A lexeme: quoted, '' for a quote and \\ for a backslash.
    if (text.charCodeAt(i) !== 39) {
      i++;
      continue;
    }
    i++;
    let lexeme = '';
    let start = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 39 && text.charCodeAt(i + 1) === 39) {
        lexeme += `${text.slice(start, i)}'`;
        i += 2;
        start = i;
      } else if (c === 92) {
        lexeme += text.slice(start, i) + text[i + 1];
        i += 2;
        start = i;
      } else if (c === 39 || i >= n) {
        lexeme += text.slice(start, i);
        i++;
        break;
      } else i++;
    }
    const word = wanted.get(lexeme);
    if (text.charCodeAt(i) !== 58) {
      // No positions: ts_rank counts one position of weight D.
      if (word !== undefined) found(word, 'D');
      continue;
    }
    if (word === undefined) {
      // Positions hold no space: the next lexeme starts after the next one.
      const next = text.indexOf(' ', i);
      i = next < 0 ? n : next;
      continue;
    }
    i++;
    let weights = '';
    while (i < n && text.charCodeAt(i) !== 32) {
      // Digits, then a weight letter or none (D), then a comma or the end of the lexeme's positions.
      while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
      const c = text.charCodeAt(i);
      if (c >= 65 && c <= 68) {
        weights += text[i];
        i++;
      } else weights += 'D';
      if (text.charCodeAt(i) === 44) i++;
    }
    found(word, weights);
  }
}

/** The growable columns of the articles read so far: a candidate is an index into them. */
class Articles {
  seq = new Float64Array(1 << 16);
  ordinal = new Int32Array(1 << 16);
  date: string[] = [];
  length = 0;

  add(seq: number, date: string, ordinal: number): number {
    if (this.length === this.seq.length) {
      const seqs = new Float64Array(this.length * 2);
      seqs.set(this.seq);
      this.seq = seqs;
      const ordinals = new Int32Array(this.length * 2);
      ordinals.set(this.ordinal);
      this.ordinal = ordinals;
    }
    this.seq[this.length] = seq;
    this.ordinal[this.length] = ordinal;
    this.date.push(date);
    return this.length++;
  }
}

/** Room to sort one word's candidates in, shared by a pass's words (one trims at a time). */
class Scratch {
  readonly order: Int32Array;
  readonly rows: Int32Array;
  readonly scores: Float64Array;
  constructor(length: number) {
    this.order = new Int32Array(length * 2);
    this.rows = new Int32Array(length);
    this.scores = new Float64Array(length);
  }
}

/** One word's best candidates so far (at most twice the list's length before each trim) and its counts. */
class Best {
  readonly rows: Int32Array;
  readonly scores: Float64Array;
  size = 0;
  /** The worst kept candidate once trimmed: anything not better is left out. */
  floor = -1;
  readonly counts: Int32Array;

  constructor(
    private readonly length: number,
    combos: number,
    private readonly articles: Articles,
    private readonly scratch: Scratch,
  ) {
    this.rows = new Int32Array(length * 2);
    this.scores = new Float64Array(length * 2);
    this.counts = new Int32Array(combos);
  }

  /** Negative when candidate a (row, score) ranks before b, as byRank (then seq, for a fixed order). */
  private cmp(ra: number, sa: number, rb: number, sb: number): number {
    if (sa !== sb) return sb - sa;
    const da = this.articles.date[ra]!;
    const db = this.articles.date[rb]!;
    if (da !== db) return da < db ? -1 : 1;
    return (
      this.articles.ordinal[ra]! - this.articles.ordinal[rb]! ||
      this.articles.seq[ra]! - this.articles.seq[rb]!
    );
  }

  offer(row: number, score: number): void {
    if (this.floor >= 0) {
      const f = this.rows[this.floor]!;
      if (this.cmp(row, score, f, this.scores[this.floor]!) > 0) return;
    }
    if (this.size === this.rows.length) this.trim();
    this.rows[this.size] = row;
    this.scores[this.size] = score;
    this.size++;
  }

  /** Keeps the best `length`, best first (sorted through `scratch`, shared by a pass's words). */
  trim(): void {
    const { scratch } = this;
    const order = scratch.order.subarray(0, this.size);
    for (let i = 0; i < this.size; i++) order[i] = i;
    order.sort((a, b) => this.cmp(this.rows[a]!, this.scores[a]!, this.rows[b]!, this.scores[b]!));
    const keep = Math.min(this.length, this.size);
    for (let i = 0; i < keep; i++) {
      scratch.rows[i] = this.rows[order[i]!]!;
      scratch.scores[i] = this.scores[order[i]!]!;
    }
    this.rows.set(scratch.rows.subarray(0, keep));
    this.scores.set(scratch.scores.subarray(0, keep));
    this.size = keep;
    this.floor = keep === this.length ? keep - 1 : -1;
  }
}

/** A vector of one word ('x') with the given weights at positions 1, 2, …, for ts_rank to score. */
const vectorOf = (weights: string) => `'x':${[...weights].map((w, i) => `${i + 1}${w}`).join(',')}`;

/**
 * Lists of `words` (each one lexeme, as a plain word's list is keyed) made in one snapshot: what
 * PostgresTopK.build would make of each, scored by `weights` (ts_rank's weights array, SQL). `progress` is
 * called with the articles read and the articles there are.
 */
export async function listsInOnePass(
  pool: PgPool,
  words: string[],
  length: number,
  weightsSql: string,
  progress?: (done: number, total: number) => void,
): Promise<Map<string, StoredList<PassEntry, { floor: number }>>> {
  const out = new Map<string, StoredList<PassEntry, { floor: number }>>();
  if (words.length === 0) return out;
  const client = await pool.connect();
  try {
    // One snapshot: what the lists were made from is what they say they were made at.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query('SET LOCAL statement_timeout = 0');
    const head = (
      await client.query(
        `SELECT (SELECT coalesce(max(seq), 0) FROM article) AS max_seq,
           (SELECT value FROM archive_meta WHERE key = 'article_changes') AS changes,
           (SELECT count(*) FROM article) AS articles`,
      )
    ).rows[0];
    const combos = (
      await client.query(
        'SELECT DISTINCT substr(date, 1, 4)::int AS year, dateline_place AS place FROM article',
      )
    ).rows as { year: number; place: string | null }[];
    const comboOf = new Map(combos.map((c, i) => [`${c.year}\u0000${c.place ?? ''}`, i]));
    const total = Number(head.articles);
    // Each word costs its candidates (12 bytes each, twice the length) and its counts (4 bytes a combination).
    const perWord = length * 2 * 12 + combos.length * 4 + 256;
    const perPass = Math.max(1, Math.floor(PASS_BYTES / perWord));
    const passes = Math.ceil(words.length / perPass);
    const scoreOf = new Map<string, number>();
    for (let from = 0; from < words.length; from += perPass) {
      const part = words.slice(from, from + perPass);
      const wanted = new Map(part.map((w, i) => [w, i]));
      const articles = new Articles();
      const scratch = new Scratch(length);
      const best = part.map(() => new Best(length, combos.length, articles, scratch));
      await client.query(
        'DECLARE list_pass NO SCROLL CURSOR FOR SELECT seq, date, ordinal, dateline_place, tsv::text AS tsv FROM article',
      );
      let read = 0;
      for (;;) {
        const { rows } = await client.query(`FETCH ${BATCH} FROM list_pass`);
        if (rows.length === 0) break;
        // A run of weights seen before is scored at once; the few new ones after the batch, in one statement.
        const pending: { row: number; word: number; weights: string }[] = [];
        for (const r of rows) {
          const row = articles.add(Number(r.seq), r.date as string, r.ordinal as number);
          const combo = comboOf.get(
            `${Number((r.date as string).slice(0, 4))}\u0000${r.dateline_place ?? ''}`,
          )!;
          eachWanted(r.tsv as string, wanted, (word, weights) => {
            const b = best[word]!;
            b.counts[combo]!++;
            const score = scoreOf.get(weights);
            if (score === undefined) pending.push({ row, word, weights });
            else b.offer(row, score);
          });
        }
        if (pending.length > 0) {
          const unscored = [...new Set(pending.map((f) => f.weights))];
          const scored = await client.query(
            `SELECT w, ts_rank(${weightsSql}, v::tsvector, 'x'::tsquery) AS score FROM unnest($1::text[], $2::text[]) AS t(w, v)`,
            [unscored, unscored.map(vectorOf)],
          );
          for (const s of scored.rows) scoreOf.set(s.w as string, s.score as number);
          for (const f of pending) best[f.word]!.offer(f.row, scoreOf.get(f.weights)!);
        }
        read += rows.length;
        progress?.(Math.min(read, total) + (from / perPass) * total, passes * total);
      }
      await client.query('CLOSE list_pass');
      for (const [i, word] of part.entries()) {
        const b = best[i]!;
        b.trim();
        const facets: FacetRow[] = [];
        for (const [c, combo] of combos.entries())
          if (b.counts[c]! > 0) facets.push({ year: combo.year, place: combo.place, count: b.counts[c]! });
        const entries: PassEntry[] = [];
        for (let k = 0; k < b.size; k++) {
          const row = b.rows[k]!;
          entries.push([articles.seq[row]!, b.scores[k]!, articles.date[row]!, articles.ordinal[row]!]);
        }
        const df = facets.reduce((n, f) => n + f.count, 0);
        out.set(word, {
          builtSeq: Number(head.max_seq),
          changes: Number(head.changes),
          df,
          complete: df <= entries.length,
          ...countsOf(facets),
          entries,
          extra: { floor: entries[entries.length - 1]?.[1] ?? 0 },
        });
      }
    }
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
}
