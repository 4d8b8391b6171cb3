/**
 * Compiles the bm25_idf() FTS5 extension (fts5-idf.c) into build/, against the SQLite headers
 * better-sqlite3 ships with. Run by `npm install` and `npm ci` (package.json "prepare"). Never fails the
 * install: without a C compiler search ranks with FTS5's own bm25(), as before (fts5-idf.ts says so once).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const suffix = { darwin: 'dylib', win32: 'dll' }[process.platform] ?? 'so';
const out = join(root, 'build', `fts5-idf.${suffix}`);
try {
  const headers = join(
    dirname(createRequire(import.meta.url).resolve('better-sqlite3/package.json')),
    'deps',
    'sqlite3',
  );
  if (!existsSync(join(headers, 'sqlite3ext.h'))) throw new Error(`no SQLite headers in ${headers}`);
  mkdirSync(dirname(out), { recursive: true });
  const cc = process.env.CC || 'cc';
  const shared =
    process.platform === 'darwin' ? ['-dynamiclib', '-undefined', 'dynamic_lookup'] : ['-shared'];
  // -ffp-contract=off: no fused multiply-adds, so the arithmetic is SQLite's to the bit.
  execFileSync(
    cc,
    [
      '-O2',
      '-fPIC',
      '-ffp-contract=off',
      ...shared,
      '-I',
      headers,
      join(root, 'src', 'store', 'sqlite', 'fts5-idf.c'),
      '-o',
      out,
      '-lm',
    ],
    { stdio: 'inherit' },
  );
  console.log(`fts5-idf: built ${out}`);
} catch (err) {
  console.warn(
    `fts5-idf: not built (${err.message.split('\n')[0]}); search ranks with FTS5's bm25() instead`,
  );
}
