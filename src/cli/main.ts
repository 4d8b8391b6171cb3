/** The `dateline` command: dispatches to one file per command and turns errors into messages and exit codes. */
import { ArchiveError, toArchiveError } from '../core/errors.js';

const usage = `Dateline: a searchable archive of daily news bulletins.

Usage: dateline ingest PATH... [--data DIR] [--db postgres://…] [--blobs DIR|database] [--ocr auto|always|never] [--queue] [--config FILE] [--json]
Usage: dateline serve [--data DIR] [--db postgres://…] [--blobs DIR|database] [--config FILE] [--host 127.0.0.1] [--port 3000]
Usage: dateline worker --db postgres://… [--blobs DIR|database] [--exit-when-idle]   (runs queued ingest jobs)
Usage: dateline migrate --from DIR|postgres://… --to DIR|postgres://…
Usage: dateline start [same options as serve]   (fills an empty archive with the demo collection first)
Usage: dateline export [--data DIR] [--out FILE | --alto DIR] [--from DATE] [--to DATE] [--origin URL]
Usage: dateline token create|list|revoke [--label NAME] [--data DIR] [--db postgres://…]   (admin tokens for HTTP writes)
Usage: dateline check [--data DIR] [--db postgres://…] [--json]   (verifies index, blobs, counts and checksums)
Usage: dateline ocr --clear [--data DIR] [--db postgres://…] [FILE...]   (drops saved OCR pages: all, or the files'; --help)
Usage: dateline backup DEST [--data DIR] [--db postgres://…] [--blobs DIR]   (a consistent copy while the archive runs)
Usage: dateline restore SRC [--data DIR] [--db postgres://…] [--blobs DIR] [--force]   (verifies a backup, then puts it back)
Usage: dateline demo DIR                         (writes the demo bulletins and their truth.json to DIR)`;

async function demoCommand(args: string[]): Promise<number> {
  const dir = args[0];
  if (!dir)
    throw new ArchiveError(
      'USAGE',
      'Name the folder to write the demo bulletins to.\nUsage: dateline demo DIR',
    );
  const { writeDemoCollection } = await import('../demo/generator.js');
  const bulletins = await writeDemoCollection(dir);
  process.stdout.write(`Wrote ${bulletins.length} bulletins and truth.json to ${dir}\n`);
  return 0;
}

/** Runs a command line; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      // Commands load on demand so a quick one does not pay for the others' imports.
      case 'ingest':
        return await (await import('./ingest.command.js')).ingestCommand(rest);
      case 'serve':
        return await (await import('./serve.command.js')).serveCommand(rest);
      case 'start':
        return await (await import('./serve.command.js')).startCommand(rest);
      case 'worker':
        return await (await import('./worker.command.js')).workerCommand(rest);
      case 'migrate':
        return await (await import('./migrate.command.js')).migrateCommand(rest);
      case 'export':
        return await (await import('./export.command.js')).exportCommand(rest);
      case 'token':
        return await (await import('./token.command.js')).tokenCommand(rest);
      case 'check':
        return await (await import('./check.command.js')).checkCommand(rest);
      case 'ocr':
        return await (await import('./ocr.command.js')).ocrCommand(rest);
      case 'backup':
        return await (await import('./backup.command.js')).backupCommand(rest);
      case 'restore':
        return await (await import('./backup.command.js')).restoreCommand(rest);
      case 'demo':
        return await demoCommand(rest);
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        process.stdout.write(`${usage}\n`);
        return command === undefined ? 2 : 0;
      default:
        throw new ArchiveError('USAGE', `Unknown command "${command}".\n${usage}`);
    }
  } catch (err) {
    // parseArgs reports unknown options with a TypeError carrying this code.
    const e =
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
      (err as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
        ? new ArchiveError('USAGE', `${(err as Error).message}\n${usage}`)
        : toArchiveError(err);
    process.stderr.write(`dateline: ${e.message}\n`);
    if (e.code === 'INTERNAL' && process.env.DATELINE_DEBUG)
      process.stderr.write(`${(err as Error).stack}\n`);
    return e.exitCode;
  }
}
