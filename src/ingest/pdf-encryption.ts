/**
 * Encrypted PDFs. One with only an owner password opens in any viewer without asking (the empty user
 * password unlocks it), so it is read; one that needs a password to open is refused, saying how to remove it.
 */
import { ArchiveError } from '../core/errors.js';

const ENCRYPT = Buffer.from('/Encrypt', 'latin1');

/**
 * Whether the file may be encrypted: an encrypted PDF names its /Encrypt dictionary in the trailer or the
 * cross-reference stream's dictionary, and neither is ever compressed. A cheap look at the bytes; a false
 * alarm (the word in an uncompressed stream) only costs one parse.
 */
export function mayBeEncrypted(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPT);
}

/** The refusal of a file that needs a password to open, with the command that removes it. */
export function needsPassword(name: string, cause?: unknown): ArchiveError {
  return new ArchiveError(
    'ENCRYPTED_PDF',
    `${name} needs a password to open. With the password, save a copy without it, e.g. ` +
      `qpdf --decrypt --password=PASSWORD "${name}" decrypted.pdf, and ingest that copy.`,
    { cause },
  );
}

/**
 * Bytes that pdf-lib can read and write from: the file itself when it is not encrypted, or a decrypted copy
 * when it opens with the empty user password (an owner password only). pdf-lib (`ignoreEncryption`) would
 * see such a file's streams still encrypted and, where the page tree sits in an object stream (qpdf's and
 * Acrobat's usual layout), no pages at all; a page copied out of it would carry encrypted content into a
 * file without an /Encrypt dictionary. pdfjs decrypts by itself, so the original bytes stay what is read
 * for text, rendered and stored.
 *
 * Throws ENCRYPTED_PDF when a password is needed to open the file, and UNREADABLE_FILE when the file
 * cannot be decrypted here (another security handler, damage).
 */
export async function withoutOwnerPassword(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  if (!mayBeEncrypted(bytes)) return bytes;
  // Loaded on the first encrypted file: @cantoo/pdf-lib is 40 MB of a process's memory (through tsx), which a
  // server that only serves never needs (docs/performance.md).
  const {
    PDFDocument: DecryptingPdfDocument,
    PDFInvalidObject,
    PDFName,
    PDFRawStream,
  } = await import('@cantoo/pdf-lib');
  try {
    const probe = await DecryptingPdfDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false });
    if (!probe.isEncrypted) return bytes;
    const doc = await DecryptingPdfDocument.load(bytes, { password: '', updateMetadata: false });
    // The parsed file's own cross-reference streams (left as invalid objects: they were never encrypted, so
    // "decrypting" them spoils them) and object-stream containers would be written out again as objects, and
    // a reader that scans objects (pdf-lib does) takes the old /Encrypt from such a cross-reference stream.
    // Only the document's objects are kept; the /Encrypt dictionary goes too.
    const encrypt = probe.context.trailerInfo.Encrypt;
    for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
      const type = obj instanceof PDFRawStream ? obj.dict.get(PDFName.of('Type')) : undefined;
      if (
        ref === encrypt ||
        obj instanceof PDFInvalidObject ||
        type === PDFName.of('XRef') ||
        type === PDFName.of('ObjStm')
      ) {
        doc.context.delete(ref);
      }
    }
    return await doc.save();
  } catch (err) {
    // @cantoo/pdf-lib says so in these words when the empty password does not open the file.
    if (/needs password|password incorrect/i.test((err as Error)?.message ?? ''))
      throw needsPassword(name, err);
    throw new ArchiveError(
      'UNREADABLE_FILE',
      `${name} is encrypted in a way that cannot be undone here (${(err as Error)?.message ?? String(err)}). Save an unencrypted copy (e.g. qpdf --decrypt "${name}" decrypted.pdf) and ingest that.`,
      { cause: err },
    );
  }
}
