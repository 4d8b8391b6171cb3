/** Reads what a reader typed in the "go to date" box: a day, a month or a year, in the forms people write. */
import { findPrintedDate, isoDate, monthFromName } from '../core/dates.js';

export type AskedDate =
  | { kind: 'day'; date: string }
  | { kind: 'month'; year: number; month: number }
  | { kind: 'year'; year: number };

/**
 * "1944-09-19" (what a date input sends), "1944/9/19", "September 19, 1944", "19 Sept. 1944", "1944-09",
 * "September 1944", "1944". Null for anything else, a day that does not exist included ("1944-02-30").
 */
export function readAskedDate(typed: string): AskedDate | null {
  const s = typed.trim().replace(/\s+/g, ' ');
  const ymd = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (ymd) {
    const date = isoDate(Number(ymd[1]), Number(ymd[2]), Number(ymd[3]));
    return date ? { kind: 'day', date } : null;
  }
  const ym = /^(\d{4})[-/.](\d{1,2})$/.exec(s);
  if (ym) {
    const month = Number(ym[2]);
    return month >= 1 && month <= 12 ? { kind: 'month', year: Number(ym[1]), month } : null;
  }
  if (/^\d{4}$/.test(s)) return { kind: 'year', year: Number(s) };
  // Month names are matched in any case ("december 19, 1974"), as findPrintedDate expects them capitalised.
  const capitalised = s.replace(/\p{L}+/gu, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase());
  const printed = findPrintedDate(capitalised);
  if (printed) return { kind: 'day', date: printed };
  const my = /^(\p{L}{3,9})\.? (\d{4})$/u.exec(s);
  const month = my ? monthFromName(my[1]!) : null;
  if (my && month) return { kind: 'month', year: Number(my[2]), month };
  return null;
}
