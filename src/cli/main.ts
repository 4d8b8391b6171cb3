/** The `dateline` command: dispatches to one file per command and turns errors into messages and exit codes. */
import { ArchiveError, toArchiveError } from '../core/errors.js';
import { datelineVersion } from './version.js';

type Run = (args: string[]) => Promise<number>;

/** Every command: a line for the list, and its module, loaded on demand so a quick command does not pay for the others' imports. */
const commands: Record<string, { summary: string; load: () => Promise<Run> }> = {
  ingest: {
    summary: 'ingest bulletin PDFs, NDNP batches and library deliveries (files or folders)',
    load: async () => (await import('./ingest.command.js')).ingestCommand,
  },
  serve: {
    summary: 'serve the archive over HTTP',
    load: async () => (await import('./serve.command.js')).serveCommand,
  },
  start: {
    summary: 'what npm start runs: the demo collection into an empty archive, then serve',
    load: async () => (await import('./serve.command.js')).startCommand,
  },
  export: {
    summary: 'every article as JSON Lines, or every page as ALTO XML',
    load: async () => (await import('./export.command.js')).exportCommand,
  },
  check: {
    summary: 'verify the index, the PDFs and the counts; exit 1 on damage',
    load: async () => (await import('./check.command.js')).checkCommand,
  },
  worker: {
    summary: 'run the ingest jobs queued in PostgreSQL (ingest --queue)',
    load: async () => (await import('./worker.command.js')).workerCommand,
  },
  migrate: {
    summary: 'copy an archive between a data folder and PostgreSQL, verified',
    load: async () => (await import('./migrate.command.js')).migrateCommand,
  },
  backup: {
    summary: 'a consistent copy of the archive while it runs',
    load: async () => (await import('./backup.command.js')).backupCommand,
  },
  restore: {
    summary: 'verify a backup, then put it back',
    load: async () => (await import('./backup.command.js')).restoreCommand,
  },
  reindex: {
    summary: 'rebuild the full-text index and the top-k lists of common words',
    load: async () => (await import('./reindex.command.js')).reindexCommand,
  },
  ocr: {
    summary: '--clear: drop saved OCR pages, so scans are read afresh',
    load: async () => (await import('./ocr.command.js')).ocrCommand,
  },
  token: {
    summary: 'create, list or revoke the admin tokens for uploads over HTTP',
    load: async () => (await import('./token.command.js')).tokenCommand,
  },
  demo: {
    summary: 'write the demo bulletins and their truth.json to a folder',
    load: async () => (await import('./demo.command.js')).demoCommand,
  },
};

/** The names of every command, in the order `dateline --help` lists them. */
export const commandNames = Object.keys(commands);

const usage = `Dateline: a searchable archive of daily news bulletins.

Usage: dateline COMMAND [options]

Commands:
${Object.entries(commands)
  .map(([name, c]) => `  ${name.padEnd(8)} ${c.summary}`)
  .join('\n')}

Run "dateline COMMAND --help" for a command's options and an example.
"dateline --version" prints the version.
`;

/** Runs a command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && Object.hasOwn(commands, command))
      return await (await commands[command]!.load())(rest);
    switch (command) {
      case 'help':
      case '--help':
      case '-h':
        // `dateline help COMMAND` is `dateline COMMAND --help`.
        if (rest[0] && Object.hasOwn(commands, rest[0])) return await main([rest[0], '--help']);
        process.stdout.write(usage);
        return 0;
      case 'version':
      case '--version':
      case '-V':
        process.stdout.write(`dateline ${datelineVersion()}\n`);
        return 0;
      case undefined:
        process.stderr.write(usage);
        return 2;
      default:
        throw new ArchiveError(
          'USAGE',
          command.startsWith('-')
            ? `Unknown option '${command}'. See "dateline --help".`
            : `Unknown command "${command}". See "dateline --help" for the commands.`,
        );
    }
  } catch (err) {
    const e = toArchiveError(err);
    process.stderr.write(`dateline: ${e.message}\n`);
    if (e.code === 'INTERNAL' && process.env.DATELINE_DEBUG)
      process.stderr.write(`${(err as Error).stack}\n`);
    return e.exitCode;
  }
}
