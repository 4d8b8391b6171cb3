/**
 * Recognises a library issue folder by what its files hold, not by their names: the root element of each XML
 * file (DIDL, METS, ABBYY FineReader) and a BagIt declaration.
 */
import { lstat, open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import Bunzip from 'seek-bzip';
import { ArchiveError } from '../../core/errors.js';

export type LibraryKind = 'bag' | 'didl' | 'mets' | 'abbyy';

/** What a folder holds: its kind, and the file that describes the issue (the DIDL or METS) when there is one. */
export interface LibraryFolder {
  kind: LibraryKind;
  dir: string;
  /** The DIDL or METS file; for ABBYY the page files (sorted); for a bag, bagit.txt. */
  files: string[];
}

/** The root element of an XML text: its local name and the namespace URI it declares for itself, if any. */
export function rootElement(text: string): { name: string; ns: string | null } | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    // A DOCTYPE is skipped here only to find the root: the XML reader refuses the file for having one.
    const doctype = text.startsWith('<!DOCTYPE', i);
    const subset = doctype && /^[^>]*\[/.test(text.slice(i, i + 4096));
    const close = text.startsWith('<?', i)
      ? '?>'
      : text.startsWith('<!--', i)
        ? '-->'
        : doctype
          ? subset
            ? ']>'
            : '>'
          : null;
    if (!close) break;
    const end = text.indexOf(close, i);
    if (end < 0) return null;
    i = end + close.length;
  }
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>?/.exec(text.slice(i, i + 4096));
  if (!m) return null;
  const prefix = m[1] ? `:${m[1].slice(0, -1)}` : '';
  const ns = new RegExp(`\\sxmlns${prefix}\\s*=\\s*["']([^"']*)["']`).exec(m[3] ?? '');
  return { name: m[2]!, ns: ns ? ns[1]! : null };
}

/** The most a compressed OCR page may unpack to: a real one is a few megabytes; a bzip2 bomb is refused. */
export const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/** The bytes of an XML file, bzip2-compressed ones (`.bz2`) decompressed, to at most `max` bytes. */
export async function readXmlFile(path: string, max = MAX_UNPACKED_BYTES): Promise<Buffer> {
  if ((await lstat(path).catch(() => null))?.isSymbolicLink())
    throw new ArchiveError(
      'UNSAFE_INPUT',
      `${path} is a symbolic link; a delivery's files are read only as files in it. Copy the file itself into the folder.`,
    );
  const bytes = await readFile(path);
  if (!/\.bz2$/i.test(path)) return bytes;
  let buf = Buffer.alloc(Math.min(max, Math.max(65536, bytes.length * 8)));
  let n = 0;
  const out = {
    writeByte(b: number) {
      if (n === buf.length) {
        if (n >= max)
          throw new ArchiveError(
            'LIMIT_EXCEEDED',
            `${path} unpacks to more than ${Math.round(max / 2 ** 20)} MiB, which no OCR page needs; it was refused unread.`,
          );
        const grown = Buffer.alloc(Math.min(max, n * 2));
        buf.copy(grown);
        buf = grown;
      }
      buf[n++] = b;
    },
  };
  try {
    Bunzip.decode(bytes, out, true);
    return buf.subarray(0, n);
  } catch (err) {
    if (err instanceof ArchiveError) throw err;
    throw new ArchiveError(
      'BAD_XML',
      `${path} cannot be decompressed as bzip2 (${(err as Error).message ?? err}). The file may be truncated; take it again from the delivery.`,
      { cause: err },
    );
  }
}

/** The first few kilobytes of an XML file as text (the whole file, decompressed, for .bz2). */
async function head(path: string): Promise<string> {
  if (/\.bz2$/i.test(path)) return (await readXmlFile(path)).subarray(0, 8192).toString('utf8');
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(8192);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

/** The local name of an XML file's root element, or null when it is not XML (or cannot be read). */
export async function xmlRootName(path: string): Promise<string | null> {
  return rootElement(await head(path).catch(() => ''))?.name ?? null;
}

/** True when an XML root is an ABBYY FineReader page or document. */
function isAbbyy(root: { name: string; ns: string | null }, text: string): boolean {
  if (root.ns && /abbyy/i.test(root.ns)) return true;
  // Fragments without a namespace (as BCUL keeps them): a <page> whose text is in <charParams>.
  return (root.name === 'page' || root.name === 'document') && /<charParams\b/.test(text);
}

/**
 * What `dir` holds, looking only at its own files: a BagIt bag (bagit.txt), an MPEG-21 DIDL issue, a METS
 * issue, or ABBYY FineReader pages; null when it is none of these.
 */
export async function libraryFolder(dir: string): Promise<LibraryFolder | null> {
  const s = await stat(dir).catch(() => null);
  if (!s?.isDirectory()) return null;
  const names = (await readdir(dir).catch(() => [] as string[])).sort();
  if (names.includes('bagit.txt')) return { kind: 'bag', dir, files: [join(dir, 'bagit.txt')] };
  const didl: string[] = [];
  const mets: string[] = [];
  const abbyy: string[] = [];
  for (const n of names) {
    if (!/\.xml(\.bz2)?$/i.test(n) || n.startsWith('.')) continue;
    const path = join(dir, n);
    const text = await head(path).catch(() => '');
    const root = rootElement(text);
    if (!root) continue;
    // A KB OAI-PMH record (as the ANP bulletins come) wraps its DIDL.
    if (root.name === 'DIDL' || (root.name === 'OAI-PMH' && /<(\w+:)?DIDL\b/.test(text))) didl.push(path);
    else if (root.name === 'mets') mets.push(path);
    else if (isAbbyy(root, text)) abbyy.push(path);
  }
  if (didl.length > 0) return { kind: 'didl', dir, files: didl };
  if (mets.length > 0) return { kind: 'mets', dir, files: mets };
  if (abbyy.length > 0) return { kind: 'abbyy', dir, files: abbyy };
  return null;
}
