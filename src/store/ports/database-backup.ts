/** The backup port: a backend's own part of `dateline backup` and `restore`, and the manifest it fills. */

/** One file of a backup as its manifest lists it. */
export interface BackupManifestFile {
  /** Slash-separated path inside the backup folder. */
  path: string;
  size: number;
  sha256: string;
}

/** manifest.json of a backup folder, written last: a folder without one is not a finished backup. */
export interface BackupManifest {
  format: 'dateline-backup';
  version: number;
  backend: 'sqlite' | 'postgres';
  created: string;
  dateline: string;
  /** PostgreSQL: the schema the dump holds. */
  schema?: string;
  /** PostgreSQL: whether the PDFs are inside the dump (true) or in blobs/ (false). */
  blobsInDatabase?: boolean;
  editions: number;
  articles: number;
  blobs: number;
  files: BackupManifestFile[];
}

/** What a backend's snapshot holds, read from the same moment as the copy itself. */
export interface DatabaseSnapshot {
  /** The PDFs its editions refer to: blob key → the edition's date. */
  referenced: Map<string, string>;
  editions: number;
  articles: number;
  /** What the manifest records for this backend alone (PostgreSQL: its schema, where its PDFs are). */
  manifest: Pick<BackupManifest, 'schema' | 'blobsInDatabase'>;
}

/** What a restore is told: the verified backup, and how to report as it goes. */
export interface RestoreFrom {
  /** The backup folder, every file in it checked against `manifest`. */
  folder: string;
  manifest: BackupManifest;
  /** Replace an archive that is there. */
  force: boolean;
  say(line: string): void;
  progress(what: string): { update(done: number, total: number): void; finish(): void };
}

/** A restore put beside the archive it replaces, to be checked, then put in place or undone. */
export interface PendingRestore {
  /** Where the restored archive opens for its check. */
  readonly location: { dataDir: string; db?: string; blobs?: string };
  /** Whether the backup's PDFs came with the database; if not, they are put through the archive's blob store. */
  readonly blobsRestored: boolean;
  /** What is left as it was when the check fails, for messages ("./data", 'the schema "x"'). */
  readonly target: string;
  /** Puts the restored archive in place of the old one, which is then removed. */
  commit(): Promise<void>;
  /** Removes what the restore made and leaves the old archive as it was. */
  abort(): Promise<void>;
}

/**
 * A backend's own part of `dateline backup` and `restore` (src/backup/ does the rest: manifest, PDFs,
 * site files, checks): its database copied as of one moment while writers go on, and put back.
 */
export interface DatabaseBackup {
  readonly backend: BackupManifest['backend'];
  /** The database's file in a backup folder. */
  readonly file: string;
  /** Writes the database as of one moment to `folder`/`file`; throws USAGE when there is no archive. */
  snapshot(folder: string, say: (line: string) => void): Promise<DatabaseSnapshot>;
  /** Puts a backup's database beside this archive (throws USAGE before touching anything it may not replace). */
  restore(from: RestoreFrom): Promise<PendingRestore>;
}
