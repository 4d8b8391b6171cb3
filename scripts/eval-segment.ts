/** `npm run eval:segment`: segments the generated demo bulletins and scores them against their truth. */
import { dateFromFileName } from '../src/core/dates.js';
import { generateDemoCollection } from '../src/demo/generator.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { emptyCounts, scoreEdition, summarise } from '../src/segment/evaluate.js';
import { segment } from '../src/segment/segmenter.js';

const editions = Number(process.argv.find((a) => a.startsWith('--editions='))?.split('=')[1] ?? 120);
const verbose = process.argv.includes('--verbose');
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
const s = summarise(counts);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
console.log(`Segmentation of the demo collection (${s.editions} bulletins, text layer)`);
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
  `| references resolved | ${s.references ? `${(s.referencesResolved * s.references).toFixed(0)} / ${s.references}` : 'none'} |`,
);
console.log(
  `\ngeneration ${((generated - started) / 1000).toFixed(1)} s, reading and segmentation ${((done - generated) / 1000).toFixed(1)} s`,
);
if (problems.length) {
  console.log(`\n${problems.length} problems${verbose ? '' : ' (first 20; --verbose for all)'}:`);
  for (const p of verbose ? problems : problems.slice(0, 20)) console.log(`- ${p}`);
}
