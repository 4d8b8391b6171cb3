/**
 * `dateline backup` and `restore` whatever the backend: the backend's snapshot and restore (its
 * DatabaseBackup, chosen in app.ts), then the PDFs, the site files, the manifest and the flushes here.
 *
 * A backup is a folder: the database (SQLite's online backup API, or `pg_dump -Fc` of the archive's schema),
 * the PDFs it refers to under blobs/ in the store's layout, site.json, and manifest.json written last with
 * the size and sha256 of every other file. It is built in DEST.partial-PID and renamed to DEST only when
 * complete, so a DEST that exists is a finished backup. Restore checks every file against the manifest
 * before it touches anything (verifyBackup), builds the archive beside the target, checks it, then swaps it in.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { backupOf, openArchive } from '../app.js';
import { type CheckReport, checkArchive } from '../check/archive-check.service.js';
import { loadSiteConfig } from '../config/site-config.js';
import { ArchiveError } from '../core/errors.js';
import { fsyncPath, fsyncTree, isNonEmptyDir, sha256File, writeDurably } from '../store/durable-files.js';
import type { BackupManifest, BackupManifestFile, BlobStore, RestoreFrom } from '../store/ports.js';
import { FORMAT, FORMAT_VERSION, MANIFEST, SAFE_PATH } from './backup-manifest.js';

const KEY = /^[0-9a-f]{64}$/;

/** Which archive: the data folder, and the database and PDFs' folder when they are elsewhere. */
export interface BackupLocation {
  dataDir: string;
  db?: string;
  blobs?: string;
  configFile?: string;
}

/** How a backup or restore reports as it goes: lines for the operator, progress bars. */
export interface BackupIo {
  say(line: string): void;
  progress: RestoreFrom['progress'];
}

/** What a finished backup holds. */
export interface BackupSummary {
  dest: string;
  editions: number;
  articles: number;
  blobs: number;
  /** Whether the PDFs are inside the database's dump rather than in blobs/. */
  blobsInDump: boolean;
}

/** Copies each referenced PDF from the live blob store into `tmp/blobs`, checking its sha256 on the way. */
async function copyBlobs(
  source: BlobStore,
  from: string,
  tmp: string,
  referenced: Map<string, string>,
  files: BackupManifestFile[],
  io: BackupIo,
): Promise<void> {
  const progress = io.progress('blobs');
  let done = 0;
  for (const [key, date] of referenced) {
    const bytes = await source.get(key);
    if (!bytes) {
      throw new ArchiveError(
        'STORE',
        `blob ${key} (the PDF of ${date}) is missing from ${from}; no backup was made. Run dateline check, then ingest that bulletin again.`,
      );
    }
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== key) {
      throw new ArchiveError(
        'STORE',
        `blob ${key} (the PDF of ${date}) in ${from} is damaged (its content has sha256 ${actual}); no backup was made. Run dateline check, then ingest that bulletin again.`,
      );
    }
    const path = `blobs/${key.slice(0, 2)}/${key}`;
    await writeDurably(join(tmp, path), bytes);
    files.push({ path, size: bytes.length, sha256: key });
    progress.update(++done, referenced.size);
  }
  progress.finish();
}

/** Copies the site configuration (and its logo when it lives in the data folder) into the backup. */
async function copySite(configFile: string, tmp: string, files: BackupManifestFile[], io: BackupIo) {
  if (!existsSync(configFile)) return;
  const config = loadSiteConfig(configFile);
  await copyFile(configFile, join(tmp, 'site.json'));
  files.push({ path: 'site.json', ...(await sha256File(join(tmp, 'site.json'))) });
  if (config.logo) {
    const rel = relative(dirname(configFile), config.logo).split(sep).join('/');
    if (SAFE_PATH.test(rel) && rel !== MANIFEST && !rel.startsWith('blobs/') && !rel.startsWith('archive.')) {
      await mkdir(dirname(join(tmp, rel)), { recursive: true });
      await copyFile(config.logo, join(tmp, rel));
      files.push({ path: rel, ...(await sha256File(join(tmp, rel))) });
    } else {
      io.say(
        `dateline: the logo ${config.logo} lies outside the configuration's folder and is not in the backup; keep a copy of it yourself.`,
      );
    }
  }
}

