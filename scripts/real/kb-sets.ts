/**
 * Real-layout evaluation sets from the KB (Koninklijke Bibliotheek, Delpher) newspaper issues in the impresso
 * samples: each issue's ALTO pages drawn into a PDF (alto-pdf.ts) and its articles' ground truth.
 *
 * How an issue's MPEG-21 DIDL (`didl.xml`) ties things together:
 * - the issue Item holds one Item per page (`…:p001`, in page order; its `alto` Component names the page's
 *   ALTO file in `dcx:filename`), then one Item per article (`…:a0001`, Descriptor "article N", in the
 *   issue's article order);
 * - an article Item's `ocr` Component names its `*_articletext.xml` (title and paragraphs, the truth text);
 *   its `metadata` gives `dc:subject` (artikel, advertentie, familiebericht) and `dc:title`;
 *   its `zoning` lists `dcx:article-part order= pageid=` with the ALTO TextBlocks on that page, so an
 *   article on two pages has two parts.
 * The page Items also hold per-page copies of the articles (`…:p001:a0001`, coordinates only); they are not
 * needed here.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attr, child, children, parseXml, textOf, type XmlNode } from '../../src/ingest/ndnp/safe-xml.js';
import { altoPagesToPdf, type DrawStats } from './alto-pdf.js';

/** The shared data folder beside the repository (`../shared/data/...`), wherever the checkout is. */
export const KB_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../shared/data/impresso/KB/newspaper',
);

export interface RealArticle {
  title: string;
  paragraphs: string[];
  /** 1-based pages of the set's PDF that the article is on, in the order of its parts. */
  pages: number[];
  /** The DIDL's dc:subject: 'artikel', 'advertentie' (advertisement), 'familiebericht' (family notice). */
  kind?: string;
}

export interface RealSet {
  name: string;
  library: string;
  language: string;
  /** ISO date of the issue. */
  date: string;
  pdf: Uint8Array;
  articles: RealArticle[];
}

const DIDL_ARRAYS = new Set(['Item', 'Component', 'Descriptor', 'Resource', 'article-part', 'TextBlock']);

/** The `role` statement of an Item or Component ("page 1", "article 3", "ocr", "alto", "metadata"…). */
function role(node: XmlNode): string {
  for (const d of children(node, 'Descriptor')) {
    const s = child(d, 'Statement');
    if (attr(s, 'type') === 'role') return textOf(s);
  }
  return '';
}

function component(item: XmlNode, name: string): XmlNode | undefined {
  return children(item, 'Component').find((c) => role(c) === name);
}

/** The Dublin Core record inside a metadata Component. */
function dcx(item: XmlNode): XmlNode | undefined {
  return child(child(component(item, 'metadata'), 'Resource'), 'dcx');
}

/** Folders holding a `didl.xml`, found under `root` (year/month/day/issue). */
async function issueFolders(root: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((e) => e.isFile() && e.name === 'didl.xml')) out.push(dir);
    if (depth > 5) return;
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory()) await walk(join(dir, e.name), depth + 1);
  };
  await walk(root, 0);
  return out;
}

async function readXml(path: string, arrays: ReadonlySet<string>): Promise<XmlNode> {
  return parseXml(await readFile(path), path, arrays);
}

/** Title and paragraphs of an `*_articletext.xml` (`<text><title/><p/>…</text>`). */
async function readArticleText(path: string): Promise<{ title: string; paragraphs: string[] }> {
  const doc = await readXml(path, new Set(['p', 'title']));
  const text = doc.text as XmlNode | undefined;
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  return {
    title: clean(children(text, 'title').map(textOf).join(' ')),
    paragraphs: children(text, 'p')
      .map((p) => clean(textOf(p)))
      .filter((p) => p !== ''),
  };
}

/** Reads one issue folder into a set (its PDF drawn from the ALTO pages). */
export async function loadKbIssue(dir: string, stats?: DrawStats): Promise<RealSet> {
  const didl = await readXml(join(dir, 'didl.xml'), DIDL_ARRAYS);
  const issue = children(didl.DIDL, 'Item')[0];
  if (!issue) throw new Error(`${dir}/didl.xml has no issue Item.`);
  const meta = dcx(issue);
  const items = children(issue, 'Item');
  const pageItems = items.filter((i) => /^page\b/.test(role(i)));
  const articleItems = items.filter((i) => /^article\b/.test(role(i)));
  const pageNumber = new Map<string, number>();
  const altoFiles: string[] = [];
  for (const p of pageItems) {
    const file = attr(child(component(p, 'alto'), 'Resource'), 'filename');
    if (!file) throw new Error(`${dir}/didl.xml: page ${attr(p, 'identifier')} names no ALTO file.`);
    altoFiles.push(file);
    pageNumber.set(attr(p, 'identifier') ?? '', altoFiles.length);
  }
  const altoXmls = await Promise.all(altoFiles.map((f) => readFile(join(dir, f), 'utf8')));
  const articles: RealArticle[] = [];
  for (const a of articleItems) {
    const file = attr(child(component(a, 'ocr'), 'Resource'), 'filename');
    if (!file) throw new Error(`${dir}/didl.xml: article ${attr(a, 'identifier')} names no article text.`);
    const { title, paragraphs } = await readArticleText(join(dir, file));
    const zoning = child(child(component(a, 'metadata/zoning'), 'Resource'), 'zoning');
    const parts = children(zoning, 'article-part').sort(
      (x, y) => Number(attr(x, 'order') ?? 0) - Number(attr(y, 'order') ?? 0),
    );
    const pages: number[] = [];
    for (const part of parts) {
      const n = pageNumber.get(attr(part, 'pageid') ?? '');
      if (n !== undefined && !pages.includes(n)) pages.push(n);
    }
    articles.push({ title, paragraphs, pages, kind: textOf(child(dcx(a), 'subject')) || undefined });
  }
  const paper = textOf(child(meta, 'title')) || 'KB newspaper';
  const date = textOf(child(meta, 'date'));
  return {
    name: `${paper} ${date}`,
    library: 'KB (Koninklijke Bibliotheek, Delpher)',
    // As the DIDL lists them: the 1813 issue (French rule) gives "fr" then "nl" for a Dutch text.
    language: children(meta, 'language').map(textOf).filter(Boolean).join(',') || 'nl',
    date,
    pdf: await altoPagesToPdf(altoXmls, stats),
    articles,
  };
}

/** One set per KB issue under `root`, by date; null when the folder is absent. */
export async function loadKbSets(root = KB_ROOT, stats?: DrawStats): Promise<RealSet[] | null> {
  if (!existsSync(root)) return null;
  const sets: RealSet[] = [];
  for (const dir of await issueFolders(root)) sets.push(await loadKbIssue(dir, stats));
  return sets.sort((a, b) => a.date.localeCompare(b.date));
}
