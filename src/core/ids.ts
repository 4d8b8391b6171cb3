/** Stable article identities: the same article of the same date keeps its id across re-ingests. */
import { createHash } from 'node:crypto';
import { slugify, tokens } from '../text/normalize.js';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[bytes[i]! % 32];
  return out;
}

/**
 * Ids for the articles of one edition: `YYYYMMDD-` and six characters hashed from the date and the
 * headline's words, so reprocessing the same bulletin (even from a better scan) gives the same ids.
 * Repeated headlines within one date are told apart by their occurrence number.
 */
export function articleIds(date: string, headlines: string[], taken?: ReadonlySet<string>): string[] {
  const seen = new Map<string, number>();
  // Ids another edition holds (an article a reader moved to another date keeps its id) are skipped.
  const used = new Set<string>(taken);
  return headlines.map((headline) => {
    const key = tokens(headline).join(' ');
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    let salt = n;
    for (;;) {
      const digest = createHash('sha256').update(`${date}|${key}|${salt}`).digest();
      const id = `${date.replaceAll('-', '')}-${base32(digest, 6)}`;
      if (!used.has(id)) {
        used.add(id);
        return id;
      }
      salt += 1000;
    }
  });
}

/**
 * Candidate ids for an article a reader split off another (`from`, at its version `version`): the date's
 * prefix and six characters hashed from the headline and where it came from, so they do not meet the
 * ids an ingest gives. The store takes the first one no article or history holds.
 */
export function splitArticleIds(date: string, headline: string, from: string, version: number): string[] {
  const key = tokens(headline).join(' ');
  return Array.from({ length: 8 }, (_, salt) => {
    const digest = createHash('sha256').update(`${date}|${key}|split:${from}:${version}|${salt}`).digest();
    return `${date.replaceAll('-', '')}-${base32(digest, 6)}`;
  });
}

/** The public slug of an article: its headline's words then its id, so the id alone resolves it. */
export function articleSlug(headline: string, id: string): string {
  return `${slugify(headline, 60)}-${id}`;
}

/** The id at the end of a slug (or the slug itself when it is a bare id), else null. */
export function idFromSlug(slug: string): string | null {
  const m = /(\d{8}-[0-9a-z]{6})$/.exec(slug);
  return m ? m[1]! : null;
}
