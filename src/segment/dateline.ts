/** The dateline that opens a dispatch: "CITY, Mon. DD (AGENCY) --", parsed into place, filed date, agency. */
import { addDays, isoDate, MONTHS, monthFromName } from '../core/dates.js';
import type { Dateline } from '../core/types.js';
import { BUILT_IN_AGENCIES, correctAgency } from './agencies.js';

/**
 * Place in capitals (optionally ", Country" or ", State"), month name or abbreviation, day, agency code in
 * parentheses, then a dash run. Any agency code of 2-8 letters is accepted.
 */
const DATELINE =
  /^([A-Z][A-Z'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z'.\- ]{1,30}?)?),\s*([A-Z][a-z]{2,8}\.?)\s*(\d[\dlIOo]?|[lI]\d)\s*\(([A-Z][A-Za-z]{1,7})\)\s*(?:-{1,3}|—|–|:)\s*/;

/**
 * The typeset form with the agency in a credit line instead of the dateline: "LONDON, June 14.—" or
 * "BERLIN, June 14 —"; the dash (or a dot and dash) is required, so a sentence opening with a place and
 * a date is not taken for one.
 */
const DATELINE_TYPESET =
  /^([A-Z][A-Z'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z'.\- ]{1,30}?)?),\s*([A-Z][a-z]{2,8}\.?)\s*(\d[\dlIOo]?|[lI]\d)\s*[.:,]?\s*(?:-{2,3}|—|–)\s*/;

/**
 * The typeset form closed by a full stop alone: "BERLIN, Aug. 14. The Fund announced …", or the date line
 * set on a line of its own ("WASHINGTON, Aug. 16."). The place must be in capitals and what follows
 * must open a sentence, so "London, June 14." inside a sentence is not one.
 */
const DATELINE_STOP =
  /^([A-Z][A-Z'.\- ]{1,40}?(?:,\s*[A-Z][A-Za-z'.\- ]{1,30}?)?),\s*([A-Z][a-z]{2,8}\.?)\s*(\d[\dlIOo]?|[lI]\d)\.(?:\s+(?=["“\p{Lu}[])|\s*$)/u;

/** Weekdays a European dateline may name before its date, in English, Dutch, French and German. */
const WEEKDAY = [
  ...['Mon', 'Tues', 'Wednes', 'Thurs', 'Fri', 'Satur', 'Sun'].map((d) => `${d}day`),
  ...['Maan', 'Dins', 'Woens', 'Donder', 'Vrij', 'Zater', 'Zon'].map((d) => `${d}dag`),
  ...['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
  ...['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonnabend', 'Sonntag'],
]
  // Either case of its first letter, or all in capitals.
  .flatMap((d) => [`[${d[0]!.toUpperCase()}${d[0]!.toLowerCase()}]${d.slice(1)}`, d.toUpperCase()])
  .join('|');

/**
 * The day-first form of European papers: "AMSTERDAM, Donderdag 30 November.", "PARIS, 29 novembre. —",
 * "BERLIN, 3. Dezember." (a weekday may come first), closed by a dash or a full stop before a sentence
 * or the line's end, like the forms above.
 */
const DATELINE_DAY_FIRST = new RegExp(
  `^([A-Z][A-Z'.\\- ]{1,40}?(?:,\\s*[A-Z][A-Za-z'.\\- ]{1,30}?)?),\\s*(?:(?:${WEEKDAY}),?\\s+)?(\\d[\\dlIOo]?|[lI]\\d)\\.?\\s+(\\p{L}{3,10}\\.?)(?:\\s*[.:,]?\\s*(?:-{1,3}|—|–)\\s*|(?<=\\.)(?:\\s+(?=["“\\p{Lu}])|\\s*$))`,
  'u',
);

/**
 * The date set alone under a heading, as 19th-century papers date their markets and exchange rates:
 * "DONDERDAG 30 NOVEMBER.", "Samstag, 2. Dezember." The weekday is required, and the date must stand as
 * a line of its own or be closed by a full stop before a sentence, so a sentence that opens on a day
 * ("Donderdag 30 November werd …") is not taken for one.
 */
const DATE_ALONE = new RegExp(
  `^(?:${WEEKDAY}),?\\s+(\\d[\\dlIOo]?|[lI]\\d)\\.?\\s+(\\p{L}{3,10})(?:\\s+\\d{4})?\\.?(?:(?<=\\.)\\s+(?=["“\\p{Lu}])|\\s*$)`,
  'u',
);

/** A dateline's parts, whichever form it takes (a date set alone has no place). */
interface DatelineMatch {
  raw: string;
  place: string | null;
  month: string;
  day: string;
  agency: string | null;
}

function match(line: string): DatelineMatch | null {
  const m = DATELINE.exec(line) ?? DATELINE_TYPESET.exec(line) ?? DATELINE_STOP.exec(line);
  if (m) return { raw: m[0], place: m[1]!, month: m[2]!, day: m[3]!, agency: m[4] ?? null };
  const d = DATELINE_DAY_FIRST.exec(line);
  if (d) return { raw: d[0], place: d[1]!, month: d[3]!, day: d[2]!, agency: null };
  const a = DATE_ALONE.exec(line);
  return a ? { raw: a[0], place: null, month: a[2]!, day: a[1]!, agency: null } : null;
}

/** True when `a` becomes `b` by changing one letter. */
function oneLetterOff(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff++;
  return diff === 1;
}

/**
 * The month of a dateline's month name, read through one OCR slip ("Dee." for "Dec.", "Mareh" for
 * "March") when the first letter is right and only one month fits.
 */
function monthOf(name: string): number | null {
  const exact = monthFromName(name);
  if (exact) return exact;
  const key = name.toLowerCase().replace(/\.$/, '');
  const fits = MONTHS.flatMap((m, i) =>
    key[0] === m[0] && (oneLetterOff(key, m) || oneLetterOff(key, m.slice(0, key.length))) ? [i + 1] : [],
  );
  return fits.length === 1 ? fits[0]! : null;
}

/** A day read by OCR with l, I or O for 1 and 0. */
const dayOf = (text: string) => Number(text.replace(/[lI]/g, '1').replace(/[Oo]/g, '0'));

/** True when a line opens with a dateline. */
export function startsWithDateline(line: string): boolean {
  const m = match(line);
  return m !== null && monthOf(m.month) !== null;
}

/**
 * Splits a dateline off the start of a paragraph; the filed date is placed in the year of `editionDate`.
 * An agency code one letter away from one of `agencies` is read as that code (`correctAgency`); pass
 * `knownAgencies(masthead text)` to add the bulletin's own to the built-in ones. `raw` keeps what was read.
 */
export function parseDateline(
  paragraph: string,
  editionDate: string | null,
  agencies: readonly string[] = BUILT_IN_AGENCIES,
): { dateline: Dateline; rest: string } | null {
  const m = match(paragraph);
  if (!m) return null;
  const month = monthOf(m.month);
  if (!month) return null;
  const day = dayOf(m.day);
  let date: string | null = null;
  if (editionDate) {
    const year = Number(editionDate.slice(0, 4));
    date = isoDate(year, month, day);
    // A December dispatch in a January bulletin was filed the year before.
    if (date && date > addDays(editionDate, 31)) date = isoDate(year - 1, month, day);
  }
  return {
    dateline: {
      raw: m.raw.trim(),
      place: m.place?.trim() ?? null,
      date,
      agency: m.agency ? correctAgency(m.agency, agencies) : null,
    },
    rest: paragraph.slice(m.raw.length),
  };
}
