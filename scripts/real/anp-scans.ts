/**
 * The KB's ANP radio news bulletins of 1937 (typed Dutch wire copy), as the impresso sample data has them in
 * `../shared/data/impresso/KB/radio/ANP_Nieuwsberichten_1937-1989/1937/MM/DD/N/anp_1937_MM_DD_N/`: a greyscale
 * JPEG scan (300 ppi, JFIF density set), the library's ALTO (CCS docWORKS, word boxes and OCR text) and a
 * plain-text OCR file.
 *
 * Internal testing only (see shared/data/impresso/SOURCE.md): read from the shared folder, never copied into
 * the repository. The ALTO text is the library's own OCR of 2008, not a transcription: it has its own errors
 * (struck-out typing and handwriting come out as noise), so a character error rate against it measures how
 * far another OCR is from the library's, which is a fair yardstick for comparing engines on the same image,
 * not an absolute accuracy.
 *
 * The ALTO's coordinates are for a copy half the JPEG's size (1238 px wide against 2462): `altoScale` says
 * how to turn them into JPEG pixels.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';
import { decodeXmlText } from '../../src/ingest/ndnp/safe-xml.js';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the shared data folder keeps the 1937 bulletins, from the repository's root (`../shared/data/...`). */
export const ANP_ROOT = resolve(
  here,
  '../../../shared/data/impresso/KB/radio/ANP_Nieuwsberichten_1937-1989/1937',
);

export interface AnpScan {
  /** `anp_1937_03_01_1`: date and bulletin number of the day. */
  name: string;
  /** ISO date (`1937-03-01`), from the metadata file, or the name when that is absent. */
  date: string;
  /** The bulletin's number that day (1-based). */
  number: number;
  /** The scan as the library gives it (JPEG bytes). */
  jpg: Buffer;
  /** The ALTO's words in reading order (blocks, lines, words), one space between words and lines. */
  altoText: string;
  widthPx: number;
  heightPx: number;
  /** Pixels per inch: the JPEG's JFIF density when it has one, else estimated from the width (see `estimateDpi`). */
  dpi: number;
  dpiSource: 'jfif' | 'estimate';
  /** JPEG pixels per ALTO pixel (about 2: the ALTO was made on a half-size copy). */
  altoScale: number;
  /**
   * Median height, in JPEG pixels, of the ALTO's words made only of x-height letters (`aceimnorsuvwxz`
   * without `i`'s dot: `a c e m n o r s u v w x z`): the typewriter's x-height plus the boxes' margin. 0 when
   * no such word exists.
   */
  xHeightPx: number;
}

/** What a JPEG's header says: pixel size, and density when its JFIF segment gives one in dots per inch or cm. */
export function jpegInfo(jpg: Uint8Array): { width: number; height: number; dpi: number | null } {
  if (jpg[0] !== 0xff || jpg[1] !== 0xd8) throw new Error('not a JPEG (no SOI marker)');
  let dpi: number | null = null;
  let i = 2;
  while (i + 4 <= jpg.length) {
    if (jpg[i] !== 0xff) throw new Error(`JPEG marker expected at byte ${i}`);
    const marker = jpg[i + 1]!;
    if (marker === 0xff) {
      i++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    const len = (jpg[i + 2]! << 8) | jpg[i + 3]!;
    const seg = i + 4;
    if (marker === 0xe0 && String.fromCharCode(...jpg.subarray(seg, seg + 5)) === 'JFIF\0') {
      const units = jpg[seg + 7]!;
      const x = (jpg[seg + 8]! << 8) | jpg[seg + 9]!;
      if (x > 0 && units === 1) dpi = x;
      else if (x > 0 && units === 2) dpi = Math.round(x * 2.54);
    }
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, height, width.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (jpg[seg + 1]! << 8) | jpg[seg + 2]!;
      const width = (jpg[seg + 3]! << 8) | jpg[seg + 4]!;
      return { width, height, dpi };
    }
    if (marker === 0xda) break; // start of scan before any frame header: malformed
    i += 2 + len;
  }
  throw new Error('JPEG has no frame header');
}

/**
 * A guess at the scan's resolution when the file does not say: the ANP bulletins are typed on A4-wide paper
 * (8.27 in; a scan of the whole sheet with a margin), so width / 8.3 in, rounded to the nearest usual
 * scanner setting.
 */
export function estimateDpi(widthPx: number): number {
  const raw = widthPx / 8.3;
  const usual = [72, 100, 150, 200, 240, 300, 400, 600];
  return usual.reduce((best, d) => (Math.abs(d - raw) < Math.abs(best - raw) ? d : best), usual[0]!);
}

const ATTR = /([A-Za-z_:][\w:.-]*)="([^"]*)"/g;
const attrs = (tag: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTR)) out[m[1]!] = decodeXmlText(m[2]!);
  return out;
};

