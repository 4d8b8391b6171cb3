/**
 * The typeset demo bulletins (`src/demo/typeset/`, 1928-1939 dailies in three to five columns): read from
 * their text layer and, for a few, from a 240 ppi web copy (410 px wide) by OCR, segmented and scored
 * against their truth. Part of `npm run eval:segment`; alone:
 * `node --import tsx scripts/eval-typeset.ts [--count=N] [--scans=N] [--verbose]`.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ArticleDraft } from '../src/core/types.js';
import type { EditionTruth } from '../src/demo/truth.js';
import { generateTypesetBulletins, typesetScan } from '../src/demo/typeset/index.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { readBulletin } from '../src/ingest/ocr-reader.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { emptyCounts, scoreEdition, summarise } from '../src/segment/evaluate.js';
import { segment } from '../src/segment/segmenter.js';
import type { OcrPageRecord } from '../src/store/ports.js';
import { editDistance } from '../src/text/edit-distance.js';
import { squash } from '../src/text/normalize.js';

const norm = (s: string) => squash(s).toUpperCase();

export interface Extra {
  heads: number;
  /** Headlines found but for OCR slips: at most one character in ten wrong ("1.850" for "1,850"). */
  headsNear: number;
  articles: number;
  credits: number;
  creditsExpected: number;
  jumps: number;
  jumpsJoined: number;
}

/** Headlines found (the printed main deck, or a found headline it begins with), credits right, jumps joined. */
export function extra(truth: EditionTruth, found: ArticleDraft[]): Extra {
  const e: Extra = {
    heads: 0,
    headsNear: 0,
    articles: truth.articles.length,
    credits: 0,
    creditsExpected: 0,
    jumps: 0,
    jumpsJoined: 0,
  };
  for (const t of truth.articles) {
    const f = found.find(
      (a) =>
        norm(a.headlinePrinted) === norm(t.headline) ||
        (a.headlinePrinted.length > 8 && norm(t.headline).startsWith(norm(a.headlinePrinted))),
    );
    if (f) e.heads++;
    const near =
      f ??
      found.find(
        (a) => editDistance(norm(a.headlinePrinted), norm(t.headline)) <= norm(t.headline).length * 0.1,
      );
    if (near) e.headsNear++;
    if (t.credit) {
      e.creditsExpected++;
      if (near?.credit && norm(near.credit) === norm(t.credit)) e.credits++;
    }
    if ((t.parts?.length ?? 0) > 1) {
      e.jumps++;
      if (near && near.firstPage === t.firstPage && near.lastPage === t.lastPage) e.jumpsJoined++;
    }
  }
  return e;
}

export const add = (a: Extra, b: Extra) => {
  for (const k of Object.keys(a) as (keyof Extra)[]) a[k] += b[k];
};

export interface TypesetEvalOptions {
  count?: number;
  /** How many of them are also read from a 240 ppi web copy by OCR (about a minute each). */
  scans?: number;
  verbose?: boolean;
}

/** Scores the typeset bulletins; returns the report as markdown. */
export async function evaluateTypeset(o: TypesetEvalOptions = {}): Promise<string> {
  const bulletins = await generateTypesetBulletins({ count: o.count ?? 6 });
  const c = emptyCounts();
  const tot: Extra = {
    heads: 0,
    headsNear: 0,
    articles: 0,
    credits: 0,
    creditsExpected: 0,
    jumps: 0,
    jumpsJoined: 0,
  };
  const problems: string[] = [];
  for (const b of bulletins) {
    const { pages } = await readPdfText(b.pdf, b.fileName);
    const seg = segment(pages, b.truth.date);
    for (const p of scoreEdition(c, b.truth, seg.masthead.date ?? b.truth.date, seg.articles))
      problems.push(`${b.fileName}: ${p}`);
    add(tot, extra(b.truth, seg.articles));
  }
  const s = summarise(c);
  const out = [
    `## Typeset demo bulletins (${bulletins.length}, generated, 3-5 columns)`,
    '',
    '| read from | articles found / expected | recall | precision | headlines exact | headlines found | headlines found, ≤ 10 % OCR slips | credits kept apart | jumps joined |',
    '|---|---|---|---|---|---|---|---|---|',
    `| text layer | ${s.articlesFound} / ${s.articlesExpected} | ${s.recall.toFixed(3)} | ${s.precision.toFixed(3)} | ${s.headlinesExact.toFixed(3)} | ${tot.heads} / ${tot.articles} | ${tot.headsNear} / ${tot.articles} | ${tot.credits} / ${tot.creditsExpected} | ${tot.jumpsJoined} / ${tot.jumps} |`,
  ];
  const scans = o.scans ?? 1;
  if (scans > 0) {
    const pool = new OcrPool();
    const memory = new Map<string, OcrPageRecord[]>();
    const store = {
      ocrPages: async (h: string) => memory.get(h) ?? [],
      saveOcrPage: async (r: OcrPageRecord) =>
        void memory.set(r.sourceHash, [...(memory.get(r.sourceHash) ?? []), r]),
    };
    try {
      const sc = emptyCounts();
      const st: Extra = {
        heads: 0,
        headsNear: 0,
        articles: 0,
        credits: 0,
        creditsExpected: 0,
        jumps: 0,
        jumpsJoined: 0,
      };
      let pages = 0;
      let seconds = 0;
      for (const b of bulletins.slice(0, scans)) {
        const scan = await typesetScan(b.pdf, { size: 'web', degrade: { seed: 7 } });
        const hash = createHash('sha256').update(scan).digest('hex');
        const read = await readBulletin(scan, b.fileName, hash, { mode: 'auto', pool, store });
        pages += read.pages.length;
        seconds += read.ocr?.seconds ?? 0;
        const seg = segment(read.pages, b.truth.date);
        scoreEdition(sc, b.truth, seg.masthead.date ?? b.truth.date, seg.articles);
        add(st, extra(b.truth, seg.articles));
      }
      const ss = summarise(sc);
      out.push(
        `| 240 ppi web copy by OCR (${scans}, ${pages} pages, ${(seconds / Math.max(1, pages)).toFixed(1)} s of OCR a page) | ${ss.articlesFound} / ${ss.articlesExpected} | ${ss.recall.toFixed(3)} | ${ss.precision.toFixed(3)} | ${ss.headlinesExact.toFixed(3)} | ${st.heads} / ${st.articles} | ${st.headsNear} / ${st.articles} | ${st.credits} / ${st.creditsExpected} | ${st.jumpsJoined} / ${st.jumps} |`,
      );
    } finally {
      await pool.close();
    }
  }
  if (o.verbose) out.push('', ...problems.map((p) => `- ${p}`));
  return `${out.join('\n')}\n`;
}

const isMain =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (isMain) {
  const arg = (name: string, fallback: number) =>
    Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
  console.log(
    await evaluateTypeset({
      count: arg('count', 6),
      scans: arg('scans', 1),
      verbose: process.argv.includes('--verbose'),
    }),
  );
}
