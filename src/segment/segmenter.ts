/**
 * Splits a bulletin's pages into articles: masthead and page headers dropped, heading blocks (kicker,
 * headline over one to three lines, byline) found at article starts, bodies joined across lines and pages.
 *
 * (headings.ts reads the heading blocks; pieces.ts takes the drafted pieces.)
 */
import type { ArticleDraft, ReferenceDraft, SourcePage } from '../core/types.js';
import { analysePage, type PageLayout } from '../layout/page-layout.js';
import { readingCase } from '../text/reading-case.js';
import { markAdvertisements } from './advertisements.js';
import { correctAgency, knownAgencies } from './agencies.js';
import { joinContinuations } from './continued.js';
import { parseDateline } from './dateline.js';
import { atBoundary, HEADLINE_TYPE, type Heading, isDeck, namesAHeadline, readHeading } from './headings.js';
import { isCaps, type StreamLine, toStream } from './layout.js';
import { type Masthead, pageHeaderLines, readMasthead } from './masthead.js';
import { groupFamilyNotices } from './notices.js';
import { numberedEntryStarts, oneKindPerRun } from './numbered.js';
import { absorbScraps, foldEmptyHeads, regionsOf } from './pieces.js';
import { findReferences, resolveReferences } from './references.js';
import {
  isFolioPart,
  mastheadBandLines,
  mastheadFolioLines,
  runningHeadLines,
  supplementMastheadLines,
} from './top-band.js';

export interface Segmentation {
  masthead: Masthead;
  articles: ArticleDraft[];
  /** Each page's layout analysis (its upright lines), in page order. */
  layouts: PageLayout[];
}

