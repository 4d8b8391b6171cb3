/**
 * Draws a PDF's pages in grey with poppler's `pdftoppm` (Debian's poppler-utils) where the machine has it,
 * for reading headlines again from a library page's scan (headline-reread.ts). pdf.js drew a 2,835 × 3,618
 * NDNP page scan (a JPEG) in 9-24 s and its PNG took 2-6 s more to decode, where `pdftoppm` gives the
 * grey pixels in under a second. Without the command, or where it fails, pdf.js draws the page as before
 * (pdf-render.ts). `DATELINE_PDF_RENDERER=pdfjs` keeps pdf.js; `DATELINE_PDFTOPPM` names the command.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GreyImage, greyImage } from './image-prep.js';
import { readPgm } from './ocr-regions.js';
import {
  checkRenderPixels,
  checkRenderWidth,
  type PageImage,
  pageImages,
  renderPagePng,
} from './pdf-render.js';

/** The `pdftoppm` command when it runs here (its version printed), else null; asked once a process. */
let found: Promise<string | null> | null = null;

export function findPdftoppm(): Promise<string | null> {
  if (process.env.DATELINE_PDF_RENDERER === 'pdfjs') return Promise.resolve(null);
  const command = process.env.DATELINE_PDFTOPPM || 'pdftoppm';
  found ??= new Promise((resolve) => {
    execFile(command, ['-v'], { timeout: 10_000 }, (err, stdout, stderr) =>
      resolve(!err && /pdftoppm version/i.test(`${stdout}\n${stderr}`) ? command : null),
    );
  });
  return found;
}

/** Grey pixels of one page, `width` × `height`. */
export interface PageDrawer {
  /** Which drew the pages: `pdftoppm` or `pdf.js`. */
  readonly kind: 'pdftoppm' | 'pdf.js';
  grey(pageNumber: number, width: number, height: number, maxWidth: number): Promise<GreyImage>;
  /** Each page's largest image, as pdf-render.ts `pageImages` gives them (`pdfimages -list` with poppler). */
  images(pageNumbers: number[]): Promise<Map<number, PageImage>>;
  close(): Promise<void>;
}

/**
 * A drawer for the pages of `pdf`: `pdftoppm` on a copy of the file in a temporary folder (removed by
 * `close`) when the command runs here, else pdf.js. A page `pdftoppm` cannot draw is drawn by pdf.js.
 */
export async function pageDrawer(pdf: Uint8Array): Promise<PageDrawer> {
  const byPdfJs = async (n: number, width: number, maxWidth: number) =>
    greyImage(await renderPagePng(pdf, n, width, maxWidth));
  const command = await findPdftoppm();
  if (!command)
    return {
      kind: 'pdf.js',
      grey: (n, width, _height, maxWidth) => byPdfJs(n, width, maxWidth),
      images: (numbers) => pageImages(pdf, numbers),
      close: async () => {},
    };
  const dir = await mkdtemp(join(tmpdir(), 'dateline-render-'));
  const file = join(dir, 'issue.pdf');
  await writeFile(file, pdf);
  return {
    kind: 'pdftoppm',
    async grey(n, width, height, maxWidth) {
      // The same bounds as pdf.js's drawing: a page box asking for more pixels is refused, not drawn.
      checkRenderWidth(width, maxWidth);
      checkRenderPixels(n, width, height);
      const args = ['-gray', '-f', String(n), '-l', String(n), '-scale-to-x', String(width)];
      args.push('-scale-to-y', String(height), file);
      const out = await run(command, args).catch(() => null);
      const image = out ? readPgm(out) : null;
      return image ?? byPdfJs(n, width, maxWidth);
    },
    async images(numbers) {
      const listed = await run(command.replace(/pdftoppm$/, 'pdfimages'), ['-list', file]).catch(() => null);
      return listed ? largestImages(listed.toString(), numbers) : pageImages(pdf, numbers);
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Runs the command and gives its standard output; rejects when it exits otherwise than with 0. */
function run(command: string, args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(Buffer.concat(chunks))
        : reject(new Error(`${command} exited ${code}: ${err.trim()}`)),
    );
  });
}

/**
 * The largest image of each of `numbers` in `pdfimages -list`'s table (page, num, type, width, height, …,
 * x-ppi, y-ppi, …): its pixels across, and the points across the page it is drawn (width / x-ppi × 72).
 */
export function largestImages(listing: string, numbers: number[]): Map<number, PageImage> {
  const wanted = new Set(numbers);
  const out = new Map<number, PageImage>();
  for (const row of listing.split('\n')) {
    const f = row.trim().split(/\s+/);
    const [page, , type, w] = [Number(f[0]), f[1], f[2], Number(f[3])];
    const ppi = Number(f[12]);
    if (!wanted.has(page) || !(type === 'image' || type === 'stencil') || !(w > 0) || !(ppi > 0)) continue;
    const image = { pixels: w, points: (w / ppi) * 72 };
    const best = out.get(page);
    if (!best || image.pixels * image.points > best.pixels * best.points) out.set(page, image);
  }
  return out;
}
