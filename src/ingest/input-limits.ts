/** Limits and sanity checks on files given to ingest, so a hostile or broken file is refused before it costs much. */
import { stat } from 'node:fs/promises';
import { PDFDocument, PDFName, PDFNumber, PDFRawStream } from 'pdf-lib';
import { ArchiveError } from '../core/errors.js';
import type { SourcePage } from '../core/types.js';
import { withoutOwnerPassword } from './pdf-encryption.js';

/** What an ingest (and page rendering) accepts. Every limit is configurable; see docs/security.md. */
export interface InputLimits {
  /** Largest file, in bytes. */
  maxFileBytes: number;
  /** Most pages in one bulletin. */
  maxPages: number;
  /** Longest page side, in PDF points (1/72 in). */
  maxPageSide: number;
  /** Most pixels (width × height) an image in the PDF may declare. */
  maxImagePixels: number;
  /** Most pixels of one rendered page image. */
  maxRenderPixels: number;
}

/**
 * Defaults: 200 MB; 2,000 pages; 14,400 pt (200 in, the largest page PDF 1.7 allows); 200 megapixels (a 600 dpi
 * scan of a broadsheet page is about 125); 40 megapixels rendered (a 1,600 px wide page 25,000 px tall).
 */
export const DEFAULT_LIMITS: InputLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxPages: 2000,
  maxPageSide: 14_400,
  maxImagePixels: 200_000_000,
  maxRenderPixels: 40_000_000,
};

/** Environment variables for the limits, and the factor from the variable's unit to the limit's. */
export const LIMIT_ENV: Record<keyof InputLimits, { env: string; unit: number; flag: string }> = {
  maxFileBytes: { env: 'DATELINE_MAX_FILE_MB', unit: 1024 * 1024, flag: 'max-file-mb' },
  maxPages: { env: 'DATELINE_MAX_PAGES', unit: 1, flag: 'max-pages' },
  maxPageSide: { env: 'DATELINE_MAX_PAGE_SIDE', unit: 1, flag: 'max-page-side' },
  maxImagePixels: { env: 'DATELINE_MAX_IMAGE_MEGAPIXELS', unit: 1_000_000, flag: 'max-image-megapixels' },
  maxRenderPixels: { env: 'DATELINE_MAX_RENDER_MEGAPIXELS', unit: 1_000_000, flag: 'max-render-megapixels' },
};

/**
 * The limits from command-line values (`flags`, keyed by LIMIT_ENV's flag names), then the environment, then
 * the defaults. A value that is not a positive number is refused, naming where it came from.
 */
export function resolveLimits(
  flags: Record<string, string | undefined> = {},
  env: NodeJS.ProcessEnv = process.env,
): InputLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(LIMIT_ENV) as (keyof InputLimits)[]) {
    const { env: name, unit, flag } = LIMIT_ENV[key];
    const [raw, from] = flags[flag] !== undefined ? [flags[flag], `--${flag}`] : [env[name], name];
    if (raw === undefined || raw === '') continue;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) {
      throw new ArchiveError('USAGE', `${from} must be a positive number; got "${raw}".`);
    }
    out[key] = n * unit;
  }
  return out;
}

const mb = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
const mp = (n: number) => `${Math.round(n / 1e5) / 10} megapixels`;

function tooLarge(name: string, what: string, limit: string, flag: string): ArchiveError {
  return new ArchiveError(
    'LIMIT_EXCEEDED',
    `${name}: ${what}, over the limit of ${limit}. If the file is genuine, raise the limit (--${flag} or ${
      Object.values(LIMIT_ENV).find((l) => l.flag === flag)?.env
    }).`,
  );
}

/** Refuses a file larger than the limit before it is read into memory; a missing file is left to the reader. */
export async function checkFileSize(path: string, name: string, limits: InputLimits): Promise<void> {
  const s = await stat(path).catch(() => null);
  if (s?.isFile() && s.size > limits.maxFileBytes) {
    throw tooLarge(name, `the file is ${mb(s.size)}`, mb(limits.maxFileBytes), 'max-file-mb');
  }
}

