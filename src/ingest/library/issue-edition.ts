/**
 * Turns a library issue, as any format reader gives it, into an edition to store: its PDF (the issue's own,
 * the page PDFs joined, or one drawn from the OCR), page words scaled onto that PDF, and the articles (the
 * source's own where it has them, else found by our own segmentation).
 */
import { createHash } from 'node:crypto';
import { PDFDocument } from 'pdf-lib';
import type { Page } from 'tesseract.js';
import { ArchiveError } from '../../core/errors.js';
import type { ArticleDraft, SourceLine } from '../../core/types.js';
import { bodyOf, newspaperArticles, toSourcePage } from '../../segment/newspaper-articles.js';
import type { EditionInput } from '../../store/ports.js';
import { readingCase } from '../../text/reading-case.js';
import { rereadOrNotice } from '../headline-reread.js';
import { type AltoBlock, type AltoPage, readAlto } from '../ndnp/alto-reader.js';
import { loadPagePdf } from '../ndnp/ndnp-ingest.js';
import { readAbbyy } from './abbyy-reader.js';
import { type AltoPageWords, drawnPageSize, readAltoWords, wordPagesToPdf } from './alto-pdf.js';
import { type ImageSize, imageSize } from './image-size.js';
import type { BlockArticle, BlockRef, LibraryIssue, PageOcr, SourceFile } from './library-issue.js';

type Size = { width: number; height: number };

/** A page's OCR read once: the words to draw, and the blocks for a page of any size. */
interface ReadPage {
  drawn: AltoPageWords;
  toPage: (target: Size) => AltoPage;
}

function readPage(p: PageOcr, abbyy: Map<SourceFile, ReadPage[]>): ReadPage {
  if (p.kind === 'abbyy') {
    // A document holding several pages is read once for all of them.
    let pages = abbyy.get(p.file);
    if (!pages) {
      pages = readAbbyy(p.file.bytes, p.file.path);
      abbyy.set(p.file, pages);
    }
    const page = pages[p.index ?? 0];
    if (!page)
      throw new ArchiveError(
        'BAD_BATCH',
        `${p.file.path} has no page ${(p.index ?? 0) + 1}. Check the delivery's OCR files.`,
      );
    return page;
  }
  return {
    drawn: readAltoWords(p.file.bytes, p.file.path),
    toPage: (target) => readAlto(p.file.bytes, p.file.path, target),
  };
}

/** The sha256 over every file of the issue, in a fixed order: the same files give the same hash. */
export function issueHash(issue: LibraryIssue): string {
  const h = createHash('sha256').update(`library-${issue.format}\n`);
  for (const f of issue.extra) h.update(f.bytes);
  for (const f of new Set(issue.pages.map((p) => p.file))) h.update(f.bytes);
  const files =
    issue.pdf?.kind === 'issue'
      ? [issue.pdf.file]
      : issue.pdf?.kind === 'pages'
        ? issue.pdf.files
        : (issue.images ?? []).filter((f) => f !== null);
  for (const f of files) h.update(f.bytes);
  return h.digest('hex');
}

/** The issue's PDF bytes and the size of each of its pages (points), for the page OCR to be scaled onto. */
async function issuePdf(
  issue: LibraryIssue,
  read: ReadPage[],
): Promise<{ bytes: Uint8Array; sizes: Size[] }> {
  const sizeOf = (doc: PDFDocument, i: number): Size => {
    const page = doc.getPage(i);
    const { width, height } = page.getSize();
    return page.getRotation().angle % 180 !== 0 ? { width: height, height: width } : { width, height };
  };
  if (issue.pdf?.kind === 'issue') {
    const { path, bytes } = issue.pdf.file;
    const doc = await loadPagePdf(bytes, path);
    if (doc.getPageCount() !== issue.pages.length)
      throw new ArchiveError(
        'BAD_BATCH',
        `${path} has ${doc.getPageCount()} pages but the issue has OCR for ${issue.pages.length}; a page's OCR is missing or the PDF is another issue's. Deliver the issue whole.`,
      );
    // The issue's PDF is stored as it came.
    return { bytes, sizes: issue.pages.map((_, i) => sizeOf(doc, i)) };
  }
  if (issue.pdf?.kind === 'pages') {
    const joined = await PDFDocument.create({ updateMetadata: false });
    const sizes: Size[] = [];
    for (const f of issue.pdf.files) {
      const src = await loadPagePdf(f.bytes, f.path);
      const [copied] = await joined.copyPages(src, [0]);
      joined.addPage(copied!);
      sizes.push(sizeOf(src, 0));
    }
    return { bytes: await joined.save(), sizes };
  }
  // No PDF: the page images, the words invisible over them; a page without one has its words drawn where
  // the scan has them. A page with an image takes the image's size (its pixels as a 300 ppi scan): the OCR
  // may have been made from a smaller copy of it (the ANP's ALTO has half the scan's pixels).
  const drawn = read.map((p, i) => {
    const img = issue.images?.[i];
    return img ? fitTo(p.drawn, imageSize(img.bytes, img.type, img.path)) : p.drawn;
  });
  return { bytes: await wordPagesToPdf(drawn, undefined, issue.images), sizes: drawn.map(drawnPageSize) };
}

/** A page's words scaled onto a page of `size` pixels. */
function fitTo(page: AltoPageWords, size: ImageSize): AltoPageWords {
  const fx = size.width / page.width;
  const fy = size.height / page.height;
  return {
    width: size.width,
    height: size.height,
    words: page.words.map((w) => {
      const upright = w.rotation % 180 === 0;
      return {
        ...w,
        x: w.x * fx,
        y: w.y * fy,
        length: w.length * (upright ? fx : fy),
        thickness: w.thickness * (upright ? fy : fx),
      };
    }),
  };
}

