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
import { dirname } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { attr, child, children, parseXml, textOf, type XmlNode } from '../ndnp/safe-xml.js';
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

/** Reads the issue `didlPath` describes, with every file it names (ALTO pages, article texts). */
export async function readDidlIssue(didlPath: string): Promise<LibraryIssue> {
  const folder = dirname(didlPath);
  const didl = await readSource(didlPath, 'DIDL', 'the issue folder');
  const root = parseXml(didl.bytes, didlPath, DIDL_ARRAYS).DIDL as XmlNode | undefined;
  const issue = children(root, 'Item')[0];
  if (!issue)
    throw new ArchiveError('BAD_BATCH', `${didlPath} is not an MPEG-21 DIDL issue (no <DIDL><Item>).`);
  const meta = dcx(issue);
  const date = textOf(child(meta, 'date'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ArchiveError(
      'BAD_BATCH',
      `${didlPath}: the issue's dc:date is "${date}", not a date YYYY-MM-DD. Fix the DIDL.`,
    );
  const title = textOf(child(meta, 'title'));
  if (!title) throw new ArchiveError('BAD_BATCH', `${didlPath}: the issue has no dc:title. Fix the DIDL.`);
  const items = children(issue, 'Item');
  const pageNumber = new Map<string, number>();
  const pages: LibraryIssue['pages'] = [];
  for (const p of items.filter((i) => /^page\b/.test(role(i)))) {
    const href = fileOf(component(p, 'alto'));
    const id = attr(p, 'identifier') ?? `page ${pages.length + 1}`;
    if (!href)
      throw new ArchiveError('BAD_BATCH', `${didlPath}: page ${id} names no ALTO file. Fix the DIDL.`);
    const path = insideFolder(folder, folder, href, didlPath);
    pages.push({ kind: 'alto', file: await readSource(path, `ALTO file of page ${id}`, didlPath) });
    pageNumber.set(id, pages.length);
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
    });
  }
  return {
    format: 'didl',
    path: didlPath,
    title,
    date,
    volume: null,
    number: textOf(child(meta, 'issuenumber')) || null,
    languages: children(meta, 'language').map(textOf).filter(Boolean),
    pages,
    // The snapshot a library delivers has no page images to join (the issue PDF is only a resolver URL).
    pdf: null,
    articles: articles.length > 0 ? { kind: 'text', list: articles } : null,
    extra,
  };
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
