/**
 * Our OCR (tesseract.js 7, LSTM best_int data from @tesseract.js-data) against native tesseract (the `tesseract`
 * command, Debian's package) on real typed scans: the KB's ANP radio bulletins of 1937 (see
 * scripts/real/anp-scans.ts; internal testing only, read from ../shared/data, never copied here).
 *
 *   node --import tsx scripts/ocr-compare.ts [--phase base,prep,full-prep,widths,render,blocks] [--shard i/n]
 *        [--only name,name] [--grid lean|wide] [--extra-data DIR] [--out DIR] [--summary]
 *
 * `--extra-data` is a folder holding @tesseract.js-data/nld (installed outside the project, e.g. `npm install
 * @tesseract.js-data/nld` in /tmp/tdata, the default); without it the nld runs of tesseract.js are skipped.
 * On a shared 2-core machine the whole run (all phases, 11 scans) took about an hour of CPU.
 *
 * Phases (all by default):
 * - base: each scan at full size (300 ppi), at 50 % (150 ppi) and at ~410 px wide (~50 ppi), the copies drawn
 *   with @napi-rs/canvas ('high' smoothing) and re-encoded as JPEG (quality 90); every image is decoded once
 *   to PNG and the SAME PNG is read by each engine: native `OMP_THREAD_LIMIT=1 tesseract img.png - --oem 1
 *   -l eng|nld` with Debian's data (tessdata_fast), native with the best_int data tesseract.js reads
 *   (`--tessdata-dir`, gunzipped from the npm packages: the same model on both engines), and tesseract.js,
 *   one worker, with its default page segmentation (PSM 6, one block: what OcrPool does) and with PSM 3
 *   (automatic, the command's default).
 * - prep: the two small copies through `prepareForOcr` (src/ingest/image-prep.ts) at several scales, with
 *   and without contrast stretch, unsharp mask and Otsu binarisation, then tesseract.js (eng, PSM 3).
 * - full-prep: the same preparations at scale 1 on the full-size scan (does preparation help a good scan?).
 * - widths: copies at 615 and 820 px wide, as they are and resampled to ~1230 px (where a small page stops
 *   being readable, and whether resampling brings it back).
 * - render: each scan wrapped in an image-only PDF (`scanToPdf`): image pixels against page box, what
 *   `renderPagePng` costs at the width ocr-reader uses today (200 dpi of the page box) and at the image's
 *   native width, and tesseract.js on those renders.
 * - blocks: how tesseract.js's `data.blocks` is structured on a typed page (PSM 6 and PSM 3).
 *
 * Character error rate: edit distance (src/segment/evaluate.ts) between the OCR text and the ALTO text, both
 * with whitespace runs made one space, over the ALTO text's length; `cerNoSpace` compares them with all
 * whitespace removed (the ALTO puts a space after every comma, where the typist did not).
 * Results go, one JSON line per run, to DIR/results.jsonl (default /tmp/dateline-ocr-compare); `--summary`
 * prints the medians of what DIR holds. Seconds are wall clock on one thread; native seconds include starting
 * the process and loading the model (printed as `startup`).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { Page, Worker } from 'tesseract.js';
import { type PrepOptions, prepareForOcr } from '../src/ingest/image-prep.js';
import { ENG_LANG_PATH } from '../src/ingest/ocr-pool.js';
import { MAX_RENDER_WIDTH, renderPagePng } from '../src/ingest/pdf-render.js';
import { editDistance } from '../src/text/edit-distance.js';
import { type AnpScan, jpegInfo, loadAnpScans, scanToPdf } from './real/anp-scans.js';

// ---------- arguments ----------
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const OUT = flag('out') ?? '/tmp/dateline-ocr-compare';
const PHASES = new Set((flag('phase') ?? 'base,prep,full-prep,widths,render,blocks').split(','));
const ONLY = flag('only')?.split(',');
const [shardI, shardN] = (flag('shard') ?? '0/1').split('/').map(Number) as [number, number];
/** Where the npm packages of other languages are (installed in a scratch folder, not the project). */
const EXTRA_DATA = flag('extra-data') ?? '/tmp/tdata/node_modules/@tesseract.js-data';

// ---------- text and scoring ----------
const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

export function cer(hyp: string, ref: string): { cer: number; cerNoSpace: number; refChars: number } {
  const h = squash(hyp);
  const r = squash(ref);
  const h0 = h.replace(/ /g, '');
  const r0 = r.replace(/ /g, '');
  return {
    cer: editDistance(h, r) / Math.max(1, r.length),
    cerNoSpace: editDistance(h0, r0) / Math.max(1, r0.length),
    refChars: r.length,
  };
}