/**
 * The edition of a library issue (all but the PDF's blob key) and the PDF to store. With `recognize`,
 * the headlines of articles found by our segmentation are read again from the page scans the issue's
 * PDF draws (headline-reread.ts); a failure there keeps the library's reading and is said in `notice`.
 */
export async function editionFromIssue(
  issue: LibraryIssue,
  recognize?: (pgm: Buffer) => Promise<{ page: Page; seconds: number }>,
): Promise<{ input: Omit<EditionInput, 'pdfKey'>; pdf: Uint8Array; notice?: string }> {
  const abbyy = new Map<SourceFile, ReadPage[]>();
  const read = issue.pages.map((p) => readPage(p, abbyy));
  const { bytes, sizes } = await issuePdf(issue, read);
  const pages = read.map((p, i) => p.toPage(sizes[i]!));
  const given = sourceArticles(issue, pages);
  const articles = given ?? newspaperArticles(pages, issue.title, issue.date).articles;
  const notice =
    !given && recognize
      ? await rereadOrNotice(
          articles,
          pages.map(toSourcePage),
          bytes,
          recognize,
          issue.path,
          'ingest the issue again',
        )
      : undefined;
  if (articles.length === 0)
    throw new ArchiveError(
      'NO_ARTICLES',
      `${issue.path}: no text was found on any page of the issue. Check that its OCR files are the issue's.`,
    );
  const languages = issue.languages.length ? issue.languages : pages.flatMap((p) => p.languages);
  return {
    pdf: bytes,
    ...(notice ? { notice } : {}),
    input: {
      titleName: issue.title,
      date: issue.date,
      volume: issue.volume,
      number: issue.number,
      sourceHash: issueHash(issue),
      sourceName: issue.path,
      // The stored PDF is the delivery's own, its pages joined, or made from its scans or OCR: never the
      // ingested file itself, so `dateline check` does not hold its key to the source hash.
      sourceKind: issue.format,
      language: [...new Set(languages)].join(' ') || null,
      pages: pages.map((p, i) => ({
        number: i + 1,
        text: p.blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n'),
        width: p.width,
        height: p.height,
        words: p.blocks.flatMap((b) => b.lines.flatMap((l) => l.words)),
      })),
      articles,
    },
  };
}

function draft(
  ordinal: number,
  printed: string,
  body: string,
  pages: number[],
  fallback: string,
): ArticleDraft {
  const headlinePrinted = printed.replace(/\s+/g, ' ').trim();
  return {
    ordinal,
    headlinePrinted: headlinePrinted || fallback,
    headline: headlinePrinted ? readingCase(headlinePrinted) : fallback,
    kicker: null,
    byline: null,
    dateline: null,
    body,
    firstPage: Math.min(...pages),
    lastPage: Math.max(...pages),
    references: [],
  };
}

/** The source's own articles as drafts, or null when the source has none. */
function sourceArticles(issue: LibraryIssue, pages: AltoPage[]): ArticleDraft[] | null {
  const a = issue.articles;
  if (!a) return null;
  if (a.kind === 'text')
    return a.list.map((t, i) => {
      const on = t.pages.length ? t.pages : [1];
      const d = draft(i, t.title, t.paragraphs.join('\n\n'), on, `${issue.title}, page ${on[0]}`);
      return t.kind ? { ...d, kind: t.kind } : d;
    });
  return a.list.map((art, i) => blockArticle(issue, pages, art, i));
}

function blockArticle(issue: LibraryIssue, pages: AltoPage[], art: BlockArticle, i: number): ArticleDraft {
  const what = `article ${i + 1}${art.label ? ` ("${art.label}")` : ''}`;
  const heading = art.heading.flatMap((r) => resolveRef(issue, pages, r, what));
  const body = art.body.flatMap((r) => resolveRef(issue, pages, r, what));
  const on = [...art.heading, ...art.body].map((r) => r.page);
  const line = (ls: SourceLine[]) => ls.map((l) => l.text).join(' ');
  const printed = heading.length ? line(heading.flatMap((b) => b.lines)) : art.label;
  // The article's regions are its ALTO blocks (in PDF points, as the words), heading first, in the source's order.
  const regions = [...art.heading, ...art.body].flatMap((r) =>
    resolveRef(issue, pages, r, what).map((b) => ({ page: r.page, x: b.x, y: b.y, w: b.w, h: b.h })),
  );
  // An ALTO text block is a paragraph (or a run of them, told apart by their indents).
  return {
    ...draft(
      i,
      printed,
      body.map((b) => bodyOf(b.lines)).join('\n\n'),
      on.length ? on : [1],
      `${issue.title}, page ${on[0] ?? 1}`,
    ),
    regions,
  };
}

/** The text blocks a METS area names on its page: one block, a ComposedBlock's blocks, or BEGIN through END. */
function resolveRef(issue: LibraryIssue, pages: AltoPage[], ref: BlockRef, what: string): AltoBlock[] {
  const page = pages[ref.page - 1];
  const file = issue.pages[ref.page - 1]?.file.path ?? `page ${ref.page}`;
  const find = (id: string) => {
    const k = page ? page.blocks.findIndex((b) => b.id === id || b.within.includes(id)) : -1;
    if (k < 0)
      throw new ArchiveError(
        'BAD_BATCH',
        `${issue.path}: ${what} points at block "${id}", which ${file} does not have. Fix the structure map or restore the page's ALTO; nothing of the issue was stored.`,
      );
    return k;
  };
  if (!ref.begin) return page?.blocks ?? [];
  const first = find(ref.begin);
  if (ref.end) return page!.blocks.slice(first, find(ref.end) + 1);
  return page!.blocks.filter((b, k) => k === first || b.id === ref.begin || b.within.includes(ref.begin));
}
