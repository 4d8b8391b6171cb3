/**
 * Article finding on real French and German pages, each scored against a page labelled by hand in
 * test/fixtures/{morges-gold,anno-gold,fal-gold} (labelled from the OCR drawn at its boxes, not from this
 * project's output). The labels hold no words of the pages: each item names lines of the page's OCR file
 * (the index of the `<line>` or `<TextLine>` element in document order, 0-based, optionally a word range
 * of it), and the words are read here from the shared data folder (../shared/data), which the licence
 * keeps out of the repository. The pages are read as the library ingest reads them (the ABBYY issue folder
 * or the ALTO pages through `editionFromIssue`), and scored with scripts/real/ndnp-gold.ts.
 *
 * `node --import tsx scripts/eval-labelled.ts [--verbose]`: the tables (and per gold item, found or missed and
 * the headline of the piece it opens). `--gold` prints the labels as words, without running the finder.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { ArticleDraft } from '../src/core/types.js';
import { readAbbyyIssue } from '../src/ingest/library/abbyy-issue.js';
import { readXmlFile } from '../src/ingest/library/detect.js';
import { editionFromIssue } from '../src/ingest/library/issue-edition.js';
import type { LibraryIssue } from '../src/ingest/library/library-issue.js';
import { decodeXmlText } from '../src/ingest/ndnp/safe-xml.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import {
  type Found,
  type GoldItem,
  type GoldPage,
  type GoldScore,
  goldTable,
  scoreGoldPage,
} from './real/ndnp-gold.js';

const here = dirname(fileURLToPath(import.meta.url));
export const DATA_ROOT = resolve(here, '../../shared/data');
const FIXTURES = resolve(here, '../test/fixtures');

/** A line of the page's OCR file: its index in document order, a word range of it, its box (pixels, for a human check). */
export interface LineRef {
  /** Another page of the same issue (its file stem), when the item ends there. */
  page?: string;
  line: number;
  /** Words [from, to) of the line; the whole line when absent. */
  words?: [number, number];
  box?: [number, number, number, number];
}

export interface LabelItem {
  kind: GoldItem['kind'];
  column: number;
  /** What the item is when the kind does not say (running head, continuation, cross-reference). */
  role?: string;
  /** The rubric the item is printed under ("Chronique locale"), not part of its headline. */
  section?: LineRef[];
  headline: LineRef[] | null;
  decks?: LineRef[][];
  dateline?: LineRef | null;
  first: LineRef | null;
  last: LineRef | null;
  continuationOf?: { page: string; item: number };
  note?: string;
}

export interface LabelPage {
  /** The page's OCR file, relative to the shared data folder. */
  source: string;
  page: number;
  columns: number;
  items: LabelItem[];
  note?: string;
}

interface LabelledSet {
  dir: string;
  title: string;
  format: 'abbyy' | 'alto';
  /** For ALTO pages, which carry no date: the issue's date as its title page prints it. */
  date?: string;
}

export const SETS: LabelledSet[] = [
  {
    dir: 'morges-gold',
    title: "French 1937: Feuille d'avis de Morges, 1937-01-30 (BCUL, ABBYY FineReader)",
    format: 'abbyy',
  },
  {
    dir: 'anno-gold',
    title: "1772 (French): L'Esprit des journaux, July 1772, ONB ANNO sample (ALTO v2)",
    format: 'alto',
    date: '1772-07-01',
  },
  {
    dir: 'fal-gold',
    title: "French 1762: Feuille d'Avis de Lausanne, 1762-12-07 (BCUL, ABBYY FineReader)",
    format: 'abbyy',
  },
];

/** A line of OCR: its words and the block it is in (index of the block in document order). */
interface OcrLine {
  words: string[];
  block: number;
}

const attrOf = (attrs: string, name: string) =>
  new RegExp(`\\s${name}\\s*=\\s*"([^"]*)"`).exec(attrs)?.[1] ??
  new RegExp(`\\s${name}\\s*=\\s*'([^']*)'`).exec(attrs)?.[1];

/**
 * The lines of an ABBYY page in document order: every `<line>`, whatever its block's type. Letters make a
 * word until a space (a blank `charParams`) or a letter FineReader marks as a word's first.
 */
