/** Sets articles on typed pages: wraps paragraphs (with occasional line-end hyphens) and flows them across pages. */
import type { EditionInfo, LayoutVariant, PrintedLine, Slot } from './layouts.js';
import type { ArticleContent } from './news.js';
import { mixSeed, Rng } from './random.js';

/** Chance that an eligible long word at a line end is split with a hyphen (about 1 line in 40 overall). */
const HYPHEN_CHANCE = 0.3;

const VOWEL = /[aeiouy]/;
const SUFFIX = /(?:tion|sion|ment|ness|ing|ance|ence|ity|ous|ful)$/;
const DIGRAPH = /^(?:ch|ck|ph|sh|th|wh|gh|ng|qu)$/;

/** A plausible break point before letters[k]: before a suffix, between two consonants, or after a vowel. */
function breakRank(letters: string, k: number): number {
  if (SUFFIX.test(letters) && SUFFIX.exec(letters)!.index === k) return 3;
  const [a, b, c] = [letters[k - 1]!, letters[k]!, letters[k + 1] ?? ''];
  const vowelA = VOWEL.test(a);
  if (!vowelA && !VOWEL.test(b) && !DIGRAPH.test(a + b) && VOWEL.test(letters[k - 2]!)) return 2;
  if (vowelA && !VOWEL.test(b) && VOWEL.test(c)) return 1;
  return 0;
}

/** Splits `word` so its first part plus a hyphen fits in `room` characters, or returns null. */
function hyphenate(rng: Rng, word: string, room: number): [string, string] | null {
  const m = /^([a-z]{7,})([.,;:]?)$/.exec(word);
  if (!m || room < 4 || !rng.chance(HYPHEN_CHANCE)) return null;
  const letters = m[1]!;
  let best = 0;
  let bestRank = 0;
  for (let k = 3; k <= Math.min(room - 1, letters.length - 3); k++) {
    const r = breakRank(letters, k);
    if (r > 0 && r >= bestRank) [best, bestRank] = [k, r];
  }
  return best ? [letters.slice(0, best), letters.slice(best) + m[2]!] : null;
}

/**
 * Wraps a paragraph to `width` characters, the first line `indent` shorter. Line-end hyphenation is
 * decided by `seed` so that wrapping the same paragraph again gives the same lines.
 */
export function wrap(text: string, width: number, indent: number, seed: number): string[] {
  const rng = new Rng(seed);
  const lines: string[] = [];
  let line = '';
  let cap = width - indent;
  for (const word of text.split(' ')) {
    if (line === '') line = word;
    else if (line.length + 1 + word.length <= cap) line += ` ${word}`;
    else {
      const split = hyphenate(rng, word, cap - line.length - 1);
      if (split) {
        lines.push(`${line} ${split[0]}-`);
        line = split[1];
      } else {
        lines.push(line);
        line = word;
      }
      cap = width;
    }
  }
  if (line) lines.push(line);
  // Body lines always hold a lower-case letter, so that none can pass for a headline ("UN." alone).
  for (let guard = 0; guard < 4 && lines.length > 1 && !/[a-z]/.test(lines.at(-1)!); guard++) {
    const prev = lines[lines.length - 2]!;
    const cut = prev.lastIndexOf(' ');
    if (cut <= 0 || prev.endsWith('-')) break;
    lines[lines.length - 2] = prev.slice(0, cut);
    lines[lines.length - 1] = `${prev.slice(cut + 1)} ${lines.at(-1)}`;
  }
  return lines;
}

/** Where an article landed. */
export interface PlacedArticle {
  firstPage: number;
  lastPage: number;
}

/** Pages as line slots, and the pages of each article. */
export interface Pagination {
  pages: Slot[][];
  articles: PlacedArticle[];
}

