/** Builds one demo bulletin: invents its articles, fits them on 2-6 pages, adds cross-references, records truth. */
import { issueOfYear, parts, roman } from './calendar.js';
import type { EditionInfo, LayoutVariant, Slot } from './layouts.js';
import { type ArticleContent, makeArticle, type NewsContext } from './news.js';
import { type Pagination, paginate } from './paginate.js';
import { mixSeed, type Rng } from './random.js';
import type { ArticleTruth, EditionTruth, ReferenceTruth } from './truth.js';

const MIN_PAGES = 2;
const MAX_PAGES = 6;
const MIN_ARTICLES = 5;
const MAX_ARTICLES = 12;

/** The printed forms of a cross-reference; the page number is filled in after layout. */
const REFERENCE_FORMS: { kind: ReferenceTruth['kind']; text: (page: number) => string }[] = [
  { kind: 'see', text: (p) => `(See P. ${p} for separate story.)` },
  { kind: 'related', text: (p) => `(Related story on P. ${p}.)` },
  { kind: 'related', text: (p) => `(See related story, Page ${p}.)` },
  { kind: 'see', text: (p) => `(See story on Page ${p}.)` },
];

/** Sentences that lead up to a reference by naming its target's subject, so the reader knows which story. */
const BRIDGES = [
  (topic: string) => `A separate report deals with ${topic}.`,
  (topic: string) => `Further news on ${topic} appears elsewhere in this bulletin.`,
  (topic: string) => `There was also news today concerning ${topic}.`,
];

interface PlannedReference {
  source: number;
  paragraph: number;
  /** The paragraph without the reference. */
  base: string;
  /** The sentence before the reference that names the target's subject. */
  bridge: string;
  form: (typeof REFERENCE_FORMS)[number];
  target: number;
  page: number;
}

/** A laid-out bulletin and its ground truth. */
export interface BuiltEdition {
  pages: Slot[][];
  truth: EditionTruth;
}

/** Volume (by the agency's founding year, Roman or Arabic) and issue number of the year. */
function editionInfo(layout: LayoutVariant, date: string): EditionInfo {
  const volume = Math.max(1, parts(date).y - layout.agency.founded + 1);
  return {
    date,
    volume: layout.romanVolume ? roman(volume) : String(volume),
    number: String(issueOfYear(date)),
  };
}

/** Invents articles sized so that the bulletin comes to about `pages` pages. */
function inventArticles(rng: Rng, layout: LayoutVariant, ctx: NewsContext, pages: number): ArticleContent[] {
  const count = rng.int(Math.max(MIN_ARTICLES, pages + 2), Math.min(MAX_ARTICLES, pages * 2 + 3));
  const lines = pages * (layout.linesPerPage - 2) - 8;
  const bodyLines = Math.max(4, lines / count - 7);
  const used = new Set<string>();
  return Array.from({ length: count }, () => {
    const chars = bodyLines * layout.width * (0.4 + rng.next() * 0.6);
    return makeArticle(rng, ctx, chars, used);
  });
}

/** Keeps the page count within 2-6 by adding articles, dropping them, or shortening the longest. */
function fit(
  rng: Rng,
  layout: LayoutVariant,
  ed: EditionInfo,
  ctx: NewsContext,
  articles: ArticleContent[],
  seeds: number[],
): Pagination {
  const used = new Set(articles.map((a) => a.headlineLines.join(' ')));
  for (;;) {
    const p = paginate(layout, ed, articles, seeds);
    const n = p.pages.length;
    if (n < MIN_PAGES && articles.length < MAX_ARTICLES) {
      articles.push(makeArticle(rng, ctx, layout.width * 12, used));
    } else if (n > MAX_PAGES && articles.length > MIN_ARTICLES) {
      articles.pop();
    } else if (n > MAX_PAGES) {
      const longest = articles.reduce((a, b) => (b.paragraphs.length > a.paragraphs.length ? b : a));
      if (longest.paragraphs.length < 2) return p;
      longest.paragraphs.pop();
    } else return p;
  }
}