export function abbyyLines(xml: string): OcrLine[] {
  const out: OcrLine[] = [];
  const tag = /<(block|line)\b([^>]*)>|<\/line>/g;
  let block = -1;
  let m: RegExpExecArray | null;
  let open = -1;
  for (;;) {
    m = tag.exec(xml);
    if (!m) break;
    if (m[1] === 'block') block++;
    else if (m[1] === 'line') open = tag.lastIndex;
    else if (open >= 0) {
      const body = xml.slice(open, m.index);
      const words: string[] = [];
      let cur = '';
      const ch = /<charParams\b([^>]*?)(?:\/>|>([^<]*)<\/charParams>)/g;
      for (const c of body.matchAll(ch)) {
        const text = decodeXmlText(c[2] ?? '');
        if (text.trim() === '') {
          if (cur) words.push(cur);
          cur = '';
          continue;
        }
        const a = c[1] ?? '';
        const starts = ['true', '1'].includes(attrOf(a, 'wordStart') ?? '') || attrOf(a, 'wordFirst') === '1';
        if (starts && cur) {
          words.push(cur);
          cur = '';
        }
        cur += text;
      }
      if (cur) words.push(cur);
      out.push({ words, block });
      open = -1;
    }
  }
  return out;
}

/** The lines of an ALTO page in document order: every `<TextLine>`, its words the `<String CONTENT>`s. */
export function altoLines(xml: string): OcrLine[] {
  const out: OcrLine[] = [];
  const tag = /<(?:\w+:)?(TextBlock|TextLine)\b([^>]*?)(\/?)>|<\/(?:\w+:)?TextLine>/g;
  let block = -1;
  let open = -1;
  for (const m of xml.matchAll(tag)) {
    if (m[1] === 'TextBlock') block++;
    else if (m[1] === 'TextLine') {
      if (m[3] === '/') out.push({ words: [], block });
      else open = m.index + m[0].length;
    } else if (open >= 0) {
      const body = xml.slice(open, m.index);
      const words = [...body.matchAll(/<(?:\w+:)?String\b([^>]*?)\/?>/g)]
        .map((s) => decodeXmlText(attrOf(s[1] ?? '', 'CONTENT') ?? ''))
        .filter((w) => w.trim() !== '');
      out.push({ words, block });
      open = -1;
    }
  }
  return out;
}

const linesCache = new Map<string, OcrLine[]>();

async function linesOf(path: string, format: 'abbyy' | 'alto'): Promise<OcrLine[]> {
  let lines = linesCache.get(path);
  if (!lines) {
    const xml = (await readXmlFile(path)).toString('utf8');
    lines = format === 'abbyy' ? abbyyLines(xml) : altoLines(xml);
    linesCache.set(path, lines);
  }
  return lines;
}

/** A page's words for a label: reads the referenced lines, joining words broken at a line's end. */
class PageText {
  constructor(
    readonly source: string,
    private readonly root: string,
    private readonly format: 'abbyy' | 'alto',
  ) {}

  private async lines(ref: LineRef): Promise<{ lines: OcrLine[]; file: string }> {
    let file = join(this.root, this.source);
    if (ref.page) {
      // Another page of the issue, named by its file's stem: kept plain or bzip2-compressed.
      file = join(this.root, dirname(this.source), `${ref.page}.xml`);
      if (!(await exists(file))) file = `${file}.bz2`;
    }
    return { lines: await linesOf(file, this.format), file };
  }

  private async line(ref: LineRef): Promise<{ all: OcrLine[]; words: string[]; block: number }> {
    const { lines, file } = await this.lines(ref);
    const l = lines[ref.line];
    if (!l) throw new Error(`${file} has no line ${ref.line} (it has ${lines.length}); fix the label.`);
    const words = ref.words ? l.words.slice(ref.words[0], ref.words[1]) : l.words;
    return { all: lines, words, block: l.block };
  }

  async text(refs: LineRef[] | null | undefined): Promise<string | null> {
    if (!refs || refs.length === 0) return null;
    const parts: string[][] = [];
    for (const r of refs) parts.push((await this.line(r)).words);
    return joinLines(parts);
  }

  /** The first `n` words from `first`, on through the lines after it in its block, not past `last`. */
  async firstWords(first: LineRef | null, last: LineRef | null, n = 10): Promise<string | null> {
    if (!first) return null;
    const { all, words, block } = await this.line(first);
    const parts = [words];
    const stop = last && !last.page && last.line >= first.line ? last.line : Number.POSITIVE_INFINITY;
    for (let i = first.line + 1; i <= stop && count(parts) < n + 2; i++) {
      const l = all[i];
      if (!l || l.block !== block) break;
      parts.push(i === last?.line && last.words && !last.page ? l.words.slice(0, last.words[1]) : l.words);
    }
    return joinLines(parts).split(' ').slice(0, n).join(' ');
  }

  /** The last `n` words up to `last`, back through the lines before it in its block, not before `first`. */
  async lastWords(first: LineRef | null, last: LineRef | null, n = 8): Promise<string | undefined> {
    if (!last) return undefined;
    const { all, words, block } = await this.line(last);
    const parts = [words];
    const sameFile = (first?.page ?? '') === (last.page ?? '');
    const stop = first && sameFile && first.line <= last.line ? first.line : -1;
    for (let i = last.line - 1; i >= stop && i >= 0 && count(parts) < n + 2; i--) {
      const l = all[i];
      if (!l || l.block !== block) break;
      parts.unshift(i === first?.line && first.words && sameFile ? l.words.slice(first.words[0]) : l.words);
    }
    return joinLines(parts).split(' ').slice(-n).join(' ');
  }
}

