/**
 * `dateline backup DEST` and `dateline restore SRC`: a consistent copy of a running archive and its way back.
 *
 * A backup is a folder: the database (SQLite's online backup API, or `pg_dump -Fc` of the archive's schema),
 * the PDFs it refers to under blobs/ in the store's layout, site.json, and manifest.json written last with
 * the size and sha256 of every other file. It is built in DEST.partial-PID and renamed to DEST only when
 * complete, so a DEST that exists is a finished backup. Restore checks every file against the manifest
 * before it touches anything, builds the archive beside the target, checks it, then swaps it in.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { blobsFolder, openArchive } from '../app.js';
import { type CheckReport, checkArchive } from '../check/archive-check.service.js';
import { loadSiteConfig } from '../config/site-config.js';
import { ArchiveError } from '../core/errors.js';
import { FsBlobStore, writeDurably } from '../store/fs/fs-blob-store.js';
import { parsePgUrl } from '../store/postgres/postgres-database.js';
import { archiveLocation, archiveOptionHelp, archiveOptions, hidePassword } from './archive-flags.js';
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

export const MANIFEST = 'manifest.json';
const FORMAT = 'dateline-backup';
const FORMAT_VERSION = 1;
const KEY = /^[0-9a-f]{64}$/;
/** A file name in a backup: plain segments, no "..", nothing absolute. */
const SAFE_PATH = /^(?!.*(^|\/)\.\.?(\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

export interface Manifest {
  format: typeof FORMAT;
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
  files: ManifestFile[];
}

async function sha256File(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    h.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

/** Flushes a file or folder to disk. */
async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Every file under `root`, as slash-separated relative paths, sorted. */
async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.push(relative(root, join(e.parentPath, e.name)).split(sep).join('/'));
  }
  return out.sort();
}

async function isNonEmptyDir(path: string): Promise<boolean> {
  try {
    return (await readdir(path)).length > 0;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR') return true;
    throw err;
  }
}

/** Fsyncs every file and folder under `root` (and `root` itself). */
async function fsyncTree(root: string): Promise<void> {
  const dirs = new Set<string>([root]);
  for (const f of await listFiles(root)) {
    await fsyncPath(join(root, f));
    dirs.add(dirname(join(root, f)));
  }
  for (const d of dirs) await fsyncPath(d);
}

/** Runs a program to its end; ENOENT becomes the advice to install the PostgreSQL client tools. */
function run(
  program: string,
  args: string[],
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', (err) => {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        reject(
          new ArchiveError(
            'CONFIG',
            `${program} was not found. Backups of a PostgreSQL archive need the PostgreSQL client tools (pg_dump, pg_restore) of the server's major version or newer: install postgresql-client (e.g. apt-get install postgresql-client).`,
          ),
        );
      } else reject(err);
    });
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** Copies each referenced PDF from the live blob folder into `tmp/blobs`, checking its sha256 on the way. */
async function copyBlobs(
  from: string,
  tmp: string,
  referenced: Map<string, string>,
  files: ManifestFile[],
): Promise<void> {
  const source = new FsBlobStore(from);
  const progress = createProgress(process.stderr, 'blobs');
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
async function copySite(configFile: string, tmp: string, files: ManifestFile[]) {
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
      process.stderr.write(
        `dateline: the logo ${config.logo} lies outside the configuration's folder and is not in the backup; keep a copy of it yourself.\n`,
      );
    }
  }
}

/** SQLite: the online backup API copies the database as of one moment while writers go on. */
async function snapshotSqlite(dataDir: string, tmp: string) {
  const dbFile = join(dataDir, 'archive.sqlite');
  if (!existsSync(dbFile)) {
    throw new ArchiveError(
      'USAGE',
      `There is no archive in ${dataDir} (no archive.sqlite). Name the data folder with --data DIR, or the database with --db postgres://….`,
    );
  }
  const live = new Database(dbFile, { fileMustExist: true });
  try {
    live.pragma('busy_timeout = 5000');
    // After the first step, copy everything left in one step: one read transaction, so writers in other
    // processes cannot make it start over.
    await live.backup(join(tmp, 'archive.sqlite'), { progress: () => 0x7fffffff });
  } finally {
    live.close();
  }
  // The copy becomes a single self-contained file; its blob keys and counts are read from it, not the live one.
  const snap = new Database(join(tmp, 'archive.sqlite'));
  try {
    snap.pragma('journal_mode = DELETE');
    const editions = snap.prepare('SELECT date, pdf_key AS key FROM edition ORDER BY date').all() as {
      date: string;
      key: string;
    }[];
    const articles = (snap.prepare('SELECT count(*) AS n FROM article').get() as { n: number }).n;
    return { referenced: new Map(editions.map((e) => [e.key, e.date])), editions: editions.length, articles };
  } finally {
    snap.close();
  }
}

