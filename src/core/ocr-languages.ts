/** The languages OCR can read (each shipped by an npm package of tesseract's data), and checking a choice of them. */
import { ArchiveError } from './errors.js';

/** The languages OCR can read, by tesseract's code, each from its own npm package (LSTM "best_int" models). */
export const OCR_LANGUAGES: Record<string, string> = {
  eng: 'English',
  nld: 'Dutch',
  deu: 'German',
  fra: 'French',
};

/**
 * Checks a list of OCR languages ("nld", "eng") and returns it; an unknown code is refused with the
 * codes there are. The first language is the page's main one; tesseract reads with all of them.
 */
export function ocrLanguages(codes: readonly string[], where: string): string[] {
  if (codes.length === 0) throw new ArchiveError('CONFIG', `${where}: name at least one OCR language.`);
  for (const c of codes) {
    if (!Object.hasOwn(OCR_LANGUAGES, c)) {
      const known = Object.entries(OCR_LANGUAGES)
        .map(([k, v]) => `${k} (${v})`)
        .join(', ');
      throw new ArchiveError(
        'CONFIG',
        `${where}: "${c}" is not an OCR language here; use one or more of ${known}.`,
      );
    }
  }
  return [...new Set(codes)];
}
