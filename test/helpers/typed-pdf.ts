/** Writes typed text as a PDF with a text layer (Courier, one text run per line), for tests. */
import { PDFDocument, StandardFonts } from 'pdf-lib';

/** Each string is a page; lines keep their leading spaces as indentation. */
export async function typedPdf(pages: string[]): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Courier);
  for (const text of pages) {
    const page = doc.addPage([612, 792]);
    text.split('\n').forEach((line, row) => {
      const trimmed = line.trimEnd();
      if (!trimmed.trim()) return;
      const lead = trimmed.length - trimmed.trimStart().length;
      page.drawText(trimmed.trimStart(), { x: 60 + lead * 6, y: 750 - row * 12, size: 10, font });
    });
  }
  return doc.save();
}