export const median = (xs: number[]): number => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

// ---------- images ----------
interface Img {
  /** `full`, `half`, `w410`. */
  size: string;
  width: number;
  height: number;
  /** Pixels per inch of the copy (the scan's density × its scale). */
  ppi: number;
  jpg: Buffer;
  png: Buffer;
}

async function decodeToPng(jpg: Buffer): Promise<{ png: Buffer; width: number; height: number }> {
  const img = await loadImage(jpg);
  const c = createCanvas(img.width, img.height);
  c.getContext('2d').drawImage(img, 0, 0);
  return { png: c.toBuffer('image/png'), width: img.width, height: img.height };
}

/** A copy `width` px wide drawn with 'high' smoothing and re-encoded as JPEG (quality 90). */
async function downscaledJpeg(jpg: Buffer, width: number): Promise<Buffer> {
  const img = await loadImage(jpg);
  const height = Math.round((img.height * width) / img.width);
  const c = createCanvas(width, height);
  const ctx = c.getContext('2d');
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(img, 0, 0, width, height);
  return c.toBuffer('image/jpeg', 90);
}

async function imagesOf(scan: AnpScan): Promise<Img[]> {
  const out: Img[] = [];
  const full = await decodeToPng(scan.jpg);
  out.push({ size: 'full', ...full, ppi: scan.dpi, jpg: scan.jpg });
  for (const [size, width] of [
    ['half', Math.round(scan.widthPx / 2)],
    ['w410', 410],
  ] as const) {
    const jpg = await downscaledJpeg(scan.jpg, width);
    const d = await decodeToPng(jpg);
    out.push({ size, ...d, ppi: (scan.dpi * width) / scan.widthPx, jpg });
  }
  return out;
}

// ---------- engines ----------
const BEST_INT_DIR = join(OUT, 'tessdata_best_int');

/** The best_int models tesseract.js reads, gunzipped into one folder for the `tesseract` command. */
function prepareBestIntTessdata(): string[] {
  mkdirSync(BEST_INT_DIR, { recursive: true });
  const langs: string[] = [];
  const sources: Record<string, string> = {
    eng: ENG_LANG_PATH,
    nld: join(EXTRA_DATA, 'nld', '4.0.0_best_int'),
  };
  for (const [lang, dir] of Object.entries(sources)) {
    const gz = join(dir, `${lang}.traineddata.gz`);
    if (!existsSync(gz)) continue;
    const target = join(BEST_INT_DIR, `${lang}.traineddata`);
    if (!existsSync(target)) writeFileSync(target, gunzipSync(readFileSync(gz)));
    langs.push(lang);
  }
  return langs;
}

const hasNative = spawnSync('tesseract', ['--version']).status === 0;

/** GNU time, when installed, gives the command's CPU seconds (user + system), which other load barely moves. */
const hasGnuTime = existsSync('/usr/bin/time');

function native(
  pngPath: string,
  lang: string,
  tessdata?: string,
): { text: string; seconds: number; cpuSeconds: number } {
  const argv = [pngPath, '-', '--oem', '1', '-l', lang];
  if (tessdata) argv.push('--tessdata-dir', tessdata);
  const timeFile = join(OUT, 'time.txt');
  const [cmd, cmdArgs] = hasGnuTime
    ? ['/usr/bin/time', ['-f', '%U %S', '-o', timeFile, 'tesseract', ...argv]]
    : ['tesseract', argv];
  const t = performance.now();
  const text = execFileSync(cmd as string, cmdArgs as string[], {
    env: { ...process.env, OMP_THREAD_LIMIT: '1' },
    stdio: ['ignore', 'pipe', 'ignore'],
    maxBuffer: 64 << 20,
  }).toString('utf8');
  const seconds = (performance.now() - t) / 1000;
  let cpuSeconds = Number.NaN;
  if (hasGnuTime) {
    const [u, sys] = readFileSync(timeFile, 'utf8').trim().split(/\s+/).map(Number);
    cpuSeconds = u! + sys!;
  }
  return { text, seconds, cpuSeconds };
}

const workers = new Map<string, Worker>();

function langPathOf(lang: string): string | null {
  if (lang === 'eng') return ENG_LANG_PATH;
  const p = join(EXTRA_DATA, lang, '4.0.0_best_int');
  return existsSync(join(p, `${lang}.traineddata.gz`)) ? p : null;
}

