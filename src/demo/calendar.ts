/** Calendar and numbering helpers for the demo bulletins (dates as printed, Roman volume numbers). */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** Month abbreviations as wire datelines print them. */
const DATELINE_MONTHS = [
  'Jan.',
  'Feb.',
  'March',
  'April',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
] as const;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

/** Year, month (1-12) and day of an ISO date. */
export function parts(iso: string): { y: number; m: number; d: number } {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}

/** ISO date of a UTC day number (days since 1970-01-01). */
export function isoOfDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** UTC day number (days since 1970-01-01) of an ISO date. */
export function dayOfIso(iso: string): number {
  const { y, m, d } = parts(iso);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(iso: string): number {
  return (((dayOfIso(iso) + 4) % 7) + 7) % 7;
}

/** "Thursday, December 19, 1974". */
export function longDate(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${WEEKDAYS[weekday(iso)]}, ${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "December 19, 1974". */
export function mediumDate(iso: string): string {
  const { y, m, d } = parts(iso);
  return `${MONTHS[m - 1]} ${d}, ${y}`;
}

/** "Dec. 18" as a dateline prints the filing day. */
export function datelineDay(iso: string): string {
  const { m, d } = parts(iso);
  return `${DATELINE_MONTHS[m - 1]} ${d}`;
}

/** The weekday name of an ISO date. */
export function weekdayName(iso: string): string {
  return WEEKDAYS[weekday(iso)]!;
}

/** Issue number within the year: the count of weekdays from January 1 up to and including the date. */
export function issueOfYear(iso: string): number {
  const { y } = parts(iso);
  const start = dayOfIso(`${y}-01-01`);
  let n = 0;
  for (let day = start; day <= dayOfIso(iso); day++) {
    const w = weekday(isoOfDay(day));
    if (w !== 0 && w !== 6) n++;
  }
  return n;
}

/** Roman numeral for 1..3999 ("XLI"). */
export function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'],
    [900, 'CM'],
    [500, 'D'],
    [400, 'CD'],
    [100, 'C'],
    [90, 'XC'],
    [50, 'L'],
    [40, 'XL'],
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  let rest = n;
  for (const [v, s] of table) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
}