/**
 * PostgreSQL: one repeatable-read transaction exports its snapshot to pg_dump and reads the blob keys and
 * counts in the same snapshot, so the dump and the copied PDFs agree.
 */
async function snapshotPostgres(url: string, tmp: string, blobsDir: string | null) {
  const { connectionString, schema } = parsePgUrl(url);
  await run('pg_dump', ['--version']);
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (err) {
    throw new ArchiveError(
      'STORE',
      `Cannot reach the PostgreSQL database at ${hidePassword(connectionString)}: ${(err as Error).message}.`,
      { cause: err },
    );
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query('SELECT pg_export_snapshot() AS id')).rows[0].id as string;
    const exists = (await client.query('SELECT to_regclass($1) AS t', [`"${schema}".edition`])).rows[0].t;
    if (!exists) {
      throw new ArchiveError(
        'USAGE',
        `There is no archive in the schema "${schema}" of ${hidePassword(connectionString)}. Name it with ?schema=NAME on the URL.`,
      );
    }
    const editions = (
      await client.query(`SELECT date::text AS date, pdf_key AS key FROM "${schema}".edition ORDER BY date`)
    ).rows as { date: string; key: string }[];
    const articles = Number((await client.query(`SELECT count(*) AS n FROM "${schema}".article`)).rows[0].n);
    const referenced = new Map(editions.map((e) => [e.key, e.date]));
    if (!blobsDir) {
      const missing = await client.query(
        `SELECT e.date::text AS date, e.pdf_key AS key FROM "${schema}".edition e LEFT JOIN "${schema}".blob b ON b.key = e.pdf_key WHERE b.key IS NULL ORDER BY e.date LIMIT 1`,
      );
      if (missing.rows[0]) {
        throw new ArchiveError(
          'STORE',
          `blob ${missing.rows[0].key} (the PDF of ${missing.rows[0].date}) is missing from the database; no backup was made. Run dateline check, then ingest that bulletin again.`,
        );
      }
    }
    process.stderr.write(`dumping schema "${schema}" (${editions.length} bulletins)…\n`);
    const dump = await run('pg_dump', [
      '--format=custom',
      `--schema=${schema}`,
      `--snapshot=${snapshot}`,
      // Page images are a cache, remade on demand.
      `--exclude-table-data=${schema}.blob_derived`,
      '--no-owner',
      '--no-privileges',
      `--file=${join(tmp, 'archive.pgdump')}`,
      `--dbname=${connectionString}`,
    ]);
    if (dump.code !== 0) {
      throw new ArchiveError('STORE', `pg_dump failed; no backup was made:\n${dump.stderr.trim()}`);
    }
    return { referenced, editions: editions.length, articles, schema };
  } finally {
    await client.query('ROLLBACK').catch(() => {});
    await client.end().catch(() => {});
  }
}

