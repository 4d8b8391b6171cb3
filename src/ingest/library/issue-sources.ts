/** From a recognised folder to its issues, and from an issue's description to the issue read by its format's reader. */
import { ArchiveError } from '../../core/errors.js';
import { readAbbyyIssue } from './abbyy-issue.js';
import type { LibraryFolder, LibraryKind } from './detect.js';
import { readDidlIssue } from './didl-reader.js';
import type { LibraryIssue } from './library-issue.js';
import { readMetsIssue } from './mets-reader.js';

/** One issue to read: its format, the file that describes it (or, for ABBYY, its folder) and its folder. */
export interface IssueSource {
  kind: LibraryKind;
  path: string;
  dir: string;
}

/** The issues of a folder: one per DIDL or METS file it holds; its ABBYY pages make one issue. */
export function issueSources(folder: LibraryFolder): IssueSource[] {
  if (folder.kind === 'bag')
    throw new ArchiveError('BAD_BATCH', `${folder.dir} is a bag inside a bag; unpack the inner bag first.`);
  if (folder.kind === 'abbyy') return [{ kind: 'abbyy', path: folder.dir, dir: folder.dir }];
  return folder.files.map((path) => ({ kind: folder.kind, path, dir: folder.dir }));
}

/** Reads one issue with every file it names. */
export async function readIssue(src: IssueSource): Promise<LibraryIssue> {
  switch (src.kind) {
    case 'didl':
      return readDidlIssue(src.path);
    case 'mets':
      return readMetsIssue(src.path);
    case 'abbyy':
      return readAbbyyIssue(src.dir);
    default:
      throw new ArchiveError('BAD_BATCH', `${src.path}: a ${src.kind} cannot be read as an issue.`);
  }
}
