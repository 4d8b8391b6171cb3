/** Turns pages of positioned lines into one stream of classified lines: gaps, indents, page headers gone. */
import type { SourceLine, SourcePage } from '../core/types.js';
import { isDisplayType, lineSize, median, weightedMedian } from '../layout/page-layout.js';

/** Below this mean confidence an OCR line is garble (type too small or too worn to read). */
const GARBLED_CONF = 50;

import { MONTHS, monthFromName } from '../core/dates.js';
import { editDistance } from '../text/edit-distance.js';
import { startsWithDateline } from './dateline.js';

export type LineKind = 'rule' | 'end' | 'caps' | 'byline' | 'dateline' | 'credit' | 'text';

export interface StreamLine {
  page: number;
  text: string;
  kind: LineKind;
  /** Blank lines before this one on the same page; -1 at the top of a page. */
  gap: number;
  /** Indent in characters from the page's text margin. */
  indent: number;
  /** True when the line is roughly centred between the margins. */
  centred: boolean;
  /** Width in characters. */
  chars: number;
  /** True when the line is set in type clearly larger than the page's text (a headline by its type). */
  large: boolean;
  /** Type size relative to the page's text (1 for body text). */
  size: number;
  /** True when the line was read by OCR, whose sizes are rougher than a text layer's. */
  ocr: boolean;
  /** True for a line of capitals OCR read mostly unsurely (so taken as text; see segment's jump headings). */
  garbledCaps?: boolean;
  /** True for a line whose type read large but that runs on from the text above it (see toStream). */
  runIn?: boolean;
  /**
   * True for a short line in the text's own type, centred in its column between a blank line and an
   * indented paragraph: the small head of a short story as nineteenth-century papers set them ("Kearney's
   * Move For Greatness." over "KEARNEY, Neb., March 7.—"). Classed as capitals, a heading.
   */
  centredHead?: boolean;
  /**
   * True for the run-in head of a paragraph, cut from the line it opens: "Navigation automobile." of
   * "Navigation automobile. — Devant le développement …" (a local column's items as French and German
   * papers set them). Also a centredHead: a small head over the paragraph, which follows as a line of its own.
   */
  runInHead?: boolean;
  /** The line's box on its page in points, and its block when layout analysis found blocks. */
  box?: { x: number; y: number; w: number; h: number };
  block?: number;
}

/** Type this much larger than the page's text is headline type. */
const LARGE_TYPE = 1.3;
/** A centred line ending in a full stop in type this much larger than the text is a section heading. */
const SECTION_TYPE = 1.15;

const END_MARK = /^(?:-\s*[0o]\s*-|—\s*0\s*—|\*\s*\*\s*\*|#\s*#\s*#|-\s*30\s*-|\(end\)|xxx)$/i;
const RULE = /^[\s_\-=~*.·]{3,}$/;
/** "By Ben Gallob", "BY BEN GALLOB", "By a Staff Correspondent", "By Our Paris Bureau". */
const BYLINE =
  /^[Bb][Yy]\s+(?:[\p{Lu}][\p{L}.'’-]*|a|an|the|our)(?:\s+(?:[\p{Lu}][\p{L}.'’-]*|de|van|von|da|der|and|of|the|in))*\s*$/u;
const PAGE_NUMBER = /^(?:-\s*\d{1,3}\s*-|—\s*\d{1,3}\s*—|page\s+\d{1,3}|\d{1,3})$/i;
const PAGE_NUMBER_IN_LINE = /(?:^|\s)(?:-\s*\d{1,3}\s*-|—\s*\d{1,3}\s*—|page\s+\d{1,3})(?:\s|$)/i;
const DATE_IN_LINE = /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}\b/;

/**
 * A credit line: the agency that sent the story, in parentheses ("(Jewish Telegraphic Agency)"), or how
 * it came ("Special to the Bulletin", "By Cable to the Jewish Daily Bulletin"). Not headline, not text.
 */
