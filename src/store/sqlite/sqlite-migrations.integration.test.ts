import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { migrations } from './sqlite-migrations.js';

const database = pathToFileURL(join(import.meta.dirname, 'sqlite-database.ts')).href;

/** A process that waits for the given moment, then opens (and so migrates) the archive file. */
function opener(file: string, at: number): Promise<{ code: number | null; output: string }> {
  const code = `const { openSqlite } = await import(${JSON.stringify(database)});
while (Date.now() < ${at}) {}
openSqlite(${JSON.stringify(file)}).close();`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (c) => resolve({ code: c, output }));
  });
}

test('processes opening a new archive at the same moment each migrate it once, and none fails', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-migrate-race-'));
  try {
    // Several rounds: the race is a matter of milliseconds (it failed one round in three before the fix).
    for (let round = 0; round < 4; round++) {
      const file = join(dir, `archive-${round}.sqlite`);
      // Node and tsx take a while to start: the moment is far enough ahead for all of them to be waiting.
      const at = Date.now() + 3000;
      const results = await Promise.all(Array.from({ length: 5 }, () => opener(file, at)));
      for (const r of results) assert.equal(r.code, 0, r.output);
      const db = new Database(file, { readonly: true });
      const versions = (
        db.prepare('SELECT version FROM schema_migration ORDER BY version').all() as {
          version: number;
        }[]
      ).map((r) => r.version);
      db.close();
      assert.deepEqual(
        versions,
        migrations.map((m) => m.version),
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
