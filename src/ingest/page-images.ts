/** Page images of a bulletin, rendered from its PDF on first request and kept as derived blobs. */
import { ArchiveError } from '../core/errors.js';
import type { Edition } from '../core/types.js';
import type { BlobStore } from '../store/ports.js';
import { renderPagePng } from './pdf-render.js';

/** PNG of page `n` at `width` pixels, from the cache or rendered now. */
export async function pageImage(
  blobs: BlobStore,
  edition: Edition,
  n: number,
  width: number,
): Promise<Buffer> {
  const name = `p${n}-w${width}.png`;
  const cached = await blobs.getDerived(edition.pdfKey, name);
  if (cached) return cached;
  const pdf = await blobs.get(edition.pdfKey);
  if (!pdf)
    throw new ArchiveError(
      'NOT_FOUND',
      `The PDF of ${edition.date} is missing from the blob store; run the ingest again.`,
    );
  const png = await renderPagePng(pdf, n, width);
  await blobs.putDerived(edition.pdfKey, name, png);
  return png;
}
