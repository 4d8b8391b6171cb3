/**
 * The `tesseract` command as an OCR engine, when the machine has it (Debian's `tesseract-ocr`, 4.1 or
 * newer): the same LSTM model tesseract.js reads (the best_int data of the @tesseract.js-data packages,
 * unpacked once into the system's temporary folder), run natively, about 1.8 times faster than the
 * WebAssembly build on the same page. Its hOCR is read into the blocks, paragraphs, lines and words
 * tesseract.js gives, so everything after recognition is the same for both engines.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync, renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'tesseract.js';
import type { GreyImage } from './image-prep.js';
import type { Rect } from './ocr-regions.js';

const require = createRequire(import.meta.url);

/** The `tesseract` command found on the machine. */
export interface NativeTesseract {
  command: string;
  /** As `tesseract --version` prints it: "5.3.0". */
  version: string;
}

/** Oldest version whose LSTM engine reads the best_int models and writes hOCR with baselines. */
const OLDEST = [4, 1];

/**
 * Finds the command (DATELINE_TESSERACT, or `tesseract` on the PATH) and its version; null when it is
 * absent or too old.
 */
export function findNativeTesseract(
  command = process.env.DATELINE_TESSERACT || 'tesseract',
): Promise<NativeTesseract | null> {
  return new Promise((resolve) => {
    execFile(command, ['--version'], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) return resolve(null);
      const m = /tesseract\s+v?(\d+)\.(\d+)(?:\.(\d+))?/i.exec(`${stdout}\n${stderr}`);
      if (!m) return resolve(null);
      const [major, minor] = [Number(m[1]), Number(m[2])];
      if (major < OLDEST[0]! || (major === OLDEST[0] && minor < OLDEST[1]!)) return resolve(null);
      resolve({ command, version: `${m[1]}.${m[2]}${m[3] ? `.${m[3]}` : ''}` });
    });
  });
}

/**
 * A folder of the languages' models, unpacked from their npm packages (the command cannot read them
 * gzipped). Named by the files it was made from, so it is made once per machine and language set;
 * each file is written under a temporary name and renamed, so two processes never see half a model.
 */
