/**
 * Spelling and OCR variants of query words, found in the archive's own vocabulary: an edit distance
 * that makes typical OCR confusions cheap (rn/m, l/1/i, e/c…), scaled to word length, and sounds-alike
 * matching for names (Daitch–Mokotoff, Double Metaphone). Each variant says how it was found.
 */
import daitchMokotoff from 'talisman/phonetics/daitch-mokotoff.js';
import doubleMetaphone from 'talisman/phonetics/double-metaphone.js';
import { maxCost, ocrDistance } from './ocr-distance.js';
import type { ParsedQuery, Term } from './query.js';
import { VocabularyTrie } from './vocabulary-trie.js';

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

const isName = (w: string) => /^[a-z]{4,}$/.test(w);

/**
 * Variants that don't flood: a word in more than this share of the archive's articles is a common word,
 * never a variant ("Smith" with no exact match is not widened to "sent", nor "sharl" to a word in most
 * articles); expansion is for rare words and names. The share is of the commonest word's articles (the
 * vocabulary knows no total; the commonest word is in nearly all), and never under FLOOD_FLOOR articles, so
 * a small archive keeps its variants.
 */
const FLOOD_SHARE = 0.01;
const FLOOD_FLOOR = 50;

/** Finds variants of words in one vocabulary (term → number of articles). Build once per index state. */
export class VariantFinder {
  private letters: VocabularyTrie | null = null;
  private phonetic: { dm: Map<string, string[]>; meta: Map<string, string[]> } | null = null;

  private commonFrom: number | null = null;

  constructor(private readonly df: Map<string, number>) {}

  /** Articles above which a word is too common to stand in for another (FLOOD_SHARE). */
  get floodLimit(): number {
    if (this.commonFrom === null) {
      let most = 0;
      for (const n of this.df.values()) if (n > most) most = n;
      this.commonFrom = Math.max(FLOOD_FLOOR, Math.floor(most * FLOOD_SHARE));
    }
    return this.commonFrom;
  }

  /**
   * The letter trie, built on the first variant asked for: an article page needs only the document
   * frequencies, and a server that serves no variant search keeps the trie's memory (tens of MB) free.
   */
  private get trie(): VocabularyTrie {
    this.letters ??= new VocabularyTrie([...this.df.keys()]);
    return this.letters;
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
    for (const { term: t } of this.trie.within(word, limit)) {
      if (t === word || (/\d/.test(t) && !/\d/.test(word) && !/[10o56]/.test(t))) continue;
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
    const common = this.floodLimit;
    return [...found.values()]
      .filter((v) => v.df <= common)
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