const count = (parts: string[][]) => parts.reduce((s, p) => s + p.length, 0);

/** Lines' words as one text, a word broken at a line's end (¬ or -) joined to its rest. */
function joinLines(parts: string[][]): string {
  const out: string[] = [];
  let carry = '';
  for (const words of parts) {
    const ws = [...words];
    if (carry && ws.length > 0) ws[0] = carry + ws[0];
    else if (carry) out.push(carry);
    carry = '';
    const lastWord = ws.at(-1);
    if (lastWord && /[\p{L}][¬-]$/u.test(lastWord)) {
      carry = lastWord.slice(0, -1);
      ws.pop();
    }
    out.push(...ws);
  }
  if (carry) out.push(carry);
  return out.join(' ');
}

/** A labelled page as the scorer's GoldPage: the words read from the data. */
export async function goldPage(
  label: LabelPage,
  root = DATA_ROOT,
  format: 'abbyy' | 'alto',
): Promise<GoldPage> {
  const t = new PageText(label.source, root, format);
  const articles: GoldItem[] = [];
  for (const it of label.items) {
    const decks: string[] = [];
    for (const d of it.decks ?? []) decks.push((await t.text(d)) ?? '');
    const g: GoldItem = {
      kind: it.kind,
      column: it.column,
      headline: await t.text(it.headline),
      firstWords: await t.firstWords(it.first, it.last),
      lastWords: await t.lastWords(it.first, it.last),
    };
    if (decks.length) g.decks = decks;
    if (it.dateline) g.dateline = await t.text([it.dateline]);
    articles.push(g);
  }
  return { source: label.source, columns: label.columns, articles };
}

export interface LabelledPageResult {
  name: string;
  label: LabelPage;
  gold: GoldPage;
  found: Found[];
  score: GoldScore;
}

const toFound = (a: ArticleDraft): Found => ({
  headline: a.headline,
  kicker: a.kicker,
  body: a.body,
  kind: a.kind,
});

/**
 * The issue an ALTO folder's labelled pages belong to: the folder's page files (named by number; a copy of
 * a page with a suffix, `00000174_2.xml`, is left out), in name order, as a METS naming them would give them.
 */
async function altoIssue(dir: string, date: string): Promise<LibraryIssue> {
  const names = (await readdir(dir))
    .filter((n) => /^\d+\.xml$/i.test(n))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const pages: LibraryIssue['pages'] = [];
  for (const n of names)
    pages.push({ kind: 'alto', file: { path: join(dir, n), bytes: await readFile(join(dir, n)) } });
  return {
    format: 'mets',
    path: dir,
    title: basename(dir),
    date,
    volume: null,
    number: null,
    languages: [],
    pages,
    pdf: null,
    articles: null,
    extra: [],
  };
}