/** Refuses markup given in place of a PDF, and any XML that declares entities (XXE, "billion laughs"). */
export function checkMarkup(bytes: Uint8Array, name: string): void {
  const head = Buffer.from(bytes.subarray(0, 4096))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (!head.startsWith('<')) return;
  const text = Buffer.from(bytes.subarray(0, 1024 * 1024)).toString('utf8');
  if (/<!DOCTYPE[^>[]*\[[\s\S]*<!ENTITY/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new ArchiveError(
      'UNSAFE_INPUT',
      `${name} is XML that declares entities (<!ENTITY …>). Entities can read files on this machine or expand to gigabytes, so such files are refused; remove the DOCTYPE and its entities.`,
    );
  }
  if (/^<(!doctype\s+html|html|head|body|script)\b/i.test(head) || /<html[\s>]/i.test(head)) {
    throw new ArchiveError(
      'NOT_A_PDF',
      `${name} is an HTML page, not a PDF. Save the bulletin's PDF itself (not the web page that links to it) and ingest that.`,
    );
  }
  throw new ArchiveError(
    'NOT_A_PDF',
    `${name} is XML or markup, not a PDF. Ingest reads bulletin PDFs; convert the file or give the PDF.`,
  );
}

/** Refuses a PDF cut short: a complete one ends with %%EOF (perhaps followed by a little padding). */
export function checkComplete(bytes: Uint8Array, name: string): void {
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2048))).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${name} is truncated: it does not end with the %%EOF marker every complete PDF has. Copy or download it again.`,
    );
  }
}

function checkPageSize(name: string, n: number, width: number, height: number, limits: InputLimits): void {
  if (!(width > 0 && height > 0)) {
    throw new ArchiveError('UNREADABLE_FILE', `${name}: page ${n} has no size (${width} × ${height} pt).`);
  }
  const side = Math.max(width, height);
  if (side > limits.maxPageSide) {
    const metres = Math.round((side / 72) * 0.0254 * 100) / 100;
    throw tooLarge(
      name,
      `page ${n} is ${Math.round(side)} pt (${metres} m) long`,
      `${limits.maxPageSide} pt`,
      'max-page-side',
    );
  }
}

/** What pdf-lib finds in a PDF: its page sizes and the declared size of every image. */
interface PdfStructure {
  pages: { width: number; height: number }[];
  images: { width: number; height: number }[];
}

/**
 * Reads the structure with pdf-lib, from a decrypted copy when the file has only an owner password; null
 * when pdf-lib cannot make sense of the file. Nothing in here may throw pdf-lib's own errors ("Expected
 * instance of PDFDict…"): those are the file's damage, which pdfjs reports better.
 */
async function readStructure(bytes: Uint8Array, name: string): Promise<PdfStructure | null> {
  let readable = bytes;
  try {
    readable = await withoutOwnerPassword(bytes, name);
  } catch (err) {
    if (err instanceof ArchiveError && err.code === 'ENCRYPTED_PDF') throw err;
    // Encrypted in a way not undone here: what pdf-lib still sees (image dictionaries are never encrypted).
  }
  try {
    const doc = await PDFDocument.load(readable, {
      ignoreEncryption: true,
      updateMetadata: false,
      throwOnInvalidObject: false,
    });
    const pages = doc.getPages().map((p) => {
      const { width, height } = p.getSize();
      return { width: Math.abs(width), height: Math.abs(height) };
    });
    const images: PdfStructure['images'] = [];
    for (const [, obj] of doc.context.enumerateIndirectObjects()) {
      if (!(obj instanceof PDFRawStream)) continue;
      if (obj.dict.get(PDFName.of('Subtype')) !== PDFName.of('Image')) continue;
      const w = obj.dict.get(PDFName.of('Width'));
      const h = obj.dict.get(PDFName.of('Height'));
      images.push({
        width: w instanceof PDFNumber ? w.asNumber() : 0,
        height: h instanceof PDFNumber ? h.asNumber() : 0,
      });
    }
    return { pages, images };
  } catch {
    return null;
  }
}

/**
 * Looks inside a PDF before pdfjs reads it: page count, page sizes and the declared size of every image, so a
 * 10,000-page file or an image bomb is refused without being decoded. A file that needs a password to open is
 * refused here. A file pdf-lib cannot parse is left to pdfjs, which reports what is wrong with it (and whose
 * page count and sizes `checkPages` checks again).
 */
export async function checkPdfStructure(bytes: Uint8Array, name: string, limits: InputLimits): Promise<void> {
  const doc = await readStructure(bytes, name);
  if (!doc) return;
  const count = doc.pages.length;
  if (count > limits.maxPages) {
    throw tooLarge(name, `it has ${count} pages`, `${limits.maxPages} pages`, 'max-pages');
  }
  doc.pages.forEach(({ width, height }, i) => {
    checkPageSize(name, i + 1, width, height, limits);
  });
  for (const { width, height } of doc.images) {
    const px = width * height;
    if (px > limits.maxImagePixels) {
      throw tooLarge(
        name,
        `an image in it declares ${width} × ${height} pixels (${mp(px)})`,
        mp(limits.maxImagePixels),
        'max-image-megapixels',
      );
    }
  }
}

/** All checks on the bytes of a file, before it is parsed for text. */
export async function checkInput(bytes: Uint8Array, name: string, limits: InputLimits): Promise<void> {
  if (bytes.length > limits.maxFileBytes) {
    throw tooLarge(name, `the file is ${mb(bytes.length)}`, mb(limits.maxFileBytes), 'max-file-mb');
  }
  checkMarkup(bytes, name);
  // Anything else that is not a PDF (or is empty) is left to the PDF reader, which says so.
  if (!Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF-')) return;
  checkComplete(bytes, name);
  await checkPdfStructure(bytes, name, limits);
}

// Control characters (C0/C1 but tab and newline), the replacement character and private-use code points:
// what a broken font encoding turns text into.
const GARBAGE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFD\uE000-\uF8FF]/gu;
const READABLE = /[\p{L}\p{N}]/gu;

/** Checks the pages pdfjs read: their number and sizes, and that the text layer is text and not control codes. */
export function checkPages(pages: SourcePage[], name: string, limits: InputLimits): void {
  if (pages.length > limits.maxPages) {
    throw tooLarge(name, `it has ${pages.length} pages`, `${limits.maxPages} pages`, 'max-pages');
  }
  for (const p of pages) checkPageSize(name, p.number, p.width, p.height, limits);
  const text = pages.flatMap((p) => p.lines.map((l) => l.text)).join('');
  const garbage = text.match(GARBAGE)?.length ?? 0;
  const readable = text.match(READABLE)?.length ?? 0;
  if (garbage > 0 && garbage >= readable) {
    throw new ArchiveError(
      'NO_TEXT',
      `${name}: its text layer is control characters, not text (${garbage} control codes, ${readable} letters and digits), usually a font without a Unicode map. Run the scan through OCR and ingest the result.`,
    );
  }
}
