/**
 * pdfjs-dist, loaded once for every reader of PDFs in a process (text layer, page images, OCR input): its
 * minified legacy build, the same code as `legacy/build/pdf.mjs` at half the size and with no source map, and
 * its minified worker module, which pdfjs's fake worker (Node has no web workers) would otherwise import on the
 * first document opened. Source maps are off while they load: tsx turns them on, and Node then parses and keeps
 * pdfjs's maps (5.4 MB for the worker) for stack traces nobody reads. Through tsx, the readable build and its
 * worker loaded with maps on took a process from 75 to about 300 MB; these take it to about 145 MB
 * (docs/performance.md).
 */
export type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

const BUILD = 'pdfjs-dist/legacy/build/pdf.min.mjs';
const WORKER = 'pdfjs-dist/legacy/build/pdf.worker.min.mjs';

let loading: Promise<PdfJs> | null = null;

async function load(): Promise<PdfJs> {
  const maps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    // pdfjs's fake worker takes the worker module from here before it would import its own.
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker = await import(WORKER);
    return (await import(BUILD)) as PdfJs;
  } finally {
    process.setSourceMapsEnabled(maps);
  }
}

export function loadPdfJs(): Promise<PdfJs> {
  if (!loading) {
    loading = load();
    // A failed load is tried again by the next reader.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}