/** Reads a set's labelled pages and finds the articles of their issues as the library ingest does. */
export async function evalSet(set: LabelledSet, root = DATA_ROOT): Promise<LabelledPageResult[]> {
  const dir = join(FIXTURES, set.dir);
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const labels: { name: string; label: LabelPage }[] = [];
  for (const n of names)
    labels.push({
      name: n.replace(/\.json$/, ''),
      label: JSON.parse(await readFile(join(dir, n), 'utf8')) as LabelPage,
    });
  // One issue per folder: its pages are read and segmented together, as an ingest does.
  const issues = new Map<string, { issue: LibraryIssue; articles: ArticleDraft[] }>();
  const out: LabelledPageResult[] = [];
  let pool: OcrPool | undefined;
  try {
    await readLabelled();
  } finally {
    await pool?.close();
  }
  return out;

  async function readLabelled(): Promise<void> {
    for (const { name, label } of labels) {
      const folder = join(root, dirname(label.source));
      let got = issues.get(folder);
      if (!got) {
        const issue =
          set.format === 'abbyy'
            ? await readAbbyyIssue(folder)
            : await altoIssue(folder, set.date ?? '1800-01-01');
        // As an ingest does: headlines our segmentation found read again from the scans the issue's PDF draws.
        pool ??= new OcrPool(1, ['eng']);
        const ocr = pool;
        const { input } = await editionFromIssue(issue, (pgm) => ocr.recognize(pgm));
        got = { issue, articles: input.articles };
        issues.set(folder, got);
      }
      const file = basename(label.source).replace(/\.bz2$/i, '');
      const index = got.issue.pages.findIndex((p) => basename(p.file.path).replace(/\.bz2$/i, '') === file);
      if (index < 0) throw new Error(`${label.source} is not a page of the issue read from ${folder}.`);
      const found = got.articles.filter((a) => a.firstPage === index + 1).map(toFound);
      const gold = await goldPage(label, root, set.format);
      out.push({ name, label, gold, found, score: scoreGoldPage(gold, found) });
    }
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** One set's table as markdown, or why it was skipped. */
async function setTable(
  set: LabelledSet,
  root: string,
): Promise<{ text: string; results: LabelledPageResult[] }> {
  const dir = join(FIXTURES, set.dir);
  if (!(await exists(dir)) || !(await readdir(dir)).some((n) => n.endsWith('.json')))
    return { text: `**SET SKIPPED: ${dir} has no labelled pages yet (${set.title}).**\n`, results: [] };
  const sources = new Set<string>();
  for (const n of (await readdir(dir)).filter((x) => x.endsWith('.json')))
    sources.add((JSON.parse(await readFile(join(dir, n), 'utf8')) as LabelPage).source);
  for (const s of sources)
    if (!(await exists(join(root, s))))
      return {
        text: `**SET SKIPPED: ${join(root, s)} absent (read from ../shared/data beside the repository), so no figures for ${set.title} were measured.**\n`,
        results: [],
      };
  const results = await evalSet(set, root);
  const text = goldTable(
    `## ${set.title} (${results.length} pages, hand-labelled, test/fixtures/${set.dir})`,
    results.map((r) => ({ name: `${r.name} (p. ${r.label.page})`, score: r.score })),
  );
  return { text, results };
}

/** The tables of every labelled set as markdown; a set whose data is absent says so loudly. */
export async function evaluateLabelled(root = DATA_ROOT): Promise<string> {
  const parts: string[] = [];
  for (const set of SETS) parts.push((await setTable(set, root)).text);
  return parts.join('\n');
}

function verbose(results: LabelledPageResult[]): string {
  const out: string[] = [];
  const cut = (s: string | null | undefined, n: number) => (s ?? '').replace(/\s+/g, ' ').slice(0, n);
  for (const r of results) {
    out.push(`\n### ${r.name} (p. ${r.label.page})`);
    const scored = r.gold.articles.filter((a) => a.kind === 'article' || a.kind === 'notice');
    scored.forEach((g, k) => {
      const i = r.score.matchOf[k]!;
      const piece = i >= 0 ? r.found.filter((f) => f.kind !== 'advertisement')[i] : undefined;
      out.push(
        `${i >= 0 ? `  found ${String(i).padStart(3)}` : '  MISSED   '} [${g.kind} c${g.column ?? '?'}] ${cut(g.headline ?? '(no headline)', 45)} | ${cut(g.firstWords, 40)}${piece ? `  => piece headline: ${cut(piece.headline, 45) || '(none)'}` : ''}`,
      );
    });
    // Numbered as the scorer numbers them: advertisements apart, the other pieces in order.
    out.push('  found pieces (advertisements are not scored and not numbered):');
    let n = 0;
    for (const f of r.found) {
      const no = f.kind === 'advertisement' ? ' ad' : String(n++).padStart(3);
      out.push(`    ${no} [${f.kind ?? 'article'}] ${cut(f.headline, 55)} | ${cut(f.body, 50)}`);
    }
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { verbose: { type: 'boolean', default: false }, gold: { type: 'boolean', default: false } },
  });
  if (values.gold) {
    // The labels as words, without running the article finder: for checking a label by eye.
    for (const set of SETS) {
      const dir = join(FIXTURES, set.dir);
      if (!(await exists(dir))) continue;
      for (const n of (await readdir(dir)).filter((x) => x.endsWith('.json')).sort()) {
        const label = JSON.parse(await readFile(join(dir, n), 'utf8')) as LabelPage;
        if (!(await exists(join(DATA_ROOT, label.source)))) {
          console.log(`SET SKIPPED: ${join(DATA_ROOT, label.source)} absent`);
          continue;
        }
        console.log(`\n### ${set.dir}/${n}`);
        for (const [k, g] of (await goldPage(label, DATA_ROOT, set.format)).articles.entries())
          console.log(
            `${String(k).padStart(3)} [${g.kind} c${g.column}] ${g.headline ?? '(none)'}${g.decks ? ` // ${g.decks.join(' // ')}` : ''}\n      first: ${g.firstWords ?? '-'}\n      last:  ${g.lastWords ?? '-'}`,
          );
      }
    }
    return;
  }
  for (const set of SETS) {
    const { text, results } = await setTable(set, DATA_ROOT);
    console.log(text);
    if (values.verbose && results.length) console.log(verbose(results));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
