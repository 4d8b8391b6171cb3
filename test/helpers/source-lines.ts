/** Lines of positioned words for the segmenter's unit tests, as a library's OCR or a text layer gives them. */
import type { SourceLine } from '../../src/core/types.js';

/** A line of words 5 points apart, `size` points high, half an em a letter, starting at x. */
export function line(text: string, x: number, y: number, size = 8): SourceLine {
  let cx = x;
  const words = text.split(' ').map((t) => {
    const w = { text: t, x: cx, y, w: t.length * size * 0.5, h: size };
    cx += w.w + 5;
    return w;
  });
  return { text, x, y, width: cx - 5 - x, height: size, words };
}
