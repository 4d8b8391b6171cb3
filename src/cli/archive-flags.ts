/** The options that say which archive a command opens (--data, --db, --blobs, --config) and the one way to open it. */
import {
  type Archive,
  type ArchiveOptions,
  blobsFolder,
  hidePassword,
  openArchive,
  parsePgUrl,
  resolveDataDir,
  resolveDb,
} from '../app.js';

/** The parseArgs options of every command that opens an archive. */
export const archiveOptions = {
  data: { type: 'string' },
  db: { type: 'string' },
  blobs: { type: 'string' },
  config: { type: 'string' },
} as const;

/** One help line for each of `archiveOptions`: the value it takes and what it does. */
export const archiveOptionHelp = {
  data: ['DIR', 'the data folder: archive.sqlite, blobs/, site.json (default ./data, or DATELINE_DATA)'],
  db: ['postgres://…', 'keep the archive in PostgreSQL instead of DATA/archive.sqlite (or DATELINE_DB)'],
  blobs: ['DIR|database', 'where the PDFs live (default DATA/blobs; with --db, in the database)'],
  config: ['FILE', 'the site configuration (default DATA/site.json)'],
} as const;

/** The values of `archiveOptions` as parsed. */
export interface ArchiveFlags {
  data?: string;
  db?: string;
  blobs?: string;
  config?: string;
}

/** Where the flags (or DATELINE_DATA and DATELINE_DB, or the defaults) put the archive. */
export interface ArchiveLocation {
  dataDir: string;
  db?: string;
  blobs?: string;
  configFile?: string;
}

/** Resolves the flags against the environment and the defaults. */
export function archiveLocation(flags: ArchiveFlags): ArchiveLocation {
  return {
    dataDir: resolveDataDir(flags.data),
    db: resolveDb(flags.db),
    blobs: flags.blobs,
    configFile: flags.config,
  };
}

/** Opens the archive the flags name; `extra` carries a command's own archive options (OCR mode, limits…). */
export function openArchiveFromFlags(
  flags: ArchiveFlags,
  extra: Omit<ArchiveOptions, keyof ArchiveLocation> = {},
): Promise<Archive> {
  return openArchive({ ...archiveLocation(flags), ...extra });
}

/** A word as a shell reads it: quoted when it holds anything but plain path characters. */
function shellWord(s: string): string {
  return /^[\w./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The options that open this same archive again, as a shell command line's words (its password hidden). */
export function archiveArgs(flags: ArchiveFlags): string {
  const at = archiveLocation(flags);
  const words: string[] = [];
  if (!at.db || flags.data !== undefined) words.push('--data', shellWord(at.dataDir));
  if (at.db) words.push('--db', shellWord(hidePassword(at.db)));
  if (at.blobs) words.push('--blobs', shellWord(at.blobs));
  if (at.configFile) words.push('--config', shellWord(at.configFile));
  return words.join(' ');
}

/** What a server's banner names: the data folder, or the database (no password) and where its PDFs live. */
export function describeLocation(at: ArchiveLocation): string {
  if (!at.db) return at.dataDir;
  const { connectionString, schema } = parsePgUrl(at.db);
  const blobs = blobsFolder(at);
  const where = blobs ? `PDFs in ${blobs}` : 'PDFs in the database';
  return `the PostgreSQL archive ${hidePassword(connectionString)} (schema ${schema}, ${where})`;
}
