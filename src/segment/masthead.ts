/** Finds the masthead on page 1 (and running headers on later pages) and reads volume, number and date. */
import { findPrintedDate } from '../core/dates.js';
import type { SourcePage } from '../core/types.js';
import { startsWithDateline } from './dateline.js';
import { isPageHeader } from './layout.js';

export interface Masthead {
  /** Lines at the top of page 1 that belong to the masthead. */
  lineCount: number;
  date: string | null;
  volume: string | null;
  number: string | null;
  /** The masthead's text, for reports. */
  text: string;
}

const MASTHEAD_WORD =
  /\b(?:bulletin|agency|news service|telegraphic|vol\.?|volume|no\.|number|published|subscription|founded|copyright|reproduction|edition|daily|weekly)\b/i;
/**
 * Words of the agency's address. They are common in headlines too ("WALL STREET BANKERS MEET", "FIFTH
 * AVENUE SYNAGOGUE BURNS", "CABLE FROM LONDON"), so they mark a masthead line only in a line that looks
 * like an address: one with a number in it ("60 East 42nd Street", "Telephone: MUrray Hill 2-1234") or
 * naming itself one ("Cable Address: JEWTELAGEN").
 */
const ADDRESS_WORD = /\b(?:street|avenue|telephone|cable)\b|\btel\./i;
const ADDRESS_LIKE = /\d|\baddress\b/i;
const RULE = /^[\s_\-=~*.·]{3,}$/;
const VOLUME = /\bVol(?:ume|\.)?\s*([IVXLC]+|\d+)\b/i;
const NUMBER = /\bNo\.?\s*(\d+)\b/i;
const MAX_MASTHEAD_LINES = 14;

/** Every masthead word of a line, for telling them one by one (see HEADLINE_WORD). */
const MASTHEAD_WORDS = new RegExp(MASTHEAD_WORD.source, 'gi');

/**
 * Masthead words that headlines use too ("DECREE ON FOREIGN JEWS PUBLISHED", "DAILY PAPER BANNED"): under
 * the rule that closes a masthead they no longer make a line masthead; the name, volume, number and date do.
 */
const HEADLINE_WORD =
  /^(?:published|subscription|founded|copyright|reproduction|edition|daily|weekly|number)$/i;

/**
 * True for a line that is part of a masthead by its words or form. `strong`: only by words headlines and
 * decks do not use too (under the masthead's rule, or apart from the masthead lines found so far: "10
 * Families Founded a New" is a deck four lines under the nameplate, not masthead).
 */
function looksLikeMasthead(text: string, strong = false): boolean {
  const word = strong
    ? [...text.matchAll(MASTHEAD_WORDS)].some((m) => !HEADLINE_WORD.test(m[0]))
    : MASTHEAD_WORD.test(text);
  return word || (ADDRESS_WORD.test(text) && ADDRESS_LIKE.test(text)) || findPrintedDate(text) !== null;
}

/** A title as its nameplate prints it, for comparing: lower case, no leading "The", letters and digits only. */
export const bareTitle = (s: string) =>
  s
    .toLowerCase()
    .replace(/^the\s+/, '')
    .replace(/[^\p{L}\p{N}]/gu, '');

/** True for a line that prints the publication's title as the library's record gives it ("Wiener Zeitung"). */
export function isNameplate(text: string, title: string | undefined): boolean {
  const t = title ? bareTitle(title) : '';
  return t.length >= 4 && bareTitle(text) === t;
}

/**
 * Reads the masthead at the top of page 1; `title`, when the delivery names the publication, marks its
 * nameplate whatever its type.
 */
export function readMasthead(page: SourcePage, title?: string): Masthead {
  const lines = page.lines.map((l) => l.text.trim()).filter((t) => t !== '');
  let last = -1;
  let closed = false;
  for (let i = 0; i < Math.min(lines.length, MAX_MASTHEAD_LINES); i++) {
    const t = lines[i]!;
    if (startsWithDateline(t)) break;
    // A long line of ordinary prose means the news has begun.
    if (t.length > 50 && !looksLikeMasthead(t) && /\p{Ll}/u.test(t)) break;
    // Rules belong to the masthead only right under a masthead line (not under the first headline).
    if (RULE.test(t) && last === i - 1) {
      closed ||= last >= 0;
      last = i;
    } else if (looksLikeMasthead(t, closed || last < i - 1) || isNameplate(t, title)) last = i;
  }
  const head = lines.slice(0, last + 1);
  const text = head.join('\n');
  let date: string | null = null;
  for (const t of head) {
    date = findPrintedDate(t);
    if (date) break;
  }
  return {
    lineCount: last + 1,
    date,
    volume: VOLUME.exec(text)?.[1] ?? null,
    number: NUMBER.exec(text)?.[1] ?? null,
    text,
  };
}

/** How many lines at the top of a later page are its running header. */
export function pageHeaderLines(page: SourcePage): number {
  let n = 0;
  while (n < Math.min(2, page.lines.length) && isPageHeader(page.lines[n]!.text)) n++;
  return n;
}
