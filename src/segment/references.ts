/** In-text cross-references ("See P. 3 for separate story.") found in article bodies and resolved. */
import type { ReferenceDraft } from '../core/types.js';
import { tokens } from '../text/normalize.js';

const REFERENCE =
  /\((?=[^()]{0,80}\b(?:[Ss]ee|[Rr]elated|[Cc]ontinued)\b)[^()]{0,80}?\b(?:P|Pp|Page|page|p)\.?\s*(\d{1,3})\b[^()]{0,40}\)/g;

/** Finds the references printed in a body, in order, unresolved. */
export function findReferences(body: string): ReferenceDraft[] {
  const out: ReferenceDraft[] = [];
  for (const m of body.matchAll(REFERENCE)) {
    const text = m[0];
    const kind = /continued/i.test(text) ? 'continued' : /related/i.test(text) ? 'related' : 'see';
    out.push({ text, kind, page: Number(m[1]), targetOrdinal: null });
  }
  return out;
}

interface Candidate {
  ordinal: number;
  headline: string;
  body: string;
  /** The dateline's place: where a story happened is part of what it is about. */
  place?: string | null;
  firstPage: number;
  lastPage: number;
}

const STOP = new Set(
  // The words a bulletin uses to point at another story ("Further news on … appears elsewhere in this
  // bulletin", "a separate report") say nothing of which story is meant.
  'the a an and of in on to for by with at from as is was are were be has have had that this it its his her their said will not also today news further story report separate elsewhere appears bulletin'.split(
    ' ',
  ),
);

/** A light stem, so "elections" and "elected", "debates" and "debate", "rules" and "ruled" meet. */
export function stem(word: string): string {
  let t = word;
  if (t.length > 5 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) t = t.slice(0, -1);
  if (t.length > 5 && t.endsWith('ion')) t = t.slice(0, -3);
  else if (t.length > 5 && t.endsWith('ing')) t = t.slice(0, -3);
  else if (t.length > 4 && t.endsWith('ed')) t = t.slice(0, -2);
  if (t.length > 3 && t.endsWith('e')) t = t.slice(0, -1);
  return t;
}

function content(text: string): Set<string> {
  return new Set(
    tokens(text)
      .filter((t) => t.length > 2 && !STOP.has(t))
      .map(stem),
  );
}

/**
 * Words that never tell one story from another, however few articles of a bulletin use them: function
 * words, numbers, days and months, titles, and the verbs and nouns of any news item ("meets", "opens",
 * "new", "year"). Compared stemmed, as `content` gives them.
 */
const COMMON = new Set(
  `would could should may might must can shall been being which who whom whose what when where there here
  than then them they these those into over under after before about more most other some such only all any
  each many much very well now just but nor out off upon while during since until between against without
  within through near also again still yet one two three four five six seven eight nine ten first second
  third last next new old year week month day time yesterday tomorrow tonight morning evening monday tuesday
  wednesday thursday friday saturday sunday january february march april may june july august september
  october november december mr mrs miss dr prof rabbi made make take took given give told tell say says
  reported announced stated according per cent percent number part held hold meet met open opened call
  called ask asked plan plans people man men women group concerning regarding deals deal`
    .split(/\s+/)
    .filter(Boolean)
    .map(stem),
);

/**
 * Which of the words the sentence before a reference shares with a candidate are *telling*, i.e. say which
 * story is meant rather than merely that both are news. A shared word is telling when it is not COMMON and
 * either it is rare in this bulletin — used by at most a third of its articles (rounded up), and by two at
 * least, since the referring article and the one it means both use it — or it is printed in the candidate's
 * headline, because a headline names what its story is about, just as the sentence before a reference names
 * the story it points at (a place or subject can run through most of a small bulletin and still head the
 * one story about it). Rarity is the bulletin's own, the only corpus at hand: "Jewish" or "Israel" in a
 * wire service's bulletin is as common as "today" is anywhere.
 */
