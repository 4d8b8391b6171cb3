/** Scores a segmentation against ground truth: articles found, headlines, kickers, bylines, pages, references. */

import type { ArticleDraft } from '../core/types.js';
import type { EditionTruth } from '../demo/truth.js';
import { editDistance } from '../text/edit-distance.js';
import { squash } from '../text/normalize.js';

export interface EvalCounts {
  editions: number;
  datesRight: number;
  expected: number;
  found: number;
  /** Found articles matched to a true one by headline (exact; failing that, by first words of the body or a headline one OCR slip away). */
  matched: number;
  headlinesExact: number;
  kickersRight: number;
  bylinesRight: number;
  datelinesRight: number;
  pagesRight: number;
  references: number;
  referencesResolved: number;
}

export const emptyCounts = (): EvalCounts => ({
  editions: 0,
  datesRight: 0,
  expected: 0,
  found: 0,
  matched: 0,
  headlinesExact: 0,
  kickersRight: 0,
  bylinesRight: 0,
  datelinesRight: 0,
  pagesRight: 0,
  references: 0,
  referencesResolved: 0,
});

const norm = (s: string | null | undefined) => squash(s ?? '').toUpperCase();

/** True when two headlines differ by no more than one character in eight (an OCR slip, not another story). */
const nearly = (a: string, b: string) => editDistance(norm(a), norm(b)) <= Math.max(1, norm(b).length / 8);

/** Adds one edition's comparison to `c`; returns the problems found, for reports. */
export function scoreEdition(
  c: EvalCounts,
  truth: EditionTruth,
  date: string | null,
  found: ArticleDraft[],
): string[] {
  const problems: string[] = [];
  c.editions++;
  if (date === truth.date) c.datesRight++;
  else problems.push(`date ${date} ≠ ${truth.date}`);
  c.expected += truth.articles.length;
  c.found += found.length;
  const used = new Set<number>();
  const matchOf = new Map<number, ArticleDraft>();
  for (const t of truth.articles) {
    const firstWords = squash(t.paragraphs[0] ?? '').slice(0, 60);
    let k = found.findIndex((f, i) => !used.has(i) && norm(f.headlinePrinted) === norm(t.headline));
    if (k < 0)
      k = found.findIndex(
        (f, i) => !used.has(i) && firstWords !== '' && squash(f.body).startsWith(firstWords),
      );
    if (k < 0) k = found.findIndex((f, i) => !used.has(i) && nearly(f.headlinePrinted, t.headline));
    if (k < 0) {
      problems.push(`missed "${t.headline}"`);
      continue;
    }
    used.add(k);
    const f = found[k]!;
    matchOf.set(t.ordinal, f);
    c.matched++;
    if (norm(f.headlinePrinted) === norm(t.headline)) c.headlinesExact++;
    else problems.push(`headline "${f.headlinePrinted}" ≠ "${t.headline}"`);
    if (norm(f.kicker) === norm(t.kicker)) c.kickersRight++;
    else problems.push(`kicker "${f.kicker}" ≠ "${t.kicker}" in "${t.headline}"`);
    if (norm(f.byline) === norm(t.byline)) c.bylinesRight++;
    else problems.push(`byline "${f.byline}" ≠ "${t.byline}" in "${t.headline}"`);
    const d = f.dateline;
    if (
      (t.dateline === null && d === null) ||
      (t.dateline &&
        d &&
        norm(d.place) === norm(t.dateline.place) &&
        (d.agency ?? '') === (t.dateline.agency ?? '') &&
        d.date === t.dateline.date)
    ) {
      c.datelinesRight++;
    } else problems.push(`dateline ${JSON.stringify(d)} ≠ ${JSON.stringify(t.dateline)} in "${t.headline}"`);
    if (f.firstPage === t.firstPage && f.lastPage === t.lastPage) c.pagesRight++;
    else
      problems.push(`pages ${f.firstPage}-${f.lastPage} ≠ ${t.firstPage}-${t.lastPage} in "${t.headline}"`);
  }
  for (const [i, f] of found.entries())
    if (!used.has(i)) problems.push(`extra "${f.headlinePrinted || f.body.slice(0, 40)}"`);
  for (const t of truth.articles) {
    for (const r of t.references) {
      c.references++;
      const src = matchOf.get(t.ordinal);
      const want = matchOf.get(r.targetOrdinal);
      const got = src?.references.find((x) => squash(x.text) === squash(r.text));
      if (got && want && got.targetOrdinal === want.ordinal) c.referencesResolved++;
      else problems.push(`reference ${r.text} in "${t.headline}" not resolved`);
    }
  }
  return problems;
}

const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

/** The headline figures of an evaluation. */
export function summarise(c: EvalCounts) {
  return {
    editions: c.editions,
    datesRight: ratio(c.datesRight, c.editions),
    articlesExpected: c.expected,
    articlesFound: c.found,
    recall: ratio(c.matched, c.expected),
    precision: ratio(c.matched, c.found),
    headlinesExact: ratio(c.headlinesExact, c.expected),
    kickers: ratio(c.kickersRight, c.matched),
    bylines: ratio(c.bylinesRight, c.matched),
    datelines: ratio(c.datelinesRight, c.matched),
    pages: ratio(c.pagesRight, c.matched),
    references: c.references,
    referencesResolved: ratio(c.referencesResolved, c.references),
  };
}