/** Plans 1-2 references from one article to another that starts on a different page. */
function planReferences(rng: Rng, articles: ArticleContent[], p: Pagination): PlannedReference[] {
  const out: PlannedReference[] = [];
  const want = rng.int(1, 2);
  for (const source of rng.shuffle(articles.map((_, i) => i))) {
    if (out.length >= want) break;
    const src = p.articles[source]!;
    const targets = p.articles.flatMap((t, i) =>
      i !== source && (t.firstPage < src.firstPage || t.firstPage > src.lastPage) ? [i] : [],
    );
    if (targets.length === 0) continue;
    const paras = articles[source]!.paragraphs;
    const paragraph = rng.chance(0.6) ? paras.length - 1 : rng.int(0, paras.length - 1);
    const target = rng.pick(targets);
    const form = rng.pick(REFERENCE_FORMS);
    out.push({
      source,
      paragraph,
      base: paras[paragraph]!,
      bridge: rng.pick(BRIDGES)(articles[target]!.topic),
      form,
      target,
      page: p.articles[target]!.firstPage,
    });
  }
  return out;
}

/**
 * Prints each reference with its target's page, re-laying out until the pages no longer move; drops a
 * reference whose target ends up on the source's own pages. Returns the final pagination.
 */
function settleReferences(
  layout: LayoutVariant,
  ed: EditionInfo,
  articles: ArticleContent[],
  seeds: number[],
  refs: PlannedReference[],
): Pagination {
  const apply = () => {
    for (const r of refs) {
      articles[r.source]!.paragraphs[r.paragraph] = `${r.base} ${r.bridge} ${r.form.text(r.page)}`;
    }
  };
  for (;;) {
    apply();
    let p = paginate(layout, ed, articles, seeds);
    for (let i = 0; i < 8 && refs.some((r) => r.page !== p.articles[r.target]!.firstPage); i++) {
      for (const r of refs) r.page = p.articles[r.target]!.firstPage;
      apply();
      p = paginate(layout, ed, articles, seeds);
    }
    const bad = refs.findIndex((r) => {
      const src = p.articles[r.source]!;
      return (
        r.page !== p.articles[r.target]!.firstPage || (r.page >= src.firstPage && r.page <= src.lastPage)
      );
    });
    if ((bad < 0 && p.pages.length <= MAX_PAGES) || refs.length === 0) return p;
    const [gone] = refs.splice(Math.max(bad, 0), 1);
    articles[gone!.source]!.paragraphs[gone!.paragraph] = gone!.base;
  }
}

/** Lays out one bulletin of `layout` for `date` and records its truth. */
export function buildEdition(rng: Rng, layout: LayoutVariant, date: string, fileName: string): BuiltEdition {
  const ed = editionInfo(layout, date);
  const ctx: NewsContext = {
    date,
    agency: layout.agency.code,
    headWidth: layout.width - 6,
    twoLineShare: layout.twoLineShare,
  };
  const target = rng.weighted<number>([
    [2, 3],
    [3, 4],
    [4, 3],
    [5, 2],
    [6, 1],
  ]);
  const articles = inventArticles(rng, layout, ctx, target);
  const seedBase = rng.int(0, 0x7fffffff);
  const seeds = Array.from({ length: MAX_ARTICLES }, (_, i) => mixSeed(seedBase, i));
  let p = fit(rng, layout, ed, ctx, articles, seeds);
  let refs: PlannedReference[] = [];
  if (p.pages.length >= 3 && rng.chance(0.25)) {
    refs = planReferences(rng, articles, p);
    p = settleReferences(layout, ed, articles, seeds, refs);
  }
  const truthArticles: ArticleTruth[] = articles.map((a, i) => ({
    ordinal: i,
    headline: a.headlineLines.join(' '),
    kicker: a.kicker,
    byline: a.byline,
    dateline: a.dateline ? { ...a.dateline } : null,
    firstPage: p.articles[i]!.firstPage,
    lastPage: p.articles[i]!.lastPage,
    paragraphs: [...a.paragraphs],
    references: refs
      .filter((r) => r.source === i)
      .map((r) => ({ text: r.form.text(r.page), kind: r.form.kind, page: r.page, targetOrdinal: r.target })),
  }));
  return {
    pages: p.pages,
    truth: {
      date,
      fileName,
      dateInMasthead: layout.dateInMasthead,
      volume: ed.volume,
      number: ed.number,
      pageCount: p.pages.length,
      layout: layout.id,
      articles: truthArticles,
    },
  };
}
