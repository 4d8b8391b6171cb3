/** The scanned half of `npm run eval:segment`: degraded 200 dpi copies of demo bulletins, OCR'd, segmented and scored. */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dateFromFileName } from '../src/core/dates.js';
import type { SourcePage } from '../src/core/types.js';
import type { DemoBulletin } from '../src/demo/generator.js';
import { scannedCopy } from '../src/demo/scan.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { readBulletin } from '../src/ingest/ocr-reader.js';
import { readPdfText } from '../src/ingest/pdf-reader.js';
import { type EvalCounts, emptyCounts, scoreEdition } from '../src/segment/evaluate.js';
import { segment } from '../src/segment/segmenter.js';
import type { OcrPageRecord } from '../src/store/ports.js';
import { editDistance } from '../src/text/edit-distance.js';

/** A line that is only a typed rule (`____`, `====`, `- - -`): drawing, not text, and not counted. */
const RULE = /^[\s_\-=~*.·]{8,}$/;

/** A page's text as one string with single spaces, rules left out: what the character error rate compares. */
const pageText = (p: SourcePage, rules: boolean) =>
  p.lines
    .filter((l) => rules || !RULE.test(l.text))
    .map((l) => l.text)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();

/** One bulletin of each layout first, then every n-th of the rest, up to `count`. */
export function pickSubset(bulletins: DemoBulletin[], count: number): DemoBulletin[] {
  const picked: DemoBulletin[] = [];
  const layouts = new Set<string>();
  for (const b of bulletins) {
    if (picked.length < count && !layouts.has(b.truth.layout)) {
      layouts.add(b.truth.layout);
      picked.push(b);
    }
  }
  const rest = bulletins.filter((b) => !picked.includes(b));
  const step = Math.max(1, Math.floor(rest.length / Math.max(1, count - picked.length)));
  for (let i = 0; picked.length < count && i < rest.length; i += step) picked.push(rest[i]!);
  return picked;
}

export interface ScannedEval {
  counts: EvalCounts;
  problems: string[];
  pages: number;
  /** Character error rate over the pages' text, rules left out. */
  cer: number;
  /** The same counting rules as characters the OCR should have read. */
  cerWithRules: number;
  /** Seconds of OCR per page on one worker (one core), wall clock: grows with other load on the machine. */
  ocrSecondsPerPage: number;
  /** CPU seconds per page of drawing and OCR, all threads: what a page costs whatever the load. */
  cpuSecondsPerPage: number;
  wallSeconds: number;
  workers: number;
  scanSeconds: number;
  /** The engine that read: "tesseract.js" or the tesseract command and its version. */
  engine: string;
}

/** CPU seconds of this process's finished child processes (the tesseract command's runs), 0 where /proc is absent. */
function childCpuSeconds(): number {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return 0;
  }
}

/** Scans, OCRs, segments and scores `bulletins`; the OCR pool has one worker per core. */
export async function evaluateScanned(bulletins: DemoBulletin[], seed: number): Promise<ScannedEval> {
  const counts = emptyCounts();
  const problems: string[] = [];
  const pool = new OcrPool();
  const memory = new Map<string, OcrPageRecord[]>();
  const store = {
    ocrPages: async (h: string) => memory.get(h) ?? [],
    saveOcrPage: async (r: OcrPageRecord) => {
      memory.set(r.sourceHash, [...(memory.get(r.sourceHash) ?? []), r]);
    },
  };
  let edits = 0;
  let chars = 0;
  let editsR = 0;
  let charsR = 0;
  let pages = 0;
  let ocrSeconds = 0;
  let cpuSeconds = 0;
  let scanSeconds = 0;
  const started = performance.now();
  try {
    for (const [i, b] of bulletins.entries()) {
      const t0 = performance.now();
      const scan = await scannedCopy(b.pdf, { dpi: 200, degrade: { seed: seed + i } });
      scanSeconds += (performance.now() - t0) / 1000;
      const hash = createHash('sha256').update(scan).digest('hex');
      const cpu = process.cpuUsage();
      const children = childCpuSeconds();
      const read = await readBulletin(scan, b.fileName, hash, { mode: 'auto', pool, store });
      const used = process.cpuUsage(cpu);
      cpuSeconds += (used.user + used.system) / 1e6 + childCpuSeconds() - children;
      const truth = (await readPdfText(b.pdf, b.fileName)).pages;
      for (const [k, p] of read.pages.entries()) {
        const want = pageText(truth[k]!, false);
        edits += editDistance(pageText(p, false), want);
        chars += want.length;
        const wantR = pageText(truth[k]!, true);
        editsR += editDistance(pageText(p, true), wantR);
        charsR += wantR.length;
      }
      pages += read.pages.length;
      ocrSeconds += read.ocr?.seconds ?? 0;
      const seg = segment(read.pages, dateFromFileName(b.fileName));
      const date = seg.masthead.date ?? dateFromFileName(b.fileName);
      for (const p of scoreEdition(counts, b.truth, date, seg.articles))
        problems.push(`${b.fileName} [${b.truth.layout}, scanned]: ${p}`);
    }
  } finally {
    await pool.close();
  }
  return {
    counts,
    problems,
    pages,
    cer: chars ? edits / chars : 0,
    cerWithRules: charsR ? editsR / charsR : 0,
    ocrSecondsPerPage: pages ? ocrSeconds / pages : 0,
    cpuSecondsPerPage: pages ? cpuSeconds / pages : 0,
    wallSeconds: (performance.now() - started) / 1000 - scanSeconds,
    workers: pool.size,
    scanSeconds,
    engine: (await pool.engineKey()) ?? 'tesseract.js',
  };
}