/** Words of an ALTO file in document order, with their boxes (ALTO pixels). */
interface AltoWordBox {
  text: string;
  height: number;
}

/**
 * Reads an ALTO file's text in document order (the order of its blocks, lines and strings), keeping the
 * spacing the ALTO gives: a space where an `SP` stands, none between two strings that touch ("I" "." → "I."),
 * a line-end `HYP` as "-", and one space between lines. Tags are read in order with a scanner, since the XML
 * parser used elsewhere groups children by name and loses the order of `String` and `SP`.
 */
export function altoReadingText(xml: string): { text: string; width: number; words: AltoWordBox[] } {
  const page = /<Page\b[^>]*>/.exec(xml);
  const width = page ? Number(attrs(page[0]).WIDTH) : Number.NaN;
  const words: AltoWordBox[] = [];
  let out = '';
  const tag = /<(String|SP|HYP)\b[^>]*>|<\/TextLine>|<\/TextBlock>/g;
  for (const m of xml.matchAll(tag)) {
    const name = m[1];
    if (!name) {
      out += ' ';
      continue;
    }
    if (name === 'SP') {
      out += ' ';
      continue;
    }
    const a = attrs(m[0]);
    if (name === 'HYP') {
      out += a.CONTENT && a.CONTENT !== '' ? a.CONTENT : '-';
      continue;
    }
    const content = a.CONTENT ?? '';
    out += content;
    words.push({ text: content, height: Number(a.HEIGHT) });
  }
  return { text: out.replace(/\s+/g, ' ').trim(), width, words };
}

const median = (xs: number[]): number => {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Median box height of the words with x-height letters only (2+ letters), in ALTO pixels. */
export function altoXHeight(words: AltoWordBox[]): number {
  return median(words.filter((w) => /^[acemnorsuvwxz]{2,}$/.test(w.text)).map((w) => w.height));
}

function listBulletinFolders(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir).sort()) {
      const p = join(dir, e);
      if (!statSync(p).isDirectory()) continue;
      if (/^anp_\d{4}_\d{2}_\d{2}_\d+$/.test(e)) out.push(p);
      else walk(p);
    }
  };
  walk(root);
  return out;
}

/**
 * Every ANP bulletin under `root` that has a scan and an ALTO file, sorted by name; null when `root` is
 * absent (the shared data is not on this machine: callers skip loudly).
 */
export function loadAnpScans(root = ANP_ROOT): AnpScan[] | null {
  if (!existsSync(root)) return null;
  const scans: AnpScan[] = [];
  for (const dir of listBulletinFolders(root)) {
    const name = dir.split(/[\\/]/).at(-1)!;
    const jpgPath = join(dir, `${name}.jpg`);
    const altoPath = join(dir, `${name}_alto.xml`);
    if (!existsSync(jpgPath) || !existsSync(altoPath)) continue;
    const jpg = readFileSync(jpgPath);
    const info = jpegInfo(jpg);
    const alto = altoReadingText(readFileSync(altoPath, 'utf8'));
    const [, y, mo, d, n] = /^anp_(\d{4})_(\d{2})_(\d{2})_(\d+)$/.exec(name)!;
    let date = `${y}-${mo}-${d}`;
    const metaPath = join(dir, `${name}_metadata.xml`);
    if (existsSync(metaPath)) {
      const m = /<dc:date>(\d{4}-\d{2}-\d{2})<\/dc:date>/.exec(readFileSync(metaPath, 'utf8'));
      if (m) date = m[1]!;
    }
    const altoScale = Number.isFinite(alto.width) && alto.width > 0 ? info.width / alto.width : 1;
    scans.push({
      name,
      date,
      number: Number(n),
      jpg,
      altoText: alto.text,
      widthPx: info.width,
      heightPx: info.height,
      dpi: info.dpi ?? estimateDpi(info.width),
      dpiSource: info.dpi ? 'jfif' : 'estimate',
      altoScale,
      xHeightPx: altoXHeight(alto.words) * altoScale,
    });
  }
  return scans.sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * Wraps a JPEG in a one-page PDF that holds only the image (no text layer), as a scanner's "PDF" export does:
 * the page box is the image's size at `dpi` (pixels × 72 / dpi points), the image fills it. The JPEG is
 * embedded as it is (DCTDecode), not re-encoded.
 */
export async function scanToPdf(jpg: Uint8Array, dpi: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedJpg(jpg);
  const w = (image.width * 72) / dpi;
  const h = (image.height * 72) / dpi;
  const page = doc.addPage([w, h]);
  page.drawImage(image, { x: 0, y: 0, width: w, height: h });
  return doc.save();
}
