/**
 * `dateline backup DEST` and `dateline restore SRC`: the commands' options and what they print; the work is
 * src/backup/ (the manifest, the PDFs, the checks) and each backend's DatabaseBackup (store/sqlite,
 * store/postgres), chosen in app.ts.
 */
import { resolve } from 'node:path';
import { hidePassword } from '../app.js';
import { makeBackup, restoreBackup } from '../backup/backup.service.js';
import { verifyBackup } from '../backup/backup-manifest.js';
import type { CheckReport } from '../check/archive-check.service.js';
import { ArchiveError } from '../core/errors.js';
import { archiveLocation, archiveOptionHelp, archiveOptions } from './archive-flags.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';
import { createProgress } from './progress.js';
import { datelineVersion } from './version.js';

export const backupSpec = commandSpec({
  name: 'backup',
  args: 'DEST',
  about:
    'Writes a consistent copy of the archive (database, PDFs, site.json, a manifest of checksums) to the new\nfolder DEST while the archive keeps running.',
  options: archiveOptions,
  help: archiveOptionHelp,
  examples: ['backup /backups/2026-12-02 --data ./data'],
});

export const restoreSpec = commandSpec({
  name: 'restore',
  args: 'SRC',
  about:
    'Checks every file of the backup SRC against its manifest, rebuilds the archive beside the target, checks\nit, then puts it in place. A target that holds an archive is replaced only with --force.',
  options: {
    data: archiveOptions.data,
    db: archiveOptions.db,
    blobs: archiveOptions.blobs,
    force: { type: 'boolean', default: false },
  },
  help: {
    data: archiveOptionHelp.data,
    db: archiveOptionHelp.db,
    blobs: ['DIR', 'PostgreSQL: put the PDFs in this folder instead of the database'],
    force: ['', 'replace the archive that is there'],
  },
  examples: ['restore /backups/2026-12-02 --data ./data --force'],
});

/** Lines for the operator and progress bars go to stderr; results to stdout. */
const io = {
  say: (line: string) => {
    process.stderr.write(`${line}\n`);
  },
  progress: (what: string) => createProgress(process.stderr, what),
};

/** Exits 0 when the backup is complete. */
export async function backupCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(backupSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new ArchiveError('USAGE', `Name the one folder to write the backup to.\n${usageLine(backupSpec)}`);
  }
  const b = await makeBackup(resolve(positionals[0]!), archiveLocation(values), datelineVersion(), io);
  process.stdout.write(
    `backed up ${b.editions} bulletins, ${b.articles} articles, ${b.blobs} PDFs${
      b.blobsInDump ? ' (in the dump)' : ''
    } to ${b.dest}\n`,
  );
  return 0;
}

function printReport(report: CheckReport): void {
  for (const f of report.findings) process.stdout.write(`${f.severity.padEnd(7)} ${f.kind}: ${f.message}\n`);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  process.stdout.write(
    `check: ${report.editions} bulletins, ${report.articles} articles, ${report.pages} pages, ${report.blobs} blobs: ${errors} errors, ${report.findings.length - errors} warnings\n`,
  );
}

/** Exits 0 when the restored archive checks clean. */
export async function restoreCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(restoreSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new ArchiveError('USAGE', `Name the one backup folder to restore.\n${usageLine(restoreSpec)}`);
  }
  const src = resolve(positionals[0]!);
  const manifest = await verifyBackup(src);
  process.stderr.write(
    `verified ${manifest.files.length} files of a ${manifest.backend} backup made ${manifest.created} (${manifest.editions} bulletins, ${manifest.articles} articles)\n`,
  );
  const at = archiveLocation(values);
  const report = await restoreBackup(src, manifest, at, values.force, { ...io, report: printReport });
  process.stdout.write(
    `restored ${report.editions} bulletins, ${report.articles} articles to ${at.db ? hidePassword(at.db) : at.dataDir}\n`,
  );
  return report.ok ? 0 : 1;
}
