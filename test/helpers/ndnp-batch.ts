/** Builds small NDNP batches in a folder from the excerpt in test/fixtures/ndnp, for the malformed-batch tests. */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PDFDocument } from 'pdf-lib';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'ndnp');
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where the real sample batch lives: DATELINE_SHARED_DATA if set, else ../shared/data next to the
 * repository, else this workplace's /work/shared/data (a clone made elsewhere, as CI's may be).
 */
const sharedData =
  [process.env.DATELINE_SHARED_DATA, join(repoRoot, '..', 'shared', 'data'), '/work/shared/data'].find(
    (d): d is string => !!d && existsSync(d),
  ) ?? join(repoRoot, '..', 'shared', 'data');
export const sampleBatchDir = join(sharedData, 'ndnp', 'batch_nbu_manyissues_ver01');

let pdfBytes: Uint8Array | undefined;

/** One blank page of the sample's size; made once, so that the same batch written twice has the same bytes. */
async function blankPagePdf(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.addPage([1314.95, 1708.11]);
  return pdf.save();
}

export interface FixtureIssue {
  date: string;
  /** Replaces the page ALTO's text; null leaves the ALTO file out. */
  alto?: (xml: string) => string | null;
  mets?: (xml: string) => string;
}

/** Writes `dir/data/batch.xml` and one issue folder per entry (METS, ALTO, a one-page PDF); returns the issue METS paths. */
export async function writeFixtureBatch(dir: string, issues: FixtureIssue[]): Promise<string[]> {
  const mets = await readFile(join(fixtures, 'issue-mets.xml'), 'utf8');
  const alto = await readFile(join(fixtures, 'page-alto.xml'), 'utf8');
  pdfBytes ??= await blankPagePdf();
  const data = join(dir, 'data');
  const paths: string[] = [];
  const entries: string[] = [];
  for (const issue of issues) {
    const folder = `sn99021999/reel/${issue.date.replaceAll('-', '')}01`;
    await mkdir(join(data, folder), { recursive: true });
    const m = mets.replaceAll('1887-03-03', issue.date);
    await writeFile(join(data, folder, 'issue.xml'), issue.mets ? issue.mets(m) : m);
    const a = issue.alto ? issue.alto(alto) : alto;
    if (a !== null) await writeFile(join(data, folder, '0003.xml'), a);
    await writeFile(join(data, folder, '0003.pdf'), pdfBytes);
    paths.push(join(data, folder, 'issue.xml'));
    entries.push(
      `<issue lccn="sn99021999" issueDate="${issue.date}" editionOrder="1">${folder}/issue.xml</issue>`,
    );
  }
  await writeFile(
    join(data, 'batch.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>\n<batch xmlns="http://www.loc.gov/ndnp" name="batch_test_fixture">\n${entries.join('\n')}\n</batch>\n`,
  );
  return paths;
}
