/**
 * The `tesseract` command as the OCR engine (native-ocr.ts) against tesseract.js on the same scanned
 * page. CI installs the command (`tesseract-ocr`); without it the first test fails and says so.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { SourcePage } from '../core/types.js';
import { scannedCopy } from '../demo/scan.js';
import { findNativeTesseract } from './native-ocr.js';
import { engineFromEnv, OcrPool } from './ocr-pool.js';
import { ocrCacheKey, readBulletin } from './ocr-reader.js';

const HEADLINE = 'REFUGEE SHIP REACHES HAIFA AFTER SIX WEEKS';
const BODY = [
  'HAIFA, March 14 (JTA) -- The steamer carrying three hundred',
  'refugees from Vienna and Prague reached the harbour today after',
  'six weeks at sea. Port officials said the passengers would be',
  'landed tomorrow morning under the new immigration schedule.',
  'Relief committees of Tel Aviv and Jerusalem sent food, blankets',
  'and doctors to the quay, where relatives waited through the night.',
];

let scan: Uint8Array;
let hash: string;
const pools: OcrPool[] = [];
before(async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Courier);
  const page = doc.addPage([612, 792]);
  page.drawText(HEADLINE, { x: 72, y: 700, size: 12, font });
  for (const [i, line] of BODY.entries()) page.drawText(line, { x: 72, y: 660 - i * 16, size: 11, font });
  scan = await scannedCopy(await doc.save(), { dpi: 200 });
  hash = createHash('sha256').update(scan).digest('hex');
});
after(() => Promise.all(pools.map((p) => p.close())));

async function read(engine: 'native' | 'wasm'): Promise<{ pages: SourcePage[]; keys: string[] }> {
  const pool = new OcrPool(1, ['eng'], engine);
  pools.push(pool);
  const saved: string[] = [];
  const store = {
    ocrPages: async () => [],
    saveOcrPage: async (r: { sourceHash: string }) => void saved.push(r.sourceHash),
  };
  const { pages } = await readBulletin(scan, '1938-03-14.pdf', hash, {
    mode: 'auto',
    pool,
    store: store as never,
  });
  return { pages, keys: saved };
}

const words = (pages: SourcePage[]) =>
  pages.flatMap((p) => p.lines.flatMap((l) => l.words.map((w) => w.text.toLowerCase())));

test('the tesseract command reads a scanned page as tesseract.js does: same lines, nearly the same words', async (t) => {
  const found = await findNativeTesseract();
  assert.ok(found, 'no `tesseract` command 4.1 or newer: install it (apt-get install tesseract-ocr)');
  const native = await read('native');
  const wasm = await read('wasm');
  const [n, w] = [words(native.pages), words(wasm.pages)];
  const both = n.filter((x) => w.includes(x)).length;
  t.diagnostic(`tesseract ${found.version}: ${n.length} words, tesseract.js ${w.length}, ${both} alike`);
  assert.equal(native.pages[0]!.lines.length, wasm.pages[0]!.lines.length);
  assert.ok(both >= w.length * 0.9, `only ${both} of ${w.length} words alike`);
  for (const word of ['refugee', 'haifa', 'vienna', 'jerusalem', 'blankets'])
    assert.ok(
      n.some((x) => x.includes(word)),
      `native OCR missed "${word}": ${n.join(' ')}`,
    );
  // Boxes in points on the page, where the words were drawn (the headline 72 pt from the left, 92 from the top).
  const head = native.pages[0]!.lines[0]!;
  assert.ok(
    Math.abs(head.x - 72) < 6 && Math.abs(head.y - 82) < 10,
    JSON.stringify({ x: head.x, y: head.y }),
  );
  // Each engine's pages are saved under their own key: a switch of engine reads the file afresh.
  assert.deepEqual(wasm.keys, [ocrCacheKey(hash)]);
  assert.deepEqual(native.keys, [ocrCacheKey(hash, ['eng'], `tesseract ${found.version} native`)]);
});

test('DATELINE_OCR_ENGINE takes auto, native or wasm and refuses anything else by name', () => {
  assert.equal(engineFromEnv(undefined), 'auto');
  assert.equal(engineFromEnv('wasm'), 'wasm');
  assert.throws(
    () => engineFromEnv('fast'),
    /DATELINE_OCR_ENGINE is 'fast', which is no OCR engine: use auto, native, wasm/,
  );
});

test('without the command, auto reads with tesseract.js and native is refused with what to do', async () => {
  assert.equal(await findNativeTesseract('dateline-no-such-tesseract'), null);
  const before = process.env.DATELINE_TESSERACT;
  process.env.DATELINE_TESSERACT = 'dateline-no-such-tesseract';
  try {
    assert.deepEqual(await new OcrPool(1, ['eng'], 'auto').chosenEngine(), { kind: 'wasm' });
    await assert.rejects(
      new OcrPool(1, ['eng'], 'native').chosenEngine(),
      /no `tesseract` command 4\.1 or newer was found\. Install it \(Debian: apt-get install tesseract-ocr\)/,
    );
  } finally {
    if (before === undefined) delete process.env.DATELINE_TESSERACT;
    else process.env.DATELINE_TESSERACT = before;
  }
});
