/**
 * Reads a METS/ALTO issue as Europeana Newspapers, the BnF, the BL or the Luxembourg and Swiss libraries
 * deliver it: MODS for the date, title and language; a file section with an ALTO file per page (and page or
 * issue PDFs when there are any); a physical structure map giving the page order; and, when the library
 * segmented the issue, a logical structure map whose ARTICLE divisions point at ALTO blocks
 * (`fptr > area FILEID= BEGIN= [END=]`, also inside `seq`/`par`). Heading divisions (TYPE HEADING, TITLE or
 * HEADLINE) give an article's headline; its other areas give its text.
 */
import { dirname } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { attr, child, children, parseXml, textOf, type XmlNode } from '../ndnp/safe-xml.js';
import type { BlockArticle, BlockRef, LibraryIssue, SourceFile } from './library-issue.js';
import { insideFolder, readSource } from './read-source.js';

const ARRAYS = new Set([
  'dmdSec',
  'fileGrp',
  'file',
  'structMap',
  'div',
  'fptr',
  'area',
  'seq',
  'par',
  'language',
  'languageTerm',
  'title',
  'titleInfo',
  'dateIssued',
  'relatedItem',
  'detail',
]);

interface MetsFile {
  id: string;
  use: string;
  mime: string;
  href: string;
}

const isAlto = (f: MetsFile) =>
  /alto/i.test(f.mime) ||
  /^(ocr|alto|text|fulltext)$/i.test(f.use) ||
  (/\.xml$/i.test(f.href) && /ocr|alto|text/i.test(f.use));
const isPdf = (f: MetsFile) => /pdf/i.test(f.mime) || /\.pdf$/i.test(f.href);
/** A page image a PDF can hold as it is (JPEG, PNG); TIFF and JPEG 2000 are not read. */
const imageType = (f: MetsFile): 'jpeg' | 'png' | null =>
  /jpe?g/i.test(f.mime) || /\.jpe?g$/i.test(f.href)
    ? 'jpeg'
    : /png/i.test(f.mime) || /\.png$/i.test(f.href)
      ? 'png'
      : null;

/** The areas an fptr holds: directly, or inside `seq` and `par` at any depth. */
function areasOf(fptr: XmlNode): XmlNode[] {
  const out = [...children(fptr, 'area')];
  for (const g of [...children(fptr, 'seq'), ...children(fptr, 'par')]) out.push(...areasOf(g));
  return out;
}

