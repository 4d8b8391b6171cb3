/**
 * Compiles a parsed query (search/query.ts) to an FTS5 MATCH expression, every word quoted so that no FTS5
 * syntax a reader types can run.
 */
import type { Field, ParsedQuery, Term } from '../../search/query.js';

const FTS_COLUMN: Record<Field, string> = {
  all: '',
  headline: 'headline : ',
  byline: 'byline : ',
  place: 'dateline_place : ',
};

function ftsTerm(t: Term): string {
  const quoted = (ws: string[]) => `"${ws.join(' ').replaceAll('"', '""')}"`;
  let s: string;
  if (t.kind === 'phrase' && t.slop !== null)
    s = `NEAR(${t.words.map((w) => quoted([w])).join(' ')}, ${t.slop})`;
  else if (t.kind === 'word' && t.prefix) s = `${quoted(t.words)}*`;
  else s = quoted(t.words);
  return `${FTS_COLUMN[t.field]}${s}`;
}

/** Compiles a parsed query to an FTS5 MATCH expression (columns: headline, body, byline, dateline_place). */
export function toFts5(q: ParsedQuery): string {
  const positive: string[] = [];
  const negative: string[] = [];
  for (const g of q.groups) {
    const parts = g.map(ftsTerm);
    if (g[0]!.negated) negative.push(parts[0]!);
    else positive.push(parts.length > 1 ? `(${parts.join(' OR ')})` : parts[0]!);
  }
  let expr = positive.join(' AND ');
  for (const n of negative) expr = `${expr} NOT ${n}`;
  return expr;
}