async function worker(lang: string): Promise<Worker | null> {
  const had = workers.get(lang);
  if (had) return had;
  const langPath = langPathOf(lang);
  if (!langPath) return null;
  const { createWorker } = await import('tesseract.js');
  const w = await createWorker(lang, 1, {
    langPath,
    gzip: true,
    cacheMethod: 'none',
    logger: () => {},
    errorHandler: () => {},
  });
  // One small page first, so that no timed page pays for the first run's warm-up.
  const c = createCanvas(400, 60);
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 400, 60);
  ctx.fillStyle = '#000';
  ctx.font = '28px monospace';
  ctx.fillText('Goedenavond Dames', 10, 40);
  await w.recognize(c.toBuffer('image/png'));
  workers.set(lang, w);
  return w;
}

async function js(
  png: Buffer,
  lang: string,
  psm: '3' | '6',
): Promise<{ text: string; seconds: number; cpuSeconds: number; page: Page } | null> {
  const w = await worker(lang);
  if (!w) return null;
  await w.setParameters({ tessedit_pageseg_mode: psm as never });
  const t = performance.now();
  // The worker is a thread of this process: the process's CPU time is the recognition's (main thread idle).
  const cpu = process.cpuUsage();
  const r = await w.recognize(png, {}, { text: true, blocks: true });
  const used = process.cpuUsage(cpu);
  return {
    text: r.data.text,
    seconds: (performance.now() - t) / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    page: r.data,
  };
}

// ---------- results ----------
interface Row {
  phase: string;
  scan: string;
  size: string;
  width: number;
  height: number;
  ppi: number;
  engine: string;
  lang: string;
  psm: string;
  prep: string;
  prepSeconds: number;
  seconds: number;
  /** CPU seconds of the recognition (user + system): steadier than `seconds` when the machine is shared. */
  cpuSeconds: number;
  cer: number;
  cerNoSpace: number;
  refChars: number;
  extra?: Record<string, unknown>;
}

function record(row: Row, text?: string): void {
  appendFileSync(join(OUT, 'results.jsonl'), `${JSON.stringify(row)}\n`);
  if (text !== undefined) {
    const dir = join(OUT, 'text');
    mkdirSync(dir, { recursive: true });
    const key = [row.phase, row.scan, row.size, row.engine, row.lang, row.psm, row.prep].join('__');
    writeFileSync(join(dir, `${key.replace(/[^\w.=+-]+/g, '_')}.txt`), text);
  }
  console.log(
    [row.phase, row.scan, row.size, row.engine, row.lang, `psm${row.psm}`, row.prep].join(' ').padEnd(78),
    `${(row.prepSeconds + row.seconds).toFixed(2)} s`.padStart(9),
    `CER ${(row.cer * 100).toFixed(1)} %`,
  );
}

const prepName = (o: PrepOptions) =>
  `x${o.scale}${o.stretch === false ? '' : '+stretch'}${o.sharpen ? '+sharpen' : ''}${o.binarise ? '+otsu' : ''}`;

// ---------- phases ----------
async function phaseBase(scan: AnpScan, imgs: Img[], bestIntLangs: string[]): Promise<void> {
  for (const img of imgs) {
    const base = {
      phase: 'base',
      scan: scan.name,
      size: img.size,
      width: img.width,
      height: img.height,
      ppi: img.ppi,
      prep: 'none',
      prepSeconds: 0,
    };
    const pngPath = join(OUT, 'img', `${scan.name}_${img.size}.png`);
    mkdirSync(dirname(pngPath), { recursive: true });
    writeFileSync(pngPath, img.png);
    if (hasNative) {
      for (const lang of ['eng', 'nld']) {
        const r = native(pngPath, lang);
        record(
          {
            ...base,
            engine: 'native-fast',
            lang,
            psm: '3',
            seconds: r.seconds,
            cpuSeconds: r.cpuSeconds,
            ...cer(r.text, scan.altoText),
          },
          r.text,
        );
      }
      for (const lang of bestIntLangs) {
        const r = native(pngPath, lang, BEST_INT_DIR);
        record(
          {
            ...base,
            engine: 'native-best_int',
            lang,
            psm: '3',
            seconds: r.seconds,
            cpuSeconds: r.cpuSeconds,
            ...cer(r.text, scan.altoText),
          },
          r.text,
        );
      }
    }
    for (const [lang, psm] of [
      ['eng', '6'],
      ['eng', '3'],
      ['nld', '6'],
      ['nld', '3'],
    ] as const) {
      const r = await js(img.png, lang, psm);
      if (!r) continue;
      record(
        {
          ...base,
          engine: 'tesseract.js',
          lang,
          psm,
          seconds: r.seconds,
          cpuSeconds: r.cpuSeconds,
          ...cer(r.text, scan.altoText),
        },
        r.text,
      );
    }
  }
}

