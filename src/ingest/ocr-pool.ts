/**
 * A pool of OCR engines (one per core by default) reading page images with the language data shipped by
 * npm packages (English by default; Dutch, German and French too): the `tesseract` command where the
 * machine has it (native-ocr.ts), tesseract.js workers (WebAssembly) where not, or as configured.
 */

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page, Worker } from 'tesseract.js';
import { ArchiveError } from '../core/errors.js';
import { ocrLanguages } from '../core/ocr-languages.js';
import { greyImage } from './image-prep.js';
import {
  findNativeTesseract,
  type NativeTesseract,
  nativeTessdata,
  recognizeNative,
  recognizeNativeRegions,
} from './native-ocr.js';
import { type Region, readPgm } from './ocr-regions.js';

const require = createRequire(import.meta.url);

/**
 * The LSTM model shipped by @tesseract.js-data/eng (the "best_int" build the default engine mode uses).
 * Read from node_modules, never fetched: tesseract.js only downloads when it is given no langPath.
 */
export const ENG_LANG_PATH = join(
  dirname(require.resolve('@tesseract.js-data/eng/package.json')),
  '4.0.0_best_int',
);

/** The model file of one language, in its package. */
function modelFile(code: string): string {
  const dir = dirname(require.resolve(`@tesseract.js-data/${code}/package.json`));
  return realpathSync(join(dir, '4.0.0_best_int', `${code}.traineddata.gz`));
}

/**
 * The folder tesseract.js reads its languages from. It takes one folder for all of them, and each
 * language ships in its own package, so several are linked into one folder under the system's temporary
 * folder, named by the files they link to (nothing is downloaded or copied).
 */