/** A date as MODS may give it: YYYY-MM-DD, or YYYYMMDD. */
function isoDate(s: string): string | null {
  const m = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(s.trim());
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Reads the issue the METS file `metsPath` describes, with every file it names. */
export async function readMetsIssue(metsPath: string): Promise<LibraryIssue> {
  const folder = dirname(metsPath);
  const metsFile = await readSource(metsPath, 'METS', 'the issue folder');
  const mets = parseXml(metsFile.bytes, metsPath, ARRAYS).mets as XmlNode | undefined;
  if (!mets) throw new ArchiveError('BAD_BATCH', `${metsPath} is not a METS file (its root is not <mets>).`);
  const mods = new Map<string, XmlNode>();
  for (const d of children(mets, 'dmdSec')) {
    const m = child(child(child(d, 'mdWrap'), 'xmlData'), 'mods');
    if (m) mods.set(attr(d, 'ID') ?? '', m);
  }
  const maps = children(mets, 'structMap');
  const logical = maps.find((m) => /logical/i.test(attr(m, 'TYPE') ?? ''));
  const physical =
    maps.find((m) => /physical/i.test(attr(m, 'TYPE') ?? '')) ?? maps.find((m) => m !== logical);
  const meta = issueMetadata(mets, mods, children(logical ?? physical, 'div')[0], metsPath);
  const files = fileTable(mets);
  const pageFiles = pagesOf(physical, files, metsPath);
  const read = (f: MetsFile, what: string) =>
    readSource(insideFolder(folder, folder, f.href, metsPath), what, metsPath);
  const pages: LibraryIssue['pages'] = [];
  for (const [i, p] of pageFiles.entries())
    pages.push({ kind: 'alto', file: await read(p.alto, `ALTO file of page ${i + 1}`) });

  // The PDF: one per page when every page has one; else an issue PDF no page names.
  let pdf: LibraryIssue['pdf'] = null;
  if (pageFiles.every((p) => p.pdf)) {
    const out: SourceFile[] = [];
    for (const [i, p] of pageFiles.entries()) out.push(await read(p.pdf!, `PDF of page ${i + 1}`));
    pdf = { kind: 'pages', files: out };
  } else {
    const named = new Set(pageFiles.map((p) => p.pdf?.id));
    const whole = [...files.values()].find((f) => isPdf(f) && !named.has(f.id));
    if (whole) pdf = { kind: 'issue', file: await read(whole, 'issue PDF') };
  }
  // Without a PDF, the page images make one.
  const images: LibraryIssue['images'] = [];
  if (!pdf)
    for (const [i, p] of pageFiles.entries())
      images.push(
        p.image ? { ...(await read(p.image, `image of page ${i + 1}`)), type: imageType(p.image)! } : null,
      );

  const pageOfFile = new Map(pageFiles.map((p, i) => [p.alto.id, i + 1]));
  const articles = logical ? logicalArticles(logical, mods, pageOfFile, new Set(files.keys()), metsPath) : [];
  return {
    format: 'mets',
    path: metsPath,
    ...meta,
    pages,
    pdf,
    images,
    articles: articles.length > 0 ? { kind: 'blocks', list: articles } : null,
    extra: [metsFile],
  };
}

/**
 * The issue's date, title, volume, number and languages from its MODS: the one the top structure division
 * names (`top`), else the first that has a date; the title from the MODS host, the issue's own, or the METS
 * LABEL without its date.
 */
function issueMetadata(
  mets: XmlNode,
  mods: Map<string, XmlNode>,
  top: XmlNode | undefined,
  metsPath: string,
): Pick<LibraryIssue, 'title' | 'date' | 'volume' | 'number' | 'languages'> {
  const issueMods =
    mods.get((attr(top, 'DMDID') ?? '').split(/\s+/)[0] ?? '') ??
    [...mods.values()].find((m) => textOf(child(child(m, 'originInfo'), 'dateIssued')));
  const originDate = children(child(issueMods, 'originInfo'), 'dateIssued');
  const date = isoDate(textOf(originDate.find((d) => attr(d, 'keyDate') === 'yes') ?? originDate[0]));
  if (!date)
    throw new ArchiveError(
      'BAD_BATCH',
      `${metsPath}: no issue date (MODS originInfo/dateIssued as YYYY-MM-DD). Fix the METS.`,
    );
  const host = children(issueMods, 'relatedItem').find((r) => attr(r, 'type') === 'host');
  const titleOf = (m: XmlNode | undefined) => textOf(child(children(m, 'titleInfo')[0], 'title'));
  const label = (attr(mets, 'LABEL') ?? '').replace(/[,\s]*\d{4}-\d{2}-\d{2}\s*$/, '').trim();
  const title = titleOf(host) || titleOf(issueMods) || label;
  if (!title)
    throw new ArchiveError(
      'BAD_BATCH',
      `${metsPath}: no title (MODS titleInfo or METS LABEL). Fix the METS.`,
    );
  const detail = (type: string) =>
    textOf(
      child(
        children(child(host ?? issueMods, 'part'), 'detail').find((d) => attr(d, 'type') === type),
        'number',
      ),
    ) || null;
  return {
    title,
    date,
    volume: detail('volume'),
    number: detail('issue'),
    languages: children(issueMods, 'language')
      .flatMap((l) => children(l, 'languageTerm').map(textOf))
      .filter(Boolean),
  };
}

/** Every file of the file section by its ID, nested groups included. */
function fileTable(mets: XmlNode): Map<string, MetsFile> {
  const files = new Map<string, MetsFile>();
  const visit = (g: XmlNode) => {
    for (const f of children(g, 'file')) {
      const id = attr(f, 'ID') ?? '';
      files.set(id, {
        id,
        // The file's USE, else its group's USE, else the group's ID (the BnF's groups are ID="ocr").
        use: attr(f, 'USE') ?? attr(g, 'USE') ?? attr(g, 'ID') ?? '',
        mime: attr(f, 'MIMETYPE') ?? '',
        href: attr(child(f, 'FLocat'), 'href') ?? '',
      });
    }
    for (const sub of children(g, 'fileGrp')) visit(sub);
  };
  for (const grp of children(child(mets, 'fileSec'), 'fileGrp')) visit(grp);
  return files;
}

/** The pages: the physical map's page divisions in order, each with its ALTO (and PDF, image); else every ALTO file. */
function pagesOf(
  physical: XmlNode | undefined,
  files: Map<string, MetsFile>,
  metsPath: string,
): { alto: MetsFile; pdf?: MetsFile; image?: MetsFile }[] {
  const pageDivs: XmlNode[] = [];
  const walk = (d: XmlNode) => {
    for (const c of children(d, 'div')) {
      if (/^page$/i.test(attr(c, 'TYPE') ?? '')) pageDivs.push(c);
      else walk(c);
    }
  };
  if (physical) walk(physical);
  const pages = pageDivs.length
    ? pageDivs.map((d, i) => {
        const used = children(d, 'fptr')
          .flatMap((p) => [attr(p, 'FILEID'), ...areasOf(p).map((a) => attr(a, 'FILEID'))])
          .map((id) => files.get(id ?? ''))
          .filter((f): f is MetsFile => f !== undefined);
        const alto = used.find(isAlto);
        if (!alto)
          throw new ArchiveError(
            'BAD_BATCH',
            `${metsPath}: page ${i + 1} (${attr(d, 'ID') ?? 'no ID'}) has no ALTO file among its fptrs. Fix the METS.`,
          );
        return { alto, pdf: used.find(isPdf), image: used.find((f) => imageType(f) !== null) };
      })
    : [...files.values()].filter(isAlto).map((alto) => ({ alto }));
  if (pages.length === 0)
    throw new ArchiveError('BAD_BATCH', `${metsPath} names no ALTO file; there is no text to load.`);
  return pages;
}

/** The ARTICLE divisions of a logical structure map, each with its heading and body block references. */
function logicalArticles(
  logical: XmlNode,
  mods: Map<string, XmlNode>,
  pageOfFile: Map<string, number>,
  fileIds: ReadonlySet<string>,
  metsPath: string,
): BlockArticle[] {
  const out: BlockArticle[] = [];
  const refs = (div: XmlNode, heading: boolean, art: BlockArticle) => {
    for (const fptr of children(div, 'fptr'))
      for (const area of areasOf(fptr)) {
        const fileId = attr(area, 'FILEID') ?? '';
        if (!fileIds.has(fileId))
          throw new ArchiveError(
            'BAD_BATCH',
            `${metsPath}: an area of article "${art.label || out.length + 1}" points at file "${fileId}", which the file section does not have. Fix the structure map.`,
          );
        // An area on a scan (COORDS on an image) says nothing of the text: the ALTO areas do.
        const page = pageOfFile.get(fileId);
        if (!page) continue;
        // No BEGIN: the whole page's text.
        const ref: BlockRef = { page, begin: attr(area, 'BEGIN') ?? '' };
        const begin = ref.begin;
        const end = attr(area, 'END');
        if (end && end !== begin) ref.end = end;
        (heading ? art.heading : art.body).push(ref);
      }
    for (const c of children(div, 'div'))
      refs(c, heading || /^(heading|title|headline)$/i.test(attr(c, 'TYPE') ?? ''), art);
  };
  const walk = (div: XmlNode) => {
    for (const c of children(div, 'div')) {
      if (/^article$/i.test(attr(c, 'TYPE') ?? '')) {
        const m = mods.get((attr(c, 'DMDID') ?? '').split(/\s+/)[0] ?? '');
        const art: BlockArticle = {
          label: attr(c, 'LABEL')?.trim() || textOf(child(children(m, 'titleInfo')[0], 'title')),
          heading: [],
          body: [],
        };
        refs(c, false, art);
        // An ARTICLE with no text on any page (an illustration, an area on the scan alone) is no article here.
        if (art.heading.length + art.body.length > 0) out.push(art);
      } else walk(c);
    }
  };
  walk(logical);
  return out;
}
