/** `dateline check [--data DIR] [--db postgres://…] [--json]`: verifies the archive's integrity and reports. */
import { checkArchive } from '../check/archive-check.service.js';
import { ArchiveError } from '../core/errors.js';
import { archiveOptionHelp, archiveOptions, openArchiveFromFlags } from './archive-flags.js';
import { commandSpec, parseCommand } from './command-spec.js';
import { createProgress } from './progress.js';

export const checkSpec = commandSpec({
  name: 'check',
  args: '',
  about:
    'Verifies the archive: the search index against the articles, every PDF against its checksum, the counts.\nExits 0 when there is no error (warnings allowed), 1 when there is one.',
  options: { ...archiveOptions, json: { type: 'boolean', default: false } },
  help: { ...archiveOptionHelp, json: ['', 'print the findings as one JSON object'] },
  examples: ['check --data ./data'],
});

/** Prints the findings; exits 0 when there is no error (warnings allowed), 1 when there is one. */
export async function checkCommand(args: string[]): Promise<number> {
  const parsed = parseCommand(checkSpec, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const archive = await openArchiveFromFlags(values);
  try {
    const progress = createProgress(process.stderr, 'blobs');
    const report = await checkArchive(archive, (step, done, total) => {
      if (step === 'blobs') progress.update(done, Math.max(done, total));
    });
    progress.finish();
    if (values.json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else {
      for (const f of report.findings)
        process.stdout.write(`${f.severity.padEnd(7)} ${f.kind}: ${f.message}\n`);
      const errors = report.findings.filter((f) => f.severity === 'error').length;
      process.stdout.write(
        `${report.editions} bulletins, ${report.articles} articles, ${report.pages} pages, ${report.blobs} blobs checked: ${
          errors
        } errors, ${report.findings.length - errors} warnings\n`,
      );
    }
    if (!report.ok && !values.json) {
      throw new ArchiveError(
        'INTEGRITY',
        'the archive has the errors listed above; see docs/operator.md#checking.',
      );
    }
    return report.ok ? 0 : 1;
  } finally {
    await archive.close();
  }
}