/** Writes a consistent copy of the archive at `at` to the new (or empty) folder `dest`. */
export async function makeBackup(
  dest: string,
  at: BackupLocation,
  version: string,
  io: BackupIo,
): Promise<BackupSummary> {
  if (await isNonEmptyDir(dest)) {
    throw new ArchiveError(
      'USAGE',
      `${dest} already exists and is not empty; a backup goes into a new (or empty) folder. Name another one.`,
    );
  }
  const { database, blobs, blobsFolder } = backupOf(at);
  const tmp = `${dest}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    const files: BackupManifestFile[] = [];
    const snap = await database.snapshot(tmp, io.say);
    files.push({ path: database.file, ...(await sha256File(join(tmp, database.file))) });
    if (blobs) await copyBlobs(blobs, blobsFolder!, tmp, snap.referenced, files, io);
    await copySite(at.configFile ? resolve(at.configFile) : join(at.dataDir, 'site.json'), tmp, files, io);
    const manifest: BackupManifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      backend: database.backend,
      created: new Date().toISOString(),
      dateline: version,
      ...snap.manifest,
      editions: snap.editions,
      articles: snap.articles,
      blobs: snap.referenced.size,
      files,
    };
    await fsyncTree(tmp);
    // The manifest is written last: a folder without one is not a finished backup.
    await writeDurably(join(tmp, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
    await fsyncPath(tmp);
    if (existsSync(dest)) await rm(dest, { recursive: true }); // empty, checked above
    await rename(tmp, dest);
    await fsyncPath(dirname(dest));
    return {
      dest,
      editions: snap.editions,
      articles: snap.articles,
      blobs: snap.referenced.size,
      blobsInDump: snap.manifest.blobsInDatabase === true,
    };
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Restores the verified backup `src` (verifyBackup) to `at`: the backend puts its database beside the
 * target, the PDFs follow, the archive is checked (its report given to `report` either way), and only an
 * archive that checks clean replaces the old one.
 */
export async function restoreBackup(
  src: string,
  manifest: BackupManifest,
  at: BackupLocation,
  force: boolean,
  io: BackupIo & { report(r: CheckReport): void },
): Promise<CheckReport> {
  const { db, dataDir } = at;
  if (manifest.backend === 'sqlite' && db) {
    throw new ArchiveError(
      'USAGE',
      `${src} is a backup of a SQLite archive: restore it into a data folder (--data DIR), then copy it to PostgreSQL with dateline migrate.`,
    );
  }
  if (manifest.backend === 'postgres' && !db) {
    throw new ArchiveError(
      'USAGE',
      `${src} is a backup of a PostgreSQL archive: name the database with --db postgres://…?schema=NAME (or DATELINE_DB).`,
    );
  }
  if (manifest.backend === 'sqlite' && at.blobs) {
    throw new ArchiveError(
      'USAGE',
      'A SQLite backup restores its PDFs into DIR/blobs; --blobs is for PostgreSQL.',
    );
  }
  if (!isAbsolute(dataDir)) throw new ArchiveError('USAGE', `${dataDir} is not a folder path.`);
  const pending = await backupOf(at).database.restore({ folder: src, manifest, force, ...io });
  try {
    const archive = await openArchive(pending.location);
    let report: CheckReport;
    try {
      if (!pending.blobsRestored) {
        const blobFiles = manifest.files.filter((f) => f.path.startsWith('blobs/'));
        const progress = io.progress('blobs');
        for (const [i, f] of blobFiles.entries()) {
          const key = await archive.blobs.put(await readFile(join(src, f.path)));
          if (!KEY.test(key) || key !== f.sha256)
            throw new ArchiveError('INTEGRITY', `${f.path} changed while it was restored.`);
          progress.update(i + 1, blobFiles.length);
        }
        progress.finish();
      }
      report = await checkArchive(archive);
    } finally {
      await archive.close();
    }
    io.report(report);
    if (!report.ok) {
      throw new ArchiveError(
        'INTEGRITY',
        `The archive in ${src} fails its check (errors above); ${pending.target} was left as it was.`,
      );
    }
    await pending.commit();
    return report;
  } catch (err) {
    await pending.abort();
    throw err;
  }
}