/**
 * Preparations tried per copy. The x-height (ALTO box height) is ~28 px at 300 ppi, so ~14 px on the 50 % copy
 * and ~4.7 px on the 410 px one: the scales bring it to about 20–30 px. `--grid wide` tries every combination
 * of stretch, unsharp mask and Otsu at each scale (slow: ~40 runs a page); the default `lean` grid keeps what
 * the wide grid showed to matter on the first pages (scale, and Otsu for its speed), and drops the unsharp
 * mask, which made every scale of both copies worse or no better.
 */
const GRID = flag('grid') ?? 'lean';

function prepGrid(size: string): PrepOptions[] {
  const o = (scale: number, stretch: boolean, binarise: boolean, sharpen = false): PrepOptions => ({
    scale,
    stretch,
    binarise,
    sharpen,
  });
  if (GRID === 'wide') {
    const scales: Record<string, number[]> = { half: [1, 1.5, 2], w410: [1, 2, 4, 6], full: [1] };
    return (scales[size] ?? [1]).flatMap((s) => [
      o(s, false, false),
      o(s, true, false),
      o(s, true, false, true),
      o(s, true, true),
      o(s, true, true, true),
    ]);
  }
  if (size === 'half')
    return [
      o(1, false, false),
      o(1, true, false),
      o(1, true, true),
      o(1.5, false, false),
      o(2, false, false),
      o(2, true, true),
    ];
  if (size === 'w410')
    return [
      o(1, false, false),
      o(2, false, false),
      o(2, true, false),
      o(3, false, false),
      o(4, false, false),
      o(4, true, false),
      o(4, true, true),
      o(6, false, false),
    ];
  return [o(1, true, false), o(1, true, false, true), o(1, true, true), o(1, true, true, true)];
}

async function phasePrep(scan: AnpScan, imgs: Img[], sizes: string[], phase: string): Promise<void> {
  for (const img of imgs.filter((i) => sizes.includes(i.size))) {
    for (const opts of prepGrid(img.size)) {
      if (
        img.size === 'full' &&
        opts.scale === 1 &&
        opts.stretch === false &&
        !opts.sharpen &&
        !opts.binarise
      )
        continue; // that is the base phase's run
      const t = performance.now();
      const png = await prepareForOcr(img.png, opts);
      const prepSeconds = (performance.now() - t) / 1000;
      const r = (await js(png, 'eng', '3'))!;
      record(
        {
          phase,
          scan: scan.name,
          size: img.size,
          width: img.width,
          height: img.height,
          ppi: img.ppi,
          engine: 'tesseract.js',
          lang: 'eng',
          psm: '3',
          prep: prepName(opts),
          prepSeconds,
          seconds: r.seconds,
          cpuSeconds: r.cpuSeconds,
          ...cer(r.text, scan.altoText),
          extra: { xHeightPx: (scan.xHeightPx * img.width * opts.scale) / scan.widthPx },
        },
        r.text,
      );
    }
  }
}

/**
 * Where a small page stops being readable: copies at 615 and 820 px wide (75 and 100 ppi) read as they are and
 * resampled up to the 50 % copy's width (~1230 px, where the x-height box is ~14 px), tesseract.js eng PSM 3.
 */
async function phaseWidths(scan: AnpScan): Promise<void> {
  for (const width of [615, 820]) {
    const jpg = await downscaledJpeg(scan.jpg, width);
    const d = await decodeToPng(jpg);
    const ppi = (scan.dpi * width) / scan.widthPx;
    for (const scale of [1, +(Math.round(scan.widthPx / 2 / width / 0.25) * 0.25).toFixed(2)]) {
      const opts: PrepOptions = { scale, stretch: false, sharpen: false, binarise: false };
      const t = performance.now();
      const png = scale === 1 ? d.png : await prepareForOcr(d.png, opts);
      const prepSeconds = (performance.now() - t) / 1000;
      const r = (await js(png, 'eng', '3'))!;
      record(
        {
          phase: 'widths',
          scan: scan.name,
          size: `w${width}`,
          width: d.width,
          height: d.height,
          ppi,
          engine: 'tesseract.js',
          lang: 'eng',
          psm: '3',
          prep: scale === 1 ? 'none' : prepName(opts),
          prepSeconds,
          seconds: r.seconds,
          cpuSeconds: r.cpuSeconds,
          ...cer(r.text, scan.altoText),
        },
        r.text,
      );
    }
  }
}

