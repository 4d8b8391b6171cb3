/**
 * A synthetic archive for benchmarks, generated straight into the store (no PDFs): invented words whose
 * frequencies follow Zipf's law (s = 1.07, as word frequencies of English newswire roughly do), 6-word
 * headlines and 100–500-word bodies, ten articles to a daily bulletin from 1923 on.
 */
import { addDays } from '../src/core/dates.js';
import type { ArticleDraft } from '../src/core/types.js';
import type { EditionInput } from '../src/store/ports.js';

export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES =
  'ba be bi bo bu da de di do ka ke ki ko la le li lo lu ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo za ze zi zo sha shi kra tre plo gri dor vin mar sel'.split(
    ' ',
  );

export interface Corpus {
  words: string[];
  /** Cumulative Zipf weights for sampling. */
  cdf: Float64Array;
}

export function makeCorpus(size = 60_000, seed = 7): Corpus {
  const r = rng(seed);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < size) {
    const n = 1 + Math.floor(r() * 3.2);
    let w = '';
    for (let i = 0; i < n; i++) w += SYLLABLES[Math.floor(r() * SYLLABLES.length)];
    if (w.length < 2 || seen.has(w)) continue;
    seen.add(w);
    words.push(w);
  }
  const cdf = new Float64Array(size);
  let sum = 0;
  for (let i = 0; i < size; i++) {
    sum += 1 / (i + 1) ** 1.07;
    cdf[i] = sum;
  }
  for (let i = 0; i < size; i++) cdf[i]! /= sum;
  return { words, cdf };
}

export function sampleWord(c: Corpus, u: number): string {
  let lo = 0;
  let hi = c.cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.cdf[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return c.words[lo]!;
}

const PLACES = [
  'LONDON',
  'PARIS',
  'JERUSALEM',
  'NEW YORK',
  'WARSAW',
  'MOSCOW',
  'TEL AVIV',
  'BUENOS AIRES',
  'VIENNA',
  'ROME',
];

/** The bulletins of a synthetic archive, `perEdition` articles each, one a day from `from`, lazily. */
export function* syntheticEditions(
  c: Corpus,
  articles: number,
  perEdition = 10,
  seed = 11,
  from = '1923-01-02',
): Generator<EditionInput> {
  const r = rng(seed);
  let date = from;
  for (let made = 0; made < articles; ) {
    const drafts: ArticleDraft[] = [];
    for (let k = 0; k < perEdition && made < articles; k++, made++) {
      const head = Array.from({ length: 6 }, () => sampleWord(c, r())).join(' ');
      const len = 100 + Math.floor(r() * 400);
      const body: string[] = [];
      for (let i = 0; i < len; i++) body.push(sampleWord(c, r()));
      const place = PLACES[Math.floor(r() * PLACES.length)]!;
      drafts.push({
        ordinal: k,
        headlinePrinted: head.toUpperCase(),
        headline: head,
        kicker: null,
        byline: null,
        dateline: { raw: `${place}, (JTA) --`, place, date, agency: 'JTA' },
        body: body.join(' '),
        firstPage: 1 + Math.floor(k / 3),
        lastPage: 1 + Math.floor(k / 3),
        references: [],
      });
    }
    yield {
      titleName: 'Daily News Bulletin',
      date,
      volume: null,
      number: null,
      sourceHash: `bench-${date}`,
      sourceName: `${date}.pdf`,
      pdfKey: '0'.repeat(64),
      pages: [],
      articles: drafts,
    };
    date = addDays(date, 1);
  }
}
