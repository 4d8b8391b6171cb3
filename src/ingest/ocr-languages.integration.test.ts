import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openArchive } from '../app.js';
import { scannedCopy } from '../demo/scan.js';
import { ocrCacheKey } from './ocr-reader.js';

/** German words with umlauts and ß, which English OCR has no letters for. */
const WORDS = [
  'Flüchtlinge',
  'Österreich',
  'müssen',
  'über',
  'Größere',
  'jüdische',
  'München',
  'Köln',
  'Straße',
  'Bürger',
];
const BODY = [
  'WIEN, 14. März. Die Flüchtlinge aus Österreich müssen über die',
  'Grenze nach der Schweiz gehen. Größere Schwierigkeiten haben',
  'jüdische Familien aus München und Köln, die an der Straße',
  'warten. Die Bürger der Stadt bringen ihnen Brot und Decken.',
  'Die Flüchtlinge aus Österreich müssen über Nacht bleiben, und',
  'größere Gruppen jüdische Kinder kommen aus München und Köln.',
];

let dir: string;
let scan: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-ocr-lang-'));
  // A typed page in German, drawn by pdf-lib and scanned at 250 ppi (an image-only PDF).
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const page = doc.addPage([612, 792]);
  page.drawText('FLÜCHTLINGE AN DER GRENZE', { x: 72, y: 700, size: 12, font });
  for (const [i, line] of BODY.entries()) page.drawText(line, { x: 72, y: 660 - i * 16, size: 11, font });
  const pdf = await scannedCopy(await doc.save(), { dpi: 250 });
  scan = join(dir, '1938-03-14.pdf');
  await writeFile(scan, pdf);
});
after(() => rm(dir, { recursive: true, force: true }));

/** Ingests the scan into a new archive whose site.json names `languages`; returns its stored text. */
async function readWith(languages: string[] | null): Promise<string> {
  const data = await mkdtemp(join(dir, 'data-'));
  if (languages) await writeFile(join(data, 'site.json'), JSON.stringify({ ocrLanguages: languages }));
  const archive = await openArchive({ dataDir: data });
  try {
    const [report] = await archive.ingest.ingestPaths([scan]);
    assert.equal(report?.status, 'ingested', JSON.stringify(report));
    const edition = (await archive.store.getEdition('1938-03-14'))!;
    const articles = await archive.store.listArticles(edition.id);
    const texts = await Promise.all(articles.map(async (a) => (await archive.store.getArticle(a.id))!));
    return texts.map((a) => `${a.headlinePrinted}\n${a.body}`).join('\n');
  } finally {
    await archive.close();
  }
}

const found = (text: string) => WORDS.filter((w) => new RegExp(`\\b${w}\\b`, 'iu').test(text));

test('a German scan read with the German model keeps its umlauts and ß, where English OCR loses them', async (t) => {
  const german = found(await readWith(['deu']));
  const english = found(await readWith(null));
  t.diagnostic(
    `of ${WORDS.length} words: German OCR read ${german.length}, English ${english.length} (${english.join(', ')})`,
  );
  assert.ok(german.length >= 7, `German OCR read ${german.length} of ${WORDS.length}: ${german.join(', ')}`);
  assert.ok(
    german.length > english.length + 3,
    `German ${german.length}, English ${english.length}: ${english.join(', ')}`,
  );
});

test('pages read in other languages are recorded under their own key; English alone keeps the old one', () => {
  const hash = 'a'.repeat(64);
  assert.equal(ocrCacheKey(hash), ocrCacheKey(hash, ['eng']));
  assert.notEqual(ocrCacheKey(hash, ['deu']), ocrCacheKey(hash, ['eng']));
  assert.notEqual(ocrCacheKey(hash, ['deu', 'eng']), ocrCacheKey(hash, ['eng', 'deu']));
});
