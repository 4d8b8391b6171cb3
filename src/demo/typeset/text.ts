/**
 * Sets body text for the typeset bulletins: breaks paragraphs into lines that fit a measured width (proportional
 * type), with occasional line-end hyphens, and says how much word spacing justifies each line. Pure functions
 * of a cursor, so that a part of an article can be set, undone and set again the same way.
 */
import { mixSeed } from '../random.js';

/** Width of a string at the body size, in points. */
export type Measure = (text: string) => number;

/** Where setting resumes: paragraph `p`, word `w`; `tail` is the rest of word `w` after a line-end hyphen. */
export interface Cursor {
  p: number;
  w: number;
  tail: string | null;
}

/** One set line. */
export interface SetLine {
  text: string;
  /** Width of the text with plain spaces. */
  natural: number;
  /** Number of spaces in `text` (word spacing is added to each when justified). */
  spaces: number;
  /** The paragraph's first line (indented). */
  startsParagraph: boolean;
  /** The paragraph's last line (never justified). */
  endsParagraph: boolean;
  /** Ends with a hyphen that splits a word. */
  hyphenated: boolean;
  next: Cursor;
}

export const START: Cursor = { p: 0, w: 0, tail: null };

/** Whether nothing is left to set from `c`. */
export function finished(paras: string[][], c: Cursor): boolean {
  return c.p >= paras.length;
}

/** Endings in front of which a word may be broken, best first. */
const SUFFIXES = [
  'tion',
  'sion',
  'ment',
  'ness',
  'ance',
  'ence',
  'ship',
  'able',
  'ible',
  'ing',
  'ity',
  'ous',
  'ful',
];
const VOWEL = /[aeiouy]/;
/** Consonant clusters a syllable may begin with. */
const ONSETS = new Set(
  'bl br ch cl cr dr fl fr gl gr ph pl pr sc sh sk sl sm sn sp st sw th tr tw wh str spr scr thr'.split(' '),
);
/** Letter pairs that are one sound and stay together. */
const PAIRS = new Set(['ch', 'ck', 'gh', 'ng', 'ph', 'qu', 'sh', 'th', 'wh']);

/** Break points of a lower-case word (index of the first letter after the break) with a rank, best first. */
function breakPoints(letters: string): number[] {
  const ranked: [number, number][] = [];
  for (let k = 3; k <= letters.length - 3; k++) {
    const [a, b] = [letters[k - 1]!, letters[k]!];
    let rank = 0;
    // The second part must begin as a word can (a vowel, one consonant, or a usual cluster).
    const rest = letters.slice(k);
    const onset = /^[^aeiouy]*/.exec(rest)![0];
    if (onset.length > 1 && !ONSETS.has(onset)) continue;
    // A silent "-ed", "-es" or "-e" is no syllable ("trained" is not "trai-ned").
    if (/^[^aeiouy]+e[ds]?$/.test(rest)) continue;
    // Before a suffix after a doubled letter the break falls between the two ("begin-ning").
    if (SUFFIXES.includes(letters.slice(k + 1)) && a === b) rank = 3;
    else if (SUFFIXES.includes(rest) && a !== letters[k - 2]) rank = 3;
    else if (!VOWEL.test(a) && !VOWEL.test(b) && !PAIRS.has(a + b) && VOWEL.test(letters[k - 2]!)) rank = 2;
    else if (VOWEL.test(a) && !VOWEL.test(b) && VOWEL.test(letters[k + 1] ?? '')) rank = 1;
    if (rank > 0) ranked.push([k, rank]);
  }
  return ranked.sort((x, y) => y[1] - x[1] || y[0] - x[0]).map(([k]) => k);
}

/**
 * Splits `word` so that its first part and a hyphen fit in `room` points, or returns null. Only plain
 * lower-case words of seven letters or more (with a trailing comma or stop) are broken.
 */
