/**
 * Compiles a parsed query (search/query.ts) to a PostgreSQL tsquery (for to_tsquery('simple', …)), every
 * lexeme quoted so that no tsquery syntax a reader types can run.
 */
import type { Field, ParsedQuery, Term } from '../../search/query.js';

/** The tsvector weight each field is written with (store/postgres): headline A, byline B, place C. */
const WEIGHT: Record<Field, string> = { all: '', headline: 'A', byline: 'B', place: 'C' };
/** Proximity is spelled out as alternatives of exact distances; beyond this it is approximated by AND. */
export const PG_MAX_SLOP = 20;

/** Lexemes are folded letters and digits only (text/normalize), so quoting them is enough to keep them inert. */
function lexeme(w: string, field: Field, prefix = false): string {
  const label = `${prefix ? '*' : ''}${WEIGHT[field]}`;
  return `'${w.replaceAll("'", "''")}'${label ? `:${label}` : ''}`;
}

function term(t: Term): string {
  if (t.kind === 'phrase' && t.slop !== null) {
    if (t.words.length === 2 && t.slop <= PG_MAX_SLOP) {
      const [a, b] = t.words.map((w) => lexeme(w, t.field)) as [string, string];
      const alts: string[] = [];
      for (let k = 1; k <= t.slop + 1; k++) alts.push(`${a} <${k}> ${b}`, `${b} <${k}> ${a}`);
      return `(${alts.join(' | ')})`;
    }
    return `(${t.words.map((w) => lexeme(w, t.field)).join(' & ')})`;
  }
  const last = t.words.length - 1;
  const parts = t.words.map((w, i) => lexeme(w, t.field, t.kind === 'word' && t.prefix && i === last));
  return parts.length > 1 ? `(${parts.join(' <-> ')})` : parts[0]!;
}

/** Compiles a parsed query to a PostgreSQL tsquery (for to_tsquery('simple', …)). */
export function toTsQuery(q: ParsedQuery): string {
  return q.groups
    .map((g) => {
      if (g[0]!.negated) return `!${term(g[0]!)}`;
      return g.length > 1 ? `(${g.map(term).join(' | ')})` : term(g[0]!);
    })
    .join(' & ');
}