const CREDIT_AGENCY =
  /^\((?:by\s+)?(?:[\p{Lu}][\p{L}.'’-]*\s+){0,5}(?:Agency|Press|Service|News|Bureau|Association|Telegraph|Agencies)\)\.?$/iu;
const CREDIT_HOW =
  /^\(?(?:special(?:ly)?|(?:by\s+)?(?:cable|wireless|radio|telephone|telegraph|air\s*mail|mail|special\s+cable))\s+to\s+(?:the\s+)?[\p{L}][\p{L} .'’-]{1,40}\)?\.?$/iu;

/**
 * Words of a piece as the segmenter weighs it: runs between spaces that hold a letter or digit ("3/4" and
 * a garbled "IL1*,'," are one each; `wordCount` in text/normalize splits them at punctuation).
 */
export function pieceWords(text: string): number {
  return text.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/**
 * A piece a reader sent in, so marked under its heading: "(INGEZONDEN.)", "(Eingesandt.)", "(Communicated.)",
 * "(Communiqué.)". Who sent it, as a credit line says who sent a story.
 */
const CREDIT_SENT =
  /^\((?:ingezonden|eingesandt|eingesendet|communicated|contributed|communiqu[eé])\.?\)\.?$/iu;

/** True for a credit line (see CREDIT_AGENCY, CREDIT_HOW and CREDIT_SENT). */
export function isCredit(text: string): boolean {
  const t = text.trim();
  return t.length <= 60 && (CREDIT_AGENCY.test(t) || CREDIT_HOW.test(t) || CREDIT_SENT.test(t));
}

/** True for a line that is all capitals (ignoring digits and punctuation), with a few letters at least. */
export function isCaps(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length < 2) return false;
  let upper = 0;
  for (const ch of letters) if (ch === ch.toUpperCase() && ch !== ch.toLowerCase()) upper++;
  return upper / letters.length >= 0.85;
}

/**
 * True for a line of mixed case most of whose words are garble: a capital straight after small letters
 * inside a long word ("Sn'vrafdëVtlatrontbrekcndo"), or a mark inside one ("v„volgdeelen"). An OCR's line box
 * that took in two lines of text reads as large type; a headline's words, set large and clear, read as words.
 */
export function isGarbleLine(text: string): boolean {
  if (isCaps(text)) return false;
  const words = text.split(/\s+/).filter((w) => (w.match(/\p{L}/gu)?.length ?? 0) >= 3);
  const garble = words.filter(
    (w) =>
      ((w.match(/\p{L}/gu)?.length ?? 0) >= 12 && /\p{Ll}{2}\p{Lu}/u.test(w)) ||
      /\p{L}[„«»™^_*<>|\\%€$£~]+\p{L}/u.test(w),
  ).length;
  return garble >= 2 && garble * 2 >= words.length;
}

const WEEKDAY =
  /^(?:sun|mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?)(?:day)?$|^(?:zon|maan|dins|woens|donder|vrij|zater)dag$|^(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)$|^(?:sonntag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend)$/i;

/**
 * True for a line that is a date and nothing more ("DONDERDAG 30 NOVEMBER.", "Monday, June 14, 1937"):
 * a weekday, a day and a month, a year. Set in capitals it dates a table or a section; it heads no story.
 */
export function isDateOnly(text: string): boolean {
  const words = text
    .replace(/[.,;:()\-–—]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  let month = false;
  let day = false;
  for (const w of words) {
    if (/^\d{1,2}(?:st|nd|rd|th|e|er)?$/i.test(w)) day = true;
    else if (/^\d{4}$/.test(w)) continue;
    else if (monthFromName(w) !== null && w.length >= 3) month = true;
    else if (!WEEKDAY.test(w)) return false;
  }
  return month && day;
}

/** Classifies one line by its text alone. */
export function classify(text: string): LineKind {
  const t = text.trim();
  if (END_MARK.test(t)) return 'end';
  if (RULE.test(t)) return 'rule';
  if (startsWithDateline(t)) return 'dateline';
  if (isCredit(t)) return 'credit';
  if (BYLINE.test(t) && t.split(/\s+/).length <= 7) return 'byline';
  if (isCaps(t) && !isDateOnly(t)) return 'caps';
  return 'text';
}

/** True for a running page header or folio line: "-2-", "- 2 -", "Page 2", or a number with name and date. */
export function isPageHeader(text: string): boolean {
  const t = text.trim();
  if (PAGE_NUMBER.test(t)) return true;
  if (PAGE_NUMBER_IN_LINE.test(t) && (/bulletin|news/i.test(t) || DATE_IN_LINE.test(t))) return true;
  return /bulletin/i.test(t) && DATE_IN_LINE.test(t) && t.length < 90 && !startsWithDateline(t);
}

/** True when a line is roughly centred between its column's margins, with clear space on both sides. */
function isCentred(l: SourceLine, left: number, right: number, charW: number): boolean {
  const mid = l.x + l.width / 2;
  return (
    l.x - left > charW * 4 && l.width < (right - left) * 0.8 && Math.abs(mid - (left + right) / 2) < charW * 3
  );
}

/**
 * The small head of a short story set in the text's own type (see StreamLine.centredHead): two to eight
 * words with letters, not ending as a sentence runs on (comma, hyphen); a blank line above it or the top
 * of its block; the next line straight under it in the same block, not centred, opening a paragraph (its
 * first line indented) or a dateline. A centred line inside a story (a signature, a verse) has no
 * indented paragraph or dateline straight under it, or no blank line over it.
 */
/** A small head that lost its centring and its stop to the OCR reaches at most this share of its column. */
const SHORT_HEAD = 0.65;

function smallHead(
  l: SourceLine,
  prev: SourceLine | null,
  below: SourceLine[],
  gap: number,
  newBlock: boolean,
  left: number,
  right: number,
  charW: number,
  /** The line was read by an OCR (its words carry confidences): some readings below are for OCR only, a
   * text layer's heads, datelines and credits reading as they were set. */
  ocr: boolean,
): boolean {
  const t = l.text.trim();
  const words = t.split(/\s+/).filter((w) => /\p{L}{2}/u.test(w));
  // A head names its story in words: no figures, no date (a shipping list's "NORRKOPING, vóór 24 Nov.").
  // An OCR may read a letter as a figure inside a word ("1'ostmnsirrn" for "Postmasters").
  const figure = ocr ? /(?<![\p{L}'’])\d+(?![\p{L}'’])/u : /\d/;
  if (
    words.length < 1 ||
    words.length > 8 ||
    /\p{L}[-–—]$/u.test(t) ||
    figure.test(t) ||
    startsWithDateline(t)
  )
    return false;
  if (!(gap >= 1 || prev === null || newBlock)) return false;
  const [ml, mr] = [l.x - left, right - (l.x + l.width)];
  const centred = Math.min(ml, mr) >= charW * 2 && Math.abs(ml - mr) <= Math.max(charW * 3, (ml + mr) * 0.4);
  // A head as wide as its column ("Arraigned For Wholesale Poisoning.") is told by its words instead:
  // most of them capitalised, no comma (a shipping list's "Etta, Abkes, Bensersiel." over its next
  // port's date), closed by a full stop.
  const capitalised = words.filter((w) => /^["“(]?\p{Lu}/u.test(w)).length >= words.length * 0.6;
  // A head whose last words the OCR lost ("Indiana'H Ijojjlslalivo" for "Indiana's Legislative Plight.")
  // has neither its centring nor its stop: it is told by its words and by standing short of the column.
  const short = l.width <= (right - left) * SHORT_HEAD;
  // A head whose line box the library drew round its first word alone ("Senate" for "Senate
  // Proceedings.", "Canadian" for "Canadian Fisheries."): one capitalised word standing well in from
  // the column's left edge, where no line of text begins.
  const stub = words.length === 1 && /^\p{Lu}\p{L}{3}/u.test(words[0]!) && ml >= charW * 4;
  if (words.length === 1 && !(stub && ocr)) return false;
  if (!centred && !stub && !(capitalised && !t.includes(',') && (/\p{L}\.$/u.test(t) || short))) return false;
  // Between the head and its dateline may stand its deck (centred, or a pyramid's full first line over a
  // centred one) and a credit line, centred or in brackets ("[Copyright 1887 by James Gordon
  // Bennett.]", read by the OCR as "ICnpjjr'ffM 1 < < S by Jim' O inl.nilennrd.l"): under a head that
  // stands apart (centred, or a stub), up to three such lines; under one told by its words alone, one
  // centred or bracketed line.
  const strong = ocr && (centred || stub);
  const between = strong ? 3 : 1;
  let above = l;
  for (const [k, next] of below.slice(0, between + 1).entries()) {
    // Straight under the line above: less than a line's height of white between them (two under a head
    // that stands apart, over its deck).
    const white = above === l && strong ? 2 : 1;
    if (
      next.block !== l.block ||
      next.y <= above.y ||
      next.y - (above.y + above.height) > above.height * white
    )
      return false;
    const nextLeft = next.blockLeft ?? left;
    const nextRight = next.blockRight ?? right;
    const indent = next.x - nextLeft;
    const text = next.text.trim();
    // A dateline opens a paragraph: indented as one is, or, where the OCR lost its place ("March 10.
    // Twenty-four …", ". March 7. The session"), further in, under a head that stands apart.
    const indented = indent >= charW * 0.8 && indent <= (strong ? (nextRight - nextLeft) / 2 : charW * 6);
    if (indented && (opensLikeDateline(text) || (ocr && datedOpening(text)))) return true;
    if (k === between) return false;
    const deckOrCredit =
      isCentred(next, nextLeft, nextRight, charW) ||
      /^[[(]|[\])]\W{0,3}$/.test(text) ||
      (strong && below[k + 1] !== undefined && isCentred(below[k + 1]!, nextLeft, nextRight, charW)) ||
      (strong && indent >= charW * 2 && COPYRIGHT.test(text));
    if (!deckOrCredit) return false;
    above = next;
  }
  return false;
}

/**
 * A copyright line under a head, as the OCR reads it: "Copyright", its year with S for 8 ("1SS7",
 * "ISSi"), or its "by" ("ICnpjjr'ffM 1 < < S by Jim' O inl.nilennrd.l").
 */
const COPYRIGHT = /[Cc]opyright|(?<!\p{L})[1lI][S58][S58]|(?<!\p{L})(?:by|liy|hy)(?!\p{L})/u;

/**
 * A line that opens with a month and a day within its first words, however the OCR read the place
 * before them or lost it ("OMAUA , Much 5,18S7.", "NEW YOUK , Maroli 7 ( Special", "Exr.TKii , Neb. ,
 * Mnich9. [", "PAKIMarcli 10.", ". March 7. Tlm session"): a word two or three slips from a month's
 * name (its first letter right) straight before a figure or a one- or two-letter misread of one.
 */
function datedOpening(text: string): boolean {
  const words = text
    // A place glued to its month ("PAKIMarcli", "Neb.March") and a month to its day ("Mnich9").
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, '$1 $2')
    .replace(/(\p{L})(\d)/gu, '$1 $2')
    .split(/[\s.,;:]+/)
    .filter(Boolean)
    .slice(0, 6);
  return words.some((w, i) => {
    const key = w.toLowerCase();
    if (!/^\p{L}{3,7}$/u.test(w)) return false;
    const day = words[i + 1];
    if (day === undefined || !(/^\d/.test(day) || day.length <= 2)) return false;
    if (monthFromName(key) !== null) return true;
    // Fuzzy only past three letters: "Mrs. B. Parsons" is no month.
    return (
      key.length >= 4 &&
      MONTHS.some(
        (m) =>
          m.length >= 4 &&
          key[0] === m[0] &&
          editDistance(key, m) <= (key.slice(0, 2) === m.slice(0, 2) && key.length >= 5 ? 3 : 2),
      )
    );
  });
}

/** A paragraph's run-in head: a few words closed by a full stop, then a dash, then the text. */
const RUN_IN = /^(\p{Lu}[^—–\d]{1,70}?[.!?,])\s*[—–]\s*\S/u;

/**
 * The run-in head a line opens, or null: the line opens a paragraph (indented), and its first words, one
 * to seven with no figures (a dateline's date has them), end in a full stop and a dash ("Les beaux
 * arbres. — L'équipe communale …", "Cyclistes, attention. — Les …", "Bussigny. — Le Conseil …"). A
 * head may run on to the next line
 * ("Laiteries Réunies de Morges et Envi¬ / rons. — Cette société …"). Gives the head, the text after
 * it, and how many lines the head takes.
 */
function runInHeadOf(
  l: SourceLine,
  prev: SourceLine | null,
  next: SourceLine | undefined,
  gap: number,
  newBlock: boolean,
  left: number,
  charW: number,
): { head: string; rest: string; lines: 1 | 2 } | null {
  const indent = l.x - left;
  if (indent < charW * 0.8 || indent > charW * 6) return null;
  if (prev !== null && !newBlock && gap > 2) return null;
  // A line after a divided word goes on with its paragraph ("… de La Chaux-de- / Fonds. — Les …").
  if (prev !== null && !newBlock && /[-¬]$/.test(prev.text.trim())) return null;
  const opening = (text: string, head: string, lines: 1 | 2) => ({
    head,
    rest: text.slice(head.length).replace(/^\s*[—–]\s*/u, ''),
    lines,
  });
  const own = l.text.trim();
  const one = runInHead(own);
  if (one) return opening(own, one, 1);
  // Straight under it in its block, the next line closing the head within its first words.
  if (!next || next.block !== l.block || next.y <= l.y || next.y - l.y > l.height * 2) return null;
  const joined = /[-¬]$/.test(own) ? `${own.slice(0, -1)}${next.text.trim()}` : `${own} ${next.text.trim()}`;
  const two = runInHead(joined);
  if (!two) return null;
  // The head runs on to the next line, or fills its own line and the dash stands at either line's edge
  // ("La représentation proportionnelle. — / Nous voici …", "Conférence missionnaire à la chapelle. / —
  // Dimanche soir …").
  if (two.length <= own.length && !/^\s*[—–]?\s*$/u.test(own.slice(two.length))) return null;
  return opening(joined, two, 2);
}

/** The last word of a letter's salutation, in the archive's languages. */
const SALUTATION =
  /^(?:sirs?|madam|gentlemen|editor|monsieur|messieurs|madame|mesdames|mijnheer|mijnheeren|heeren|herr|herren)$/i;

/** The run-in head `text` opens with (see runInHeadOf), or null. */
function runInHead(text: string): string | null {
  const m = RUN_IN.exec(text);
  if (!m) return null;
  const head = m[1]!;
  const words = head.split(/\s+/);
  // Words only, one to seven, at most one comma: a shipping list's entries ("Reigatê, Robertson,
  // Coconada n. Londen. — …") and a price list's ("A'oen ran A„ Geld: Beleen.") are no heads.
  if (words.length > 7 || !words.some((w) => /\p{L}{3}/u.test(w))) return null;
  // One word heads an item when it is a name of four letters or more and a sentence follows it ("Février.
  // — Ce mois …", "Bussigny. — Le Conseil …"); a shipping list's port is followed by a date ("Londen. —
  // 15 Oct. California, …").
  if (
    words.length === 1 &&
    !(/^\p{Lu}[\p{L}'’-]{3,}\.$/u.test(head) && /^\s*[—–]\s*\p{L}/u.test(text.slice(head.length)))
  )
    return null;
  // A head may name a society in quotes and close on a comma before its place's dash ("Jodlerclub «
  // Edelweiss », Morges, — C'est ce soir …"); the closing comma is not counted.
  if (!/^[\p{L}\s'’,«»"“”-]+[.!?,]$/u.test(head) || (head.slice(0, -1).match(/,/g) ?? []).length > 1)
    return null;
  if (words.slice(0, -1).some((w) => /^\p{L}{1,2}\.$/u.test(w))) return null;
  // A letter's salutation is no head ("Dear Sir, — I have the honour …").
  if (head.endsWith(',') && SALUTATION.test(words.at(-1)!.slice(0, -1))) return null;
  return head;
}

/**
 * A line that opens as a dateline does, read loosely for OCR's slips ("KEAKNKY. Xeb. , March 7. [Special",
 * "NEW Yonic , March" . The"): a capitalised place, then a month's name within the first six words.
 */
function opensLikeDateline(text: string): boolean {
  if (startsWithDateline(text)) return true;
  // Marks the OCR set apart as words of their own ("Dis : MOINIS ; , In. , March 5.") are no words.
  const words = text
    .split(/\s+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w))
    .slice(0, 7);
  if (!/^\p{Lu}/u.test(words[0] ?? '')) return false;
  // The place and its month run together where the OCR lost the space ("Mii.wAi-KKKMarch 4. There …").
  const glued = words[0]!.replace(/[^\p{L}]+$/u, '').toLowerCase();
  if (MONTHS.some((m) => m.length >= 5 && glued.length >= m.length + 3 && glued.endsWith(m))) return true;
  return words.slice(1).some((w) => {
    const name = w.replace(/[^\p{L}]/gu, '');
    if (name.length >= 3 && monthFromName(name) !== null) return true;
    // A month's whole name one OCR slip away ("Mareh", "Fobruary"), or two where its first three
    // letters stand ("Marcli": an h read as li).
    const key = name.toLowerCase();
    return (
      key.length >= 5 &&
      MONTHS.some(
        (m) =>
          m.length >= 5 && editDistance(key, m) <= (key.length >= 6 && key.startsWith(m.slice(0, 3)) ? 2 : 1),
      )
    );
  });
}

/** Builds the line stream of a bulletin; `skipTop(page)` says how many top lines of a page to drop. */
/** OCR's confidence in a line, its words' weighed by their letters (100 for a text layer). */
function lineConfidence(l: SourceLine): number {
  let all = 0;
  let sum = 0;
  for (const w of l.words) {
    const n = w.text.replace(/[^\p{L}\p{N}]/gu, '').length;
    all += n;
    sum += n * (w.conf ?? 100);
  }
  return all === 0 ? 100 : sum / all;
}

export function toStream(pages: SourcePage[], skipTop: (page: SourcePage) => number): StreamLine[] {
  const out: StreamLine[] = [];
  for (const page of pages) {
    const lines = page.lines.filter((l) => l.text.trim() !== '');
    if (lines.length === 0) continue;
    const charW = median(
      lines.flatMap((l) => l.words.map((w) => w.w / Math.max(1, w.text.length))),
      6,
    );
    // The step from one line to the next, measured between lines of some length: a stray mark read as
    // a line of its own between two lines does not halve it.
    const steps = lines
      .slice(1)
      .map((l, i) => (l.text.length > 3 && lines[i]!.text.length > 3 ? l.y - lines[i]!.y : 0))
      .filter((d) => d > 1);
    // A text layer's lines stand where they were set: the closest step is the text's leading. OCR's line
    // boxes wobble with the letters they hold (ascenders, capitals), a point or two on a column of 7-point
    // type: on a dense page (an 1887 front page's 1,300 lines, steps of 4.7 to 8 points where the leading
    // is 7.1) the tenth percentile stands for it. (Taken on every OCR'd page, it cost our 410-px web
    // copies two headlines and a jump: their few lines of several sizes step apart truly.)
    const close = steps.filter((d) => d >= median(steps, 12) * 0.6).sort((a, b) => a - b);
    const dense = lines.length >= 400 && lines.some((l) => l.words.some((w) => w.conf !== undefined));
    const q = dense ? 0.1 : 0;
    const lineStep = Math.min(
      close[Math.floor(close.length * q)] ?? Number.POSITIVE_INFINITY,
      median(steps, 12),
    );
    const margin = median(
      lines.map((l) => l.x),
      72,
    );
    const pageLeft = Math.min(...lines.map((l) => l.x).filter((x) => x >= margin - charW * 8));
    const pageRight = Math.max(...lines.map((l) => l.x + l.width));
    // Type size: a line in type clearly larger than the page's text is a heading, whatever its case.
    const sizes = lines.map(lineSize);
    const body = weightedMedian(
      lines.map((l, k) => ({ value: sizes[k]!, weight: Math.min(60, l.text.length) })),
      10,
    );
    let start = skipTop(page);
    let end = lines.length;
    // A folio at the foot of the page ("-3-") is not text either.
    while (end > start && isPageHeader(lines[end - 1]!.text) && lines[end - 1]!.text.length < 12) end--;
    for (let i = start; i < end; i++) {
      const l = lines[i]!;
      const prev = i === start ? null : lines[i - 1]!;
      // In a page read by columns, each block has its own margins; the next column starts afresh.
      const left = l.blockLeft ?? pageLeft;
      const right = l.blockRight ?? pageRight;
      const newBlock = prev !== null && l.block !== prev.block;
      // Lines of headline type stand further apart: their step is counted in their own size.
      const size = sizes[i]!;
      const step = prev === null ? lineStep : lineStep * Math.max(1, Math.min(size, sizes[i - 1]!) / body);
      const gap =
        prev === null || (newBlock && l.y < prev.y) ? -1 : Math.max(0, Math.round((l.y - prev.y) / step) - 1);
      const centred = isCentred(l, left, right, charW);
      // A line OCR read mostly unsurely is garble from type too small to read: text, never a heading.
      // Unsure words of a library's OCR in display type are a headline it could not read (page-layout.ts).
      const garbled = lineConfidence(l) < GARBLED_CONF && !isDisplayType(l.libraryOcr, size, body);
      const largeType =
        !garbled &&
        size >= body * LARGE_TYPE &&
        /\p{L}{2}/u.test(l.text) &&
        l.words.length <= 16 &&
        !isGarbleLine(l.text);
      // Headline type stands apart from the text above it. A line of mixed case that follows a line of
      // text as closely as the text's own lines follow each other, its size read large (a smudged, skewed
      // or garbled line whose box an OCR drew too tall: "„kend! dathei dTlTberalen alleen"), is text;
      // so are the lines straight under it read as large.
      const runIn =
        largeType &&
        gap === 0 &&
        prev !== null &&
        !newBlock &&
        !isCaps(l.text) &&
        (sizes[i - 1]! < body * LARGE_TYPE || out.at(-1)?.runIn === true);
      const large = largeType && !runIn;
      const read = classify(l.text);
      const kind = garbled && read === 'caps' ? 'text' : read;
      const ocr = l.words.some((w) => w.conf !== undefined);
      // A short line, centred or set off by a blank line, in type a little larger than the text, that
      // ends in a full stop ("Tweede Kamer.", "Rechtszaken.") is a section heading as
      // nineteenth-century papers set them.
      // Text layers only: OCR's sizes wobble too much to tell 15% apart.
      const section =
        !ocr &&
        (centred || gap >= 2) &&
        size >= body * SECTION_TYPE &&
        l.words.length <= 6 &&
        /\p{L}{3}\.$/u.test(l.text.trim());
      const centredHead =
        !large &&
        !section &&
        kind === 'text' &&
        // A centred line under a headline is its deck.
        !(prev !== null && !newBlock && (sizes[i - 1]! >= body * LARGE_TYPE || isCaps(prev.text))) &&
        smallHead(l, prev, lines.slice(i + 1, Math.min(end, i + 5)), gap, newBlock, left, right, charW, ocr);
      const opened =
        !large && !section && !centredHead && kind === 'text'
          ? runInHeadOf(l, prev, i + 1 < end ? lines[i + 1] : undefined, gap, newBlock, left, charW)
          : null;
      // Where the line stands, and in what type: the same for a run-in head and the text it opens.
      const placed = {
        page: page.number,
        indent: Math.max(0, Math.round((l.x - left) / charW)),
        size: size / body,
        ocr,
        box: { x: l.x, y: l.y, w: l.width, h: l.height },
        block: l.block,
      };
      if (opened) {
        // The paragraph's run-in head ("Navigation automobile. — Devant le …") stands as a small head
        // over the paragraph's text, which keeps the line's place and indent.
        const { head: runInHead, rest } = opened;
        const common = { ...placed, centred: false, large: false };
        out.push({
          ...common,
          text: runInHead,
          kind: 'caps',
          gap,
          chars: runInHead.length,
          centredHead: true,
          runInHead: true,
        });
        out.push({ ...common, text: rest, kind: classify(rest), gap: 0, chars: rest.length });
        // A head run on to the next line took that line with it.
        if (opened.lines === 2) i++;
        continue;
      }
      out.push({
        ...placed,
        text: l.text.trim(),
        kind: (large || section || centredHead) && (kind === 'text' || kind === 'caps') ? 'caps' : kind,
        gap,
        centred,
        chars: l.text.trim().length,
        large,
        ...(runIn ? { runIn } : {}),
        ...(centredHead ? { centredHead } : {}),
        ...(garbled && read === 'caps' ? { garbledCaps: true } : {}),
      });
    }
    start = 0;
  }
  return out;
}
