/** Calendar helpers: ISO dates, month names and abbreviations as bulletins print them. */

/** Month names, lower case, January first. */
export const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
] as const;

export const monthNames = MONTHS.map((m) => m[0]!.toUpperCase() + m.slice(1));

/**
 * Month names of the other languages archives hold (Dutch, French, German), each with its number: read in
 * mastheads and dates ("1 Maart 1937", "2 avril 1893", "3. Dezember 1876"), never written.
 */
const FOREIGN_MONTHS: [string, number][] = [
  ...[
    'januari',
    'februari',
    'maart',
    'april',
    'mei',
    'juni',
    'juli',
    'augustus',
    'september',
    'oktober',
    'november',
    'december',
  ].map((m, i): [string, number] => [m, i + 1]),
  ...[
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ].map((m, i): [string, number] => [m, i + 1]),
  ...[
    'januar',
    'februar',
    'märz',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'dezember',
  ].map((m, i): [string, number] => [m, i + 1]),
  ['jänner', 1],
  ['fevrier', 2],
  ['aout', 8],
  ['decembre', 12],
  ['maerz', 3],
];

/** Month number 1..12 for a printed month name or abbreviation ("Dec.", "Sept", "March", "Maart", "déc."), else null. */
export function monthFromName(name: string): number | null {
  const key = name.toLowerCase().replace(/\.$/, '');
  if (key.length < 3) return null;
  if (key === 'sept') return 9;
  const i = MONTHS.findIndex((m) => m.startsWith(key));
  if (i >= 0) return i + 1;
  // Another language's name, or an abbreviation of it that only one month's names begin with.
  const fits = new Set(FOREIGN_MONTHS.filter(([m]) => m.startsWith(key)).map(([, n]) => n));
  return fits.size === 1 ? [...fits][0]! : null;
}

/** ISO YYYY-MM-DD from parts, or null when the day does not exist. */
export function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1 || day > 31) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** True when s is a real calendar date in ISO form. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m !== null && isoDate(Number(m[1]), Number(m[2]), Number(m[3])) === s;
}

/** "Thursday, December 19, 1974" for an ISO date. */
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  // Not toLocaleDateString: with a time zone it builds a formatter on every call, about 0.2 ms, and an
  // article page names a dozen dates (a hot path).
  const weekday = WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${weekday}, ${monthNames[m - 1]} ${d}, ${y}`;
}

/** English weekday names from Sunday, as Date.getUTCDay() counts them. */
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "December 19, 1974" for an ISO date. */
export function mediumDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${monthNames[m - 1]} ${d}, ${y}`;
}

/** The ISO date `days` days after (or before, when negative) `iso`. */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d + days));
  return date.toISOString().slice(0, 10);
}

/**
 * Finds a full date printed in text ("Thursday, December 19, 1974", "December 19, 1974", "Dec. 19, 1974",
 * "19 December 1974", "Vrijdag 1 December 1876", "2 avril 1893"). Returns the ISO date or null.
 */
export function findPrintedDate(text: string): string | null {
  const mdy = /\b([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),?\s+(\d{4})\b/.exec(text);
  if (mdy) {
    const month = monthFromName(mdy[1]!);
    if (month) {
      const iso = isoDate(Number(mdy[3]), month, Number(mdy[2]));
      if (iso) return iso;
    }
  }
  // Day first, as most of Europe prints it; the month may be in lower case ("2 avril 1893", "3. März 1876").
  const dmy = /(?<![\p{L}\d])(\d{1,2})\.?\s+(\p{L}{3,9})\.?,?\s+(\d{4})\b/u.exec(text);
  if (dmy) {
    const month = monthFromName(dmy[2]!);
    if (month) return isoDate(Number(dmy[3]), month, Number(dmy[1]));
  }
  return null;
}

/** Finds a date in a file name: 1974-12-19, 19741219, 1974_12_19. */
export function dateFromFileName(name: string): string | null {
  const m = /(1[6-9]\d\d|20\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)/.exec(name);
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
