/** In-text cross-references ("See P. 3 for separate story.") found in article bodies and resolved. */
import type { ReferenceDraft } from '../core/types.js';
import { tokens } from '../text/normalize.js';

const REFERENCE =
  /\((?=[^()]{0,80}\b(?:[Ss]ee|[Rr]elated|[Cc]ontinued)\b)[^()]{0,80}?\b(?:P|Pp|Page|page|p)\.?\s*(\d{1,3})\b[^()]{0,40}\)/g;

/** Finds the references printed in a body, in order, unresolved. */
export function findReferences(body: string): ReferenceDraft[] {
  const out: ReferenceDraft[] = [];
  for (const m of body.matchAll(REFERENCE)) {
    const text = m[0];
    const kind = /continued/i.test(text) ? 'continued' : /related/i.test(text) ? 'related' : 'see';
    out.push({ text, kind, page: Number(m[1]), targetOrdinal: null });
  }
  return out;
}

interface Candidate {
  ordinal: number;
  headline: string;
  body: string;
  firstPage: number;
  lastPage: number;
}

const STOP = new Set(
  'the a an and of in on to for by with at from as is was are were be has have had that this it its his her their said will not'.split(
    ' ',
  ),
);

function content(text: string): Set<string> {
  return new Set(tokens(text).filter((t) => t.length > 2 && !STOP.has(t)));
}

/**
 * Resolves each reference to the article it means on the named page: an article starting on that page,
 * the one sharing most words with the referring article when several do; failing that, one running
 * across that page. Continuations point at the piece that carries on there. Unresolvable ones stay null.
 */
export function resolveReferences(
  articles: Candidate[],
  refsOf: (ordinal: number) => ReferenceDraft[],
): void {
  for (const src of articles) {
    const words = content(`${src.headline} ${src.body}`);
    for (const ref of refsOf(src.ordinal)) {
      const others = articles.filter((a) => a.ordinal !== src.ordinal);
      let pool = others.filter((a) => a.firstPage === ref.page);
      if (pool.length === 0) pool = others.filter((a) => a.firstPage <= ref.page && a.lastPage >= ref.page);
      if (pool.length === 0) continue;
      let best = pool[0]!;
      let bestScore = -1;
      for (const c of pool) {
        const cw = content(`${c.headline} ${c.body.slice(0, 600)}`);
        let score = 0;
        for (const w of cw) if (words.has(w)) score++;
        if (score > bestScore) {
          best = c;
          bestScore = score;
        }
      }
      ref.targetOrdinal = best.ordinal;
    }
  }
}
