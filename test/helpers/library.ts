/** Where the impresso samples live, and a loud skip for tests that need them (they are not in the repository). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './ndnp-batch.js';

/** DATELINE_SHARED_DATA if set, else ../shared/data beside the repository, else /work/shared/data. */
const sharedData =
  [process.env.DATELINE_SHARED_DATA, join(repoRoot, '..', 'shared', 'data'), '/work/shared/data'].find(
    (d): d is string => !!d && existsSync(d),
  ) ?? join(repoRoot, '..', 'shared', 'data');

/** The impresso sample folder (see ../shared/data/impresso/SOURCE.md). */
export const impressoDir = join(sharedData, 'impresso');

/**
 * `false` when `sub` (under the impresso samples) is there; else the reason to skip, written to stderr at
 * once so a run without the samples says what it did not test.
 */
export function needSample(sub: string, what: string): false | string {
  const path = join(impressoDir, sub);
  if (existsSync(path)) return false;
  const why = `the impresso ${what} sample is missing at ${path}; put impresso-text-acquisition's sample_data there (see ../shared/data/impresso/SOURCE.md) to run these tests`;
  process.stderr.write(`\nSKIPPING the ${what} sample tests: ${why}\n\n`);
  return why;
}
