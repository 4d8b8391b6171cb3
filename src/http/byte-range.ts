/**
 * One `Range: bytes=…` header against a file's size (RFC 9110, 14.2): a single range gives its first and
 * last byte; several ranges, or a header this does not read, give the whole file (which the RFC allows);
 * a range wholly past the end is unsatisfiable (416).
 */
export type ByteRange = { start: number; end: number } | 'whole' | 'unsatisfiable';

export function byteRange(header: string | undefined, size: number): ByteRange {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header?.trim() ?? '');
  if (!m || (m[1] === '' && m[2] === '')) return 'whole';
  if (m[1] === '') {
    // The last N bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return 'unsatisfiable';
  if (end < start) return 'whole';
  return { start, end };
}
