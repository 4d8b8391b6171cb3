/**
 * The band across the top of a page read by columns: on page 1 the nameplate and its folio line (the
 * masthead), on later pages the running head. Either is a block that spans the page above the columns.
 */
import { findPrintedDate } from '../core/dates.js';
import type { SourceLine, SourcePage } from '../core/types.js';
import { type PageLayout, wordSize } from '../layout/page-layout.js';
import type { StreamLine } from './layout.js';
import { isNameplate } from './masthead.js';

/** A day and a month in English, Dutch, French or German ("1 December", "June 15", "2 Avril", "3. März"). */
const MONTH =
  '(?:jan|feb|f[eé]v|m[aä]r|maa|apr|avr|ma[iy]|mei|jun|jui|jul|aug|ao[uû]|sep|o[ck]t|nov|de[cz]|d[eé]c)\\p{L}*\\.?';
const DAY_AND_MONTH = new RegExp(`\\b\\d{1,2}\\.?\\s+${MONTH}(?:\\s|,|$)|\\b${MONTH}\\s+\\d{1,2}\\b`, 'iu');
/** A volume or issue number ("Vol. X. No. 2639", "N° 58", "Jahrgang 12", "A°. 1876"). */
const NUMBERED = /\b(?:vol(?:ume)?|no|n°|nr|jahrg(?:ang)?|année|jaargang|a°)\.?\s*[\dIVXLC]+/i;

/** The page's top block when it spans the page above its columns, else null. */
function topBand(layout: PageLayout) {
  if (!layout.columns) return null;
  const top = layout.blocks[0];
  if (top?.columnDepth !== 0) return null;
  return top;
}

/**
 * How many of page 1's lines (in reading order) are its masthead when the page is read by columns: the
 * blocks across the top of the page, above its columns and within its top third (a nameplate band may be
 * cut in several by white space), when they hold a nameplate (the page's largest type) with a volume or
 * issue number, or a printed date; and are not long text.
 */
export function mastheadBandLines(layout: PageLayout, title?: string): number {
  return mastheadBand(layout, title)?.lines ?? 0;
}

/**
 * The folio line under a nameplate when the page's skew or a rule under it kept layout analysis from
 * cutting it off with the nameplate: its parts ("SIXTEENTH YEAR." / "OMAHA, TUESDAY MORNING, MARCH 8,
 * 1887." / "NUMBER 262") then head three columns. The first row of lines under the band, their middles
 * within two thirds of a line of one another, spanning half the page's width.
 */
function folioRow(layout: PageLayout, band: PageLayout['blocks']): SourceLine[] {
  if (band.length === 0) return [];
  const inBand = new Set(band.flatMap((b) => b.lines));
  const bottom = Math.max(...band.map((b) => b.y1));
  const below = layout.page.lines
    .filter((l) => !inBand.has(l) && l.y >= bottom - 1 && l.y < layout.page.height * 0.2)
    .sort((a, b) => a.y - b.y);
  const first = below[0];
  if (!first) return [];
  const mid = (l: SourceLine) => l.y + l.height / 2;
  const row = below.filter((l) => Math.abs(mid(l) - mid(first)) <= first.height * 0.67);
  // Its parts stand in the columns' blocks, a few words each.
  const inColumns = new Set(layout.blocks.filter((b) => b.columnDepth > 0).flatMap((b) => b.lines));
  if (row.length < 2 || row.some((l) => !inColumns.has(l) || l.words.length > 12)) return [];
  const left = Math.min(...row.map((l) => l.x));
  const right = Math.max(...row.map((l) => l.x + l.width));
  return right - left >= layout.page.width * 0.5 ? row : [];
}