function hyphenate(word: string, room: number, measure: Measure): [string, string] | null {
  const m = /^([a-z]{7,})([.,;:]?)$/.exec(word);
  if (!m) return null;
  const letters = m[1]!;
  for (const k of breakPoints(letters)) {
    const head = `${letters.slice(0, k)}-`;
    if (measure(head) <= room) return [head, letters.slice(k) + m[2]!];
  }
  return null;
}

export interface LineOptions {
  /** Indent of a paragraph's first line, in points. */
  indent: number;
  /** Whether the line may end in a hyphen. */
  hyphens: boolean;
  /** Seeds the hyphenation choices (with the cursor), so that the same part is set the same way again. */
  seed: number;
}

/** Sets the next line of at most `width` points from `c` (a word wider than the line is set alone). */
export function nextLine(
  paras: string[][],
  c: Cursor,
  width: number,
  measure: Measure,
  o: LineOptions,
): SetLine {
  const words = paras[c.p]!;
  const startsParagraph = c.w === 0 && c.tail === null;
  const avail = width - (startsParagraph ? o.indent : 0);
  const space = measure(' ');
  const parts = [c.tail ?? words[c.w]!];
  let natural = measure(parts[0]!);
  let i = c.w + 1;
  for (; i < words.length; i++) {
    const w = measure(words[i]!);
    if (natural + space + w <= avail) {
      parts.push(words[i]!);
      natural += space + w;
      continue;
    }
    // A loose line is sometimes saved by breaking the next word (a seeded choice per position).
    const room = avail - natural - space;
    const loose = room > avail * 0.08;
    const roll = mixSeed(o.seed, c.p, i) / 4294967296;
    if (o.hyphens && loose && roll < 0.7) {
      const split = hyphenate(words[i]!, room, measure);
      if (split) {
        parts.push(split[0]);
        natural += space + measure(split[0]);
        const text = parts.join(' ');
        const next = { p: c.p, w: i, tail: split[1] };
        return {
          text,
          natural,
          spaces: parts.length - 1,
          startsParagraph,
          endsParagraph: false,
          hyphenated: true,
          next,
        };
      }
    }
    break;
  }
  const endsParagraph = i >= words.length;
  const next: Cursor = endsParagraph ? { p: c.p + 1, w: 0, tail: null } : { p: c.p, w: i, tail: null };
  return {
    text: parts.join(' '),
    natural,
    spaces: parts.length - 1,
    startsParagraph,
    endsParagraph,
    hyphenated: false,
    next,
  };
}

/** How many lines the text from `c` to the end takes at `width` (for planning; no hyphens). */
export function linesLeft(
  paras: string[][],
  c: Cursor,
  width: number,
  measure: Measure,
  indent: number,
): number {
  let n = 0;
  let cur = c;
  while (!finished(paras, cur)) {
    cur = nextLine(paras, cur, width, measure, { indent, hyphens: false, seed: 0 }).next;
    n++;
  }
  return n;
}

/** Greedy lines of at most `width` points (headlines, decks): words are never broken. */
export function breakWords(text: string, width: number, measure: Measure): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const tryLine = line ? `${line} ${word}` : word;
    if (line && measure(tryLine) > width) {
      lines.push(line);
      line = word;
    } else line = tryLine;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Headline lines of at most `width` points, balanced: the greedy line count, with the break points moved so
 * that the longest line is as short as it can be (a headline set "flush" in the middle of its column).
 */
export function balancedLines(text: string, width: number, measure: Measure): string[] {
  const greedy = breakWords(text, width, measure);
  if (greedy.length < 2) return greedy;
  const words = text.split(' ');
  let best = greedy;
  let bestMax = Math.max(...greedy.map(measure));
  let lo = 0;
  let hi = bestMax;
  // Binary search on the widest line allowed.
  for (let step = 0; step < 14; step++) {
    const mid = (lo + hi) / 2;
    const lines = breakWords(words.join(' '), mid, measure);
    if (lines.length <= greedy.length && lines.every((l) => measure(l) <= Math.max(mid, width))) {
      const max = Math.max(...lines.map(measure));
      if (max <= bestMax) [best, bestMax] = [lines, max];
      hi = mid;
    } else lo = mid;
  }
  return best;
}