function tellingWords(
  sentence: Set<string>,
  candidate: Set<string>,
  headline: Set<string>,
  df: Map<string, number>,
  articles: number,
): string[] {
  const rareUpTo = Math.max(2, Math.ceil(articles / 3));
  return [...sentence].filter(
    (w) => candidate.has(w) && !COMMON.has(w) && ((df.get(w) ?? 0) <= rareUpTo || headline.has(w)),
  );
}

/** The last two sentences before `at` in `body`, last one first. */
function sentencesBefore(body: string, at: number): [string, string] {
  const parts = body
    .slice(Math.max(0, at - 400), Math.max(0, at))
    .split(/(?<=[.!?])\s+(?=[A-Z(])/)
    .filter((x) => x.trim());
  return [parts.at(-1) ?? '', parts.at(-2) ?? ''];
}

/** How well candidate `c` fits the sentences before a reference: [near, all], compared in that order. */
function fit(
  c: Candidate,
  [last, previous]: [Set<string>, Set<string>],
  whole: Set<string>,
  referring: Set<string>,
  weight: (w: string) => number,
): [number, number] {
  const head = content(c.headline);
  const lead = content(`${c.headline} ${c.place ?? ''} ${c.body.split(/\n\n/)[0]}`);
  let near = 0;
  for (const w of last) {
    if (lead.has(w)) near += (head.has(w) ? 2 : 1) * weight(w);
    else if (whole.has(w)) near += 0.5 * weight(w);
  }
  for (const w of previous) if (lead.has(w)) near += 0.25 * weight(w);
  let all = 0;
  for (const w of whole) if (referring.has(w)) all++;
  return [near, all];
}

/**
 * Resolves each reference to the article it means on the named page: an article starting on that page
 * (failing that, one running across it) that shares telling words (see `tellingWords`) with the sentence
 * just before the reference. When none does, the reference stays unresolved (null): a reader is better
 * sent to the page than to a story that only shares common words with it. When several do, the one whose
 * headline, place and lead share most with that sentence (a word rarer in the bulletin weighs more; a
 * headline word counts double), then with the sentence before that and the candidate's whole text, then
 * with the whole referring article.
 */
export function resolveReferences(
  articles: Candidate[],
  refsOf: (ordinal: number) => ReferenceDraft[],
): void {
  const texts = new Map(
    articles.map((a) => [a.ordinal, content(`${a.headline} ${a.place ?? ''} ${a.body}`)]),
  );
  const df = new Map<string, number>();
  for (const words of texts.values()) for (const w of words) df.set(w, (df.get(w) ?? 0) + 1);
  const weight = (w: string) => 1 / (df.get(w) ?? 1);
  for (const src of articles) {
    const words = texts.get(src.ordinal)!;
    for (const ref of refsOf(src.ordinal)) {
      const others = articles.filter((a) => a.ordinal !== src.ordinal);
      let pool = others.filter((a) => a.firstPage === ref.page);
      if (pool.length === 0) pool = others.filter((a) => a.firstPage <= ref.page && a.lastPage >= ref.page);
      // The sentence just before a reference usually names what the other story is about.
      const sentences = sentencesBefore(src.body, src.body.indexOf(ref.text)).map(content) as [
        Set<string>,
        Set<string>,
      ];
      pool = pool.filter(
        (c) =>
          tellingWords(sentences[0], texts.get(c.ordinal)!, content(c.headline), df, articles.length).length >
          0,
      );
      let best: Candidate | null = null;
      let bestScore = [-1, -1];
      for (const c of pool) {
        const [near, all] = fit(c, sentences, texts.get(c.ordinal)!, words, weight);
        if (near > bestScore[0]! + 1e-9 || (Math.abs(near - bestScore[0]!) <= 1e-9 && all > bestScore[1]!)) {
          best = c;
          bestScore = [near, all];
        }
      }
      ref.targetOrdinal = best?.ordinal ?? null;
    }
  }
}
