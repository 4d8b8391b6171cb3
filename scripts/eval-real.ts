/**
 * Segmentation on real newspaper layouts: the KB issues of the impresso samples (1750, 1813, 1876), their
 * ALTO pages drawn into PDFs (scripts/real/alto-pdf.ts), read and segmented as any PDF is, and scored by
 * words against the library's article records (src/segment/article-score.ts).
 *
 * `node --import tsx scripts/eval-real.ts [--verbose] [--keep DIR]`: `--verbose` lists the truth articles
 * missed and the headlines found; `--keep DIR` writes each drawn PDF into DIR to inspect or ingest it.
 * The data is third-party and for internal testing only: it is read from /work/shared/data, never copied.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { type ArticleScore, scoreArticles, words } from '../src/segment/article-score.js';
import { segment } from '../src/segment/segmenter.js';
import { type DrawStats, drawScaleReport } from './real/alto-pdf.js';
import { KB_ROOT, loadKbSets, type RealArticle, type RealSet } from './real/kb-sets.js';

export interface EvalRealOptions {
  /** Where the KB issues are (default: the shared data folder). */
  root?: string;
  verbose?: boolean;
  /** A folder to write each drawn PDF into. */
  keep?: string;
}

const f3 = (x: number) => x.toFixed(3);
const slug = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[^\w-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);

function row(name: string, s: Omit<ArticleScore, 'pairs'>): string {
  return `| ${name} | ${s.expected} | ${s.found} | ${s.matched} | ${f3(s.precision)} | ${f3(s.recall)} | ${f3(s.f1)} | ${f3(s.headlinesFound)} | ${f3(s.titlesFound)} | ${f3(s.readingOrder)} |`;
}

/** Pools several scores: counts summed, ratios from the sums (micro-averaged). */
function total(scores: ArticleScore[]): Omit<ArticleScore, 'pairs'> {
  const sum = (f: (s: ArticleScore) => number) => scores.reduce((a, s) => a + f(s), 0);
  const expected = sum((s) => s.expected);
  const found = sum((s) => s.found);
  const matched = sum((s) => s.matched);
  const precision = found ? matched / found : 0;
  const recall = expected ? matched / expected : 0;
  const truthBigrams = sum((s) => s.bigrams.truth);
  const kept = sum((s) => s.bigrams.kept);
  return {
    expected,
    found,
    matched,
    precision,
    recall,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    headlinesFound: expected ? sum((s) => s.headlinesFound * s.expected) / expected : 0,
    titlesFound: expected ? sum((s) => s.titlesFound * s.expected) / expected : 0,
    readingOrder: truthBigrams ? kept / truthBigrams : 0,
    bigrams: { truth: truthBigrams, kept },
  };
}

const firstWords = (s: string, n = 10) => {
  const w = s.split(/\s+/).filter(Boolean);
  return w.slice(0, n).join(' ') + (w.length > n ? ' …' : '');
};

/**
 * The library's record cuts advertisements into arbitrary chunks (a KB ad item is one of its OCR's text
 * blocks: half a column of small ads, or a whole one), which no reader of the page could recover. This
 * scores the articles and family notices alone: truth without the advertisements, and without the found
 * pieces that lie inside one (most of their words in one truth advertisement) or that the segmenter itself
 * marked as advertisements (a real article so marked is then missed, as it should be).
 */
export function articlesOnly(
  truth: RealArticle[],
  found: { headline: string; body: string; kicker?: string; dateline?: string; kind?: string }[],
): ArticleScore {
  const sets = truth.map((t) => new Set(words([t.title, ...t.paragraphs].join(' '))));
  const inAd = (f: { headline: string; body: string }) => {
    const w = new Set(words(`${f.headline} ${f.body}`));
    let best = -1;
    let share = 0;
    sets.forEach((t, i) => {
      let n = 0;
      for (const x of w) if (t.has(x)) n++;
      if (n / Math.max(1, w.size) > share) {
        share = n / Math.max(1, w.size);
        best = i;
      }
    });
    return best >= 0 && share >= 0.5 && truth[best]!.kind === 'advertentie';
  };
  return scoreArticles(
    truth.filter((t) => t.kind !== 'advertentie'),
    found.filter((f) => f.kind !== 'advertisement' && !inAd(f)),
  );
}