function langPathFor(languages: string[]): string {
  if (languages.length === 1 && languages[0] === 'eng') return ENG_LANG_PATH;
  const files = languages.map((code) => [code, modelFile(code)] as const);
  const id = createHash('sha256')
    .update(files.map(([c, f]) => `${c}=${f}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), `dateline-ocr-languages-${id}`);
  mkdirSync(dir, { recursive: true });
  for (const [code, file] of files) {
    const link = join(dir, `${code}.traineddata.gz`);
    if (existsSync(link)) continue;
    try {
      symlinkSync(file, link);
    } catch (e) {
      // Another process made the same link first.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  return dir;
}

/** What one page image gave: tesseract's blocks (paragraphs, lines, words with boxes in pixels) and timing. */
export interface OcrImageResult {
  page: Page;
  seconds: number;
  /** When the page was read by regions: the index (into the regions given) each of `page.blocks` came from. */
  blockRegions?: number[];
}

/**
 * Which engine reads: `auto` the `tesseract` command when the machine has it (4.1 or newer), else
 * tesseract.js; `native` the command or an error; `wasm` tesseract.js always.
 */
export type OcrEngine = 'auto' | 'native' | 'wasm';
export const OCR_ENGINES: readonly OcrEngine[] = ['auto', 'native', 'wasm'];

/** The engine named by DATELINE_OCR_ENGINE, `auto` when unset; a wrong name is refused by name. */
export function engineFromEnv(value = process.env.DATELINE_OCR_ENGINE): OcrEngine {
  if (value === undefined || value === '') return 'auto';
  if ((OCR_ENGINES as readonly string[]).includes(value)) return value as OcrEngine;
  throw new ArchiveError(
    'USAGE',
    `DATELINE_OCR_ENGINE is '${value}', which is no OCR engine: use ${OCR_ENGINES.join(', ')} (or leave it unset for auto).`,
  );
}

/** The engine a pool reads with once chosen: the command found, or tesseract.js. */
export type ChosenEngine =
  | { kind: 'native'; tesseract: NativeTesseract; tessdata: string }
  | { kind: 'wasm' };

/** Starts workers on first use; `size` workers recognise images in parallel, each on its own thread. */
export class OcrPool {
  private workers: Promise<Worker[]> | null = null;
  private idle: Worker[] = [];
  private waiting: ((w: Worker) => void)[] = [];
  private chosen: Promise<ChosenEngine> | null = null;
  /** Native commands running, and the reads waiting for one to end. */
  private running = 0;
  private queued: (() => void)[] = [];
  readonly size: number;
  /** The languages the workers read with, the page's main one first (tesseract codes). */
  readonly languages: string[];
  readonly engine: OcrEngine;

  constructor(
    size = Number(process.env.DATELINE_OCR_WORKERS) || availableParallelism(),
    languages: readonly string[] = ['eng'],
    engine: OcrEngine = engineFromEnv(),
  ) {
    this.size = Math.max(1, Math.floor(size));
    this.languages = ocrLanguages(languages, 'OCR languages');
    this.engine = engine;
  }

  /** The engine this pool reads with (found on first use). */
  chosenEngine(): Promise<ChosenEngine> {
    this.chosen ??= (async (): Promise<ChosenEngine> => {
      if (this.engine === 'wasm') return { kind: 'wasm' };
      const tesseract = await findNativeTesseract();
      if (tesseract) return { kind: 'native', tesseract, tessdata: nativeTessdata(this.languages) };
      if (this.engine === 'native')
        throw new ArchiveError(
          'USAGE',
          'The OCR engine is set to native (DATELINE_OCR_ENGINE=native), but no `tesseract` command 4.1 or newer was found. Install it (Debian: apt-get install tesseract-ocr), name it in DATELINE_TESSERACT, or set DATELINE_OCR_ENGINE=auto to read with tesseract.js.',
        );
      return { kind: 'wasm' };
    })();
    return this.chosen;
  }

  /** What the engine is, for the OCR cache key: null for tesseract.js (its version is in the settings already). */
  async engineKey(): Promise<string | null> {
    const e = await this.chosenEngine();
    return e.kind === 'native' ? `tesseract ${e.tesseract.version} native` : null;
  }

  private start(): Promise<Worker[]> {
    this.workers ??= this.spawn();
    return this.workers;
  }

  /** tesseract.js is loaded only when a page needs OCR: serving and text-layer ingest never pay for it. */
  private async spawn(): Promise<Worker[]> {
    const { createWorker } = await import('tesseract.js');
    const langPath = langPathFor(this.languages);
    return Promise.all(
      Array.from({ length: this.size }, () =>
        createWorker(this.languages.join('+'), 1, {
          langPath,
          gzip: true,
          // The data is read from node_modules every time; nothing is written to the working folder.
          cacheMethod: 'none',
          logger: () => {},
          errorHandler: () => {},
        }),
      ),
    ).then((ws) => {
      this.idle.push(...ws);
      return ws;
    });
  }

  private async take(): Promise<Worker> {
    await this.start();
    const w = this.idle.pop();
    return w ?? new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(w: Worker): void {
    const next = this.waiting.shift();
    if (next) next(w);
    else this.idle.push(w);
  }

  /**
   * Recognises one page image (PNG or PGM bytes) on the next free worker; `seconds` is that worker's time.
   * With `regions`, each is read as its own rectangle (a column at a time) and their blocks, in the
   * image's own coordinates, are returned together.
   */
  async recognize(png: Buffer, regions: Region[] = []): Promise<OcrImageResult> {
    const engine = await this.chosenEngine();
    if (engine.kind === 'native') return this.recognizeNative(engine, png, regions);
    const worker = await this.take();
    try {
      const started = performance.now();
      if (regions.length <= 1) {
        const result = await worker.recognize(png, {}, { blocks: true, text: false });
        return { page: result.data, seconds: (performance.now() - started) / 1000 };
      }
      let page: Page | null = null;
      const blockRegions: number[] = [];
      for (const [k, { left, top, width, height }] of regions.entries()) {
        const { data } = await worker.recognize(
          png,
          { rectangle: { left, top, width, height } },
          { blocks: true, text: false },
        );
        const blocks = data.blocks ?? [];
        if (page === null) page = { ...data, blocks: [...blocks] };
        else page.blocks!.push(...blocks);
        for (const _ of blocks) blockRegions.push(k);
      }
      return { page: page!, seconds: (performance.now() - started) / 1000, blockRegions };
    } finally {
      this.give(worker);
    }
  }

  /** As recognize, by the `tesseract` command: at most `size` at once. */
  private async recognizeNative(
    engine: Extract<ChosenEngine, { kind: 'native' }>,
    png: Buffer,
    regions: Region[],
  ): Promise<OcrImageResult> {
    // A slot is handed straight to the next read waiting, so no newcomer slips in between.
    if (this.running >= this.size) await new Promise<void>((go) => this.queued.push(go));
    else this.running++;
    try {
      const started = performance.now();
      const image = readPgm(png) ?? (await greyImage(png));
      const read = (r?: Region) =>
        recognizeNative(engine.tesseract, engine.tessdata, this.languages, image, r);
      if (regions.length <= 1) return { page: await read(), seconds: (performance.now() - started) / 1000 };
      let page: Page | null = null;
      const blockRegions: number[] = [];
      const columns = await recognizeNativeRegions(
        engine.tesseract,
        engine.tessdata,
        this.languages,
        image,
        regions,
      );
      for (const [k, data] of columns.entries()) {
        const blocks = data.blocks ?? [];
        if (page === null) page = { ...data, blocks: [...blocks] };
        else page.blocks!.push(...blocks);
        for (const _ of blocks) blockRegions.push(k);
      }
      return { page: page!, seconds: (performance.now() - started) / 1000, blockRegions };
    } finally {
      const next = this.queued.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** Stops the workers (if any were started). */
  async close(): Promise<void> {
    const ws = this.workers;
    this.workers = null;
    this.idle = [];
    if (ws) await Promise.all((await ws).map((w) => w.terminate()));
  }
}

/** The engine part of the OCR cache key on this machine with the engine DATELINE_OCR_ENGINE chooses (see OcrPool.engineKey). */
export function engineKeyHere(): Promise<string | null> {
  return new OcrPool(1).engineKey();
}
