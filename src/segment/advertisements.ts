/**
 * Advertisements: the paid notices a newspaper sets among and after its news ("TE HUUR …", "GROOTE
 * UITVERKOOP!", a theatre's bill, a shipping line's sailings). Readers of Trove and Delpher filter them
 * out of a search or look for them on purpose, so a piece that is one is marked kind 'advertisement'; its
 * text stays searchable like any other.
 *
 * A piece is an advertisement by what only advertisements print: the paper's advertisement number in
 * parentheses ("(43979)", as the Algemeen Handelsblad numbers every one), or words that ask the reader to
 * buy, rent, apply or write ("te koop", "to let", "s'adresser", "zu vermieten", "brieven franco"). News has
 * a dateline; an advertisement has none. A short piece with neither between two advertisements of one page
 * is one too (its words garbled by the OCR of display type).
 */
import type { ArticleDraft } from '../core/types.js';
import { fold } from '../text/normalize.js';
import { pieceWords } from './layout.js';

/** An advertisement's number as a paper prints it at its foot: five digits in parentheses. */
const AD_NUMBER = /\(\s?\d{5}\s?\)/g;

/**
 * Words that ask the reader to buy, rent, apply or write, folded (lower case, no diacritics), by language:
 * Dutch, English, French, German. News reports such things; it rarely asks them.
 */
const ASKS = new RegExp(
  [
    // Dutch
    'te (?:koop|huur) (?:aangeboden|gevraagd)',
    'te bevragen',
    'brieven franco',
    'franco (?:brieven|aan|onder)',
    'onder (?:motto|letter|no\\.)',
    'aan het bureau (?:van dit blad|dezer courant)',
    'verkrijgbaar (?:bij|a|in)',
    'adres(?:seeren)? (?:bij|aan)',
    'beleefd aanbevolen',
    'uitverkoop',
    // English
    // "House to let.", "TO LET, a shop": not "refused to let an officer in".
    'to let(?=\\s*(?:[.,:;!—–-]|$))',
    '(?:house|houses|rooms?|shop|office|store|farm|flat|premises|apartments?) to let',
    'for sale',
    'apply (?:to|at)',
    'wanted,? a',
    'address,? (?:box|office of this paper)',
    // French
    'a (?:vendre|louer)',
    "s'adresser",
    'au bureau du journal',
    // German
    'zu (?:verkaufen|vermieten)',
    'offerten (?:unter|an)',
    'zu haben (?:bei|in)',
  ]
    .map((w) => `\\b${w}\\b`)
    .join('|'),
  'g',
);

/** An advertisement is short: a long piece that names a price is a market report. */
const MAX_WORDS = 400;
/** A piece with no cue of its own between two advertisements is one when it is this short. */
const MAX_BETWEEN_WORDS = 150;

/** The advertisement cues a text holds: numbers in parentheses at a foot, words that ask. */
export function advertisementCues(text: string): { numbers: number; asks: number } {
  return { numbers: text.match(AD_NUMBER)?.length ?? 0, asks: fold(text).match(ASKS)?.length ?? 0 };
}

/** True for a piece with no dateline, at most 400 words, that prints an advertisement's number or asks. */
export function isAdvertisement(a: ArticleDraft): boolean {
  if (a.kind && a.kind !== 'article') return a.kind === 'advertisement';
  return hasAdvertisementCues(a);
}

/** True for a piece an advertisement by its own words, whatever kind it was given. */
export function hasAdvertisementCues(a: ArticleDraft): boolean {
  if (a.dateline !== null || pieceWords(a.body) > MAX_WORDS) return false;
  const { numbers, asks } = advertisementCues(`${a.headlinePrinted}\n${a.body}`);
  return numbers + asks > 0;
}

/**
 * Marks the advertisements among a bulletin's pieces (kind 'advertisement'), in place: those with a cue
 * of their own, then a short piece without a dateline lying between two of them on one page.
 */
export function markAdvertisements(articles: ArticleDraft[]): void {
  const ad = articles.map(isAdvertisement);
  articles.forEach((a, i) => {
    if (ad[i] || a.kind || a.dateline !== null || pieceWords(a.body) > MAX_BETWEEN_WORDS) return;
    const before = articles[i - 1];
    const after = articles[i + 1];
    if (!before || !after || !ad[i - 1] || !ad[i + 1]) return;
    if (before.lastPage === a.firstPage && after.firstPage === a.lastPage) ad[i] = true;
  });
  articles.forEach((a, i) => {
    if (ad[i] && !a.kind) a.kind = 'advertisement';
  });
}
