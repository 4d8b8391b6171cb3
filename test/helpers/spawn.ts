/** Runs the dateline command as a child process, for tests of several processes at once. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/dateline.js', import.meta.url));

export function datelineSync(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `dateline ARGS…` (with `env` added to this process's); its output is collected in `out`. */
export function datelineChild(
  args: string[],
  env: Record<string, string> = {},
): {
  child: ChildProcess;
  out: () => string;
  exited: Promise<number | null>;
} {
  const child = spawn(process.execPath, [BIN, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/**
 * `dateline ARGS…` run to its end without blocking this process meanwhile: a test that sends requests
 * while the command runs must not use datelineSync, which stops its event loop (its keep-alive sockets
 * then outlive the server's keep-alive time unseen, and the next request on one finds it closed).
 */
export async function datelineAsync(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; out: string }> {
  const c = datelineChild(args, env);
  const code = await c.exited;
  return { code, out: c.out() };
}

/** Waits until `check` is true, polling; fails after `ms`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  ms: number,
  what: string,
): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
