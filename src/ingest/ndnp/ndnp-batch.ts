/** Reads an NDNP batch's structure: the batch file's issues, and each issue's METS (MODS metadata, page files). */
import { readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { attr, child, children, parseXml, textOf, type XmlNode } from './safe-xml.js';

/** One issue named in the batch file. */
export interface BatchIssue {
  lccn: string;
  date: string;
  editionOrder: number;
  /** Absolute path of the issue's METS file. */
  metsPath: string;
}

export interface Batch {
  name: string;
  /** The folder holding the batch file; every path in the batch is relative to it. */
  dataDir: string;
  batchFile: string;
  issues: BatchIssue[];
}

/** One page of an issue, in the order of the METS structure map. */
export interface IssuePage {
  /** Absolute paths; null when the METS names no such file. */
  alto: string | null;
  pdf: string | null;
}

export interface IssueMets {
  title: string;
  date: string;
  volume: string | null;
  number: string | null;
  editionOrder: number;
  languages: string[];
  pages: IssuePage[];
}

/**
 * The batch file in `dir` or `dir/data`, or null when `dir` is not an NDNP batch. Of several versions the
 * highest-numbered (`batch_2.xml` over `batch_1.xml` over `batch.xml`) is the current one.
 */
export async function findBatchFile(dir: string): Promise<string | null> {
  for (const d of [dir, join(dir, 'data')]) {
    const names = await readdir(d).catch(() => [] as string[]);
    const versions = names
      .map((n) => /^batch(?:_(\d+))?\.xml$/i.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .sort((a, b) => Number(b[1] ?? 0) - Number(a[1] ?? 0));
    if (versions[0]) return join(d, versions[0][0]);
  }
  return null;
}

/** True when `dir` is a folder holding an NDNP batch. */
export async function isBatchDir(dir: string): Promise<boolean> {
  const s = await stat(dir).catch(() => null);
  return s?.isDirectory() === true && (await findBatchFile(dir)) !== null;
}

/** A path named inside the batch, resolved and kept inside it (a batch file cannot point outside its folder). */
function inside(dataDir: string, from: string, href: string, file: string): string {
  const p = resolve(from, href);
  if (p !== dataDir && !p.startsWith(dataDir + sep)) {
    throw new ArchiveError(
      'BAD_BATCH',
      `${file} names "${href}", which is outside the batch folder ${dataDir}. Fix the path in the file.`,
    );
  }
  return p;
}

/** Reads the batch file: its name and issues. */
export async function readBatch(batchFile: string): Promise<Batch> {
  const dataDir = dirname(batchFile);
  const doc = parseXml(await readFile(batchFile), batchFile, new Set(['issue']));
  const batch = doc.batch as XmlNode | undefined;
  if (!batch)
    throw new ArchiveError('BAD_BATCH', `${batchFile} is not an NDNP batch file (its root is not <batch>).`);
  const issues = children(batch, 'issue').map((n, i) => {
    const href = textOf(n);
    const date = attr(n, 'issueDate') ?? '';
    if (!href || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      throw new ArchiveError(
        'BAD_BATCH',
        `${batchFile}: issue ${i + 1} has no METS path or no issueDate (YYYY-MM-DD). Fix the batch file.`,
      );
    }
    return {
      lccn: attr(n, 'lccn') ?? '',
      date,
      editionOrder: Number(attr(n, 'editionOrder') ?? 1) || 1,
      metsPath: inside(dataDir, dataDir, href, batchFile),
    };
  });
  if (issues.length === 0)
    throw new ArchiveError('BAD_BATCH', `${batchFile} lists no issues; there is nothing to load.`);
  return { name: attr(batch, 'name') ?? relative(dirname(dataDir), dataDir), dataDir, batchFile, issues };
}

const METS_ARRAYS = new Set([
  'dmdSec',
  'fileGrp',
  'file',
  'div',
  'fptr',
  'detail',
  'language',
  'languageTerm',
]);

/** Reads an issue's METS: title, date, volume/issue/edition numbers and languages from MODS; pages from the structure map. */
export function readIssueMets(bytes: Uint8Array, metsPath: string, dataDir: string): IssueMets {
  const mets = parseXml(bytes, metsPath, METS_ARRAYS).mets as XmlNode | undefined;
  if (!mets) throw new ArchiveError('BAD_BATCH', `${metsPath} is not a METS file (its root is not <mets>).`);
  const mods = new Map<string, XmlNode>();
  for (const d of children(mets, 'dmdSec')) {
    const m = child(child(child(d, 'mdWrap'), 'xmlData'), 'mods');
    if (m) mods.set(attr(d, 'ID') ?? '', m);
  }
  const issueDiv = children(child(mets, 'structMap'), 'div').find((d) =>
    /issue/i.test(attr(d, 'TYPE') ?? ''),
  );
  const issueMods = mods.get(attr(issueDiv, 'DMDID') ?? '') ?? mods.get('issueModsBib');
  if (!issueDiv || !issueMods)
    throw new ArchiveError(
      'BAD_BATCH',
      `${metsPath} has no issue in its structure map, or no MODS for it. Check that it is an NDNP issue METS.`,
    );
  const date = textOf(child(child(issueMods, 'originInfo'), 'dateIssued'));
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    throw new ArchiveError(
      'BAD_BATCH',
      `${metsPath}: the issue's MODS dateIssued is "${date}", not a date YYYY-MM-DD. Fix the METS.`,
    );
  const host = children(issueMods, 'relatedItem').find((r) => attr(r, 'type') === 'host');
  const detail = (type: string) =>
    textOf(
      child(
        children(child(host, 'part'), 'detail').find((d) => attr(d, 'type') === type),
        'number',
      ),
    ) || null;
  const label = (attr(mets, 'LABEL') ?? '').replace(/,\s*\d{4}-\d{2}-\d{2}\s*$/, '').trim();
  const title =
    textOf(child(child(host, 'titleInfo'), 'title')) || label || textOf(child(host, 'identifier'));
  if (!title)
    throw new ArchiveError(
      'BAD_BATCH',
      `${metsPath}: no title (MODS titleInfo or METS LABEL). Fix the METS.`,
    );
  const languages = children(issueMods, 'language').flatMap((l) => children(l, 'languageTerm').map(textOf));
  const files = new Map<string, { use: string; href: string }>();
  for (const grp of children(child(mets, 'fileSec'), 'fileGrp')) {
    for (const f of children(grp, 'file')) {
      files.set(attr(f, 'ID') ?? '', {
        use: (attr(f, 'USE') ?? '').toLowerCase(),
        href: attr(child(f, 'FLocat'), 'href') ?? '',
      });
    }
  }
  const from = dirname(metsPath);
  const pages = children(issueDiv, 'div')
    .filter((d) => /page/i.test(attr(d, 'TYPE') ?? ''))
    .map((d) => {
      const used = children(d, 'fptr').map((p) => files.get(attr(p, 'FILEID') ?? ''));
      const pick = (test: (f: { use: string; href: string }) => boolean) => {
        const f = used.find((u) => u?.href && test(u));
        return f ? inside(dataDir, from, f.href, metsPath) : null;
      };
      return {
        alto: pick((f) => f.use === 'ocr'),
        pdf: pick((f) => /\.pdf$/i.test(f.href)),
      };
    });
  if (pages.length === 0)
    throw new ArchiveError('BAD_BATCH', `${metsPath} lists no pages in its structure map.`);
  return {
    title,
    date,
    volume: detail('volume'),
    number: detail('issue'),
    editionOrder: Number(detail('edition') ?? 1) || 1,
    languages,
    pages,
  };
}
