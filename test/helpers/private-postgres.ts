/**
 * A private, throw-away PostgreSQL cluster for tests that restart or stop the database: the machine's
 * shared cluster (127.0.0.1:5432) serves other test files at the same time and is never restarted.
 * The cluster lives in a temporary folder owned by the `postgres` user (the server refuses to run as
 * root; when the tests run as root its commands run through `runuser -u postgres`), listens on a free
 * loopback port and trusts local connections. A cluster that cannot be made or started throws, never skips.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:PORT/postgres */
  url: string;
  port: number;
  /** `pg_ctl restart -m fast`: every connection is ended, the server is back when this resolves. */
  restart(): Promise<void>;
  /** `pg_ctl stop -m fast`: the server is down when this resolves. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server (killing its postmaster if pg_ctl cannot) and removes its folder. Safe to call twice. */
  destroy(): Promise<void>;
}

/** The folder of PostgreSQL's server programs (initdb, pg_ctl, postgres). */
export function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.DATELINE_TEST_PG_BIN) candidates.push(process.env.DATELINE_TEST_PG_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is not installed everywhere the server is: look in the usual places too.
  }
  for (const root of ['/usr/lib/postgresql', '/usr/pgsql']) {
    if (!existsSync(root)) continue;
    const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a) || b.localeCompare(a));
    for (const v of versions) candidates.push(join(root, v, 'bin'));
  }
  candidates.push('/usr/local/pgsql/bin', '/usr/local/bin', '/usr/bin');
  const found = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (!found) {
    throw new Error(
      `private PostgreSQL: no initdb and pg_ctl found (looked in ${candidates.join(', ')}); ` +
        'install the PostgreSQL server or set DATELINE_TEST_PG_BIN',
    );
  }
  return found;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Makes and starts a private cluster. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  const asRoot = process.getuid?.() === 0;
  const root = mkdtempSync(join(tmpdir(), 'dateline-private-pg-'));
  const data = join(root, 'data');
  const log = join(root, 'server.log');
  if (asRoot) {
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    } catch (err) {
      rmSync(root, { recursive: true, force: true });
      throw new Error('private PostgreSQL: the tests run as root and there is no "postgres" user to run it', {
        cause: err,
      });
    }
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);

  /** Runs a PostgreSQL program as the cluster's owner, without blocking the event loop (tests load a server meanwhile). */
  const run = (program: string, args: string[], timeoutMs = 60_000) =>
    new Promise<string>((resolve, reject) => {
      const [file, argv] = asRoot
        ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]]
        : [join(bin, program), args];
      execFile(file, argv, { cwd: root, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
        if (err) {
          let serverLog = '';
          try {
            serverLog = readFileSync(log, 'utf8').split('\n').slice(-20).join('\n');
          } catch {
            // no log yet
          }
          reject(
            new Error(
              `private PostgreSQL: ${program} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}` +
                (serverLog ? `\nserver log:\n${serverLog}` : ''),
            ),
          );
        } else resolve(stdout + stderr);
      });
    });

  let port = 0;
  const options = () => `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = async () => {
    await run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', options(), 'start']);
  };
  const postmasterPid = (): number | null => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  };
  let destroyed = false;
  /** Last resort when the test process ends without destroy(): no postmaster is left behind. */
  const onExit = () => {
    const pid = postmasterPid();
    if (pid) {
      try {
        process.kill(pid, 'SIGQUIT');
      } catch {
        // already gone
      }
    }
  };
  const destroy = async () => {
    if (destroyed) return;
    destroyed = true;
    process.off('exit', onExit);
    if (existsSync(join(data, 'postmaster.pid'))) {
      try {
        await run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop'], 40_000);
      } catch {
        const pid = postmasterPid();
        if (pid) {
          try {
            process.kill(pid, 'SIGKILL');
          } catch {
            // already gone
          }
        }
      }
    }
    rmSync(root, { recursive: true, force: true });
  };

  try {
    await run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync'], 120_000);
    // A free port may be taken between looking and listening: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await start();
        break;
      } catch (err) {
        if (attempt >= 3) throw err;
      }
    }
  } catch (err) {
    await destroy();
    throw err;
  }
  process.on('exit', onExit);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    restart: async () => {
      const args = ['-D', data, '-l', log, '-m', 'fast', '-w', '-t', '60', '-o', options(), 'restart'];
      await run('pg_ctl', args);
    },
    stop: async () => {
      await run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
    },
    start,
    destroy,
  };
}
