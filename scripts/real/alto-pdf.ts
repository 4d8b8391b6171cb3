/** The ALTO drawing the evaluation uses is ingest's own (src/ingest/library/alto-pdf.ts): one drawing for both. */
export {
  type AltoPageWords,
  type AltoWord,
  altoPagesToPdf,
  type DrawStats,
  drawScaleReport,
  POINTS_PER_PIXEL,
  readAltoWords,
  toWinAnsi,
} from '../../src/ingest/library/alto-pdf.js';
