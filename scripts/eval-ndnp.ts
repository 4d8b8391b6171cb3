/**
 * Article finding on real English newspaper pages: the front pages of the NDNP sample batch (The Omaha
 * Daily Bee, March 1887, seven columns), each scored against a hand-labelled page in
 * test/fixtures/ndnp-gold (labelled from the page image, not from this project's output).
 *
 * `node --import tsx scripts/eval-ndnp.ts [--verbose] [--reader=ingest|alto|model]`. The pages are read
 * from the shared data folder (../shared/data/ndnp) as the NDNP batch ingest reads them: the page PDF's
 * size, the library's ALTO, and the headlines read again from the page scan by tesseract (`ingest`, the
 * default); `alto` leaves the library's reading of the headlines as it is; `model` is the page model alone.
 */
import { access, readdir, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { rereadLibraryHeadlines } from '../src/ingest/headline-reread.js';
import { readAlto } from '../src/ingest/ndnp/alto-reader.js';
import { OcrPool } from '../src/ingest/ocr-pool.js';
import { newspaperArticles, toSourcePage } from '../src/segment/newspaper-articles.js';
import { segment } from '../src/segment/segmenter.js';
import { type Found, type GoldPage, type GoldScore, goldTable, scoreGoldPage } from './real/ndnp-gold.js';

const here = dirname(fileURLToPath(import.meta.url));
export const NDNP_ROOT = resolve(here, '../../shared/data');
export const GOLD_DIR = resolve(here, '../test/fixtures/ndnp-gold');

export interface NdnpPageResult {
  name: string;
  gold: GoldPage;
  found: Found[];
  score: GoldScore;
}

export type NdnpReader = 'ingest' | 'alto' | 'model';

/** Reads each labelled page and finds its articles as the NDNP ingest does. */
export async function evalNdnp(root = NDNP_ROOT, reader: NdnpReader = 'ingest'): Promise<NdnpPageResult[]> {
  const names = (await readdir(GOLD_DIR)).filter((n) => n.endsWith('.json')).sort();
  const out: NdnpPageResult[] = [];
  const pool = reader === 'ingest' ? new OcrPool(1, ['eng']) : null;
  try {
    for (const name of names) out.push(await evalPage(root, reader, name, pool));
  } finally {
    await pool?.close();
  }
  return out;
}

async function evalPage(root: string, reader: NdnpReader, name: string, pool: OcrPool | null) {
  {
    const gold = JSON.parse(await readFile(join(GOLD_DIR, name), 'utf8')) as GoldPage;
    const altoPath = join(root, gold.source);
    const pdfBytes = await readFile(altoPath.replace(/\.xml$/, '.pdf'));
    const pdf = await PDFDocument.load(pdfBytes, {
      ignoreEncryption: true,
      updateMetadata: false,
    });
    const { width, height } = pdf.getPage(0).getSize();
    const page = readAlto(await readFile(altoPath), altoPath, { width, height });
    const date = /(\d{4})(\d{2})(\d{2})\d{2}\//.exec(gold.source);
    const iso = date ? `${date[1]}-${date[2]}-${date[3]}` : '1887-01-01';
    const articles =
      reader === 'model'
        ? segment([toSourcePage(page, 0)], iso).articles
        : newspaperArticles([page], 'The Omaha Daily Bee', iso).articles;
    if (pool)
      await rereadLibraryHeadlines(articles, [toSourcePage(page, 0)], pdfBytes, (pgm) => pool.recognize(pgm));
    const found: Found[] = articles.map((a) => ({
      headline: a.headline,
      kicker: a.kicker,
      body: a.body,
      kind: a.kind,
    }));
    return { name: name.replace(/\.json$/, ''), gold, found, score: scoreGoldPage(gold, found) };
  }
}

/** The NDNP table as markdown; says loudly that it was skipped when the shared data is absent. */
export async function evaluateNdnp(
  root = NDNP_ROOT,
  reader: NdnpReader = 'ingest',
  given?: NdnpPageResult[],
): Promise<string> {
  try {
    await access(join(root, 'ndnp'));
  } catch {
    return `**NDNP SET SKIPPED: ${join(root, 'ndnp')} is absent (read from ../shared/data beside the repository), so no figures for the 1887 front pages were measured.**\n`;
  }
  const results = given ?? (await evalNdnp(root, reader));
  return goldTable(
    `## Real English front pages: NDNP sample, The Omaha Daily Bee 1887 (${results.length} pages, hand-labelled, test/fixtures/ndnp-gold)`,
    results,
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { verbose: { type: 'boolean', default: false }, reader: { type: 'string', default: 'ingest' } },
  });
  const reader: NdnpReader = values.reader === 'model' || values.reader === 'alto' ? values.reader : 'ingest';
  const results = await evalNdnp(NDNP_ROOT, reader);
  console.log(await evaluateNdnp(NDNP_ROOT, reader, results));
  if (!values.verbose) return;
  for (const r of results) {
    console.log(`\n## ${r.name}`);
    const scored = r.gold.articles.filter((a) => a.kind === 'article' || a.kind === 'notice');
    scored.forEach((g, k) => {
      const i = r.score.matchOf[k]!;
      console.log(
        `${i >= 0 ? `  ${String(i).padStart(3)}` : '  ---'} ${g.headline ?? '(no headline)'} | ${(g.firstWords ?? '').slice(0, 50)}`,
      );
    });
    console.log('found:');
    for (const [i, f] of r.found.entries())
      console.log(
        `  ${String(i).padStart(3)} [${f.kind ?? 'article'}] ${f.headline.slice(0, 60)} | ${f.body.slice(0, 50).replace(/\s+/g, ' ')}`,
      );
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
