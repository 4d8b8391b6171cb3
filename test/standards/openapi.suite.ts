/**
 * The OpenAPI document the demo archive serves, linted by Redocly's CLI with its recommended rules: no error
 * and no warning. The CLI runs offline (its telemetry and update check off).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import type { DemoServer } from '../helpers/demo-server.js';

const run = promisify(execFile);
let demo: DemoServer;
let dir: string;

/** The openapi checks, on the demo archive that `demoArchive` returns once the runner's `before` has made it. */
export function openApiSuite(demoArchive: () => DemoServer): void {
  describe('openapi', () => {
    before(async () => {
      demo = demoArchive();
      dir = await mkdtemp(join(tmpdir(), 'dateline-openapi-'));
    });
    after(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    interface Problem {
      ruleId: string;
      severity: string;
      message: string;
      location: { pointer: string }[];
    }

    /** Redocly's problems with a document, by `redocly lint --format=json` (it exits 1 when there are errors). */
    async function lint(doc: unknown): Promise<Problem[]> {
      const file = join(dir, 'openapi.json');
      await writeFile(file, JSON.stringify(doc));
      const cli = join(process.cwd(), 'node_modules', '.bin', 'redocly');
      const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' };
      const args = ['lint', '--extends=recommended', '--format=json', file];
      const { stdout } = await run(cli, args, { env }).catch((err: { stdout?: string }) => {
        if (!err.stdout) throw err;
        return { stdout: err.stdout };
      });
      return (JSON.parse(stdout) as { problems: Problem[] }).problems;
    }

    const summary = (ps: Problem[]) =>
      ps.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`);

    test('the served OpenAPI document is clean under Redocly’s recommended rules', async () => {
      const res = await fetch(`${demo.url}/api/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as Record<string, any>;
      assert.deepEqual(summary(await lint(doc)), []);
      // The lint can fail: the same document without its root security is refused.
      const { security: _, ...open } = doc;
      assert.ok(summary(await lint(open)).some((p) => p.startsWith('error security-defined')));
    });
  });
}
