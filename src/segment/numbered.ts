/**
 * Numbered entries: the notices an advertiser of the 1700s and 1800s sets one under another, each a
 * paragraph opened by its number ("1. On offre à vendre un tour de Lit …", "2. Deux paire de Guêtes …"),
 * under a section head ("VENTES", "CONDITIONS DEMANDÉES"). Each is a notice of its own, found and cited
 * apart, as a reader of the sheet takes them; read as one piece, a page of them is one long "article".
 *
 * A run of such paragraphs is taken only where it opens a piece (straight under its heading, or at the top
 * of a page) and where half its entries say where to ask, as notices do: a numbered list inside a story
 * ("1. That the committee …"), or a story that is one, stays the story's.
 */
import type { ArticleDraft } from '../core/types.js';
import { fold } from '../text/normalize.js';
import { hasAdvertisementCues } from './advertisements.js';
import type { StreamLine } from './layout.js';

/** A paragraph opened by its number: "1. On offre", "10, Un habit". */
const NUMBERED = /^(\d{1,3})\s?[.,]\s+\S/;
/**
 * A paragraph opened by a number the OCR misread, one or two marks and a full stop ("<j.", "o.", "W.",
 * "$."): taken only where the run's numbers say one stands.
 */
const MISREAD = /^(\S{1,2})[.,]\s+\p{Lu}/u;
/** Abbreviations that open a sentence and are no misread number ("M. le Capitaine", "St. Gallen"). */
const ABBREVIATION = /^(?:M|Mr|Me|Dr|St|Sr|No|Nr|Mm|Ms|Cf|Ch)$/;
/**
 * Where a notice sends its reader to ask (folded: lower case, no diacritics), in the archive's languages:
 * French "On s'adr. au Bureau", "s'adresser"; English "apply to", "inquire at"; Dutch "te bevragen",
 * "adres"; German "zu erfragen", "Näheres". Half a run's entries name one; a numbered list in a story
 * ("1. That the committee …") does not.
 */
const WHERE_TO_ASK =
  /\b(?:s'adr|s'adresser|adress|bureau|apply|inquire|enquire|address|bevragen|adres|erfragen|naheres|zu haben)/;

/** A run is taken when it holds this many entries. */
const MIN_ENTRIES = 3;
/** How many lines of a piece may stand above its run's first entry (the heading's own run-on). */
const LEAD_LINES = 1;

interface Opening {
  line: number;
  /** The number printed, or null when OCR misread it. */
  n: number | null;
}

/** True when line i opens a paragraph: indented further than the line above, or indented after white, a heading or a page top. */
function opensParagraph(lines: StreamLine[], i: number): boolean {
  const l = lines[i]!;
  if (l.kind !== 'text' && l.kind !== 'caps') return false;
  const prev = lines[i - 1];
  // At the top of a page or column, after white, or under a heading, an indent opens one.
  if (!prev || prev.page !== l.page || l.gap !== 0 || prev.kind !== 'text') return l.indent >= 1;
  return l.indent >= 1 && l.indent > prev.indent;
}

function openingAt(lines: StreamLine[], i: number): Opening | null {
  if (!opensParagraph(lines, i)) return null;
  const text = lines[i]!.text.trim();
  const clear = NUMBERED.exec(text);
  if (clear) return { line: i, n: Number(clear[1]) };
  const misread = MISREAD.exec(text);
  if (misread && !ABBREVIATION.test(misread[1]!) && !/^\p{Lu}\p{Ll}$/u.test(misread[1]!))
    return { line: i, n: null };
  return null;
}

/**
 * The lines at which numbered entries start, past the first of each run (which its piece already opens).
 * `pieces` are the stream's headings: where each starts and where its text begins (`end`).
 */
export function numberedEntryStarts(lines: StreamLine[], pieces: { start: number; end: number }[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < pieces.length; k++) {
    const { end } = pieces[k]!;
    const stop = pieces[k + 1]?.start ?? lines.length;
    const openings: Opening[] = [];
    for (let i = end; i < stop; i++) {
      const o = openingAt(lines, i);
      if (o) openings.push(o);
    }
    const first = openings[0];
    // The run opens the piece: its first entry stands at the piece's head.
    if (!first || first.line - end > LEAD_LINES) continue;
    for (const run of runs(openings)) {
      // Each entry's lines: from its number to the next entry's, the last to the piece's end.
      const texts = run.map((from, j) =>
        lines
          .slice(from, run[j + 1] ?? stop)
          .map((l) => l.text)
          .join(' '),
      );
      if (texts.filter((t) => WHERE_TO_ASK.test(fold(t))).length < texts.length / 2) continue;
      out.push(...run.slice(run[0] === first.line ? 1 : 0));
    }
  }
  return out.sort((a, b) => a - b);
}

/**
 * Runs of consecutive numbers among the openings (a new section starts again at 1), a misread number
 * standing in for the one expected: each run's entries' lines, the runs of fewer than MIN_ENTRIES dropped.
 */
function runs(openings: Opening[]): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  let expected = 0;
  let clear = 0;
  /** Misread numbers since the last run closed, in a row: they may be the first of the next. */
  let pending: number[] = [];
  const close = () => {
    if (run.length >= MIN_ENTRIES && clear >= 2) out.push(run);
    run = [];
    clear = 0;
  };
  openings.forEach((o, k) => {
    const next = openings[k + 1]?.n;
    if (run.length > 0) {
      // A number misread as a mark ("<j.") or as another figure ("5." between "2." and "4.") stands for
      // the one expected when the next opening goes on from it.
      const misread = o.n === null || (o.n !== expected && next === expected + 1);
      // The next number, or one or two further on (an entry whose number the OCR lost altogether).
      const fits = o.n !== null && o.n >= expected && o.n <= expected + 2;
      if (misread || fits) {
        run.push(o.line);
        if (misread) expected++;
        else {
          clear++;
          expected = o.n! + 1;
        }
        return;
      }
    }
    if (o.n === null) {
      pending.push(o.line);
      return;
    }
    close();
    // Misread numbers straight before a run's first are its first entries ("i." before "2.").
    const before = pending.slice(Math.max(0, pending.length - (o.n - 1)));
    run = [...before, o.line];
    pending = [];
    clear = 1;
    expected = o.n + 1;
  });
  close();
  return out;
}

/**
 * The entries of one run are one kind of thing, as the sheet's section sets them: advertisements all, or
 * none. A few entries whose words ask ("On offre à vendre …") would otherwise be marked advertisements
 * and their siblings not, so a reader filtering advertisements out would see 9 of a section's 12 sales.
 * The kind most of the run's entries have by their own words stands for all of them; a tie keeps them
 * notices.
 */
export function oneKindPerRun(runs: ArticleDraft[][], articles: ArticleDraft[]): void {
  const kept = new Set(articles);
  for (const run of runs) {
    const entries = run.filter((a) => kept.has(a) && (!a.kind || a.kind === 'advertisement'));
    // Counted by each entry's own words: an entry marked for standing between two others is not a vote.
    const ads = entries.filter(hasAdvertisementCues).length;
    for (const a of entries) {
      if (ads * 2 > entries.length) a.kind = 'advertisement';
      else delete a.kind;
    }
  }
}
