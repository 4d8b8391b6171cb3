/** Turns tesseract's blocks for a page image into lines and word boxes in PDF points, deskewed, as the text layer gives them. */
import type { Page as TesseractPage } from 'tesseract.js';
import type { SourceLine, WordBox } from '../core/types.js';
import { median } from '../layout/page-layout.js';
import type { Region } from './ocr-regions.js';

interface RawWord {
  text: string;
  /** Deskewed centre and size, in pixels. */
  cx: number;
  cy: number;
  w: number;
  h: number;
  conf: number;
}

interface RawLine {
  /** Deskewed baseline height at the middle of the line, in pixels. */
  baseline: number;
  words: RawWord[];
  /** The region (a column read on its own) the line was read in; -1 when the page was read whole. */
  region: number;
}

/** The regions a page was read by (ocr-regions.ts), and the region each of tesseract's blocks came from. */
export interface ReadRegions {
  regions: Region[];
  blockRegions: number[];
}

/**
 * A mark with no letter or digit read with low confidence is scanner noise, not text; so is a bar alone
 * however surely read: a piece of a column rule beside the line ("SIM PUPILS IN |" in a headline).
 */
function isNoise(text: string, conf: number): boolean {
  if (/^[|¦‖]+$/.test(text)) return true;
  return !/[\p{L}\p{N}]/u.test(text) && conf < 60 && !/^[-=_*#]{2,}$/.test(text);
}

/** Words read unsurely throughout (every one under 50), where no word is a sure one. */
function isGarble(words: RawWord[]): boolean {
  return words.every((w) => w.conf < 50);
}

/**
 * A line's words less the runs of garble set apart by a space over three rows high from sure words in
 * capitals (what OCR made of a picture or of small type beside a headline's line, read as one line with
 * it: "“te … KOSHER FOOD"). Text beside text is left as it is, garble and all ("BUCHAREST, Dec. 15." and
 * the garbled words after it are the dateline and its story's first line). A line that is garble
 * throughout is left to isUnreadMark.
 */
function withoutGarbleBeside(words: RawWord[], rowHeight: number): RawWord[] {
  const sorted = [...words].sort((a, b) => a.cx - b.cx);
  const runs: RawWord[][] = [];
  for (const w of sorted) {
    const run = runs.at(-1);
    const last = run?.at(-1);
    if (run && last && w.cx - w.w / 2 - (last.cx + last.w / 2) <= rowHeight * 3) run.push(w);
    else runs.push([w]);
  }
  const capitals = (r: RawWord[]) => {
    const letters = r
      .map((w) => w.text)
      .join('')
      .replace(/[^\p{L}]/gu, '');
    return letters.length >= 2 && letters.replace(/[^\p{Lu}]/gu, '').length >= letters.length * 0.8;
  };
  if (!runs.some((r) => !isGarble(r) && capitals(r)) || !runs.some(isGarble)) return words;
  return runs.filter((r) => !isGarble(r)).flat();
}

/**
 * A line read with low confidence throughout and no sure word is a typed ornament tesseract cannot
 * read (an end mark of asterisks, a rule of dashes), not text: dropped, it leaves the blank space the
 * segmenter reads as the break it was.
 */
function isUnreadMark(words: RawWord[]): boolean {
  const sure = words.some((w) => w.conf >= 60 && /[\p{L}\p{N}]{3,}/u.test(w.text));
  const mean = words.reduce((s, w) => s + w.conf, 0) / words.length;
  return !sure && mean < 50;
}

/**
 * Reads tesseract's page into lines in PDF points (`scale` = points per pixel, origin top-left).
 * The page is turned back by the median slope of its baselines, so a scan fed in askew gives the
 * straight lines and left margin the segmenter measures gaps and indents from.
 */
export function ocrLines(
  page: TesseractPage,
  imageWidth: number,
  imageHeight: number,
  scale: number,
  read?: ReadRegions,
): SourceLine[] {
  const byRegion = read && read.regions.length > 1 ? read : undefined;
  const lines = (page.blocks ?? []).flatMap((b, k) =>
    b.paragraphs.flatMap((p) =>
      p.lines.map((l) => Object.assign(l, { region: byRegion?.blockRegions[k] ?? -1 })),
    ),
  );
  const slopes = lines
    .filter((l) => l.baseline.x1 - l.baseline.x0 > imageWidth * 0.2)
    .map((l) => Math.atan2(l.baseline.y1 - l.baseline.y0, l.baseline.x1 - l.baseline.x0));
  const angle = median(slopes, 0);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = imageWidth / 2;
  const cy = imageHeight / 2;
  const turn = (x: number, y: number) => ({
    x: cx + (x - cx) * cos + (y - cy) * sin,
    y: cy - (x - cx) * sin + (y - cy) * cos,
  });

  const raw: RawLine[] = [];
  for (const l of lines) {
    const words: RawWord[] = [];
    for (const w of l.words) {
      const text = w.text.trim();
      if (!text || isNoise(text, w.confidence)) continue;
      const c = turn((w.bbox.x0 + w.bbox.x1) / 2, (w.bbox.y0 + w.bbox.y1) / 2);
      words.push({
        text,
        cx: c.x,
        cy: c.y,
        w: w.bbox.x1 - w.bbox.x0,
        h: w.bbox.y1 - w.bbox.y0,
        conf: w.confidence,
      });
    }
    if (words.length === 0 || isUnreadMark(words)) continue;
    const b = l.baseline;
    const mid = turn((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
    raw.push({ baseline: mid.y, words, region: l.region });
  }
  const rowHeight = median(
    raw.flatMap((l) => l.words.filter((w) => /\p{Lu}/u.test(w.text)).map((w) => w.h)),
    30,
  );
  // Tesseract may cut one printed line in two (a masthead's left and right parts): join them again,
  // within the column it was read in. Columns read one by one keep their reading order.
  raw.sort((a, b) => a.region - b.region || a.baseline - b.baseline);
  const merged: RawLine[] = [];
  for (const l of raw) {
    const last = merged.at(-1);
    if (last && last.region === l.region && Math.abs(l.baseline - last.baseline) < rowHeight * 0.5) {
      // Beside a line read surely, a part read unsurely throughout is another thing's garble (a picture,
      // the next column's small type in a region OCR read whole): joined, it took a headline's line
      // into the garble beside it ("Nadim sepa Ath bietins- COURT RULES ON"), and the headline broke.
      if (isGarble(l.words) && !isGarble(last.words)) continue;
      if (isGarble(last.words) && !isGarble(l.words)) last.words = [...l.words];
      else last.words.push(...l.words);
    } else merged.push({ baseline: l.baseline, words: [...l.words], region: l.region });
  }
  for (const l of merged) l.words = withoutGarbleBeside(l.words, rowHeight);
  const charW = median(
    merged.flatMap((l) => l.words.map((w) => w.w / Math.max(1, w.text.length))),
    rowHeight * 0.6,
  );
  return merged.map((l) => {
    const line = toSourceLine(l, rowHeight, charW, scale);
    const r = byRegion?.regions[l.region];
    if (!r) return line;
    // The region is the line's block: the page model reads the columns as they were read.
    return {
      ...line,
      block: l.region,
      blockLeft: r.left * scale,
      blockRight: (r.left + r.width) * scale,
      blockDepth: r.depth,
    };
  });
}

function toSourceLine(l: RawLine, rowHeight: number, charW: number, scale: number): SourceLine {
  const words = [...l.words].sort((a, b) => a.cx - b.cx);
  let text = '';
  let lastRight = Number.NaN;
  const boxes: WordBox[] = [];
  for (const w of words) {
    const left = w.cx - w.w / 2;
    // Typed pages keep their spacing: a wide gap (a masthead's date pushed right) stays wide.
    const gap = left - lastRight;
    if (text) text += gap > charW * 2.5 ? ' '.repeat(Math.round(gap / charW)) : ' ';
    text += w.text;
    lastRight = left + w.w;
    boxes.push({
      text: w.text,
      x: left * scale,
      y: (w.cy - w.h / 2) * scale,
      w: w.w * scale,
      h: w.h * scale,
      conf: Math.round(w.conf),
    });
  }
  const first = words[0]!;
  const x = (first.cx - first.w / 2) * scale;
  // A line in headline type stands taller than the page's rows: its top is its own letters' top.
  const tall = median(
    words.filter((w) => /[\p{Lu}\p{N}bdfhijklt]/u.test(w.text)).map((w) => w.h),
    rowHeight,
  );
  const height = tall > rowHeight * 1.2 ? tall : rowHeight;
  return {
    text,
    x,
    y: (l.baseline - height) * scale,
    width: lastRight * scale - x,
    height: height * scale,
    words: boxes,
  };
}
