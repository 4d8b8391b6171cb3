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

/** A light stem, so "courts", "court" and "courtroom"'s neighbours "ruled"/"rules" meet. */
function stem(t: string): string {
  if (t.length > 5 && t.endsWith('ies')) return `${t.slice(0, -3)}y`;
  if (t.length > 5 && t.endsWith('ing')) return t.slice(0, -3);
  if (t.length > 5 && t.endsWith('ed')) return t.slice(0, -2);
  if (t.length > 4 && t.endsWith('es')) return t.slice(0, -2);
  if (t.length > 3 && t.endsWith('s') && !t.endsWith('ss')) return t.slice(0, -1);
  return t;
}

function content(text: string): Set<string> {
  return new Set(
    tokens(text)
      .filter((t) => t.length > 2 && !STOP.has(t))
      .map(stem),
  );
}

/**
 * Resolves each reference to the article it means on the named page: an article starting on that page
 * (failing that, one running across it); when several do, the one sharing most words with the sentences
 * just before the reference, then with the whole referring article. Unresolvable ones stay null.
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
      // The sentence just before a reference usually names what the other story is about.
      const at = src.body.indexOf(ref.text);
      const before = at >= 0 ? src.body.slice(Math.max(0, at - 300), at) : '';
      const context = content(
        before
          .split(/(?<=[.!?])\s+(?=[A-Z(])/)
          .slice(-2)
          .join(' '),
      );
      // Ranked by words shared with that sentence first, then with the whole referring article.
      let best = pool[0]!;
      let bestScore = [-1, -1];
      for (const c of pool) {
        const head = content(c.headline);
        // What a story is about is in its headline and its lead paragraph.
        const cw = content(`${c.headline} ${c.body.split(/\n\n/)[0]}`);
        let near = 0;
        let all = 0;
        for (const w of cw) {
          // A word of the other story's headline counts double: headlines say what a story is about.
          if (context.has(w)) near += head.has(w) ? 2 : 1;
          if (words.has(w)) all++;
        }
        if (near > bestScore[0]! || (near === bestScore[0] && all > bestScore[1]!)) {
          best = c;
          bestScore = [near, all];
        }
      }
      ref.targetOrdinal = best.ordinal;
    }
  }
}
