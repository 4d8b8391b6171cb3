/**
 * FTS5's bm25() for one word, computed outside the engine so the top-k layer can re-score a stored list
 * when the archive has grown: the same formula, constants and order of operations as SQLite's
 * fts5_aux.c (fts5Bm25Function), over the numbers FTS5 keeps in its shadow tables (the "averages"
 * record of %_data and the per-row %_docsize sizes). Asking FTS5 itself to score a few listed rows
 * costs a whole pass over the word's postings per row (its idf counts every match), which is what the
 * layer exists to avoid.
 */

const K1 = 1.2;
const B = 0.75;

/** Reads the SQLite varints of a blob (big-endian, 7 bits a byte, the ninth byte whole). */
export function varints(buf: Uint8Array): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < buf.length) {
    let v = 0;
    let n = 0;
    for (;;) {
      const byte = buf[i++]!;
      if (n === 8) {
        v = v * 256 + byte;
        break;
      }
      v = v * 128 + (byte & 0x7f);
      n++;
      if ((byte & 0x80) === 0 || i >= buf.length) break;
    }
    out.push(v);
  }
  return out;
}

/** The index's row count and average row length in tokens, from the averages record (%_data id 1). */
export function averages(block: Uint8Array): { rows: number; avgdl: number } {
  const [rows = 0, ...columns] = varints(block);
  const tokens = columns.reduce((a, b) => a + b, 0);
  return { rows, avgdl: rows > 0 ? tokens / rows : 0 };
}

/** A row's length in tokens (every column), from its %_docsize record. */
export function rowLength(sz: Uint8Array): number {
  return varints(sz).reduce((a, b) => a + b, 0);
}

/** FTS5's idf for a word in `df` of `rows` rows: never below 1e-6 (a word in most rows). */
export function idf(rows: number, df: number): number {
  const v = Math.log((rows - df + 0.5) / (df + 0.5));
  return v <= 0 ? 1e-6 : v;
}

/**
 * The part of a row's score that is the row's own: `freq` is the word's weighted count in the row (each
 * occurrence counts its column's weight), `length` the row's tokens. The score is idf × this.
 */
export function rowPart(freq: number, length: number, avgdl: number): number {
  return (freq * (K1 + 1.0)) / (freq + K1 * (1 - B + (B * length) / avgdl));
}

/** FTS5's bm25() value for one word (lower is better, as the engine returns it). */
export function bm25(idfValue: number, freq: number, length: number, avgdl: number): number {
  return -1.0 * (idfValue * rowPart(freq, length, avgdl));
}

/**
 * The weighted count behind a bm25() value, given the row's length and the statistics it was computed
 * under. Column weights are whole numbers here (5, 1, 2, 2), so the count is too: rounding undoes the
 * floating-point error of solving for it.
 */
export function freqOf(score: number, idfValue: number, length: number, avgdl: number): number {
  const g = -score / idfValue;
  const l = K1 * (1 - B + (B * length) / avgdl);
  return Math.round((g * l) / (K1 + 1.0 - g));
}

/**
 * The highest row part an article outside a list can have now. It had at most `floor` (the list's last
 * row part) under `builtAvgdl`; a longer average row only helps long rows, by at most the ratio of the
 * averages (the length term shrinks by at most that ratio, and freq / (freq + x) grows by at most as much
 * as x shrinks), and a shorter average only lowers every row part.
 */
export function ceilingPart(floor: number, builtAvgdl: number, avgdl: number): number {
  return floor * Math.max(1, avgdl / builtAvgdl);
}
