/** `dateline demo DIR`: writes the generated demo bulletins and their ground truth to a folder. */
import { ArchiveError } from '../core/errors.js';
import { commandSpec, parseCommand, usageLine } from './command-spec.js';

export const demoSpec = commandSpec({
  name: 'demo',
  args: 'DIR',
  about:
    'Writes the 120 demo bulletins (PDFs generated the same way every time) and truth.json, the articles each\nholds, to the folder DIR. npm start ingests the same collection into an empty archive.',
  options: {},
  help: {},
  examples: ['demo ./demo-pdfs', 'ingest ./demo-pdfs --data ./demo'],
});

/** Exits 0 when the bulletins are written. */
export async function demoCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(demoSpec, args);
  if (!parsed) return 0;
  const [dir, ...extra] = parsed.positionals;
  if (!dir || extra.length > 0)
    throw new ArchiveError(
      'USAGE',
      `Name the one folder to write the demo bulletins to.\n${usageLine(demoSpec)}`,
    );
  const { writeDemoCollection } = await import('../demo/generator.js');
  const bulletins = await writeDemoCollection(dir);
  process.stdout.write(`Wrote ${bulletins.length} bulletins and truth.json to ${dir}\n`);
  return 0;
}
