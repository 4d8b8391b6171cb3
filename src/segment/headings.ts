/**
 * Heading blocks at article starts: where one may begin (atBoundary), and the kicker, headline over one to
 * six lines, decks, byline and credit read from it (readHeading). Split from segmenter.ts, which drafts the
 * articles from the headings found.
 */
import { jumpHeadingHits } from './continued.js';
import { isCaps, type StreamLine } from './layout.js';
import { SECTION_CAPS } from './pieces.js';

/** Section labels printed above a headline; any short capitals line set apart by a gap counts too. */
const KICKERS =
  /^(?:news brief|news briefs|behind the headlines|special interview|news analysis|analysis|feature|special report|background|exclusive|editorial|commentary|profile|obituary|news in brief|focus on issues|special to the jta|jta feature)s?:?$/i;

const MAX_HEADLINE_LINES = 3;
/**
 * A headline in larger type over a narrow column wraps to more lines than a typed one (four lines of
 * 12-point capitals over a 9.5-point column: "HIGH COMMISSIONER / RECEIVES RESCUE / COMMITTEE / DELEGATION").
 */
const maxLines = (caps: StreamLine[]) =>
  caps[0] && (caps[0].large || caps[0].size >= HEADLINE_TYPE) ? 6 : MAX_HEADLINE_LINES;
/** Capitals this much larger than the text may wrap as headline type does. */
export const HEADLINE_TYPE = 1.2;

export interface Heading {
  start: number;
  end: number;
  kicker: string | null;
  headline: string;
  byline: string | null;
  credit: string | null;
  /** Decks under the headline, each line's text; they open the article's text. */
  decks: string[];
  /** True for a numbered entry's heading (numbered.ts): the entry stands, however short. */
  numbered?: boolean;
}

/** A heading can only start where a new piece can: at the top, after a gap, an end mark or a rule. */
export function atBoundary(lines: StreamLine[], i: number): boolean {
  if (i === 0) return true;
  const l = lines[i]!;
  const prev = lines[i - 1]!;
  // Headline type starts a heading wherever it stands; so does a capitals line centred in its column.
  if (l.large && !prev.large) return true;
  // A paragraph's run-in head starts its item, set close as it is (layout.ts, runInHeadOf).
  if (l.runInHead) return true;
  // Text-sized capitals straight under a line that ends in a colon open what it announces ("… luydende
  // in substantie als volgt:" over an edict's "FREDERIK AUGUSTUS, &c."), not a new piece.
  // A short line of its own ending in a colon ("Heden zijn ondertrouwd:" over the couple's names) is a
  // notice's opening, not running text: what follows it may still begin a piece.
  if (/:$/.test(prev.text.trim()) && l.gap <= 1 && prev.gap <= 1 && prev.kind !== 'caps') return false;
  // A credit line set above the headline ("SPECIAL TO THE BULLETIN") stands where the heading begins.
  if (prev.kind === 'credit') return atBoundary(lines, i - 1);
  // A text layer's word or two of capitals ending in a full stop, after a finished sentence, is a
  // section's heading set close ("VERTROKKEN.", "ZEILKLAAR." in a paper's shipping news).
  // Centred in its column, it needs no finished sentence above it ("BINNENGEKOMEN." under a line the
  // library's OCR ended in garble).
  if (!l.ocr && l.kind === 'caps' && SECTION_CAPS.test(l.text) && (l.centred || /[.!?:)]$/.test(prev.text)))
    return true;
  return l.gap !== 0 || prev.kind === 'end' || prev.kind === 'rule';
}

/** True when a line names a headline found on an earlier page as a jump heading does (jumpHeadingHits). */
export function namesAHeadline(l: StreamLine, headings: Heading[], lines: StreamLine[]): boolean {
  return headings.some(
    (h) => (lines[h.start]?.page ?? l.page) < l.page && jumpHeadingHits(l.text, h.headline) > 0,
  );
}

