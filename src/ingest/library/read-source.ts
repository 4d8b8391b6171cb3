/** Reading the files a library issue names: kept inside the issue's folder, a missing file named with what named it. */
import { lstat, readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import type { SourceFile } from './library-issue.js';

/**
 * The path `href` (relative to `from`) names, kept inside `root`: an issue's metadata cannot point outside
 * the folder being ingested. A URL is refused: nothing is fetched.
 */
export function insideFolder(root: string, from: string, href: string, namedBy: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(href) && !/^file:\/\//i.test(href))
    throw new ArchiveError(
      'BAD_BATCH',
      `${namedBy} names "${href}", a URL; files are read only from the folder being ingested. Put the file beside it and name it by its path.`,
    );
  const p = resolve(from, decodeURIComponent(href.replace(/^file:\/\//i, '')));
  if (p !== root && !p.startsWith(root + sep))
    throw new ArchiveError(
      'BAD_BATCH',
      `${namedBy} names "${href}", which is outside the folder ${root}. Fix the path in the file.`,
    );
  return p;
}

/**
 * Reads a file the issue names, or fails naming it and the file that named it. A symbolic link is refused:
 * a delivery holds its files, and a link could lead the reader out of the folder being ingested.
 */
export async function readSource(path: string, what: string, namedBy: string): Promise<SourceFile> {
  if ((await lstat(path).catch(() => null))?.isSymbolicLink())
    throw new ArchiveError(
      'UNSAFE_INPUT',
      `${path}: the ${what} named by ${namedBy} is a symbolic link; a delivery's files are read only as files in it. Copy the file itself into the folder.`,
    );
  try {
    return { path, bytes: await readFile(path) };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ArchiveError(
      'BAD_BATCH',
      `${path}: the ${what} named by ${namedBy} ${code === 'ENOENT' ? 'is missing' : `cannot be read (${code})`}. Restore it from the library's delivery; nothing of the issue was stored.`,
      { cause: err },
    );
  }
}