/** Loads, segments and scores the real sets; returns the report as markdown. */
export async function evaluateRealSets(options: EvalRealOptions = {}): Promise<string> {
  const root = options.root ?? KB_ROOT;
  const draw: DrawStats = { words: 0, scales: [], replaced: 0 };
  const started = performance.now();
  const sets = await loadKbSets(root, draw);
  if (sets === null) {
    return `**REAL SETS SKIPPED: ${root} is absent (the real sets are read from ../shared/data beside the repository), so no real-layout figures were measured.**\n`;
  }
  const built = performance.now();
  const out: string[] = [];
  const notes: string[] = [];
  const detail: string[] = [];
  const scores: { set: RealSet; score: ArticleScore }[] = [];
  const articleScores: { set: RealSet; score: ArticleScore }[] = [];
  if (options.keep) await mkdir(options.keep, { recursive: true });
  for (const set of sets) {
    if (options.keep) {
      const file = join(options.keep, `${set.date}-${slug(set.name.replace(set.date, ''))}.pdf`);
      await writeFile(file, set.pdf);
      notes.push(`PDF kept: ${resolve(file)}`);
    }
    const { pages } = await readPdfText(set.pdf, `${set.name}.pdf`);
    const seg = segment(pages, set.date);
    const found = seg.articles.map((a) => ({
      headline: a.headlinePrinted,
      body: a.body,
      kicker: a.kicker ?? undefined,
      dateline: a.dateline?.raw,
      kind: a.kind,
    }));
    const score = scoreArticles(set.articles, found);
    scores.push({ set, score });
    articleScores.push({ set, score: articlesOnly(set.articles, found) });

    const kinds = new Map<string, { n: number; matched: number }>();
    const matchedTruth = new Set(score.pairs.map((p) => p.truth));
    set.articles.forEach((a, i) => {
      const k = kinds.get(a.kind ?? '?') ?? { n: 0, matched: 0 };
      k.n++;
      if (matchedTruth.has(i)) k.matched++;
      kinds.set(a.kind ?? '?', k);
    });
    // What the pieces the segmenter marked as advertisements were in the library's record.
    const pairOf = new Map(score.pairs.map((p) => [p.found, p.truth]));
    const ads = seg.articles.flatMap((a, i) => (a.kind === 'advertisement' ? [i] : []));
    const adTruth = (k: string) => ads.filter((i) => set.articles[pairOf.get(i) ?? -1]?.kind === k).length;
    const multiPage = set.articles.filter((a) => a.pages.length > 1).length;
    const untitled = set.articles.filter((a) => !a.title).length;
    notes.push(
      `${set.name} (${set.library}, ${set.language}): ${pages.length} pages, ${set.articles.length} truth items (${[
        ...kinds,
      ]
        .map(([k, v]) => `${k} ${v.matched}/${v.n} matched`)
        .join(
          ', ',
        )}), ${untitled} without a title, ${multiPage} over two pages; marked advertisement by the segmenter: ${ads.length} pieces, of which ${adTruth('advertentie')} matched a truth advertisement and ${adTruth('artikel') + adTruth('familiebericht')} a truth article or family notice`,
    );

    if (options.verbose) {
      const foundMatched = new Map(score.pairs.map((p) => [p.found, p]));
      detail.push(`\n### ${set.name}\n`, 'Truth articles missed:');
      set.articles.forEach((a, i) => {
        if (matchedTruth.has(i)) return;
        const label = a.title ? `"${a.title}"` : `(no title) ${firstWords(a.paragraphs.join(' '))}`;
        detail.push(`- #${i + 1} [${a.kind ?? '?'}, p. ${a.pages.join(', ')}] ${label}`);
      });
      detail.push('', 'Headlines found (✓ matched a truth article, with its number and Jaccard):');
      seg.articles.forEach((a, i) => {
        const p = foundMatched.get(i);
        const mark = p
          ? `✓ #${p.truth + 1} (${p.jaccard.toFixed(2)}${p.headlineOk ? ', headline ok' : `, ${p.titleOk ? 'with kicker or dateline ok, ' : ''}record's title "${set.articles[p.truth]!.title}"`})`
          : '✗';
        const around = [
          a.kicker && `kicker "${a.kicker}"`,
          a.dateline && `dateline "${a.dateline.raw}"`,
        ].filter(Boolean);
        const head = `${a.kind === 'advertisement' ? '[ad] ' : ''}${a.headlinePrinted || `(no headline) ${firstWords(a.body)}`}${around.length ? ` (${around.join(', ')})` : ''}`;
        detail.push(
          `- ${mark} p. ${a.firstPage}–${a.lastPage}, ${a.body.split(/\s+/).length} words: ${head}`,
        );
      });
    }
  }
  const done = performance.now();
  out.push(
    '## Segmentation of real newspaper layouts (KB issues drawn from ALTO)',
    '',
    '| set | expected | found | matched | P | R | F1 | headlines found | with kicker or dateline | reading order |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...scores.map(({ set, score }) => row(set.name, score)),
    row('**total**', total(scores.map((s) => s.score))),
    '',
    'A found article matches a truth article (one-to-one, greedy) when their word sets overlap ≥ 0.5 Jaccard; ' +
      'headlines found = share of truth titles matched by the found headline; reading order = share of truth ' +
      "bigrams kept in the matched found bodies. Truth counts every item of the library's record, advertisements included.",
    '',
    '### Articles and family notices alone',
    '',
    '| set | expected | found | matched | P | R | F1 | headlines found | with kicker or dateline | reading order |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...articleScores.map(({ set, score }) => row(set.name, score)),
    row('**total**', total(articleScores.map((s) => s.score))),
    '',
    "The library's record cuts advertisements into arbitrary chunks (one of its OCR's text blocks each: half a " +
      'column of small ads, or a whole one), so here they are left out: the truth without advertisements, the ' +
      'found pieces without those lying inside one (half their words or more in one truth advertisement).',
    '',
    ...notes.map((n) => `- ${n}`),
    `- Drawing: ${drawScaleReport(draw)}`,
    `- Time: drawing the PDFs ${((built - started) / 1000).toFixed(1)} s, reading and segmenting ${((done - built) / 1000).toFixed(1)} s`,
    ...detail,
  );
  return `${out.join('\n')}\n`;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const argv = process.argv.slice(2);
  const keepAt = argv.indexOf('--keep');
  const keep = keepAt >= 0 ? argv[keepAt + 1] : undefined;
  if (keepAt >= 0 && (!keep || keep.startsWith('--'))) {
    console.error('--keep needs a folder: --keep DIR');
    process.exit(2);
  }
  process.stdout.write(await evaluateRealSets({ verbose: argv.includes('--verbose'), keep }));
}
