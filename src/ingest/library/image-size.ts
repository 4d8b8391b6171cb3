/** The pixel size of a JPEG or PNG page scan, read from its header (no decoding), or a clear error. */
import { ArchiveError } from '../../core/errors.js';

export interface ImageSize {
  width: number;
  height: number;
}

/** Width and height in pixels of a JPEG (its first SOF segment) or PNG (its IHDR). */
export function imageSize(bytes: Uint8Array, type: 'jpeg' | 'png', path: string): ImageSize {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bad = () =>
    new ArchiveError(
      'BAD_BATCH',
      `${path} is not a readable ${type.toUpperCase()} image (its header gives no size). Restore the page image from the delivery.`,
    );
  if (type === 'png') {
    if (b.length < 24 || b.toString('latin1', 1, 4) !== 'PNG' || b.toString('latin1', 12, 16) !== 'IHDR')
      throw bad();
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b[0] !== 0xff || b[1] !== 0xd8) throw bad();
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) throw bad();
    const marker = b[i + 1]!;
    // Start-of-frame markers C0–CF, except C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    i += 2 + b.readUInt16BE(i + 2);
  }
  throw bad();
}