/** The masthead band of mastheadBandLines: its line count, its folio row's lines, whether it prints a date and a number. */
function mastheadBand(
  layout: PageLayout,
  title?: string,
): { lines: number; folio: SourceLine[]; dated: boolean; numbered: boolean } | null {
  if (!layout.columns) return null;
  const band: typeof layout.blocks = [];
  for (const b of layout.blocks) {
    if (b.columnDepth !== 0 || b.y1 > layout.page.height * 0.35) break;
    band.push(b);
  }
  const folio = folioRow(layout, band);
  const lines = [...band.flatMap((b) => b.lines), ...folio];
  if (lines.length === 0 || lines.length > 24) return null;
  // Word by word: the nameplate often shares its band with smaller ears ("Price Five Cents").
  const size = (ls: typeof lines) => Math.max(...ls.flatMap((l) => l.words.map(wordSize)), 0);
  const largest = size(layout.page.lines);
  const nameplate =
    (size(lines) >= largest * 0.95 && largest >= layout.bodySize * 1.8) ||
    lines.some((l) => isNameplate(l.text, title));
  const dated = lines.some((l) => findPrintedDate(l.text) !== null || DAY_AND_MONTH.test(l.text));
  const numbered = lines.some((l) => NUMBERED.test(l.text));
  // A big headline at the top of a page is no nameplate: a masthead also prints its date or number.
  if (!((nameplate && numbered) || dated)) return null;
  // The folio row counts only under a nameplate and when it prints the date or number itself.
  const folioOwn =
    nameplate &&
    folio.some(
      (l) => findPrintedDate(l.text) !== null || DAY_AND_MONTH.test(l.text) || NUMBERED.test(l.text),
    );
  return { lines: lines.length - folio.length, folio: folioOwn ? folio : [], dated, numbered };
}

/**
 * The lines of page 1's folio row that stand in its columns' blocks (see folioRow): masthead, not the
 * first lines of three columns' stories.
 */
export function mastheadFolioLines(layout: PageLayout, title?: string): SourceLine[] {
  return mastheadBand(layout, title)?.folio ?? [];
}

/**
 * How many top lines of a later page are a supplement's masthead ("BIJVOEGSEL TOT …" under the paper's
 * nameplate again, with the date and number): a masthead band as on page 1, that prints both a
 * date and a number. Neither an article nor part of one.
 */
export function supplementMastheadLines(layout: PageLayout): number {
  const band = mastheadBand(layout);
  return band?.dated && band.numbered ? band.lines : 0;
}

/**
 * How many top lines of a later page are its running head when the page is read by columns: a top band
 * of at most three lines in the top tenth of the page that prints the page's number or a date.
 */
export function runningHeadLines(layout: PageLayout, pageNumber: number): number {
  const top = topBand(layout);
  if (!top || top.lines.length > 3 || top.y0 > layout.page.height * 0.1) return 0;
  const folio = new RegExp(`(?:^|[\\s\\-—–(])${pageNumber}(?:$|[\\s\\-—–)])`);
  const head = top.lines.some((l) => folio.test(l.text) || findPrintedDate(l.text) !== null);
  return head ? top.lines.length : 0;
}

/**
 * A part of page 1's folio row standing alone (an ordinal year, "SIXTEENTH YEAR."; "NUMBER 261", "VOL. XVI"), OCR slips
 * allowed ("SIXTEENTH YEAE.", "NUMBER 2C)5 ("): masthead wherever layout analysis put it. Where the
 * nameplate begins right of the first column's gutter, the page is cut into columns first, and the folio's
 * ends head the first and last columns' stories ("Sixteenth Year. Beecher Slowly Sinking").
 */
const FOLIO_PART =
  /^(?:[\p{L}-]*(?:ST|ND|RD|TH)\s+YEA\p{L}\.?|(?:VOL(?:UME)?|NO|NUMBER)\.?\s*[\dIVXLCO][\dIVXLCO)(.,\s]{0,8})$/u;

/** True for a line in page 1's top eighth that reads as a part of its folio row (FOLIO_PART). */
export function isFolioPart(l: StreamLine, page: SourcePage): boolean {
  return (
    l.page === page.number &&
    l.box !== undefined &&
    l.box.y < page.height * 0.125 &&
    FOLIO_PART.test(l.text.trim())
  );
}
