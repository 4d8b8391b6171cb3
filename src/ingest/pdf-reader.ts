/** Reads a PDF's text layer with positions (pdfjs-dist) into pages of lines and word boxes. */
import { ArchiveError } from '../core/errors.js';
import type { SourceLine, SourcePage, WordBox } from '../core/types.js';
import { needsPassword } from './pdf-encryption.js';
import { loadPdfJs } from './pdfjs.js';

interface TextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

export interface PdfText {
  pages: SourcePage[];
}

/** Opens PDF bytes, turning pdfjs's failures into ArchiveErrors that say what is wrong with the file. */
async function open(bytes: Uint8Array, name: string) {
  const { getDocument } = await loadPdfJs();
  if (bytes.length === 0)
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${name} is empty (0 bytes). Replace it with the bulletin's PDF.`,
    );
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    throw new ArchiveError(
      'NOT_A_PDF',
      `${name} is not a PDF (no %PDF- header). Check that the file is the bulletin's PDF and not another format renamed.`,
    );
  }
  try {
    // pdfjs takes ownership of the buffer it is given, so it gets a copy.
    return await getDocument({
      data: new Uint8Array(bytes),
      isEvalSupported: false,
      useSystemFonts: false,
      disableFontFace: true,
      verbosity: 0,
    }).promise;
  } catch (err) {
    const e = err as Error;
    if (e?.name === 'PasswordException') {
      // pdfjs opens a file with only an owner password by itself: this one needs a password to open.
      throw needsPassword(name, err);
    }
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${name} cannot be read as a PDF (${e?.message ?? String(err)}). The file may be truncated or damaged; export it again from the scan.`,
      { cause: err },
    );
  }
}

/**
 * A letter's typical advance in a proportional face, in ems (roughly Times and Helvetica averaged).
 * A monospaced face gives every letter the same advance; then the shares come out a little uneven, but
 * a typed line's item is one word or one line and its ends are exact.
 */
export function glyphEms(ch: string): number {
  if (ch === ' ') return 0.25;
  if (/[iljtfrI.,;:'’!|()-]/.test(ch)) return 0.3;
  if (/[mwMW]/.test(ch)) return 0.85;
  if (/[\p{Lu}]/u.test(ch)) return 0.68;
  if (/[0-9]/.test(ch)) return 0.5;
  return 0.48;
}

function lineFromItems(items: TextItem[], pageHeight: number): SourceLine {
  items.sort((a, b) => a.transform[4]! - b.transform[4]!);
  let text = '';
  let lastEnd = Number.NEGATIVE_INFINITY;
  const words: WordBox[] = [];
  let height = 0;
  for (const it of items) {
    const x = it.transform[4]!;
    const size = Math.hypot(it.transform[2]!, it.transform[3]!) || it.height || 10;
    height = Math.max(height, size);
    const charW = it.str.length > 0 ? it.width / it.str.length : size * 0.6;
    if (text && x - lastEnd > charW * 0.5 && !text.endsWith(' ') && !it.str.startsWith(' ')) text += ' ';
    text += it.str;
    lastEnd = x + it.width;
    const top = pageHeight - it.transform[5]! - size * 0.8;
    // pdfjs joins a run of words into one item and gives only its width: each word's place in it is
    // shared out by the typical widths of its letters, so a word near a narrow gutter stays on its side.
    const ems = [...it.str].map(glyphEms);
    const total = ems.reduce((a, b) => a + b, 0) || 1;
    const unit = it.width / total;
    const starts: number[] = [];
    ems.reduce((acc, e, k) => {
      starts[k] = acc;
      return acc + e;
    }, 0);
    for (const m of it.str.matchAll(/\S+/g)) {
      const from = starts[m.index]!;
      const to = m.index + m[0].length < ems.length ? starts[m.index + m[0].length]! : total;
      words.push({ text: m[0], x: x + from * unit, y: top, w: (to - from) * unit, h: size });
    }
  }
  const first = items[0]!;
  const trimmed = text.replace(/\s+$/, '');
  const lead = trimmed.length - trimmed.trimStart().length;
  const charW0 = first.str.length > 0 ? first.width / first.str.length : 6;
  return {
    text: trimmed.trim(),
    x: first.transform[4]! + lead * charW0,
    y: pageHeight - first.transform[5]! - height * 0.8,
    width: lastEnd - first.transform[4]!,
    height,
    words,
  };
}

/** Groups text items into lines by baseline, top to bottom. */
/** True for text set along the line of the page (not turned sideways or upside down). */
const upright = (it: TextItem) =>
  it.transform[0]! > 0 &&
  Math.abs(it.transform[1]!) < 0.1 * it.transform[0]! &&
  Math.abs(it.transform[2]!) < 0.1 * Math.abs(it.transform[3]!);

/**
 * A run set sideways (an advertisement up a margin) as a line of its own, boxed where it stands on the
 * page: across the page it is a type size wide, down the page as long as its text.
 */
function sidewaysLine(it: TextItem, pageHeight: number): SourceLine {
  const [a, b, , , e, f] = it.transform as [number, number, number, number, number, number];
  const size = Math.hypot(a, b) || it.height || 10;
  const angle = Math.atan2(b, a);
  const dx = Math.cos(angle) * it.width;
  const dy = Math.sin(angle) * it.width;
  const x0 = Math.min(e, e + dx) - size * 0.2;
  const x1 = Math.max(e, e + dx) + size * 0.8;
  const top = pageHeight - Math.max(f, f + dy);
  const bottom = pageHeight - Math.min(f, f + dy);
  const box = { x: x0, y: top, w: Math.max(1, x1 - x0), h: Math.max(1, bottom - top) };
  const text = it.str.trim();
  return {
    text,
    x: box.x,
    y: box.y,
    width: box.w,
    height: box.h,
    size,
    words: [{ text, ...box }],
    sideways: true,
  };
}

function toLines(items: TextItem[], pageHeight: number): SourceLine[] {
  const sideways = items.filter((it) => it.str.trim().length > 0 && !upright(it));
  const sorted = items
    .filter((it) => it.str.trim().length > 0 && upright(it))
    .sort((a, b) => b.transform[5]! - a.transform[5]! || a.transform[4]! - b.transform[4]!);
  const lines: SourceLine[] = [];
  let current: TextItem[] = [];
  let baseline = Number.NaN;
  for (const it of sorted) {
    const y = it.transform[5]!;
    const tol = Math.max(2, (Math.abs(it.transform[3]!) || it.height || 10) * 0.4);
    if (current.length > 0 && Math.abs(y - baseline) > tol) {
      lines.push(lineFromItems(current, pageHeight));
      current = [];
    }
    if (current.length === 0) baseline = y;
    current.push(it);
  }
  if (current.length > 0) lines.push(lineFromItems(current, pageHeight));
  return [...lines, ...sideways.map((it) => sidewaysLine(it, pageHeight))];
}

/** Reads every page's text with positions. Throws ArchiveError for a file that is not a readable PDF. */
export async function readPdfText(bytes: Uint8Array, name: string): Promise<PdfText> {
  const doc = await open(bytes, name);
  try {
    const pages: SourcePage[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const items = content.items.filter((it): it is TextItem & typeof it => 'str' in it);
      pages.push({
        number: n,
        width: viewport.width,
        height: viewport.height,
        lines: toLines(items, viewport.height),
      });
      page.cleanup();
    }
    return { pages };
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${name}: a page cannot be read (${(err as Error).message}). The file may be damaged; export it again.`,
      { cause: err },
    );
  } finally {
    await doc.destroy();
  }
}
