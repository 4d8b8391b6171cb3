/**
 * Reads an MPEG-21 DIDL issue as the KB (Delpher) delivers it: `didl.xml`, an ALTO file per page and an
 * `*_articletext.xml` per article.
 *
 * The issue Item holds a `metadata` Component (Dublin Core: title, date, issue number, languages), one Item
 * per page (role "page N"; its `alto` Component names the page's ALTO in `dcx:filename`) and one Item per
 * article (role "article N", in the issue's order): its `ocr` Component names the article's text (title and
 * paragraphs), its `metadata` gives `dc:title`, and its `metadata/zoning` lists the parts
 * (`dcx:article-part pageid=`), so an article on two pages has two parts. The page Items' own copies of the
 * articles (coordinates only) are not needed.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import type { ArticleKind } from '../../core/types.js';
import { attr, child, children, parseXml, textOf, type XmlNode } from '../ndnp/safe-xml.js';
import { xmlRootName } from './detect.js';
import type { LibraryIssue, TextArticle } from './library-issue.js';
import { insideFolder, readSource } from './read-source.js';

const DIDL_ARRAYS = new Set(['Item', 'Component', 'Descriptor', 'Resource', 'article-part', 'language']);

/** The `role` statement of an Item or Component ("page 1", "article 3", "ocr", "alto", "metadata"…). */
function role(node: XmlNode): string {
  for (const d of children(node, 'Descriptor')) {
    const s = child(d, 'Statement');
    if (attr(s, 'type') === 'role') return textOf(s);
  }
  return '';
}

const component = (item: XmlNode, name: string) => children(item, 'Component').find((c) => role(c) === name);

/** The Dublin Core record inside an Item's metadata Component. */
const dcx = (item: XmlNode) => child(child(component(item, 'metadata'), 'Resource'), 'dcx');

/** The file a Component's Resource names: `dcx:filename`, else a relative `ref`. */
function fileOf(c: XmlNode | undefined): string | undefined {
  const r = child(c, 'Resource');
  const ref = attr(r, 'ref');
  return attr(r, 'filename') ?? (ref && !/^[a-z]+:/i.test(ref) ? ref : undefined);
}

/** The DIDL inside a file: the document's root, or the record of a KB OAI-PMH GetRecord response. */
function didlRoot(bytes: Uint8Array, path: string): XmlNode | undefined {
  const doc = parseXml(bytes, path, DIDL_ARRAYS);
  const record = child(child(doc['OAI-PMH'], 'GetRecord'), 'record');
  return (doc.DIDL ?? child(child(record, 'metadata'), 'DIDL')) as XmlNode | undefined;
}

/** The kind a KB record's dc:subject names ("advertentie", "familiebericht"); nothing for an article. */
function kindOfSubject(subject: string): { kind?: ArticleKind } {
  if (/^advertentie/i.test(subject)) return { kind: 'advertisement' };
  if (/^familiebericht/i.test(subject)) return { kind: 'notices' };
  return {};
}

/** "ANP Nieuwsbericht - 25-03-1937 - 4" → "ANP Nieuwsbericht": a record's title without its date and number. */
const titleOnly = (t: string) => t.replace(/\s+-\s+\d{1,2}-\d{1,2}-\d{4}(\s+-\s+\d+)?\s*$/, '').trim();

/**
 * What a DIDL file says of itself, read from it alone: title, date, number and whether it is a record of one
 * page (an ANP bulletin: its ALTO on the issue Item). Null when it cannot be read; loading it reports why.
 */
export async function didlSummary(
  path: string,
): Promise<{ title: string; date: string; number: number; onePage: boolean } | null> {
  try {
    const issue = children(didlRoot(await readFile(path), path), 'Item')[0];
    const meta = issue && dcx(issue);
    if (!issue || !meta) return null;
    const pages = children(issue, 'Item').filter((i) => /^page\b/.test(role(i)));
    return {
      title: titleOnly(textOf(child(meta, 'title'))),
      date: textOf(child(meta, 'date')),
      number: Number(textOf(child(meta, 'volgnummer')) || textOf(child(meta, 'issuenumber'))) || 0,
      onePage: pages.length === 0 && component(issue, 'alto') !== undefined,
    };
  } catch {
    return null;
  }
}

