/** `npm run eval:segment`: segments the generated demo bulletins (text layer and scanned copies) and scores them against their truth. */
import { dateFromFileName } from '../src/core/dates.js';
import { generateDemoCollection } from '../src/demo/generator.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { type EvalCounts, emptyCounts, scoreEdition, summarise } from '../src/segment/evaluate.js';
import { segment } from '../src/segment/segmenter.js';
import { evaluateLabelled } from './eval-labelled.js';
import { evaluateNdnp } from './eval-ndnp.js';
import { evaluateRealSets } from './eval-real.js';
import { evaluateScanned, pickSubset } from './eval-scanned.js';
import { evaluateTypeset } from './eval-typeset.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const editions = arg('editions', 120);
/** Scanned copies OCR'd: a few minutes on two cores. `--scanned=0` skips them. */
const scanned = arg('scanned', 8);
const verbose = process.argv.includes('--verbose');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function table(title: string, c: EvalCounts, extra: [string, string][] = []): void {
  const s = summarise(c);
  console.log(`\n${title}`);
  console.log(`| figure | value |\n|---|---|`);
  console.log(`| edition dates right | ${pct(s.datesRight)} |`);
  console.log(`| articles found / expected | ${s.articlesFound} / ${s.articlesExpected} |`);
  console.log(`| article recall | ${s.recall.toFixed(4)} |`);
  console.log(`| article precision | ${s.precision.toFixed(4)} |`);
  console.log(`| headlines exact | ${s.headlinesExact.toFixed(4)} |`);
  console.log(`| kickers right | ${s.kickers.toFixed(4)} |`);
  console.log(`| bylines right | ${s.bylines.toFixed(4)} |`);
  console.log(`| datelines right | ${s.datelines.toFixed(4)} |`);
  console.log(`| first and last page right | ${s.pages.toFixed(4)} |`);
  console.log(
    `| references resolved | ${s.references ? `${(s.referencesResolved * s.references).toFixed(0)} / ${s.references} (${s.referencesResolved.toFixed(2)})` : 'none'} |`,
  );
  for (const [k, v] of extra) console.log(`| ${k} | ${v} |`);
}

function listProblems(problems: string[]): void {
  if (!problems.length) return;
  console.log(`\n${problems.length} problems${verbose ? '' : ' (first 20; --verbose for all)'}:`);
  for (const p of verbose ? problems : problems.slice(0, 20)) console.log(`- ${p}`);
}

const started = performance.now();
const bulletins = await generateDemoCollection({ editions });
const generated = performance.now();
const counts = emptyCounts();
const problems: string[] = [];
for (const b of bulletins) {
  const { pages } = await readPdfText(b.pdf, b.fileName);
  const seg = segment(pages, dateFromFileName(b.fileName));
  const date = seg.masthead.date ?? dateFromFileName(b.fileName);
  for (const p of scoreEdition(counts, b.truth, date, seg.articles))
    problems.push(`${b.fileName} [${b.truth.layout}]: ${p}`);
}
const done = performance.now();
table(`Segmentation of the demo collection (${bulletins.length} bulletins, text layer)`, counts);
console.log(
  `\ngeneration ${((generated - started) / 1000).toFixed(1)} s, reading and segmentation ${((done - generated) / 1000).toFixed(1)} s`,
);
listProblems(problems);

if (scanned > 0) {
  const subset = pickSubset(bulletins, scanned);
  const r = await evaluateScanned(subset, 1923);
  table(
    `Scanned copies (${subset.length} bulletins, ${r.pages} pages at 200 dpi with speckle, blur and skew; OCR by ${r.engine})`,
    r.counts,
    [
      ['OCR character error rate (rules left out)', pct(r.cer)],
      ['OCR character error rate (rules counted as text)', pct(r.cerWithRules)],
      ['OCR seconds per page per core (wall clock)', r.ocrSecondsPerPage.toFixed(1)],
      [
        "OCR CPU seconds per page (drawing and OCR, the tesseract command's runs included)",
        r.cpuSecondsPerPage.toFixed(1),
      ],
      [`wall seconds per page (${r.workers} workers)`, (r.wallSeconds / Math.max(1, r.pages)).toFixed(1)],
    ],
  );
  console.log(`\nmaking the scans ${r.scanSeconds.toFixed(1)} s`);
  listProblems(r.problems);
}

// The real-layout sets: newspaper issues drawn from their libraries' ALTO (../shared/data; skipped loudly when absent).
console.log(`\n${await evaluateRealSets({ verbose })}`);
// Real English front pages, labelled by hand (../shared/data/ndnp; skipped loudly when absent).
console.log(`\n${await evaluateNdnp()}`);
console.log(`\n${await evaluateLabelled()}`);

// The typeset demo bulletins in columns, and `--typeset-scans=N` of them (default 1) as 240 ppi web copies read by OCR.
console.log(`\n${await evaluateTypeset({ scans: arg('typeset-scans', 1), verbose })}`);
