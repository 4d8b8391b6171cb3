/** Compiles a parsed query to a PostgreSQL tsquery (for to_tsquery('simple', …)). */
import type { ParsedQuery, Term } from './query.js';

/** Lexemes are folded letters and digits only (text/normalize), so quoting them is enough to keep them inert. */
const lexeme = (w: string) => `'${w.replaceAll("'", "''")}'`;

function term(t: Term): string {
  if (t.kind === 'phrase' || t.words.length > 1) {
    const inner = t.words.map(lexeme).join(' <-> ');
    return t.kind === 'word' && t.prefix ? `(${inner}:*)` : `(${inner})`;
  }
  return t.kind === 'word' && t.prefix ? `${lexeme(t.words[0]!)}:*` : lexeme(t.words[0]!);
}

export function toTsQuery(q: ParsedQuery): string {
  return q.groups
    .map((g) => {
      if (g[0]!.negated) return `!${term(g[0]!)}`;
      return g.length > 1 ? `(${g.map(term).join(' | ')})` : term(g[0]!);
    })
    .join(' & ');
}