/** Reads a heading block starting at i, or null when the capitals there are not a heading. */
export function readHeading(lines: StreamLine[], i: number): Heading | null {
  const caps: StreamLine[] = [];
  /** Capitals in the text's type straight over headline type: the section the headline is filed under. */
  let section: StreamLine[] = [];
  let credit: string | null = null;
  let j = i;
  while (j < lines.length) {
    const l = lines[j]!;
    if (j > i && l.gap > 2) break;
    // A paragraph's run-in head under a rubric ("CHOSES ET AUTRES" over "Le transport des arbres abattus.
    // — Les bûcherons …") heads its own item, the rubric its kicker; under a headline it starts the next.
    if (j > i && l.runInHead) {
      if (caps.length === 0 || caps.some((c) => c.large || c.runInHead)) break;
      if (lines[j + 1]?.kind !== 'text') break;
      return {
        start: i,
        end: j + 1,
        kicker: caps.map((c) => c.text.trim()).join(' '),
        headline: l.text.trim(),
        byline: null,
        credit,
        decks: [],
      };
    }
    // A headline's lines share one type size; a smaller line under it is a deck, body-type capitals
    // under headline type are the text.
    // (A text layer's sizes are exact. OCR's wobble by a tenth from line to line, and by a third on a
    // small scan, where a change of case tells a deck from the headline better than the size does.)
    const sizes = [caps[0]?.size ?? 1, l.size];
    const ratio = Math.max(...sizes) / Math.min(...sizes);
    const apart = l.ocr
      ? ratio > 1.6 || (caps[0] !== undefined && isCaps(caps[0].text) !== isCaps(l.text))
      : ratio > 1.06;
    // In a text layer, text-type capitals over headline type ("PARTICULIERE TELEGRAMMEN." over
    // "Scheepstijdingen.") name its section: they become its kicker. Two lines of capitals in the text's
    // own sizes (a section head at 1.11 over its "(INGEZONDEN.)" at 1.0) are one heading.
    const textType = (x: StreamLine) => !x.large && x.size < 1.3;
    if (j > i && caps.length > 0 && l.kind === 'caps' && apart && !l.ocr) {
      if (section.length === 0 && l.large && l.gap <= 2 && caps.every(textType)) {
        section = caps.splice(0);
        caps.push(l);
        j++;
        continue;
      }
      if (textType(l) && l.gap <= 2 && caps.every(textType)) {
        caps.push(l);
        j++;
        if (caps.length > maxLines(caps) + 1) return null;
        continue;
      }
    }
    if (j > i && caps.length > 0 && l.kind === 'caps' && apart) break;
    if (l.kind === 'caps') caps.push(l);
    else if (l.kind === 'credit' && caps.length > 0) credit ??= l.text.trim();
    else if (l.kind !== 'rule') break;
    j++;
    if (caps.length > maxLines(caps) + 1) return null;
  }
  // Under the headline, in any order: decks (smaller headline type, "Plans for 7 New Villages / in
  // Galilee Were Approved"), a byline, a credit line ("Special to the Bulletin").
  let byline: string | null = null;
  const decks: string[] = [];
  const headSize = caps[0]?.size ?? 1;
  const capitalsHead = caps[0] !== undefined && isCaps(caps[0].text);
  while (j < lines.length) {
    const l = lines[j]!;
    // A deck stands under its headline, never at the top of the next column or page (there a line is a
    // heading of its own: "COURT UPHOLDS RIGHT" over a continued story's text on page 3).
    if (l.gap < 0) break;
    // A deck is set smaller than the headline; in OCR, whose sizes wobble, a mixed-case line under a
    // capitals headline is a deck even where it measures as large.
    const smaller =
      l.size < headSize - 0.04 || (l.ocr && capitalsHead && !isCaps(l.text) && l.size < headSize * 1.5);
    // A deck that wraps at "by" ("Exhibit of 40 Works / by Jewish Painters") goes on in the deck's type:
    // it is the deck's last line, not a byline.
    const deckGoesOn =
      decks.length > 0 && /^by\s/.test(l.text) && Math.abs(l.size - (lines[j - 1]?.size ?? 0)) < 0.04;
    if (l.runInHead) break;
    if (l.kind === 'byline' && byline === null && !deckGoesOn) byline = l.text.replace(/\s+/g, ' ');
    else if (deckGoesOn && decks.length < 6) decks.push(l.text.trim());
    else if (l.kind === 'credit') credit ??= l.text.trim();
    else if (
      (l.kind === 'text' || l.kind === 'caps') &&
      headSize > 1.1 &&
      l.size >= 1.08 &&
      smaller &&
      l.gap <= 2 &&
      decks.length < 6
    )
      decks.push(l.text.trim());
    else if (l.kind !== 'rule') break;
    j++;
  }
  const next = lines[j];
  if (caps.length === 0 || !next) return null;
  // Capitals in body type are a heading only before text; headline type is one before anything. In OCR
  // a deck under them is what they head (a continued story's heading over the two lines of its text a
  // small scan's OCR made out, read as decks by their wobbling size, then the next story's headline).
  const headsDecks = caps[0]!.ocr && decks.length > 0;
  if (!caps[0]!.large && !headsDecks && next.kind !== 'text' && next.kind !== 'dateline') return null;
  // Split off a kicker: capitals before a gap inside the block, or a known section label.
  let kickerLines: StreamLine[] = [];
  let headLines = caps;
  // A gap inside an OCR'd headline in one headline type is a line OCR lost ("JTA SURVEY: / DAY SCHOOL /
  // … / UP 6 PERCENT"), not a kicker's space: a kicker is set apart in type of its own.
  const sizes = caps.map((l) => l.size);
  const oneType =
    caps[0]?.ocr === true &&
    Math.min(...sizes) >= HEADLINE_TYPE &&
    Math.max(...sizes) / Math.min(...sizes) < 1.25;
  const gapAt = oneType ? -1 : caps.findIndex((l, k) => k > 0 && l.gap >= 1);
  if (section.length > 0) kickerLines = section;
  else if (gapAt > 0 && caps.slice(0, gapAt).join(' ').split(/\s+/).length <= 8) {
    kickerLines = caps.slice(0, gapAt);
    headLines = caps.slice(gapAt);
  } else if (caps.length > 1 && KICKERS.test(caps[0]!.text.trim())) {
    kickerLines = [caps[0]!];
    headLines = caps.slice(1);
  }
  if (headLines.length > maxLines(headLines)) return null;
  const join = (ls: StreamLine[]) =>
    ls
      .map((l) => l.text.trim())
      .join(' ')
      .replace(/\s+/g, ' ');
  return {
    start: i,
    end: j,
    kicker: kickerLines.length ? join(kickerLines).replace(/:$/, '') : null,
    headline: join(headLines),
    byline,
    credit,
    decks,
  };
}

/** A deck as printed under a headline: at most 30 words, most capitalised, no sentence ending in a full stop. */
export function isDeck(paragraph: string): boolean {
  const words = paragraph.split(/\s+/).filter((w) => /\p{L}/u.test(w));
  if (words.length === 0 || words.length > 30 || /[.!?]["”')]?$/.test(paragraph.trim())) return false;
  const capital = words.filter((w) => /^["“(]?\p{Lu}/u.test(w)).length;
  return capital >= words.length * 0.6;
}
