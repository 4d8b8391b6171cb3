/**
 * Spelling and OCR variants of query words, found in the archive's own vocabulary: an edit distance
 * that makes typical OCR confusions cheap (rn/m, l/1/i, e/c…), scaled to word length, and sounds-alike
 * matching for names (Daitch–Mokotoff, Double Metaphone). Each variant says how it was found.
 */
import daitchMokotoff from 'talisman/phonetics/daitch-mokotoff.js';
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import type { ParsedQuery, Term } from './query.js';

export interface Variant {
  /** The word in the archive. */
  term: string;
  /** The query word it stands in for. */
  of: string;
  how: 'ocr' | 'spelling' | 'sounds-like';
  /** Why, for readers: "OCR confusion rn↔m" (query's letters ↔ the archive's), "1 letter differs", "Daitch–Mokotoff 658700". */
  why: string;
  /** How many articles have it. */
  df: number;
}

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
const CONFUSABLE_PAIRS = new Set(CONFUSABLE_1.flatMap((p) => [p, `${p[1]}${p[0]}`]));
/** One glyph read as two, or two as one. */
const MULTI: [string, string][] = [
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

const isName = (w: string) => /^[a-z]{4,}$/.test(w);

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

function bigrams(w: string): string[] {
  const out: string[] = [];
  const padded = `^${w}$`;
  for (let i = 0; i < padded.length - 1; i++) out.push(padded.slice(i, i + 2));
  return out;
}

/** Finds variants of words in one vocabulary (term → number of articles). Build once per index state. */
export class VariantFinder {
  private readonly terms: string[];
  /** Letter pair → the terms that contain it: a variant shares most of its word's pairs. */
  private readonly byBigram = new Map<string, number[]>();
  private phonetic: { dm: Map<string, string[]>; meta: Map<string, string[]> } | null = null;
  private counts = new Uint8Array(0);

  constructor(private readonly df: Map<string, number>) {
    this.terms = [...df.keys()];
    this.terms.forEach((t, id) => {
      for (const b of new Set(bigrams(t))) {
        const list = this.byBigram.get(b);
        if (list) list.push(id);
        else this.byBigram.set(b, [id]);
      }
    });
  }

  /**
   * Terms that share enough letter pairs with the word to be within `limit` of it. Each edit (or OCR
   * confusion, which may span two letters) destroys at most three of the word's pairs.
   */
  private candidates(word: string, limit: number): string[] {
    const own = [...new Set(bigrams(word))];
    const need = Math.max(1, own.length - 3 * Math.ceil(limit * 2));
    // Counting in a typed array with a list of touched ids: this loop sees every posting of the word's pairs.
    if (this.counts.length < this.terms.length) this.counts = new Uint8Array(this.terms.length);
    const counts = this.counts;
    const touched: number[] = [];
    const minLen = word.length - 2;
    const maxLen = word.length + 2;
    for (const b of own) {
      for (const id of this.byBigram.get(b) ?? []) {
        if (counts[id] === 0) touched.push(id);
        counts[id]!++;
      }
    }
    const out: string[] = [];
    for (const id of touched) {
      const t = this.terms[id]!;
      if (counts[id]! >= need && t.length >= minLen && t.length <= maxLen) out.push(t);
      counts[id] = 0;
    }
    return out;
  }

  get size(): number {
    return this.df.size;
  }

  /** How many articles have the word (0 when none). */
  documentFrequency(word: string): number {
    return this.df.get(word) ?? 0;
  }

  /** Phonetic keys are computed on first use: most searches never need them. */
  private codes() {
    if (this.phonetic) return this.phonetic;
    const dm = new Map<string, string[]>();
    const meta = new Map<string, string[]>();
    for (const t of this.df.keys()) {
      if (!isName(t)) continue;
      for (const c of new Set(daitchMokotoff(t))) dm.set(c, [...(dm.get(c) ?? []), t]);
      const [p] = doubleMetaphone(t);
      if (p) meta.set(p, [...(meta.get(p) ?? []), t]);
    }
    this.phonetic = { dm, meta };
    return this.phonetic;
  }

  /** Up to `max` variants of a folded word, best first: OCR and spelling by cost, then sounds-alike. */
  variants(word: string, max = 6): Variant[] {
    const limit = maxCost(word.length);
    if (limit === 0) return [];
    const found = new Map<string, Variant & { cost: number }>();
    for (const t of this.candidates(word, limit)) {
      if (t === word || (/\d/.test(t) && !/\d/.test(word) && !/[10o56]/.test(t))) continue;
      if (ocrCost(word, t, limit) > limit) continue;
      const { cost, note } = ocrDistance(word, t, limit);
      if (cost > limit) continue;
      const ocr = note !== null && Number.isInteger(cost * 2) && cost % 1 !== 0;
      found.set(t, {
        term: t,
        of: word,
        how: ocr ? 'ocr' : 'spelling',
        why: ocr
          ? `OCR confusion ${note ?? ''}`.trim()
          : `${cost} letter${cost === 1 ? '' : 's'} differ${cost === 1 ? 's' : ''}`,
        df: this.df.get(t) ?? 0,
        cost,
      });
    }
    if (isName(word) && word.length >= 5) {
      const { dm, meta } = this.codes();
      const codes = new Set(daitchMokotoff(word));
      const [primary] = doubleMetaphone(word);
      const sameDm = [...codes].flatMap((c) =>
        (dm.get(c) ?? []).map((t) => [t, `Daitch–Mokotoff ${c}`] as const),
      );
      const sameMeta = (meta.get(primary) ?? []).map((t) => [t, `Double Metaphone ${primary}`] as const);
      for (const [t, why] of [...sameDm, ...sameMeta]) {
        if (t === word || found.has(t) || Math.abs(t.length - word.length) > 3) continue;
        // Sounds-alike codes are coarse: keep only words that also look alike.
        const { cost } = ocrDistance(word, t, 3);
        if (cost > 3) continue;
        found.set(t, {
          term: t,
          of: word,
          how: 'sounds-like',
          why,
          df: this.df.get(t) ?? 0,
          cost: 10 + cost,
        });
      }
    }
    return [...found.values()]
      .sort((a, b) => a.cost - b.cost || b.df - a.df || a.term.localeCompare(b.term))
      .slice(0, max)
      .map(({ cost: _c, ...v }) => v);
  }
}

/** The query with each plain word (4+ letters, not a prefix, not excluded) OR'ed with its variants. */
export function expandQuery(
  q: ParsedQuery,
  finder: VariantFinder,
  perWord = 6,
): { query: ParsedQuery; variants: Variant[] } {
  const variants: Variant[] = [];
  const groups = q.groups.map((g) => {
    if (g[0]!.negated) return g;
    const extra: Term[] = [];
    for (const t of g) {
      if (t.kind !== 'word' || t.prefix || t.words.length !== 1) continue;
      for (const v of finder.variants(t.words[0]!, perWord)) {
        variants.push(v);
        extra.push({ kind: 'word', field: t.field, words: [v.term], prefix: false, negated: false });
      }
    }
    return [...g, ...extra];
  });
  return { query: { ...q, groups, words: [...q.words, ...variants.map((v) => v.term)] }, variants };
}