/** Exits 0 when the backup is complete. */
export async function backupCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(backupSpec, args);
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new ArchiveError('USAGE', `Name the one folder to write the backup to.\n${usageLine(backupSpec)}`);
  }
  const dest = resolve(positionals[0]!);
  if (await isNonEmptyDir(dest)) {
    throw new ArchiveError(
      'USAGE',
      `${dest} already exists and is not empty; a backup goes into a new (or empty) folder. Name another one.`,
    );
  }
  const at = archiveLocation(values);
  const { dataDir, db } = at;
  const blobsDir = blobsFolder(at);
  const tmp = `${dest}.partial-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  try {
    const files: ManifestFile[] = [];
    const snap: { referenced: Map<string, string>; editions: number; articles: number; schema?: string } = db
      ? await snapshotPostgres(db, tmp, blobsDir)
      : await snapshotSqlite(dataDir, tmp);
    const dbName = db ? 'archive.pgdump' : 'archive.sqlite';
    files.push({ path: dbName, ...(await sha256File(join(tmp, dbName))) });
    if (blobsDir) await copyBlobs(blobsDir, tmp, snap.referenced, files);
    await copySite(at.configFile ? resolve(at.configFile) : join(dataDir, 'site.json'), tmp, files);
    const manifest: Manifest = {
      format: FORMAT,
      version: FORMAT_VERSION,
      backend: db ? 'postgres' : 'sqlite',
      created: new Date().toISOString(),
      dateline: datelineVersion(),
      ...(db ? { schema: snap.schema, blobsInDatabase: !blobsDir } : {}),
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
    process.stdout.write(
      `backed up ${snap.editions} bulletins, ${snap.articles} articles, ${snap.referenced.size} PDFs${
        db && !blobsDir ? ' (in the dump)' : ''
      } to ${dest}\n`,
    );
    return 0;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

/** Reads the manifest and checks every file it lists against its size and sha256; throws before anything is touched. */
export async function verifyBackup(src: string): Promise<Manifest> {
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
  let m: Manifest;
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
  const dbName = m.backend === 'sqlite' ? 'archive.sqlite' : 'archive.pgdump';
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

function printReport(report: CheckReport): void {
  for (const f of report.findings) process.stdout.write(`${f.severity.padEnd(7)} ${f.kind}: ${f.message}\n`);
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  process.stdout.write(
    `check: ${report.editions} bulletins, ${report.articles} articles, ${report.pages} pages, ${report.blobs} blobs: ${errors} errors, ${report.findings.length - errors} warnings\n`,
  );
}

/** SQLite: the data folder is built beside the target, checked, then swapped in by two renames. */
async function restoreSqlite(
  src: string,
  m: Manifest,
  dataDir: string,
  force: boolean,
): Promise<CheckReport> {
  if ((await isNonEmptyDir(dataDir)) && !force) {
    throw new ArchiveError(
      'USAGE',
      `${dataDir} is not empty. Restore into a new folder, or add --force to replace what is there (stop servers and workers using it first). Nothing was restored.`,
    );
  }
  const tmp = `${dataDir}.restoring-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  let report: CheckReport;
  try {
    const progress = createProgress(process.stderr, 'files');
    for (const [i, f] of m.files.entries()) {
      await mkdir(dirname(join(tmp, f.path)), { recursive: true });
      await copyFile(join(src, f.path), join(tmp, f.path));
      progress.update(i + 1, m.files.length);
    }
    progress.finish();
    await fsyncTree(tmp);
    const archive = await openArchive({ dataDir: tmp });
    try {
      report = await checkArchive(archive);
    } finally {
      await archive.close();
    }
    printReport(report);
    if (!report.ok) {
      throw new ArchiveError(
        'INTEGRITY',
        `The archive in ${src} fails its check (errors above); ${dataDir} was left as it was.`,
      );
    }
    const old = `${dataDir}.old-${process.pid}`;
    const hadTarget = existsSync(dataDir);
    if (hadTarget) await rename(dataDir, old);
    try {
      await rename(tmp, dataDir);
    } catch (err) {
      if (hadTarget) await rename(old, dataDir);
      throw err;
    }
    await fsyncPath(dirname(dataDir));
    if (hadTarget) await rm(old, { recursive: true, force: true });
    return report;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}

async function schemaState(client: pg.Client, schema: string): Promise<'absent' | 'empty' | 'used'> {
  const ns = await client.query('SELECT oid FROM pg_namespace WHERE nspname = $1', [schema]);
  if (!ns.rows[0]) return 'absent';
  const rel = await client.query('SELECT 1 FROM pg_class WHERE relnamespace = $1 LIMIT 1', [ns.rows[0].oid]);
  return rel.rows[0] ? 'used' : 'empty';
}

/**
 * PostgreSQL: pg_restore into the schema the dump holds, then a rename to the target schema when it is
 * another one. A target that exists is renamed aside first and dropped only once the restored one passes
 * its check; on any failure it is renamed back.
 */
