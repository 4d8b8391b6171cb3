/** Builds SourcePages from typed text, as a monospaced text layer would give them (7.2 pt per character, 12 pt lines). */
import type { SourceLine, SourcePage } from '../../src/core/types.js';

const CHAR = 6;
const LINE = 12;
const LEFT = 60;

/** Each page is a string; each text line becomes a positioned line, blank lines keep their space. */
export function typedPages(...pages: string[]): SourcePage[] {
  return pages.map((text, p) => {
    const lines: SourceLine[] = [];
    text.split('\n').forEach((raw, row) => {
      const trimmed = raw.trimEnd();
      if (!trimmed.trim()) return;
      const lead = trimmed.length - trimmed.trimStart().length;
      const x = LEFT + lead * CHAR;
      const y = 50 + row * LINE;
      const words = [...trimmed.matchAll(/\S+/g)].map((m) => ({
        text: m[0],
        x: LEFT + m.index * CHAR,
        y,
        w: m[0].length * CHAR,
        h: 10,
      }));
      lines.push({ text: trimmed.trim(), x, y, width: trimmed.trim().length * CHAR, height: 10, words });
    });
    return { number: p + 1, width: 612, height: 792, lines };
  });
}
