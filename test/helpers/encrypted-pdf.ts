/** Encrypted copies of test PDFs: made in-process with @cantoo/pdf-lib, or by qpdf for its own file layout. */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';

export type Cipher = 'AES-256' | 'AES-128' | 'RC4-128';

/**
 * `pdf` encrypted with `ownerPassword` and, when given, a `userPassword` needed to open it (none: it opens
 * without asking, as any viewer shows it). Printing only at low resolution, no copying: what owners set.
 */
export async function encryptPdf(
  pdf: Uint8Array,
  opts: { ownerPassword: string; userPassword?: string; cipher?: Cipher },
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.encrypt({
    ownerPassword: opts.ownerPassword,
    userPassword: opts.userPassword ?? '',
    algorithm: opts.cipher ?? 'AES-256',
    allowWeakCryptography: opts.cipher === 'RC4-128',
    permissions: { printing: 'lowResolution', copying: false, modifying: false },
  });
  return doc.save();
}

/**
 * `pdf` encrypted by qpdf (AES-256), which keeps the page tree in object streams, encrypted, as Acrobat
 * does: the layout pdf-lib alone cannot read. qpdf must be installed (`.ci/run` installs it); without it
 * this throws, so the test fails rather than passing untested.
 */
export async function qpdfEncrypt(
  pdf: Uint8Array,
  opts: { ownerPassword: string; userPassword?: string },
): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-qpdf-'));
  try {
    await writeFile(join(dir, 'in.pdf'), pdf);
    try {
      execFileSync(
        'qpdf',
        [
          '--object-streams=generate',
          '--encrypt',
          opts.userPassword ?? '',
          opts.ownerPassword,
          '256',
          '--',
          join(dir, 'in.pdf'),
          join(dir, 'out.pdf'),
        ],
        { stdio: 'pipe' },
      );
    } catch (err) {
      const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
      throw new Error(
        e.code === 'ENOENT'
          ? 'qpdf is not installed: apt-get install qpdf (.ci/run does)'
          : `qpdf failed: ${e.stderr?.toString() ?? e.message}`,
        { cause: err },
      );
    }
    return await readFile(join(dir, 'out.pdf'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