/** The body's line slots: the dateline prefix opens the first paragraph. */
function bodySlots(layout: LayoutVariant, a: ArticleContent, seed: number): Slot[] {
  const out: Slot[] = [];
  a.paragraphs.forEach((p, i) => {
    if (i > 0) for (let g = 0; g < layout.paraGap; g++) out.push(null);
    const text = i === 0 ? a.datelinePrefix + p : p;
    wrap(text, layout.width, layout.paraIndent, mixSeed(seed, i)).forEach((t, j) => {
      out.push({ text: t, align: 'left', indent: j === 0 ? layout.paraIndent : 0, role: 'body' });
    });
  });
  return out;
}

/** Kicker, headline, underline and byline slots. */
function headSlots(layout: LayoutVariant, a: ArticleContent): Slot[] {
  const out: Slot[] = [];
  if (a.kicker) out.push({ text: a.kicker, align: layout.headAlign, role: 'kicker' }, null);
  for (const h of a.headlineLines)
    out.push({ text: h, align: layout.headAlign, bold: layout.headBold, role: 'headline' });
  if (layout.underline) {
    const len = Math.max(...a.headlineLines.map((h) => h.length));
    out.push({ text: layout.underline.repeat(len), align: layout.headAlign, role: 'rule' });
  }
  if (a.byline) out.push({ text: a.byline, align: layout.bylineAlign, role: 'byline' });
  if (layout.blankAfterHead) out.push(null);
  return out;
}

interface Unit {
  slots: Slot[];
  /** A blank separator, left out at the top of a page or where it does not fit. */
  blank: boolean;
}

/**
 * Cuts an article into units that are never split across pages: the head with the first two body lines,
 * single body lines, and the last body line with the end mark.
 */
function units(layout: LayoutVariant, a: ArticleContent, seed: number): Unit[] {
  const body = bodySlots(layout, a, seed);
  const textAt = body.flatMap((s, i) => (s ? [i] : []));
  const headEnd = textAt[Math.min(1, textAt.length - 1)]!;
  const tailStart = textAt.at(-1)!;
  const end: Slot[] = [];
  if (layout.endMark) {
    for (let g = 0; g < layout.endMark.gap; g++) end.push(null);
    end.push({ text: layout.endMark.text, align: layout.endMark.align, role: 'end' });
  }
  const out: Unit[] = [{ slots: Array(layout.articleGap).fill(null), blank: true }];
  if (tailStart <= headEnd) {
    out.push({ slots: [...headSlots(layout, a), ...body, ...end], blank: false });
    return out;
  }
  out.push({ slots: [...headSlots(layout, a), ...body.slice(0, headEnd + 1)], blank: false });
  for (const s of body.slice(headEnd + 1, tailStart)) out.push({ slots: [s], blank: s === null });
  out.push({ slots: [...body.slice(tailStart), ...end], blank: false });
  return out;
}

/** Lays the articles out on pages; `seeds` fix each article's hyphenation. */
export function paginate(
  layout: LayoutVariant,
  ed: EditionInfo,
  articles: ArticleContent[],
  seeds: number[],
): Pagination {
  const pages: Slot[][] = [layout.masthead(ed)];
  const topOf: number[] = [pages[0]!.length];
  const placed: PlacedArticle[] = [];
  for (const [i, a] of articles.entries()) {
    let firstPage = 0;
    let lastPage = 0;
    for (const u of units(layout, a, seeds[i]!)) {
      let page = pages.at(-1)!;
      const atTop = page.length === topOf.at(-1);
      if (u.blank && (atTop || page.length + u.slots.length > layout.linesPerPage)) continue;
      if (page.length + u.slots.length > layout.linesPerPage) {
        const header: PrintedLine = { ...layout.pageHeader(pages.length + 1, ed), role: 'header' };
        page = [header, null];
        pages.push(page);
        topOf.push(page.length);
      }
      page.push(...u.slots);
      if (!u.blank) {
        firstPage ||= pages.length;
        lastPage = pages.length;
      }
    }
    placed.push({ firstPage, lastPage });
  }
  return { pages, articles: placed };
}
