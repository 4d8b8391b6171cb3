/**
 * BagIt bags (RFC 8493): `bagit.txt`, payload manifests (`manifest-sha512|sha256|sha1|md5.txt`) and the
 * payload under `data/`. A bag is checked whole before anything in it is read: every payload file listed
 * in every manifest, every checksum right, no listed file missing; then its issues are found in `data/`.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ArchiveError } from '../../core/errors.js';
import { type LibraryFolder, libraryFolder } from './detect.js';

const ALGORITHMS = ['sha512', 'sha256', 'sha1', 'md5'] as const;

async function fileHash(path: string, algorithm: string): Promise<string> {
  const h = createHash(algorithm);
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file under `dir`, as paths relative to `base` with forward slashes, sorted. */
async function filesUnder(dir: string, base: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) out.push(relative(base, p).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/** Checks the bag in `dir`: declaration, manifests, every payload checksum. Throws naming the first problem found. */
export async function verifyBag(dir: string): Promise<void> {
  const declaration = await readFile(join(dir, 'bagit.txt'), 'utf8').catch(() => '');
  if (!/^BagIt-Version:\s*\d+\.\d+/m.test(declaration))
    throw new ArchiveError(
      'BAD_BATCH',
      `${dir}/bagit.txt does not declare a BagIt-Version; it is not a bag. Remake the bag with a BagIt tool.`,
    );
  const manifests: [string, string][] = [];
  for (const alg of ALGORITHMS) {
    const text = await readFile(join(dir, `manifest-${alg}.txt`), 'utf8').catch(() => null);
    if (text !== null) manifests.push([alg, text]);
  }
  if (manifests.length === 0)
    throw new ArchiveError(
      'BAD_BATCH',
      `${dir} has no payload manifest (manifest-sha256.txt, manifest-sha512.txt, manifest-sha1.txt or manifest-md5.txt), so its files cannot be checked. Remake the bag.`,
    );
  const data = join(dir, 'data');
  const payload = await filesUnder(data, dir).catch(() => {
    throw new ArchiveError('BAD_BATCH', `${dir} has no data/ folder; a bag keeps its files there.`);
  });
  for (const [alg, text] of manifests) {
    const file = `manifest-${alg}.txt`;
    const listed = new Set<string>();
    for (const [n, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (!line) continue;
      const m = /^([0-9a-fA-F]+)\s+\*?(.+)$/.exec(line);
      if (!m)
        throw new ArchiveError(
          'BAD_BATCH',
          `${dir}/${file}, line ${n + 1}: not "CHECKSUM PATH". Remake the bag.`,
        );
      const name = m[2]!.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
      const path = resolve(dir, name);
      if (!path.startsWith(data + sep))
        throw new ArchiveError(
          'BAD_BATCH',
          `${dir}/${file}, line ${n + 1}: "${name}" is not under data/; a manifest lists only the payload.`,
        );
      const s = await lstat(path).catch(() => null);
      if (s?.isSymbolicLink())
        throw new ArchiveError(
          'UNSAFE_INPUT',
          `${dir}: ${name} is a symbolic link; a bag's payload is read only as files in it. Remake the bag with the file itself.`,
        );
      if (!s?.isFile())
        throw new ArchiveError(
          'BAD_BATCH',
          `${dir}: ${name} is listed in ${file} but missing from the bag. Restore it from the bag's source; nothing of the bag was stored.`,
        );
      const actual = await fileHash(path, alg);
      if (actual !== m[1]!.toLowerCase())
        throw new ArchiveError(
          'BAD_BATCH',
          `${dir}: ${name} does not match its ${alg} checksum in ${file} (the bag says ${m[1]!.toLowerCase()}, the file has ${actual}); it was damaged or changed after the bag was made. Restore it from the bag's source; nothing of the bag was stored.`,
        );
      listed.add(relative(dir, path).split(sep).join('/'));
    }
    const unlisted = payload.filter((p) => !listed.has(p));
    if (unlisted.length > 0)
      throw new ArchiveError(
        'BAD_BATCH',
        `${dir}: ${unlisted.slice(0, 3).join(', ')}${unlisted.length > 3 ? ` and ${unlisted.length - 3} more` : ''} ${unlisted.length === 1 ? 'is' : 'are'} in data/ but not in ${file}, so ${unlisted.length === 1 ? 'it' : 'they'} cannot be checked. Remake the bag.`,
      );
  }
}

/**
 * Checks the bag in `dir` and finds what its payload holds: the library issue folders (DIDL, METS, ABBYY)
 * and the PDFs outside them (whole-issue PDFs, ingested as bulletins).
 */
export async function bagContents(dir: string): Promise<{ issues: LibraryFolder[]; pdfs: string[] }> {
  await verifyBag(dir);
  const issues: LibraryFolder[] = [];
  const pdfs: string[] = [];
  const walk = async (d: string): Promise<void> => {
    const found = await libraryFolder(d);
    if (found && found.kind !== 'bag') {
      issues.push(found);
      return;
    }
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (/\.pdf$/i.test(e.name)) pdfs.push(join(d, e.name));
    }
  };
  await walk(join(dir, 'data'));
  if (issues.length === 0 && pdfs.length === 0)
    throw new ArchiveError(
      'BAD_BATCH',
      `${dir}: the bag's data/ holds no issue (no PDF, DIDL, METS or ABBYY files). Check that it is a newspaper delivery.`,
    );
  return { issues, pdfs };
}
