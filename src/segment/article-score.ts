/**
 * Scores segmented articles against ground-truth articles by their words, for real pages whose truth is
 * known only as text (titles and paragraphs, as library article records give it), not as positions.
 * Pure: no I/O.
 */

export interface TruthArticle {
  title: string;
  paragraphs: string[];
}

export interface FoundArticle {
  headline: string;
  body: string;
  /** What is printed with the headline, when known: a kicker above it, a dateline under it. */
  kicker?: string;
  dateline?: string;
}

/** One matched pair: indexes into the truth and found lists, with their word-set Jaccard. */
export interface ArticlePair {
  truth: number;
  found: number;
  jaccard: number;
  headlineOk: boolean;
  /**
   * The title's words are the found headline's, alone or with its kicker, its dateline or both: a record's
   * title holds what its library saw as the title, which may take in either (and a dateline that starts the
   * text it may leave out).
   */
  titleOk: boolean;
}

export interface ArticleScore {
  expected: number;
  found: number;
  matched: number;
  precision: number;
  recall: number;
  f1: number;
  /** Share of truth articles matched to a found article whose headline has the title's words. */
  headlinesFound: number;
  /** Likewise, the found headline taken with its kicker, its dateline or both where that matches (ArticlePair.titleOk). */
  titlesFound: number;
  /** Over matched pairs, share of the truth bodies' adjacent word pairs that are adjacent in the found bodies. */
  readingOrder: number;
  /** The counts behind readingOrder, for pooling several scores. */
  bigrams: { truth: number; kept: number };
  pairs: ArticlePair[];
}

/** Texts match when their word sets overlap at least this much (Jaccard). */
export const MATCH_JACCARD = 0.5;

/** Lower-cased runs of letters and digits. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Jaccard of two word sets; two empty sets are equal (1). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const w of small) if (large.has(w)) common++;
  return common / (a.size + b.size - common);
}

function bigrams(ws: string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < ws.length; i++) out.push(`${ws[i - 1]}\u0000${ws[i]}`);
  return out;
}

/**
 * Matches found articles to truth articles one-to-one, greedily by best Jaccard of their texts' word sets
 * (title + paragraphs against headline + body), a pair counting when it reaches MATCH_JACCARD.
 */
export function scoreArticles(truth: TruthArticle[], found: FoundArticle[]): ArticleScore {
  const truthSets = truth.map((t) => new Set(words([t.title, ...t.paragraphs].join(' '))));
  const foundSets = found.map((f) => new Set(words(`${f.headline} ${f.body}`)));
  const candidates: { t: number; f: number; j: number }[] = [];
  truthSets.forEach((ts, t) => {
    foundSets.forEach((fs, f) => {
      // The sets' sizes bound the Jaccard: skip pairs that cannot reach the threshold.
      const bound = Math.min(ts.size, fs.size) / Math.max(ts.size, fs.size, 1);
      if (ts.size + fs.size > 0 && bound < MATCH_JACCARD) return;
      const j = jaccard(ts, fs);
      if (j >= MATCH_JACCARD) candidates.push({ t, f, j });
    });
  });
  candidates.sort((a, b) => b.j - a.j || a.t - b.t || a.f - b.f);
  const usedT = new Set<number>();
  const usedF = new Set<number>();
  const pairs: ArticlePair[] = [];
  for (const c of candidates) {
    if (usedT.has(c.t) || usedF.has(c.f)) continue;
    usedT.add(c.t);
    usedF.add(c.f);
    const title = new Set(words(truth[c.t]!.title));
    const headline = new Set(words(found[c.f]!.headline));
    const headlineOk = jaccard(title, headline) >= MATCH_JACCARD;
    const { kicker = '', dateline = '' } = found[c.f]!;
    const withParts = [`${kicker} ${found[c.f]!.headline}`, `${found[c.f]!.headline} ${dateline}`]
      .concat(`${kicker} ${found[c.f]!.headline} ${dateline}`)
      .map((t) => new Set(words(t)));
    pairs.push({
      truth: c.t,
      found: c.f,
      jaccard: c.j,
      headlineOk,
      titleOk: headlineOk || withParts.some((t) => jaccard(title, t) >= MATCH_JACCARD),
    });
  }
  pairs.sort((a, b) => a.truth - b.truth);

  let truthBigrams = 0;
  let kept = 0;
  for (const p of pairs) {
    const inFound = new Set(bigrams(words(found[p.found]!.body)));
    for (const b of bigrams(words(truth[p.truth]!.paragraphs.join(' ')))) {
      truthBigrams++;
      if (inFound.has(b)) kept++;
    }
  }

  const matched = pairs.length;
  const precision = found.length ? matched / found.length : truth.length ? 0 : 1;
  const recall = truth.length ? matched / truth.length : 1;
  return {
    expected: truth.length,
    found: found.length,
    matched,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    headlinesFound: truth.length ? pairs.filter((p) => p.headlineOk).length / truth.length : 1,
    titlesFound: truth.length ? pairs.filter((p) => p.titleOk).length / truth.length : 1,
    readingOrder: truthBigrams ? kept / truthBigrams : matched ? 1 : 0,
    bigrams: { truth: truthBigrams, kept },
    pairs,
  };
}
