import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { blobsFolder } from '../app.js';
import { ArchiveError } from '../core/errors.js';
import { LIMIT_ENV } from '../ingest/input-limits.js';
import { archiveArgs, archiveLocation } from './archive-flags.js';
import { commandSpec, formatHelp, parseCommand } from './command-spec.js';
import { ingestSpec } from './ingest.command.js';
import { commandNames } from './main.js';

type AnySpec = Parameters<typeof formatHelp>[0];

/** Every spec the command modules export (a command added later is found too). */
async function allSpecs(): Promise<AnySpec[]> {
  const files = readdirSync(fileURLToPath(new URL('.', import.meta.url))).filter((f) =>
    f.endsWith('.command.ts'),
  );
  const modules = await Promise.all(files.map((f) => import(`./${f.replace(/\.ts$/, '.js')}`)));
  return modules.flatMap((m) =>
    Object.entries(m)
      .filter(([name]) => name.endsWith('Spec'))
      .map(([, spec]) => spec as AnySpec),
  );
}

test('every command has a spec, and its help gives each option one line and an example of itself', async () => {
  const specs = await allSpecs();
  assert.deepEqual(specs.map((s) => s.name).sort(), [...commandNames].sort());
  for (const spec of specs) {
    const help = formatHelp(spec);
    assert.match(help, new RegExp(`^Usage: dateline ${spec.name} `), spec.name);
    for (const name of [...Object.keys(spec.options), 'help']) {
      const lines = help.split('\n').filter((l) => new RegExp(`^ {2}(-\\w, )?--${name}\\b`).test(l));
      assert.equal(lines.length, 1, `${spec.name} --${name}: ${lines.join(' | ')}`);
    }
    assert.ok(spec.examples.length > 0, spec.name);
    assert.ok(
      spec.examples.every((e) => e === spec.name || e.startsWith(`${spec.name} `) || e.startsWith('ingest ')),
      spec.name,
    );
  }
});

test("ingest takes every input limit's flag", () => {
  const flags = Object.values(LIMIT_ENV).map((l) => l.flag);
  for (const flag of flags) assert.ok(flag in ingestSpec.options, flag);
});

const spec = commandSpec({
  name: 'try',
  args: '',
  about: 'A command for the test.',
  options: { data: { type: 'string' }, json: { type: 'boolean' } },
  help: { data: ['DIR', 'the folder'], json: ['', 'JSON'] },
  examples: ['try --data x'],
});

/** The USAGE error parseCommand throws for `args`, as its message. */
function usageError(args: string[]): string {
  try {
    parseCommand(spec, args);
  } catch (err) {
    assert.ok(err instanceof ArchiveError);
    assert.equal(err.code, 'USAGE');
    assert.equal(err.exitCode, 2);
    return err.message;
  }
  assert.fail(`no error for ${args.join(' ')}`);
}

test('a usage error names the option or argument and points to the help', () => {
  assert.equal(
    usageError(['--colour']),
    `Unknown option '--colour' for dateline try. See "dateline try --help".`,
  );
  assert.equal(usageError(['-x']), `Unknown option '-x' for dateline try. See "dateline try --help".`);
  assert.equal(
    usageError(['--data']),
    `Option --data needs a value (--data DIR). See "dateline try --help".`,
  );
  assert.equal(usageError(['--json=yes']), `Option --json takes no value. See "dateline try --help".`);
  assert.equal(
    usageError(['stray']),
    `dateline try takes no arguments; got "stray". See "dateline try --help".`,
  );
  const parsed = parseCommand(spec, ['--data', 'x', '--json']);
  assert.deepEqual({ ...parsed?.values }, { data: 'x', json: true });
  assert.deepEqual(parsed?.positionals, []);
});

test('blobs live in the folder named, else in the database with --db, else in DATA/blobs', () => {
  assert.equal(blobsFolder({ dataDir: '/a' }), '/a/blobs');
  assert.equal(blobsFolder({ dataDir: '/a', blobs: 'database' }), '/a/blobs');
  assert.equal(blobsFolder({ dataDir: '/a', blobs: '/pdfs' }), '/pdfs');
  assert.equal(blobsFolder({ dataDir: '/a', db: 'postgres://h/d' }), null);
  assert.equal(blobsFolder({ dataDir: '/a', db: 'postgres://h/d', blobs: 'database' }), null);
  assert.equal(blobsFolder({ dataDir: '/a', db: 'postgres://h/d', blobs: '/pdfs' }), '/pdfs');
});

test('the flags that open an archive again are quoted for a shell and hide a password', () => {
  assert.equal(archiveArgs({ data: '/srv/my data' }), `--data '/srv/my data'`);
  assert.equal(archiveArgs({ data: "/srv/o'brien" }), `--data '/srv/o'\\''brien'`);
  assert.equal(
    archiveArgs({ db: 'postgres://u:secret@h/d', blobs: '/pdfs' }),
    `--db 'postgres://u:***@h/d' --blobs /pdfs`,
  );
  assert.equal(archiveLocation({ db: '' }).db, undefined, 'an empty --db is no database');
});
