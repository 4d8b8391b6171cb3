/**
 * manifest.json of a backup folder: every other file's size and sha256, written last, and the check of a
 * backup against it before a restore touches anything.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArchiveError } from '../core/errors.js';
import { sha256File } from '../store/durable-files.js';
import type { BackupManifest } from '../store/ports.js';

export const MANIFEST = 'manifest.json';
export const FORMAT = 'dateline-backup';
export const FORMAT_VERSION = 1;
/** A file name in a backup: plain segments, no "..", nothing absolute. */
export const SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** The database file each backend's backup holds. */
const DATABASE_FILE = { sqlite: 'archive.sqlite', postgres: 'archive.pgdump' } as const;

/** Reads the manifest and checks every file it lists against its size and sha256; throws before anything is touched. */
export async function verifyBackup(src: string): Promise<BackupManifest> {
  let text: string;
  try {
    text = await readFile(join(src, MANIFEST), 'utf8');
  } catch (err) {
    const e = (err as NodeJS.ErrnoException).code;
    throw new ArchiveError(
      'USAGE',
      e === 'ENOENT' || e === 'ENOTDIR'
        ? `${src} is not a finished dateline backup: it has no ${MANIFEST}${existsSync(src) ? '' : ' (the folder does not exist)'}. Nothing was restored.`
        : `Cannot read ${join(src, MANIFEST)}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  let m: BackupManifest;
  try {
    m = JSON.parse(text);
  } catch (err) {
    throw new ArchiveError(
      'INTEGRITY',
      `${join(src, MANIFEST)} is not valid JSON; the backup is damaged. Nothing was restored.`,
      {
        cause: err,
      },
    );
  }
  if (
    m?.format !== FORMAT ||
    !Array.isArray(m.files) ||
    (m.backend !== 'sqlite' && m.backend !== 'postgres')
  ) {
    throw new ArchiveError(
      'INTEGRITY',
      `${join(src, MANIFEST)} is not a dateline backup manifest. Nothing was restored.`,
    );
  }
  if (m.version > FORMAT_VERSION) {
    throw new ArchiveError(
      'USAGE',
      `${src} was written by a newer dateline (backup format ${m.version}, dateline ${m.dateline}); restore it with that version.`,
    );
  }
  const dbName = DATABASE_FILE[m.backend];
  if (!m.files.some((f) => f.path === dbName)) {
    throw new ArchiveError(
      'INTEGRITY',
      `${join(src, MANIFEST)} lists no ${dbName}; the backup is damaged. Nothing was restored.`,
    );
  }
  for (const f of m.files) {
    if (typeof f.path !== 'string' || !SAFE_PATH.test(f.path) || f.path === MANIFEST) {
      throw new ArchiveError(
        'INTEGRITY',
        `${join(src, MANIFEST)} names a file it may not: ${JSON.stringify(f.path)}. Nothing was restored.`,
      );
    }
    const file = join(src, f.path);
    let actual: { sha256: string; size: number };
    try {
      actual = await sha256File(file);
    } catch {
      throw new ArchiveError(
        'INTEGRITY',
        `${file} is missing from the backup; it cannot be restored. Nothing was restored.`,
      );
    }
    if (actual.size !== f.size || actual.sha256 !== f.sha256) {
      throw new ArchiveError(
        'INTEGRITY',
        `${file} does not match the backup's manifest (size ${actual.size}, sha256 ${actual.sha256}; expected ${f.size}, ${f.sha256}): the backup is damaged or was changed. Nothing was restored.`,
      );
    }
  }
  return m;
}
