/**
 * Backup and restore of a PostgreSQL archive with the server's own tools: `pg_dump -Fc` of the archive's
 * schema in the snapshot the blob keys are read from, and `pg_restore` into a schema beside the target that
 * is renamed into place once the restored archive passes its check.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import pg from 'pg';
import { ArchiveError } from '../../core/errors.js';
import { fsyncPath } from '../durable-files.js';
import type { DatabaseBackup, DatabaseSnapshot, PendingRestore, RestoreFrom } from '../ports.js';
import { hidePassword, parsePgUrl } from './postgres-database.js';

const FILE = 'archive.pgdump';

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

/** A connected client, or STORE naming the database that cannot be reached. */
async function connect(connectionString: string): Promise<pg.Client> {
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
  return client;
}

async function schemaState(client: pg.Client, schema: string): Promise<'absent' | 'empty' | 'used'> {
  const ns = await client.query('SELECT oid FROM pg_namespace WHERE nspname = $1', [schema]);
  if (!ns.rows[0]) return 'absent';
  const rel = await client.query('SELECT 1 FROM pg_class WHERE relnamespace = $1 LIMIT 1', [ns.rows[0].oid]);
  return rel.rows[0] ? 'used' : 'empty';
}

export class PostgresBackup implements DatabaseBackup {
  readonly backend = 'postgres';
  readonly file = FILE;

  /**
   * @param url the archive's postgres:// URL (its schema in ?schema=)
   * @param dataDir the data folder, which holds the site files
   * @param blobs the --blobs value: a folder the PDFs live in, or "database"/absent for the database
   */
  constructor(
    private readonly url: string,
    private readonly dataDir: string,
    private readonly blobs: string | undefined,
  ) {}

  private get blobsInDatabase(): boolean {
    return !this.blobs || this.blobs === 'database';
  }

  /**
   * One repeatable-read transaction exports its snapshot to pg_dump and reads the blob keys and counts in
   * the same snapshot, so the dump and the copied PDFs agree.
   */
  async snapshot(folder: string, say: (line: string) => void): Promise<DatabaseSnapshot> {
    const { connectionString, schema } = parsePgUrl(this.url);
    await run('pg_dump', ['--version']);
    const client = await connect(connectionString);
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
      const articles = Number(
        (await client.query(`SELECT count(*) AS n FROM "${schema}".article`)).rows[0].n,
      );
      const referenced = new Map(editions.map((e) => [e.key, e.date]));
      if (this.blobsInDatabase) {
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
      say(`dumping schema "${schema}" (${editions.length} bulletins)…`);
      const dump = await run('pg_dump', [
        '--format=custom',
        `--schema=${schema}`,
        `--snapshot=${snapshot}`,
        // Page images are a cache, remade on demand.
        `--exclude-table-data=${schema}.blob_derived`,
        '--no-owner',
        '--no-privileges',
        `--file=${join(folder, FILE)}`,
        `--dbname=${connectionString}`,
      ]);
      if (dump.code !== 0) {
        throw new ArchiveError('STORE', `pg_dump failed; no backup was made:\n${dump.stderr.trim()}`);
      }
      return {
        referenced,
        editions: editions.length,
        articles,
        manifest: { schema, blobsInDatabase: this.blobsInDatabase },
      };
    } finally {
      await client.query('ROLLBACK').catch(() => {});
      await client.end().catch(() => {});
    }
  }

  /**
   * pg_restore into the schema the dump holds, then a rename to the target schema when it is another one.
   * A target that exists is renamed aside first and dropped only once the restored one passes its check
   * (commit, which also puts the site files in the data folder); on any failure it is renamed back.
   */
  async restore({ folder: src, manifest: m, force, say }: RestoreFrom): Promise<PendingRestore> {
    const { connectionString, schema: target } = parsePgUrl(this.url);
    const dataDir = this.dataDir;
    const dumped = m.schema;
    if (!dumped || !/^[a-z_][a-z0-9_]{0,62}$/.test(dumped)) {
      throw new ArchiveError(
        'INTEGRITY',
        `${join(src, 'manifest.json')} does not name the dumped schema. Nothing was restored.`,
      );
    }
    if (m.blobsInDatabase === false && this.blobsInDatabase) {
      say(
        'dateline: the backup keeps the PDFs in a folder; they go into the database since no --blobs DIR was given.',
      );
    }
    await run('pg_restore', ['--version']);
    const siteFiles = m.files.filter((f) => f.path !== FILE && !f.path.startsWith('blobs/'));
    for (const f of siteFiles) {
      if (existsSync(join(dataDir, f.path)) && !force) {
        throw new ArchiveError(
          'USAGE',
          `${join(dataDir, f.path)} exists; add --force to replace it with the backup's copy. Nothing was restored.`,
        );
      }
    }
    const client = await connect(connectionString);
    let aside: string | null = null;
    let restored = false;
    const undo = async () => {
      if (restored) {
        await client.query(`DROP SCHEMA IF EXISTS "${dumped}" CASCADE`).catch(() => {});
        if (dumped !== target)
          await client.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`).catch(() => {});
      }
      if (aside) await client.query(`ALTER SCHEMA "${aside}" RENAME TO "${target}"`).catch(() => {});
      await client.end().catch(() => {});
    };
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
      const list = await run('pg_restore', ['--list', join(src, FILE)]);
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
      say(`restoring schema "${dumped}"${dumped !== target ? ` as "${target}"` : ''}…`);
      const r = await run('pg_restore', [
        '--no-owner',
        '--no-privileges',
        '--single-transaction',
        '--exit-on-error',
        `--use-list=${listFile}`,
        `--dbname=${connectionString}`,
        join(src, FILE),
      ]).finally(() => rm(listFile, { force: true }));
      if (r.code !== 0) throw new ArchiveError('STORE', `pg_restore failed:\n${r.stderr.trim()}`);
      if (dumped !== target) await client.query(`ALTER SCHEMA "${dumped}" RENAME TO "${target}"`);
    } catch (err) {
      await undo();
      throw err;
    }
    return {
      location: { dataDir, db: this.url, blobs: this.blobs },
      blobsRestored: false,
      target: `the schema "${target}"`,
      abort: undo,
      commit: async () => {
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
        await client.end().catch(() => {});
      },
    };
  }
}
