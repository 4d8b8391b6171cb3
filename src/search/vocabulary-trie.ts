/**
 * The archive's vocabulary as a letter trie, walked with the OCR-weighted edit distance of
 * `ocr-distance.ts` one row per trie level: words sharing a prefix share its rows, and a branch is left
 * as soon as no word below it can come within the limit. This finds every word within the limit while
 * visiting a small part of the vocabulary (a hot path: it runs on every variant-tolerant search).
 */
import { CONFUSABLE_PAIRS, MULTI } from './ocr-distance.js';

/** Substitution cost between two ASCII letters (index a * 128 + b): 0, 0.5 for a confusion, 1 otherwise. */
const SUB = new Float64Array(128 * 128).fill(1);
for (let c = 0; c < 128; c++) SUB[c * 128 + c] = 0;
for (const p of CONFUSABLE_PAIRS) SUB[p.charCodeAt(0) * 128 + p.charCodeAt(1)] = 0.5;
const subCost = (a: number, b: number) =>
  a === b
    ? 0
    : a < 128 && b < 128
      ? SUB[a * 128 + b]!
      : CONFUSABLE_PAIRS.has(String.fromCharCode(a, b))
        ? 0.5
        : 1;
/** Two glyphs (as one number) → the one glyph they may be read as. */
const TWO_TO_ONE = new Map(
  MULTI.map(([one, two]) => [two.charCodeAt(0) * 0x10000 + two.charCodeAt(1), one.charCodeAt(0)]),
);

export class VocabularyTrie {
  /** Per node: its letter, first child, next sibling, and the term ending there (-1 when none). */
  private readonly letter: number[] = [0];
  private readonly child: number[] = [-1];
  private readonly sibling: number[] = [-1];
  private readonly termAt: number[] = [-1];

  constructor(readonly terms: readonly string[]) {
    terms.forEach((t, id) => {
      let node = 0;
      for (let k = 0; k < t.length; k++) node = this.step(node, t.charCodeAt(k));
      this.termAt[node] = id;
    });
  }

  /** The child of `node` for letter `c`, made if missing. */
  private step(node: number, c: number): number {
    for (let n = this.child[node]!; n !== -1; n = this.sibling[n]!) if (this.letter[n] === c) return n;
    const n = this.letter.length;
    this.letter.push(c);
    this.child.push(-1);
    this.sibling.push(this.child[node]!);
    this.termAt.push(-1);
    this.child[node] = n;
    return n;
  }

  get nodes(): number {
    return this.letter.length;
  }

  /**
   * Every term whose length is within 2 of the word's and whose OCR-weighted distance from it is at most
   * `limit`, with that distance (equal to `ocrCost(word, term, limit)`).
   */
  within(word: string, limit: number): { term: string; cost: number }[] {
    const n = word.length;
    const a = Array.from({ length: n }, (_, i) => word.charCodeAt(i));
    const maxDepth = n + 2;
    // rows[j][i]: distance between the word's first i letters and the trie path's first j letters.
    const rows = Array.from({ length: maxDepth + 1 }, () => new Float64Array(n + 1));
    const mins = new Float64Array(maxDepth + 1);
    const path = new Int32Array(maxDepth + 1);
    for (let i = 0; i <= n; i++) rows[0]![i] = i;
    mins[0] = 0;
    const out: { term: string; cost: number }[] = [];

    // wordPair[i]: the one glyph the word's letters i-1 and i may stand for (-1 when none).
    const wordPair = new Int32Array(n + 1).fill(-1);
    for (let i = 2; i <= n; i++) wordPair[i] = TWO_TO_ONE.get(a[i - 2]! * 0x10000 + a[i - 1]!) ?? -1;

    const visit = (node: number, j: number): void => {
      const cb = this.letter[node]!;
      path[j] = cb;
      const cur = rows[j]!;
      const prev = rows[j - 1]!;
      const prev2 = j > 1 ? rows[j - 2]! : null;
      const cb1 = j > 1 ? path[j - 1]! : -1; // the path's letter before this one
      // The one glyph the path's last two letters may stand for (-1 when none).
      const pathPair = j > 1 ? (TWO_TO_ONE.get(cb1 * 0x10000 + cb) ?? -1) : -1;
      cur[0] = j;
      let rowMin = j;
      for (let i = 1; i <= n; i++) {
        const ca = a[i - 1]!;
        let best = Math.min(cur[i - 1]! + 1, prev[i]! + 1);
        const sub = prev[i - 1]! + subCost(ca, cb);
        if (sub < best) best = sub;
        if (prev2 !== null) {
          if (i > 1 && ca === cb1 && a[i - 2] === cb && prev2[i - 2]! + 1 < best) best = prev2[i - 2]! + 1;
          // The word has one glyph where the path has two.
          if (pathPair === ca && prev2[i - 1]! + 0.5 < best) best = prev2[i - 1]! + 0.5;
        }
        // The path has one glyph where the word has two.
        if (wordPair[i] === cb && prev[i - 2]! + 0.5 < best) best = prev[i - 2]! + 0.5;
        cur[i] = best;
        if (best < rowMin) rowMin = best;
      }
      mins[j] = rowMin;
      const term = this.termAt[node]!;
      if (term !== -1 && j >= n - 2 && cur[n]! <= limit) out.push({ term: this.terms[term]!, cost: cur[n]! });
      // Deeper rows grow from this one (by ≥ 0) or skip it from the one before (by ≥ 0.5).
      if (j === maxDepth || (rowMin > limit && mins[j - 1]! + 0.5 > limit)) return;
      for (let c = this.child[node]!; c !== -1; c = this.sibling[c]!) visit(c, j + 1);
    };
    for (let c = this.child[0]!; c !== -1; c = this.sibling[c]!) visit(c, 1);
    return out;
  }
}