/** Joins body lines into paragraphs, undoing line-end hyphenation. */
export function toParagraphs(lines: StreamLine[]): string[] {
  const paras: string[] = [];
  let cur = '';
  const width = Math.max(40, ...lines.map((l) => l.chars));
  let prev: StreamLine | null = null;
  for (const l of lines) {
    if (l.kind === 'end' || l.kind === 'rule') {
      prev = l;
      continue;
    }
    const indented = prev !== null && l.indent >= 3 && l.indent > prev.indent && !l.centred;
    const shortEnd = prev !== null && prev.chars < width * 0.6 && /[.!?"”')]$/.test(prev.text);
    const sameOrNextPage = prev !== null && (l.gap > 0 || prev.kind === 'end');
    const text = l.text.trim();
    // A word divided at the line's end goes on in the next line (or the next column or page), whatever
    // space stands between them: a paragraph never ends in a divided word. The hyphen may stand apart
    // from the word ("Javaan -", as ALTO keeps it and some text layers draw it).
    const divided = /\p{L} ?-$/u.test(cur) && /^\p{Ll}/u.test(text);
    if (cur && !divided && (sameOrNextPage || indented || shortEnd)) {
      paras.push(cur);
      cur = '';
    }
    if (!cur) cur = text;
    else if (divided) cur = cur.replace(/ ?-$/, '') + text;
    else if (/-$/.test(cur) && !/\s-$/.test(cur)) cur += text;
    else cur += ` ${text}`;
    prev = l;
  }
  if (cur) paras.push(cur);
  return paras;
}

function draft(ordinal: number, h: Heading | null, lines: StreamLine[], date: string | null): ArticleDraft {
  // A credit line in the text (under the dateline, as typeset bulletins set it) is the story's credit.
  const credits = lines.filter((l) => l.kind === 'credit');
  const body = lines.filter((l) => l.kind !== 'credit');
  const paragraphs = toParagraphs(body);
  let dateline = null;
  // The dateline opens the text, or the paragraph after a deck or two the heading did not take (a
  // line or two of title-case words with no full stop: "Agricultural Colonisation Fund Announced …").
  for (let k = 0; k < Math.min(3, paragraphs.length); k++) {
    const parsed = parseDateline(paragraphs[k]!, date);
    if (parsed) {
      dateline = parsed.dateline;
      paragraphs[k] = parsed.rest.trim();
      // A dateline set on a line of its own ("WASHINGTON, Aug. 16.") leaves no paragraph behind.
      if (paragraphs[k] === '') paragraphs.splice(k, 1);
      break;
    }
    if (!isDeck(paragraphs[k]!)) break;
  }
  // Decks are the story's first words after its headline, kept in its text (not in the headline).
  if (h && h.decks.length > 0) paragraphs.unshift(h.decks.join(' '));
  const text = paragraphs.join('\n\n');
  const printed = h?.headline ?? '';
  const pages = lines.map((l) => l.page);
  return {
    ordinal,
    headlinePrinted: printed,
    headline: printed ? readingCase(printed) : `${text.split(/\s+/).slice(0, 8).join(' ')}…`,
    kicker: h?.kicker ? readingCase(h.kicker) : null,
    byline: h?.byline ?? null,
    credit: h?.credit ?? credits[0]?.text.trim() ?? null,
    dateline,
    body: text,
    firstPage: Math.min(...pages),
    lastPage: Math.max(...pages),
    references: findReferences(text),
  };
}

/**
 * A page on which no heading is found is not read as more of a story that began two or more pages
 * before (a whole issue does not become one "article"): it starts a unit of its own, without a headline,
 * labelled by its first words. A story may still run on from the page before, as bulletins' stories do.
 */
function pageUnits(lines: StreamLine[], headings: Heading[]): void {
  const starts = new Set(headings.map((h) => lines[h.start]?.page));
  // Before any heading the text is the bulletin's lead, which starts on page 1.
  let lastStartPage = 1;
  let lastWasUnit = headings.length === 0;
  let k = 0;
  for (let i = 0; i < lines.length; i++) {
    while (k < headings.length && headings[k]!.start <= i) {
      lastStartPage = lines[headings[k++]!.start]!.page;
      lastWasUnit = false;
    }
    const l = lines[i]!;
    const pageTop = i > 0 && lines[i - 1]!.page !== l.page;
    if (!pageTop || starts.has(l.page) || (!lastWasUnit && l.page - lastStartPage < 2)) continue;
    // A sentence that runs over the page break is one story going on, however long it has run.
    if (!/[.!?:"”')\]]$/.test(lines[i - 1]!.text) || /^\p{Ll}/u.test(l.text)) continue;
    // A page of a stretch without headings is a unit of its own, labelled by its first words.
    const unit: Heading = {
      start: i,
      end: i,
      kicker: null,
      headline: '',
      byline: null,
      credit: null,
      decks: [],
    };
    headings.splice(k, 0, unit);
    k++;
    lastStartPage = l.page;
    lastWasUnit = true;
  }
}

/**
 * An advertiser's numbered entries ("1. On offre à vendre …", "2. …") opening a piece are each a notice of
 * their own (numbered.ts), under the section the piece's heading names: a heading each, labelled by its
 * first words, the section as its kicker.
 */
function numberedEntries(lines: StreamLine[], headings: Heading[]): void {
  const starts = numberedEntryStarts(lines, headings);
  for (const start of starts) {
    const k = headings.findIndex((h) => h.start > start);
    const at = k < 0 ? headings.length : k;
    const parent = headings[at - 1];
    if (parent) parent.numbered = true;
    headings.splice(at, 0, {
      start,
      end: start,
      // The section: the heading's headline, or the kicker an entry before it carries on.
      kicker: parent ? parent.headline || parent.kicker : null,
      headline: '',
      byline: null,
      credit: null,
      decks: [],
      numbered: true,
    });
  }
}

/** Segments a bulletin. `date` is the edition date when known (to date the datelines). */
/**
 * Segments a bulletin's or an issue's pages; `title`, when the delivery names the publication (a
 * library's METS), marks page 1's nameplate as masthead whatever its type.
 */
export function segment(
  source: SourcePage[],
  fallbackDate: string | null = null,
  title?: string,
): Segmentation {
  // Columns are read one after the other; a page with none keeps its lines as read. Lines set sideways
  // (the 1750 courant's advertisements up its margins) are laid out apart and read after every page's
  // upright text: between a story's last column on one page and its next on the following page they had
  // cut it in two, their garbled first lines taken for headings.
  const upright = source.map((p) =>
    p.lines.some((l) => l.sideways) ? { ...p, lines: p.lines.filter((l) => !l.sideways) } : p,
  );
  const layouts = upright.map(analysePage);
  const pages = layouts.map((l) => l.page);
  // Page 1's folio row split among its columns' blocks is masthead: it leaves the columns' lines.
  const folio = layouts[0] ? mastheadFolioLines(layouts[0], title) : [];
  if (folio.length > 0) pages[0] = { ...pages[0]!, lines: pages[0]!.lines.filter((l) => !folio.includes(l)) };
  const margins = source
    .filter((p) => p.lines.some((l) => l.sideways))
    .map((p) => analysePage({ ...p, lines: p.lines.filter((l) => l.sideways) }).page);
  const first = pages[0];
  let masthead = first
    ? readMasthead(first, title)
    : { lineCount: 0, date: null, volume: null, number: null, text: '' };
  // A page 1 read by columns: the band across the top (nameplate, folio line) is the masthead, no more
  // and no less (a credit line "By Cable to the Bulletin" under the first headline is not masthead).
  const band = layouts[0] ? mastheadBandLines(layouts[0], title) : 0;
  if (first && band > 0) {
    const m = readMasthead({ ...first, lines: [...first.lines.slice(0, band), ...folio] }, title);
    masthead = { ...m, date: m.date ?? masthead.date, lineCount: band };
  }
  const date = masthead.date ?? fallbackDate;
  const stream = toStream([...pages, ...margins], (p) => {
    if (p === first) return masthead.lineCount;
    const k = pages.indexOf(p);
    // A page of lines set sideways has no running head.
    if (k < 0) return 0;
    const layout = layouts[k];
    if (!layout) return pageHeaderLines(p);
    return Math.max(pageHeaderLines(p), runningHeadLines(layout, p.number), supplementMastheadLines(layout));
  });
  const lines = first ? stream.filter((l) => !isFolioPart(l, first)) : stream;
  // A line of a headline read unsurely between its sure lines ("PALESTINE / GOVERNMENT ISSUES / 484
  // IMMIGRATION" on a 410-px scan): capitals in headline type straight under headline capitals go on
  // with them.
  for (let i = 1; i < lines.length; i++) {
    const [l, prev] = [lines[i]!, lines[i - 1]!];
    if (
      l.garbledCaps &&
      prev.kind === 'caps' &&
      prev.size >= HEADLINE_TYPE &&
      l.size >= HEADLINE_TYPE &&
      l.gap <= 1 &&
      prev.page === l.page
    )
      l.kind = 'caps';
  }
  const headings: Heading[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A continued story's short heading on a later page, read unsurely on a small scan, still heads its
    // part when its words are, but for OCR slips, those of a headline found before.
    if (lines[i]!.garbledCaps && atBoundary(lines, i) && namesAHeadline(lines[i]!, headings, lines))
      lines[i]!.kind = 'caps';
    if (lines[i]!.kind !== 'caps' || !atBoundary(lines, i)) continue;
    const h = readHeading(lines, i);
    if (h && i > 0 && lines[i - 1]!.kind === 'credit') {
      h.start = i - 1;
      h.credit ??= lines[i - 1]!.text.trim();
    }
    if (h) {
      headings.push(h);
      i = h.end - 1;
    }
  }
  // In OCR, a mixed-case line in large type straight under a capitals headline is its deck misread as a
  // heading of its own (its size wobbled): it opens the headline's text instead of leaving it empty.
  for (let k = 0; k + 1 < headings.length; k++) {
    const [h, next] = [headings[k]!, headings[k + 1]!];
    if (h.end === next.start && lines[next.start]?.ocr && isCaps(h.headline) && !isCaps(next.headline))
      headings.splice(k + 1, 1);
  }
  // Under a headline in headline type, nineteenth-century papers stack decks down to the story: a line
  // or two in smaller type, a line of body-type capitals, an inverted pyramid of lines in the text's
  // type ending centred, then often the story's small head ("STILL CLINGING TO LIFE. / Beecher's
  // Struggle … / GRADUALLY GROWING WEAKER / He Remains … Hurry to His Bedside. / Beecher's Condition. /
  // NEW YORK, March 7.—"). Capitals in the text's type, or a small head, after no more than a few such
  // lines ending in a centred one, are the same story's, not a story of their own.
  for (let k = 0; k + 1 < headings.length; k++) {
    const [h, next] = [headings[k]!, headings[k + 1]!];
    const head = lines[next.start]!;
    const between = lines.slice(h.end, next.start);
    if (
      lines[h.start]!.large &&
      !head.runInHead &&
      (head.centredHead || (!head.large && head.page === lines[h.start]!.page)) &&
      head.gap >= 0 &&
      head.gap <= 4 &&
      between.length <= 10 &&
      (between.length === 0 || between.at(-1)!.centred) &&
      between.every((l) => l.gap >= 0 && l.gap <= 4 && l.kind !== 'dateline')
    ) {
      // Its lines, and the deck lines before it, open the headline's story: its text runs from h.end.
      headings.splice(k + 1, 1);
      k--;
    }
  }
  pageUnits(lines, headings);
  numberedEntries(lines, headings);
  const drafts: ArticleDraft[] = [];
  /** Each headed piece's heading line (its first), for what its type says (see absorbScraps). */
  const heads = new Map<ArticleDraft, StreamLine>();
  /** Numbered entries, which stand however short they are. */
  const entries = new Set<ArticleDraft>();
  /** Pieces headed by a paragraph's run-in head: no jump's continuation (continued.ts). */
  const runIn = new Set<ArticleDraft>();
  /** Each run of numbered entries, its section's piece first: one kind for all (numbered.ts). */
  const runs: ArticleDraft[][] = [];
  const firstStart = headings[0]?.start ?? lines.length;
  const lead = lines.slice(0, firstStart).filter((l) => l.kind === 'text' || l.kind === 'dateline');
  if (lead.some((l) => l.kind === 'dateline') || lead.length >= 3)
    drafts.push({ ...draft(0, null, lead, date), regions: regionsOf(lead) });
  headings.forEach((heading, k) => {
    const stop = headings[k + 1]?.start ?? lines.length;
    let h = heading;
    let body = lines.slice(h.end, stop);
    // In OCR, a heading whose decks run on to the next heading heads them as its text (on a small scan
    // a continued story's heading over the two lines of its text OCR made out, their size wobbling like
    // a deck's); left with no text, the heading and those lines were dropped.
    if (body.length === 0 && h.decks.length > 0 && lines[h.start]!.ocr) {
      body = lines.slice(h.start, h.end).filter((l) => h.decks.includes(l.text.trim()));
      h = { ...h, decks: [] };
    }
    if (body.length === 0) return;
    const a = draft(drafts.length, h, body, date);
    // The heading's own page counts: a headline at the foot of a page starts the article there.
    a.firstPage = Math.min(a.firstPage, lines[h.start]!.page);
    a.regions = regionsOf(lines.slice(h.start, stop));
    heads.set(a, lines[h.start]!);
    if (h.numbered) {
      entries.add(a);
      const last = runs.at(-1);
      if (last && h.headline === '' && last.at(-1) === drafts.at(-1)) last.push(a);
      else runs.push([a]);
    }
    if (lines.slice(h.start, h.end).some((l) => l.runInHead)) runIn.add(a);
    drafts.push(a);
  });
  // Scraps are told by their few words in a text layer; OCR of small type drops its garble, leaving a
  // real story's heading over few words, so a scan's pieces all stand.
  const ocr = lines.some((l) => l.ocr);
  // The pieces are numbered again by joinContinuations, after every piece folded or absorbed here.
  const headed = foldEmptyHeads(drafts);
  const { articles: joined } = joinContinuations(ocr ? headed : absorbScraps(headed, heads, entries), runIn);
  const articles = groupFamilyNotices(joined);
  markAdvertisements(articles);
  oneKindPerRun(runs, articles);
  // An agency code OCR misread ("WINS") is set right against the agencies the masthead names ("WJNS").
  const agencies = knownAgencies(masthead.text);
  for (const a of articles)
    if (a.dateline?.agency) a.dateline.agency = correctAgency(a.dateline.agency, agencies);
  const refs = new Map<number, ReferenceDraft[]>(articles.map((a) => [a.ordinal, a.references]));
  resolveReferences(
    articles.map((a) => ({
      ordinal: a.ordinal,
      headline: a.headlinePrinted,
      body: a.body,
      place: a.dateline?.place ?? null,
      firstPage: a.firstPage,
      lastPage: a.lastPage,
    })),
    (o) => refs.get(o) ?? [],
  );
  return { masthead, articles, layouts };
}