async function restorePostgres(
  src: string,
  m: Manifest,
  url: string,
  dataDir: string,
  blobs: string | undefined,
  force: boolean,
): Promise<CheckReport> {
  const { connectionString, schema: target } = parsePgUrl(url);
  const dumped = m.schema;
  if (!dumped || !/^[a-z_][a-z0-9_]{0,62}$/.test(dumped)) {
    throw new ArchiveError(
      'INTEGRITY',
      `${join(src, MANIFEST)} does not name the dumped schema. Nothing was restored.`,
    );
  }
  if (m.blobsInDatabase === false && (!blobs || blobs === 'database')) {
    process.stderr.write(
      'dateline: the backup keeps the PDFs in a folder; they go into the database since no --blobs DIR was given.\n',
    );
  }
  await run('pg_restore', ['--version']);
  const siteFiles = m.files.filter((f) => f.path !== 'archive.pgdump' && !f.path.startsWith('blobs/'));
  for (const f of siteFiles) {
    if (existsSync(join(dataDir, f.path)) && !force) {
      throw new ArchiveError(
        'USAGE',
        `${join(dataDir, f.path)} exists; add --force to replace it with the backup's copy. Nothing was restored.`,
      );
    }
  }
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
  } catch (err) {
    throw new ArchiveError(
      'STORE',
      `Cannot reach the PostgreSQL database at ${hidePassword(connectionString)}: ${(err as Error).message}.`,
      { cause: err },
    );
  }
  let aside: string | null = null;
  let restored = false;
  try {
    const targetState = await schemaState(client, target);
    if (targetState === 'used' && !force) {
      throw new ArchiveError(
        'USAGE',
        `The schema "${target}" already holds tables. Restore into another schema (?schema=NAME), or add --force to replace it (stop servers and workers using it first). Nothing was restored.`,
      );
    }
    if (dumped !== target && (await schemaState(client, dumped)) !== 'absent') {
      throw new ArchiveError(
        'USAGE',
        `The backup holds the schema "${dumped}", which exists in this database, and pg_restore can only recreate a schema under the name it was dumped with. Restore into ?schema=${dumped} (with --force to replace it), into another database, or rename or drop "${dumped}" first. Nothing was restored.`,
      );
    }
    if (targetState !== 'absent') {
      aside = `dateline_old_${randomBytes(6).toString('hex')}`;
      await client.query(`ALTER SCHEMA "${target}" RENAME TO "${aside}"`);
    }
    // The schema is created here and its entry left out of the dump's list, so a dump of "public" restores too.
    const list = await run('pg_restore', ['--list', join(src, 'archive.pgdump')]);
    if (list.code !== 0)
      throw new ArchiveError('INTEGRITY', `pg_restore cannot read the dump:\n${list.stderr.trim()}`);
    const listFile = join(dirname(resolve(src)), `.${basename(src)}.restore-list-${process.pid}`);
    await writeFile(
      listFile,
      list.stdout
        .split('\n')
        .filter((l) => !/^\d+; \d+ \d+ SCHEMA - /.test(l))
        .join('\n'),
    );
    await client.query(`CREATE SCHEMA "${dumped}"`);
    restored = true;
    process.stderr.write(`restoring schema "${dumped}"${dumped !== target ? ` as "${target}"` : ''}…\n`);
    const r = await run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--use-list=${listFile}`,
      `--dbname=${connectionString}`,
      join(src, 'archive.pgdump'),
    ]).finally(() => rm(listFile, { force: true }));
    if (r.code !== 0) throw new ArchiveError('STORE', `pg_restore failed:\n${r.stderr.trim()}`);
    if (dumped !== target) await client.query(`ALTER SCHEMA "${dumped}" RENAME TO "${target}"`);
    const archive = await openArchive({ dataDir, db: url, blobs });
    let report: CheckReport;
    try {
      const blobFiles = m.files.filter((f) => f.path.startsWith('blobs/'));
      const progress = createProgress(process.stderr, 'blobs');
      for (const [i, f] of blobFiles.entries()) {
        const key = await archive.blobs.put(await readFile(join(src, f.path)));
        if (!KEY.test(key) || key !== f.sha256)
          throw new ArchiveError('INTEGRITY', `${f.path} changed while it was restored.`);
        progress.update(i + 1, blobFiles.length);
      }
      progress.finish();
      report = await checkArchive(archive);
    } finally {
      await archive.close();
    }
    printReport(report);
    if (!report.ok) {
      throw new ArchiveError(
        'INTEGRITY',
        `The archive in ${src} fails its check (errors above); the schema "${target}" was left as it was.`,
      );
    }
    for (const f of siteFiles) {
      const to = join(dataDir, f.path);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(join(src, f.path), `${to}.${process.pid}.tmp`);
      await fsyncPath(`${to}.${process.pid}.tmp`);
      await rename(`${to}.${process.pid}.tmp`, to);
    }
    if (aside) await client.query(`DROP SCHEMA "${aside}" CASCADE`);
    aside = null;
    restored = false;
    return report;
  } finally {
    if (restored) {
      await client.query(`DROP SCHEMA IF EXISTS "${dumped}" CASCADE`).catch(() => {});
      if (dumped !== target) await client.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`).catch(() => {});
    }
    if (aside) await client.query(`ALTER SCHEMA "${aside}" RENAME TO "${target}"`).catch(() => {});
    await client.end().catch(() => {});
  }
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
  const { db, dataDir } = archiveLocation(values);
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
  if (manifest.backend === 'sqlite' && values.blobs) {
    throw new ArchiveError(
      'USAGE',
      'A SQLite backup restores its PDFs into DIR/blobs; --blobs is for PostgreSQL.',
    );
  }
  if (!isAbsolute(dataDir)) throw new ArchiveError('USAGE', `${dataDir} is not a folder path.`);
  const report =
    manifest.backend === 'sqlite'
      ? await restoreSqlite(src, manifest, dataDir, values.force)
      : await restorePostgres(src, manifest, db!, dataDir, values.blobs, values.force);
  process.stdout.write(
    `restored ${report.editions} bulletins, ${report.articles} articles to ${db ? hidePassword(db) : dataDir}\n`,
  );
  return report.ok ? 0 : 1;
}