/** Reads the issue `didlPath` describes, with every file it names (ALTO pages, article texts). */
export async function readDidlIssue(didlPath: string): Promise<LibraryIssue> {
  const folder = dirname(didlPath);
  const didl = await readSource(didlPath, 'DIDL', 'the issue folder');
  // A KB OAI-PMH GetRecord response (as the ANP bulletins come) holds the DIDL in its record's metadata.
  const issue = children(didlRoot(didl.bytes, didlPath), 'Item')[0];
  if (!issue)
    throw new ArchiveError('BAD_BATCH', `${didlPath} is not an MPEG-21 DIDL issue (no <DIDL><Item>).`);
  const meta = dcx(issue);
  const date = textOf(child(meta, 'date'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ArchiveError(
      'BAD_BATCH',
      `${didlPath}: the issue's dc:date is "${date}", not a date YYYY-MM-DD. Fix the DIDL.`,
    );
  // A record's title may carry its date and number ("ANP Nieuwsbericht - 25-03-1937 - 4"): the title is the rest.
  const title = titleOnly(textOf(child(meta, 'title')));
  if (!title) throw new ArchiveError('BAD_BATCH', `${didlPath}: the issue has no dc:title. Fix the DIDL.`);
  const items = children(issue, 'Item');
  const pageNumber = new Map<string, number>();
  const pages: LibraryIssue['pages'] = [];
  const images: NonNullable<LibraryIssue['images']> = [];
  let pageItems = items.filter((i) => /^page\b/.test(role(i)));
  // A record of one page (an ANP bulletin) has its ALTO and image on the issue Item itself.
  const single = pageItems.length === 0 && component(issue, 'alto') !== undefined;
  if (single) pageItems = [issue];
  for (const p of pageItems) {
    const href = fileOf(component(p, 'alto'));
    const id = attr(p, 'identifier') ?? `page ${pages.length + 1}`;
    if (!href)
      throw new ArchiveError('BAD_BATCH', `${didlPath}: page ${id} names no ALTO file. Fix the DIDL.`);
    const path = await namedOrSole(folder, href, didlPath, single ? 'alto' : null);
    pages.push({ kind: 'alto', file: await readSource(path, `ALTO file of page ${id}`, didlPath) });
    pageNumber.set(id, pages.length);
    // A JPEG or PNG scan of the page, when the record has one (KB newspapers name JPEG 2000 only).
    const scan = children(p, 'Component')
      .filter((c) => /^image\b/.test(role(c)))
      .find((c) => /image\/(jpeg|png)/.test(attr(child(c, 'Resource'), 'mimeType') ?? ''));
    const scanHref = fileOf(scan);
    if (scan && scanHref) {
      const type = /png/.test(attr(child(scan, 'Resource'), 'mimeType') ?? '') ? 'png' : 'jpeg';
      const at = await namedOrSole(folder, scanHref, didlPath, single ? type : null);
      images.push({ ...(await readSource(at, `image of page ${id}`, didlPath)), type });
    } else images.push(null);
  }
  if (pages.length === 0)
    throw new ArchiveError('BAD_BATCH', `${didlPath} lists no pages (Items with role "page N").`);
  const extra = [didl];
  const articles: TextArticle[] = [];
  for (const a of items.filter((i) => /^article\b/.test(role(i)))) {
    const id = attr(a, 'identifier') ?? `article ${articles.length + 1}`;
    const href = fileOf(component(a, 'ocr'));
    let text = { title: '', paragraphs: [] as string[] };
    if (href) {
      const file = await readSource(insideFolder(folder, folder, href, didlPath), `text of ${id}`, didlPath);
      extra.push(file);
      text = readArticleText(file.bytes, file.path);
    }
    const zoning = child(child(component(a, 'metadata/zoning'), 'Resource'), 'zoning');
    const parts = children(zoning, 'article-part').sort(
      (x, y) => Number(attr(x, 'order') ?? 0) - Number(attr(y, 'order') ?? 0),
    );
    const on: number[] = [];
    for (const part of parts) {
      const n = pageNumber.get(attr(part, 'pageid') ?? '');
      if (n === undefined)
        throw new ArchiveError(
          'BAD_BATCH',
          `${didlPath}: ${id} has a part on page "${attr(part, 'pageid')}", which the issue does not list. Fix the DIDL.`,
        );
      if (!on.includes(n)) on.push(n);
    }
    articles.push({
      // The article text's own title; the DIDL's dc:title where that is empty (it then has the first words).
      title: text.title || textOf(child(dcx(a), 'title')),
      paragraphs: text.paragraphs,
      pages: on,
      ...kindOfSubject(textOf(child(dcx(a), 'subject'))),
    });
  }
  return {
    format: 'didl',
    path: didlPath,
    title,
    date,
    volume: null,
    number: textOf(child(meta, 'issuenumber')) || textOf(child(meta, 'volgnummer')) || null,
    languages: children(meta, 'language').map(textOf).filter(Boolean),
    pages,
    // The issue PDF a DIDL names is only a resolver URL: the PDF is made from the page images, or drawn.
    pdf: null,
    images,
    articles: articles.length > 0 ? { kind: 'text', list: articles } : null,
    extra,
  };
}

/**
 * The file a record names, resolved in its folder. When a one-page record names a file the folder lacks (the
 * ANP's records spell their files' names with hyphens, the files have underscores), the folder's one file
 * of that kind stands for it: its one ALTO (by its root element) or its one JPEG or PNG.
 */
async function namedOrSole(
  folder: string,
  href: string,
  namedBy: string,
  kind: 'alto' | 'jpeg' | 'png' | null,
): Promise<string> {
  const path = insideFolder(folder, folder, href, namedBy);
  if (!kind || (await stat(path).catch(() => null))?.isFile()) return path;
  const found: string[] = [];
  for (const n of (await readdir(folder)).sort()) {
    const p = join(folder, n);
    if (
      kind === 'alto'
        ? /\.xml$/i.test(n) && (await xmlRootName(p)) === 'alto'
        : kind === 'png'
          ? /\.png$/i.test(n)
          : /\.jpe?g$/i.test(n)
    )
      found.push(p);
  }
  return found.length === 1 ? found[0]! : path;
}

/** Title and paragraphs of an `*_articletext.xml` (`<text><title/><p/>…</text>`), white space squashed. */
export function readArticleText(bytes: Uint8Array, path: string): { title: string; paragraphs: string[] } {
  const doc = parseXml(bytes, path, new Set(['p', 'title']));
  const text = doc.text as XmlNode | undefined;
  if (!text) throw new ArchiveError('BAD_BATCH', `${path} is not an article text (its root is not <text>).`);
  const clean = (s: string) => s.replace(/\s+/g, ' ').trim();
  return {
    title: clean(children(text, 'title').map(textOf).join(' ')),
    paragraphs: children(text, 'p')
      .map((p) => clean(textOf(p)))
      .filter((p) => p !== ''),
  };
}
