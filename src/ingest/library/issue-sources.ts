/** From a recognised folder to its issues, and from an issue's description to the issue read by its format's reader. */
import { sep } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { readAbbyyIssue } from './abbyy-issue.js';
import type { LibraryFolder, LibraryKind } from './detect.js';
import { didlSummary, readDidlIssue } from './didl-reader.js';
import type { LibraryIssue } from './library-issue.js';
import { readMetsIssue } from './mets-reader.js';

/** One issue to read: its format, the file that describes it (or, for ABBYY, its folder) and its folder. */
export interface IssueSource {
  kind: LibraryKind;
  path: string;
  dir: string;
  /** For a day's one-page records read as one edition (see `dayEditions`): the records, in number order. */
  parts?: IssueSource[];
}

/**
 * Merges one-page DIDL records of the same title and date (the ANP's numbered bulletins of a day, each its
 * own record) into one source: the archive keeps one edition per title and date, so they become the pages of
 * that day's edition, in the order of their numbers, instead of replacing each other as they load.
 */
export async function dayEditions(sources: IssueSource[]): Promise<IssueSource[]> {
  const keyed = await Promise.all(
    sources.map(async (s) => ({ s, sum: s.kind === 'didl' ? await didlSummary(s.path) : null })),
  );
  const days = new Map<string, { s: IssueSource; number: number }[]>();
  for (const { s, sum } of keyed) {
    if (!sum?.onePage) continue;
    const key = `${sum.title}\n${sum.date}`;
    days.set(key, [...(days.get(key) ?? []), { s, number: sum.number }]);
  }
  const merged = new Map<IssueSource, IssueSource | null>();
  for (const day of days.values()) {
    if (day.length < 2) continue;
    const parts = day.sort((a, b) => a.number - b.number || a.s.path.localeCompare(b.s.path)).map((d) => d.s);
    const dir = commonDir(parts.map((p) => p.dir));
    merged.set(parts[0]!, { kind: 'didl', path: dir, dir, parts });
    for (const p of parts.slice(1)) merged.set(p, null);
  }
  return sources.flatMap((s) => {
    const m = merged.get(s);
    return m === undefined ? [s] : m === null ? [] : [m];
  });
}

/**
 * Folders to load together: the folders of one-page DIDL records of the same title and date (an ANP day,
 * each bulletin in its own folder). The first folder of such a day maps to all of them, the others to null
 * (loaded with the first); a folder not in the map loads alone.
 */
export async function foldersByDay(
  folders: LibraryFolder[],
): Promise<Map<LibraryFolder, LibraryFolder[] | null>> {
  const days = new Map<string, LibraryFolder[]>();
  for (const f of folders) {
    if (f.kind !== 'didl' || f.files.length !== 1) continue;
    const sum = await didlSummary(f.files[0]!);
    if (!sum?.onePage) continue;
    const key = `${sum.title}\n${sum.date}`;
    days.set(key, [...(days.get(key) ?? []), f]);
  }
  const out = new Map<LibraryFolder, LibraryFolder[] | null>();
  for (const day of days.values()) {
    if (day.length < 2) continue;
    out.set(day[0]!, day);
    for (const f of day.slice(1)) out.set(f, null);
  }
  return out;
}

function commonDir(dirs: string[]): string {
  const split = dirs.map((d) => d.split(sep));
  const out: string[] = [];
  for (let i = 0; split.every((p) => p[i] !== undefined && p[i] === split[0]![i]); i++)
    out.push(split[0]![i]!);
  return out.join(sep) || sep;
}

/** The issues of a day's one-page records as one: their pages, scans and files in order. */
function oneDay(path: string, issues: LibraryIssue[]): LibraryIssue {
  const first = issues[0]!;
  return {
    ...first,
    path,
    number: null,
    languages: [...new Set(issues.flatMap((i) => i.languages))],
    pages: issues.flatMap((i) => i.pages),
    images: issues.flatMap((i) => i.images ?? i.pages.map(() => null)),
    articles: null,
    extra: issues.flatMap((i) => i.extra),
  };
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
  if (src.parts) {
    const issues: LibraryIssue[] = [];
    for (const p of src.parts) issues.push(await readIssue(p));
    return oneDay(src.path, issues);
  }
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
