/** Draws laid-out bulletin pages as a typewritten US Letter PDF with pdf-lib, byte-identical for the same input. */
import { PDFDocument, type PDFFont, StandardFonts, setWordSpacing } from 'pdf-lib';
import { parts } from './calendar.js';
import type { LayoutVariant, PrintedLine, Slot } from './layouts.js';

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
/** The least space left at the right edge of the page, in points. */
const RIGHT_MIN = 36;
/**
 * Word spacing (Tw) a hair under Courier's own: pdfjs ends a text item where the gap after a space is wider
 * than 0.6 em, which a Courier space equals, so rounding alone would split lines into words at some sizes.
 */
const WORD_SPACING = -0.01;

/** x of a line: left margin plus indent, right-aligned to the text block, or centred on it. */
function xOf(layout: LayoutVariant, l: PrintedLine, textWidth: number, charWidth: number): number {
  const blockWidth = layout.width * charWidth;
  if (l.align === 'center') return layout.left + (blockWidth - textWidth) / 2;
  if (l.align === 'right') return layout.left + blockWidth - textWidth;
  return layout.left + (l.indent ?? 0) * charWidth;
}

/**
 * Renders pages of line slots: one drawText per printed line, baselines `layout.leading` points apart from
 * `layout.top` below the page's top edge; blank slots are skipped, indents are x offsets (no leading spaces).
 * Metadata dates derive from the bulletin date (no clock is read).
 */
export async function writeBulletinPdf(
  layout: LayoutVariant,
  pages: Slot[][],
  date: string,
): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { y, m, d } = parts(date);
  const stamp = new Date(Date.UTC(y, m - 1, d, 17, 30, 0));
  doc.setCreationDate(stamp);
  doc.setModificationDate(stamp);
  doc.setProducer('Dateline demo generator');
  doc.setCreator('Dateline demo generator');
  const regular = await doc.embedFont(StandardFonts.Courier);
  const bold = await doc.embedFont(StandardFonts.CourierBold);
  const size = layout.fontSize;
  const charWidth = regular.widthOfTextAtSize('M', size);
  for (const slots of pages) {
    const page = doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    page.pushOperators(setWordSpacing(WORD_SPACING));
    slots.forEach((l, i) => {
      if (!l) return;
      const font: PDFFont = l.bold ? bold : regular;
      const textWidth = font.widthOfTextAtSize(l.text, size);
      const x = xOf(layout, l, textWidth, charWidth);
      if (x + textWidth > PAGE_WIDTH - RIGHT_MIN || x < 0) {
        throw new Error(`demo layout ${layout.id}: line too wide for the page: "${l.text}"`);
      }
      page.drawText(l.text, { x, y: PAGE_HEIGHT - layout.top - i * layout.leading, size, font });
    });
  }
  return doc.save();
}