/** Rendering cost and pixels: PDF page box against the embedded image, at today's 200 dpi and at native width. */
async function phaseRender(scan: AnpScan, imgs: Img[]): Promise<void> {
  for (const img of imgs) {
    const pdf = await scanToPdf(img.jpg, img.ppi);
    const boxW = (img.width * 72) / img.ppi;
    const boxH = (img.height * 72) / img.ppi;
    const at200 = Math.min(MAX_RENDER_WIDTH, Math.round((boxW * 200) / 72));
    const nativeW = img.width;
    const renders: [string, number][] = [['render200dpi', at200]];
    renders.push(['renderNative', Math.min(nativeW, MAX_RENDER_WIDTH)]);
    for (const [label, width] of renders) {
      // Twice, the second timed: pdfjs's first load in the process is not the page's cost.
      await renderPagePng(pdf, 1, width);
      const t = performance.now();
      const png = await renderPagePng(pdf, 1, width);
      const renderSeconds = (performance.now() - t) / 1000;
      const r = (await js(png, 'eng', '6'))!;
      const png2 = await decodeToPng(png);
      record(
        {
          phase: 'render',
          scan: scan.name,
          size: img.size,
          width: png2.width,
          height: png2.height,
          ppi: (png2.width / boxW) * 72,
          engine: 'tesseract.js',
          lang: 'eng',
          psm: '6',
          prep: `${label}(${width}px)`,
          prepSeconds: renderSeconds,
          seconds: r.seconds,
          cpuSeconds: r.cpuSeconds,
          ...cer(r.text, scan.altoText),
          extra: {
            imagePx: [img.width, img.height],
            pageBoxPt: [+boxW.toFixed(1), +boxH.toFixed(1)],
            renderWidth: width,
            renderOverNative: +(width / nativeW).toFixed(3),
            nativeOverCap: nativeW > MAX_RENDER_WIDTH,
            pdfBytes: pdf.length,
            pngBytes: png.length,
          },
        },
        r.text,
      );
    }
  }
}

const bb = (b: { x0: number; y0: number; x1: number; y1: number }) => [b.x0, b.y0, b.x1, b.y1];

async function phaseBlocks(scan: AnpScan, imgs: Img[]): Promise<void> {
  const img = imgs.find((i) => i.size === 'full')!;
  const report: Record<string, unknown> = { scan: scan.name, image: [img.width, img.height] };
  for (const psm of ['6', '3'] as const) {
    const r = (await js(img.png, 'eng', psm))!;
    const blocks = r.page.blocks ?? [];
    report[`psm${psm}`] = {
      blocks: blocks.length,
      blocktypes: [...new Set(blocks.map((b) => b.blocktype))],
      perBlock: blocks.map((b) => ({
        bbox: bb(b.bbox),
        blocktype: b.blocktype,
        confidence: Math.round(b.confidence),
        paragraphs: b.paragraphs.length,
        lines: b.paragraphs.reduce((n, p) => n + p.lines.length, 0),
        text: b.text.slice(0, 60),
      })),
      sampleParagraph: (() => {
        const p = blocks.flatMap((b) => b.paragraphs).find((p) => p.lines.length >= 2);
        if (!p) return null;
        return {
          bbox: bb(p.bbox),
          is_ltr: p.is_ltr,
          confidence: Math.round(p.confidence),
          lines: p.lines.slice(0, 2).map((l) => ({
            text: l.text,
            bbox: bb(l.bbox),
            baseline: l.baseline,
            rowAttributes: l.rowAttributes,
            confidence: Math.round(l.confidence),
            words: l.words.slice(0, 2).map((w) => ({
              text: w.text,
              bbox: bb(w.bbox),
              confidence: Math.round(w.confidence),
              keys: Object.keys(w),
            })),
          })),
          keys: Object.keys(p),
        };
      })(),
      blockKeys: blocks[0] ? Object.keys(blocks[0]) : [],
      lineKeys: blocks[0]?.paragraphs[0]?.lines[0] ? Object.keys(blocks[0].paragraphs[0].lines[0]) : [],
    };
  }
  const file = join(OUT, `blocks_${scan.name}.json`);
  writeFileSync(file, JSON.stringify(report, null, 1));
  console.log(`blocks → ${file}`);
}

