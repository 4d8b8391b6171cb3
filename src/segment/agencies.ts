/**
 * Agency codes a bulletin's datelines may carry ("(JTA)", "(WJNS)"), and the correction of a code OCR
 * misread by one letter ("WINS" for "WJNS") to the known code it must be.
 */

/** Codes of the wire services whose bulletins this archive is made for, known without a masthead. */
export const BUILT_IN_AGENCIES: readonly string[] = ['JTA', 'WJNS', 'ONA', 'AP', 'UP', 'INS', 'ANP'];

/** Small words left out of a name's initials ("Agence Télégraphique de la Presse" → ATP). */
const JOINERS = new Set([
  'of',
  'the',
  'and',
  'for',
  'de',
  'la',
  'du',
  'des',
  'et',
  'und',
  'der',
  'van',
  'voor',
]);

/** Legal suffixes that are no part of the name's initials. */
const SUFFIX = /^(?:inc|ltd|co|corp|gmbh|ag|sa)\.?$/i;

/** Roman numerals (a volume: "Vol. XLI") are never a code. */
const ROMAN = /^[IVXLCDM]+$/;

/**
 * Initials of a capitalised name of two words or more: "WORLD JEWISH NEWS SERVICE" → WJNS, "Jewish
 * Telegraphic Agency, Inc." → JTA. A part with a digit (an address, a date), an abbreviation ("Vol.") or a
 * word in lower case other than a joiner is no such name.
 */
function initials(part: string): string | null {
  const words = part.trim().split(/\s+/).filter(Boolean);
  if (words.some((w) => /\d/.test(w))) return null;
  const named = words.filter((w) => !JOINERS.has(w.toLowerCase()) && !SUFFIX.test(w));
  if (named.length < 2 || words.length > 8) return null;
  if (named.some((w) => !/^\p{Lu}[\p{L}'’-]*$/u.test(w))) return null;
  return named.map((w) => w[0]!.toUpperCase()).join('');
}

/**
 * Codes printed in the masthead: in parentheses ("(JTA)"), dotted ("J.T.A."), or a word of two to five
 * capitals standing in a line that is not all capitals ("JTA Daily News Bulletin"), where it stands out as
 * a code rather than as a word of a name set in capitals.
 */
function printedCodes(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/\(([A-Z]{2,5})\)/g)) out.push(m[1]!);
  for (const m of line.matchAll(/\b((?:[A-Z]\.){2,5})/g)) out.push(m[1]!.replaceAll('.', ''));
  if (/\p{Ll}/u.test(line)) {
    for (const m of line.matchAll(/\b([A-Z]{2,5})\b/g)) if (!ROMAN.test(m[1]!)) out.push(m[1]!);
  }
  return out;
}

/**
 * The agency codes a bulletin's datelines may carry: the built-in ones, the initials of the masthead's
 * capitalised names of several words ("WORLD JEWISH NEWS SERVICE" gives WJNS), and codes printed in the
 * masthead. A masthead line is read in parts, split at commas and wide gaps (a typed masthead sets the
 * volume and the date on one line, far apart).
 */
export function knownAgencies(mastheadText: string): string[] {
  const found = new Set(BUILT_IN_AGENCIES);
  for (const line of mastheadText.split('\n')) {
    for (const part of line.split(/,|\s{3,}|[|·•]/)) {
      const code = initials(part);
      if (code) found.add(code);
    }
    for (const code of printedCodes(line)) found.add(code);
  }
  return [...found];
}

/**
 * Letters typewriter type and OCR take for one another. A three-letter code is corrected only through
 * these: one changed letter is a third of it, and real agencies differ by one letter (AFP and ANP).
 */
const CONFUSABLE = ['IJLT1', 'ODQCG0', 'UVW', 'NMH', 'EFBPR', 'S5', 'Z2'];
const confusable = (a: string, b: string) => CONFUSABLE.some((g) => g.includes(a) && g.includes(b));

/** The one letter where `a` and `b` (of equal length) differ, or null when they differ in none or several. */
function oneSubstitution(a: string, b: string): [string, string] | null {
  if (a.length !== b.length) return null;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (at >= 0) return null;
    at = i;
  }
  return at < 0 ? null : [a[at]!, b[at]!];
}

/**
 * The known code that `code` is a misreading of, or `code` itself. A code that is known stays. A code one
 * letter away from exactly one known code becomes that code, when it has four letters or more, or three
 * and the letters are ones OCR confuses. A two-letter code stays: AP and UP are one letter apart and both
 * real.
 */
export function correctAgency(code: string, known: readonly string[]): string {
  const upper = code.toUpperCase();
  if (upper.length <= 2 || known.includes(upper)) return code;
  const near = known.filter((k) => {
    const diff = oneSubstitution(upper, k);
    return diff !== null && (upper.length >= 4 || confusable(diff[0], diff[1]));
  });
  return near.length === 1 ? near[0]! : code;
}