export function nativeTessdata(languages: readonly string[]): string {
  const files = languages.map((code) => {
    const dir = dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
    return [code, realpathSync(join(dir, '4.0.0_best_int', `${code}.traineddata.gz`))] as const;
  });
  const id = createHash('sha256')
    .update(files.map(([c, f]) => `${c}=${f}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const out = join(tmpdir(), `dateline-tessdata-${id}`);
  mkdirSync(out, { recursive: true });
  for (const [code, file] of files) {
    const target = join(out, `${code}.traineddata`);
    if (existsSync(target)) continue;
    const part = `${target}.${process.pid}.part`;
    writeFileSync(part, gunzipSync(readFileSync(file)));
    renameSync(part, target);
  }
  return out;
}

const ARGS = (tessdata: string, languages: readonly string[]) => [
  '--oem',
  '1',
  '--psm',
  '6',
  '-l',
  languages.join('+'),
  '--tessdata-dir',
  tessdata,
  '-c',
  'tessedit_create_hocr=1',
  '-c',
  'tessedit_create_txt=0',
];

/**
 * Reads one image with the command: PSM 6 (the page as one block, as the worker pool reads it), LSTM
 * only, one thread (the pool runs one command per core). `rect` crops the image first; the boxes come
 * back in the whole image's coordinates.
 */
export async function recognizeNative(
  tesseract: NativeTesseract,
  tessdata: string,
  languages: readonly string[],
  image: GreyImage,
  rect?: Rect,
): Promise<Page> {
  const r = rect ?? { left: 0, top: 0, width: image.width, height: image.height };
  const hocr = await run(
    tesseract.command,
    ['stdin', 'stdout', ...ARGS(tessdata, languages)],
    cropPgm(image, r),
  );
  return parseHocr(hocr, r.left, r.top);
}

/**
 * Reads several rectangles of one image (a page's columns) in one run of the command, which loads its
 * model once (a quarter of a second a run here) instead of once a column: each crop is written to a
 * temporary folder and the command is given their list. One page of blocks is returned per rectangle.
 */
export async function recognizeNativeRegions(
  tesseract: NativeTesseract,
  tessdata: string,
  languages: readonly string[],
  image: GreyImage,
  rects: Rect[],
): Promise<Page[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-ocr-'));
  try {
    const files = rects.map((_, k) => join(dir, `${k}.pgm`));
    await Promise.all(rects.map((r, k) => writeFile(files[k]!, cropPgm(image, r))));
    await writeFile(join(dir, 'list.txt'), `${files.join('\n')}\n`);
    const hocr = await run(tesseract.command, [
      join(dir, 'list.txt'),
      'stdout',
      ...ARGS(tessdata, languages),
    ]);
    // One ocr_page per image, in the list's order.
    const pages = hocr
      .split(/(?=<div\s+class=['"]ocr_page['"])/)
      .filter((part) => /class=['"]ocr_page['"]/.test(part));
    if (pages.length !== rects.length)
      throw new Error(`tesseract read ${pages.length} images of ${rects.length}`);
    return pages.map((part, k) => parseHocr(part, rects[k]!.left, rects[k]!.top));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function run(command: string, args: string[], input?: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else
        reject(
          new Error(
            `tesseract exited ${code}: ${Buffer.concat(err).toString('utf8').trim().split('\n').slice(-2).join(' ')}`,
          ),
        );
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? null);
  });
}

/** A rectangle of a grey image as a binary PGM (P5), which the command reads from its standard input. */
export function cropPgm(img: GreyImage, r: Rect): Buffer {
  const left = Math.max(0, Math.min(img.width - 1, Math.round(r.left)));
  const top = Math.max(0, Math.min(img.height - 1, Math.round(r.top)));
  const width = Math.max(1, Math.min(img.width - left, Math.round(r.width)));
  const height = Math.max(1, Math.min(img.height - top, Math.round(r.height)));
  const header = Buffer.from(`P5\n${width} ${height}\n255\n`, 'ascii');
  const body = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) {
    const from = (top + y) * img.width + left;
    body.set(img.pixels.subarray(from, from + width), y * width);
  }
  return Buffer.concat([header, body]);
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/<[^>]*>/g, '').replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(
        e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)),
      );
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

function bboxOf(title: string, dx: number, dy: number): Box {
  const m = /bbox\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)/.exec(title);
  const [x0, y0, x1, y1] = m ? m.slice(1, 5).map(Number) : [0, 0, 0, 0];
  return { x0: x0! + dx, y0: y0! + dy, x1: x1! + dx, y1: y1! + dy };
}

type Line = Page['blocks'] extends (infer B)[] | null
  ? B extends { paragraphs: (infer P)[] }
    ? P extends { lines: (infer L)[] }
      ? L
      : never
    : never
  : never;

/**
 * Reads tesseract's hOCR into the shape of tesseract.js's result (blocks → paragraphs → lines → words,
 * boxes in pixels, the line's baseline as two points), shifted by (dx, dy). Only what the line reader
 * uses is filled in.
 */
export function parseHocr(hocr: string, dx = 0, dy = 0): Page {
  const blocks: { paragraphs: { lines: Line[] }[] }[] = [];
  // Every element with an ocr class, in document order: a block, paragraph or line opens the next of
  // its kind; a word goes into the last line.
  const tag =
    /<(\w+)\s+class=['"](ocr_carea|ocr_par|ocr_line|ocr_header|ocr_caption|ocr_textfloat|ocrx_word)['"][^>]*?title=(['"])(.*?)\3[^>]*>/g;
  for (let m = tag.exec(hocr); m; m = tag.exec(hocr)) {
    const [, name, cls, , title] = m as unknown as [string, string, string, string, string];
    if (cls === 'ocr_carea') blocks.push({ paragraphs: [] });
    else if (cls === 'ocr_par') {
      if (blocks.length === 0) blocks.push({ paragraphs: [] });
      blocks.at(-1)!.paragraphs.push({ lines: [] });
    } else if (cls === 'ocrx_word') {
      const end = hocr.indexOf(`</${name}>`, tag.lastIndex);
      const text = decode(hocr.slice(tag.lastIndex, end < 0 ? undefined : end));
      const conf = /x_wconf\s+(\d+)/.exec(title);
      const line = blocks.at(-1)?.paragraphs.at(-1)?.lines.at(-1);
      if (!line) continue;
      line.words.push({
        text,
        confidence: conf ? Number(conf[1]) : 0,
        bbox: bboxOf(title, dx, dy),
      } as Line['words'][number]);
    } else {
      if (blocks.length === 0) blocks.push({ paragraphs: [] });
      const block = blocks.at(-1)!;
      if (block.paragraphs.length === 0) block.paragraphs.push({ lines: [] });
      const box = bboxOf(title, dx, dy);
      // "baseline m c": the baseline runs from the line box's bottom-left, c pixels off it, with slope m.
      const b = /baseline\s+(-?[\d.]+)\s+(-?[\d.]+)/.exec(title);
      const slope = b ? Number(b[1]) : 0;
      const offset = b ? Number(b[2]) : 0;
      const y0 = box.y1 + offset;
      block.paragraphs.at(-1)!.lines.push({
        text: '',
        confidence: 0,
        bbox: box,
        baseline: { x0: box.x0, y0, x1: box.x1, y1: y0 + slope * (box.x1 - box.x0), has_baseline: !!b },
        words: [],
      } as unknown as Line);
    }
  }
  for (const block of blocks)
    for (const p of block.paragraphs) for (const l of p.lines) l.text = l.words.map((w) => w.text).join(' ');
  return { blocks } as unknown as Page;
}
