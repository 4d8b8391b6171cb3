/**
 * The edit distance behind variant matching: Damerau–Levenshtein where the confusions of OCR engines and
 * worn typewriters cost half an edit, bounded so a hopeless pair stops early.
 */
/** Pairs an OCR engine or a worn typewriter confuses; substituting one for the other costs half an edit. */
const CONFUSABLE_1 = [
  'l1',
  'li',
  'i1',
  'il',
  'ec',
  'o0',
  'oa',
  'ao',
  'ce',
  'un',
  'nu',
  'hb',
  'ft',
  's5',
  'gq',
  'ij',
  'vy',
  'rn',
  'tf',
  'bh',
  'e6',
  'b6',
  'g9',
  'z2',
];
export const CONFUSABLE_PAIRS = new Set(CONFUSABLE_1.flatMap((p) => [p, `${p[1]}${p[0]}`]));
/** One glyph read as two, or two as one. */
export const MULTI: [string, string][] = [
  ['m', 'rn'],
  ['m', 'in'],
  ['m', 'nn'],
  ['d', 'cl'],
  ['h', 'li'],
  ['w', 'vv'],
  ['u', 'ii'],
  ['n', 'ri'],
];

/** The largest edit cost a variant of a word this long may have. */
export function maxCost(length: number): number {
  if (length < 4) return 0;
  if (length <= 5) return 1;
  if (length <= 8) return 1.5;
  return 2;
}

/**
 * Damerau–Levenshtein distance where OCR confusions cost 0.5 (including one glyph for two), bounded:
 * returns Infinity as soon as the distance must exceed `limit`. Also returns the first confusion seen.
 */
export function ocrDistance(a: string, b: string, limit: number): { cost: number; note: string | null } {
  if (Math.abs(a.length - b.length) > 2 * limit + 1) return { cost: Number.POSITIVE_INFINITY, note: null };
  const n = a.length;
  const m = b.length;
  const d: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  const note: (string | null)[][] = Array.from({ length: n + 1 }, () =>
    new Array<string | null>(m + 1).fill(null),
  );
  for (let i = 0; i <= n; i++) d[i]![0] = i;
  for (let j = 0; j <= m; j++) d[0]![j] = j;
  for (let i = 1; i <= n; i++) {
    let rowMin = i;
    for (let j = 1; j <= m; j++) {
      const ca = a[i - 1]!;
      const cb = b[j - 1]!;
      let best = d[i - 1]![j]! + 1;
      let why: string | null = note[i - 1]![j]!;
      const ins = d[i]![j - 1]! + 1;
      if (ins < best) [best, why] = [ins, note[i]![j - 1]!];
      const subCost = ca === cb ? 0 : CONFUSABLE_PAIRS.has(ca + cb) ? 0.5 : 1;
      const sub = d[i - 1]![j - 1]! + subCost;
      if (sub < best)
        [best, why] = [sub, subCost === 0.5 ? (note[i - 1]![j - 1] ?? `${ca}↔${cb}`) : note[i - 1]![j - 1]!];
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb && d[i - 2]![j - 2]! + 1 < best) {
        [best, why] = [d[i - 2]![j - 2]! + 1, note[i - 2]![j - 2]!];
      }
      for (const [one, two] of MULTI) {
        // a has one glyph where b has two, or the other way round.
        if (ca === one && j > 1 && b.slice(j - 2, j) === two && d[i - 1]![j - 2]! + 0.5 < best) {
          [best, why] = [d[i - 1]![j - 2]! + 0.5, note[i - 1]![j - 2] ?? `${one}↔${two}`];
        }
        if (cb === one && i > 1 && a.slice(i - 2, i) === two && d[i - 2]![j - 1]! + 0.5 < best) {
          [best, why] = [d[i - 2]![j - 1]! + 0.5, note[i - 2]![j - 1] ?? `${two}↔${one}`];
        }
      }
      d[i]![j] = best;
      note[i]![j] = why;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return { cost: Number.POSITIVE_INFINITY, note: null };
  }
  return { cost: d[n]![m]!, note: note[n]![m]! };
}

// Rows reused by the fast distance below: a hot path run on thousands of candidates per query.
let rows: Float64Array[] = [new Float64Array(64), new Float64Array(64), new Float64Array(64)];

/**
 * The same distance as `ocrDistance`, numbers only, with three reused rows: used to screen candidates,
 * after which `ocrDistance` explains the few that pass. Returns Infinity past `limit`.
 */
export function ocrCost(a: string, b: string, limit: number): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > 2 * limit + 1) return Number.POSITIVE_INFINITY;
  if (rows[0]!.length <= m + 1)
    rows = [new Float64Array(m + 2), new Float64Array(m + 2), new Float64Array(m + 2)];
  let prev2 = rows[0]!;
  let prev = rows[1]!;
  let cur = rows[2]!;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let best = Math.min(prev[j]! + 1, cur[j - 1]! + 1);
      const sub = prev[j - 1]! + (ca === cb ? 0 : CONFUSABLE_PAIRS.has(a[i - 1]! + b[j - 1]!) ? 0.5 : 1);
      if (sub < best) best = sub;
      if (
        i > 1 &&
        j > 1 &&
        ca === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === cb &&
        prev2[j - 2]! + 1 < best
      ) {
        best = prev2[j - 2]! + 1;
      }
      for (const [one, two] of MULTI) {
        if (
          j > 1 &&
          a[i - 1] === one &&
          b[j - 2] === two[0] &&
          b[j - 1] === two[1] &&
          prev[j - 2]! + 0.5 < best
        ) {
          best = prev[j - 2]! + 0.5;
        }
        if (
          i > 1 &&
          b[j - 1] === one &&
          a[i - 2] === two[0] &&
          a[i - 1] === two[1] &&
          prev2[j - 1]! + 0.5 < best
        ) {
          best = prev2[j - 1]! + 0.5;
        }
      }
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > limit) return Number.POSITIVE_INFINITY;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]!;
}
