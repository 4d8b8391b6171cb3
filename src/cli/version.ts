/** Dateline's version, as package.json gives it. */
import { readFileSync } from 'node:fs';

/** The package version, or "unknown" when package.json cannot be read. */
export function datelineVersion(): string {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}
