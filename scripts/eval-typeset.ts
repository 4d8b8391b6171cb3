/** `node --import tsx scripts/eval-typeset.ts [--count=N] [--scans=N]`: the typeset demo bulletins, text layer and 240 ppi web copies read by OCR. */
import { createHash } from 'node:crypto';
import type { ArticleDraft } from '../src/core/types.js';
import type { EditionTruth } from '../src/demo/truth.js';
import { generateTypesetBulletins, typesetScan } from '../src/demo/typeset/index.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { readBulletin } from '../src/ingest/ocr-reader.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { emptyCounts, scoreEdition, summarise } from '../src/segment/evaluate.js';
import { segment } from '../src/segment/segmenter.js';
import type { OcrPageRecord } from '../src/store/ports.js';
import { squash } from '../src/text/normalize.js';

const arg = (name: string, fallback: number) =>
  Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const count = arg('count', 6);
const scans = arg('scans', 1);
const norm = (s: string) => squash(s).toUpperCase();

/** Headlines found (truth headline equal to a found one, or its first deck), credits right, jumps joined. */
function extra(truth: EditionTruth, found: ArticleDraft[]) {
  let heads = 0;
  let credits = 0;
  let creditsExpected = 0;
  let jumps = 0;
  let jumpsJoined = 0;
  for (const t of truth.articles) {
    const f = found.find(
      (a) =>
        norm(a.headlinePrinted) === norm(t.headline) ||
        (norm(t.headline).startsWith(norm(a.headlinePrinted)) && a.headlinePrinted.length > 8),
    );
    if (f) heads++;
    if (t.credit) {
      creditsExpected++;
      if (f && f.credit && norm(f.credit) === norm(t.credit)) credits++;
    }
    if (t.firstPage !== t.lastPage && (t.parts?.length ?? 0) > 1) {
      jumps++;
      if (f && f.firstPage === t.firstPage && f.lastPage === t.lastPage) jumpsJoined++;
    }
  }
  return { heads, headsExpected: truth.articles.length, credits, creditsExpected, jumps, jumpsJoined };
}

const bulletins = await generateTypesetBulletins({ count });
const c = emptyCounts();
const tot = { heads: 0, headsExpected: 0, credits: 0, creditsExpected: 0, jumps: 0, jumpsJoined: 0 };
const problems: string[] = [];
for (const b of bulletins) {
  const { pages } = await readPdfText(b.pdf, b.fileName);
  const seg = segment(pages, b.truth.date);
  problems.push(
    ...scoreEdition(c, b.truth, seg.masthead.date ?? b.truth.date, seg.articles).map(
      (p) => `${b.fileName}: ${p}`,
    ),
  );
  const e = extra(b.truth, seg.articles);
  for (const k of Object.keys(tot) as (keyof typeof tot)[]) tot[k] += e[k];
}
const s = summarise(c);
console.log(
  `Typeset demo bulletins (${bulletins.length}, text layer): articles ${s.articlesFound}/${s.articlesExpected}, recall ${s.recall.toFixed(3)}, precision ${s.precision.toFixed(3)}, headlines exact ${s.headlinesExact.toFixed(3)}, headlines found ${tot.heads}/${tot.headsExpected}, credits ${tot.credits}/${tot.creditsExpected}, jumps joined ${tot.jumpsJoined}/${tot.jumps}`,
);
if (process.argv.includes('--verbose')) for (const p of problems) console.log(`- ${p}`);

const pool = new OcrPool();
const memory = new Map<string, OcrPageRecord[]>();
const store = {
  ocrPages: async (h: string) => memory.get(h) ?? [],
  saveOcrPage: async (r: OcrPageRecord) =>
    void memory.set(r.sourceHash, [...(memory.get(r.sourceHash) ?? []), r]),
};
try {
  for (const b of bulletins.slice(0, scans)) {
    const scan = await typesetScan(b.pdf, { size: 'web', degrade: { seed: 7 } });
    const hash = createHash('sha256').update(scan).digest('hex');
    const t0 = performance.now();
    const read = await readBulletin(scan, b.fileName, hash, { mode: 'auto', pool, store });
    const seg = segment(read.pages, b.truth.date);
    const e = extra(b.truth, seg.articles);
    console.log(
      `${b.fileName} as a web scan: ${read.pages.length} pages OCR'd in ${((performance.now() - t0) / 1000).toFixed(1)} s (${read.ocr?.seconds.toFixed(1)} s of OCR); ${seg.articles.length} articles for ${b.truth.articles.length}; headlines found ${e.heads}/${e.headsExpected}; jumps joined ${e.jumpsJoined}/${e.jumps}`,
    );
    if (process.argv.includes('--verbose'))
      for (const a of seg.articles)
        console.log(`  p.${a.firstPage}-${a.lastPage} ${a.headlinePrinted.slice(0, 70)}`);
  }
} finally {
  await pool.close();
}