// ---------- summary ----------
function summary(): void {
  const file = join(OUT, 'results.jsonl');
  if (!existsSync(file)) {
    console.log(`no results in ${file}`);
    return;
  }
  const rows = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Row);
  const groups = new Map<string, Row[]>();
  for (const r of rows) {
    // A render's label carries its width (`render200dpi(1641px)`), which differs from page to page.
    const k = [r.phase, r.size, r.engine, r.lang, r.psm, r.prep.replace(/\(\d+px\)$/, '')].join('|');
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const lines = [
    '| phase | image | size (median w × h, ppi) | engine | lang | psm | preprocessing | n | s/page (median, wall, prep + OCR) | OCR CPU s/page (median) | prep or render s (wall) | CER median | CER pooled | CER no-space median |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const [k, rs] of [...groups].sort()) {
    const [phase, size, engine, lang, psm, prep] = k.split('|');
    // Pooled: all edits over all reference characters, so short pages weigh less.
    const pooled = rs.reduce((s, r) => s + r.cer * r.refChars, 0) / rs.reduce((s, r) => s + r.refChars, 0);
    lines.push(
      `| ${phase} | ANP 1937 ×${rs.length} | ${size} ${median(rs.map((r) => r.width))} × ${median(rs.map((r) => r.height))}, ${Math.round(median(rs.map((r) => r.ppi)))} | ${engine} | ${lang} | ${psm} | ${prep} | ${rs.length} | ${median(rs.map((r) => r.seconds + r.prepSeconds)).toFixed(2)} | ${median(rs.map((r) => r.cpuSeconds)).toFixed(2)} | ${median(rs.map((r) => r.prepSeconds)).toFixed(2)} | ${(median(rs.map((r) => r.cer)) * 100).toFixed(1)} % | ${(pooled * 100).toFixed(1)} % | ${(median(rs.map((r) => r.cerNoSpace)) * 100).toFixed(1)} % |`,
    );
  }
  const text = lines.join('\n');
  writeFileSync(join(OUT, 'summary.md'), `${text}\n`);
  console.log(text);
}

// ---------- main ----------
async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  if (args.includes('--summary')) {
    summary();
    return;
  }
  const all = loadAnpScans();
  if (!all) {
    console.log('SKIPPED: the ANP scans are not on this machine (../shared/data/impresso/KB/radio/...).');
    return;
  }
  const scans = all.filter((s, i) => (ONLY ? ONLY.includes(s.name) : i % shardN === shardI));
  if (!hasNative) console.log('native tesseract is not installed: only tesseract.js is measured.');
  const bestIntLangs = hasNative && PHASES.has('base') ? prepareBestIntTessdata() : [];
  if (hasNative && PHASES.has('base')) {
    // What a run of the command costs before any page: process start and model load, on a blank image.
    const blank = join(OUT, 'blank.png');
    const c = createCanvas(64, 64);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 64, 64);
    writeFileSync(blank, c.toBuffer('image/png'));
    for (const lang of ['eng', 'nld'])
      console.log(`startup native-fast ${lang}: ${native(blank, lang).seconds.toFixed(2)} s`);
  }
  for (const scan of scans) {
    const info = jpegInfo(scan.jpg);
    console.log(
      `# ${scan.name}: ${info.width} × ${info.height} px, ${scan.dpi} ppi (${scan.dpiSource}), x-height ≈ ${scan.xHeightPx.toFixed(1)} px, ALTO ${scan.altoText.length} chars`,
    );
    const imgs = await imagesOf(scan);
    if (PHASES.has('base')) await phaseBase(scan, imgs, bestIntLangs);
    if (PHASES.has('prep')) await phasePrep(scan, imgs, ['half', 'w410'], 'prep');
    if (PHASES.has('full-prep')) await phasePrep(scan, imgs, ['full'], 'full-prep');
    if (PHASES.has('widths')) await phaseWidths(scan);
    if (PHASES.has('render')) await phaseRender(scan, imgs);
    if (PHASES.has('blocks') && scan === scans[0]) await phaseBlocks(scan, imgs);
  }
  for (const w of workers.values()) await w.terminate();
  summary();
}

await main();
