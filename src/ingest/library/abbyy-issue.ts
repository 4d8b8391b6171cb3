/**
 * An issue delivered as ABBYY FineReader pages (as the BCUL keeps them): one XML per page (or `.xml.bz2`),
 * the issue's PDF when there is one, and its metadata in a `*_mit.xml` ticket or a `*_mit.json` record.
 * Page order is the ticket's; without one, the file names' (numbers in them compared as numbers). The date
 * comes from the metadata, else from the folder path (`…/1937/01/30/…`) or a file name (`FAL_1762_12_07`).
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { attr, child, children, parseXml, textOf, type XmlNode } from '../ndnp/safe-xml.js';
import { libraryFolder, readXmlFile } from './detect.js';
import type { LibraryIssue, SourceFile } from './library-issue.js';
import { readSource } from './read-source.js';

interface Meta {
  title: string | null;
  date: string | null;
  number: string | null;
  languages: string[];
  /** Page file names in order (base names without .bz2), when the metadata lists them. */
  order: string[];
}

const EMPTY: Meta = { title: null, date: null, number: null, languages: [], order: [] };

const isoDate = (y: string, m: string, d: string) => `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;

/** A `*_mit.xml` ticket: `<ticket><meta><date>YYYYMMDD</date><title/><language/></meta><images><image xml=/>`. */
function ticketMeta(file: SourceFile): Meta {
  const ticket = parseXml(file.bytes, file.path, new Set(['image', 'language'])).ticket as
    | XmlNode
    | undefined;
  if (!ticket) return EMPTY;
  const meta = child(ticket, 'meta');
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(textOf(child(meta, 'date')));
  return {
    title: textOf(child(meta, 'title')) || textOf(child(meta, 'publication')) || null,
    date: d ? isoDate(d[1]!, d[2]!, d[3]!) : null,
    number: null,
    languages: children(meta, 'language').map(textOf).filter(Boolean),
    order: children(child(ticket, 'images'), 'image')
      .map((i) => basename(attr(i, 'xml') ?? ''))
      .filter(Boolean),
  };
}

/** A `*_mit.json` record: `data.fields.title_xx`, `data.date_to` (YYYYMMDD), `data.contentLanguage`, `issNumber`. */
function jsonMeta(file: SourceFile): Meta {
  let rec: { data?: Record<string, unknown>; source?: Record<string, unknown> };
  try {
    rec = JSON.parse(file.bytes.toString('utf8'));
  } catch (err) {
    throw new ArchiveError('BAD_BATCH', `${file.path} is not valid JSON (${(err as Error).message}).`, {
      cause: err,
    });
  }
  const data = rec.data ?? {};
  const fields = (data.fields ?? {}) as Record<string, unknown>;
  const titleKey = Object.keys(fields).find((k) => /^title(_|$)/.test(k));
  const titles = titleKey ? fields[titleKey] : undefined;
  const d = /^(\d{4})(\d{2})(\d{2})$/.exec(String(data.date_to ?? ''));
  const number = data.issNumber ?? rec.source?.issNumber;
  return {
    title: Array.isArray(titles) && typeof titles[0] === 'string' ? titles[0] : null,
    date: d ? isoDate(d[1]!, d[2]!, d[3]!) : null,
    number: typeof number === 'number' || typeof number === 'string' ? String(number) : null,
    languages: Object.entries((data.contentLanguage ?? {}) as Record<string, unknown>)
      .filter(([, on]) => on === true)
      .map(([l]) => l),
    order: [],
  };
}

/** A date in the folder path (…/YYYY/MM/DD/…) or in a file name (…_YYYY_MM_DD…), else null. */
function dateFromPath(dir: string, names: string[]): string | null {
  const p = /(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})(?:\/|$)/.exec(dir.split('\\').join('/'));
  if (p) return isoDate(p[1]!, p[2]!, p[3]!);
  for (const n of names) {
    const m = /(?:^|[^\d])(\d{4})[_-](\d{2})[_-](\d{2})(?:[^\d]|$)/.exec(n);
    if (m) return isoDate(m[1]!, m[2]!, m[3]!);
  }
  return null;
}

/** Compares file names with the numbers in them as numbers (page_2 before page_10). */
const byName = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Reads the ABBYY issue in `dir`: its pages, its PDF when there is one, its metadata. */
export async function readAbbyyIssue(dir: string): Promise<LibraryIssue> {
  const found = await libraryFolder(dir);
  if (found?.kind !== 'abbyy')
    throw new ArchiveError('BAD_BATCH', `${dir} holds no ABBYY FineReader pages any more. Check the folder.`);
  const names = (await readdir(dir)).sort(byName);
  const extra: SourceFile[] = [];
  let meta = EMPTY;
  for (const n of names) {
    if (/_mit\.xml$/i.test(n) || /_mit\.json$/i.test(n)) {
      const file = await readSource(join(dir, n), 'metadata', dir);
      extra.push(file);
      meta = /\.xml$/i.test(n) ? ticketMeta(file) : jsonMeta(file);
    }
  }
  // One file per page: a page kept both plain and as .bz2 is read once, plain.
  const byBase = new Map<string, string>();
  for (const path of found.files) {
    const base = basename(path).replace(/\.bz2$/i, '');
    if (!byBase.has(base) || !/\.bz2$/i.test(path)) byBase.set(base, path);
  }
  const bases = [...byBase.keys()].sort(byName);
  const ordered = meta.order.length ? meta.order : bases;
  const missing = ordered.filter((b) => !byBase.has(b));
  if (missing.length > 0)
    throw new ArchiveError(
      'BAD_BATCH',
      `${dir}: the metadata lists page ${missing.join(', ')}, which the folder does not have. Restore the page's OCR; nothing of the issue was stored.`,
    );
  const pages: LibraryIssue['pages'] = [];
  for (const b of ordered) {
    const path = byBase.get(b)!;
    const file = { path, bytes: await readXmlFile(path) };
    // A FineReader document may hold several pages (a whole issue): one page of the issue each.
    const count = Math.max(1, file.bytes.toString('utf8').match(/<page\b/g)?.length ?? 0);
    for (let index = 0; index < count; index++) pages.push({ kind: 'abbyy', file, index });
  }
  const pdfNames = names.filter((n) => /\.pdf$/i.test(n));
  if (pdfNames.length > 1)
    throw new ArchiveError(
      'BAD_BATCH',
      `${dir} holds ${pdfNames.length} PDFs (${pdfNames.join(', ')}); an ABBYY issue folder may hold one, the issue's.`,
    );
  const date = meta.date ?? dateFromPath(dir, names);
  if (!date)
    throw new ArchiveError(
      'NO_DATE',
      `${dir}: no date in the metadata, the folder path (YYYY/MM/DD) or a file name (YYYY_MM_DD). Put the issue in a folder named by its date.`,
    );
  return {
    format: 'abbyy',
    path: dir,
    title: meta.title ?? basename(dir),
    date,
    volume: null,
    number: meta.number,
    languages: meta.languages.map((l) => (l === 'fre' ? 'fr' : l === 'ger' ? 'de' : l)),
    pages,
    pdf: pdfNames[0]
      ? { kind: 'issue', file: await readSource(join(dir, pdfNames[0]), 'issue PDF', dir) }
      : null,
    articles: null,
    extra,
  };
}
