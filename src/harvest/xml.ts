/** Minimal XML writing: escaping for text and attributes. */

/** Escapes text or an attribute value; drops characters XML 1.0 cannot carry. */
export function xml(s: string | number): string {
  return String(s)
    .replace(/[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
