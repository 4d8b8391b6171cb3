import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { longDate } from './calendar.js';
import {
  type DemoBulletin,
  generateDemoCollection,
  planDemoCollection,
  writeDemoCollection,
} from './generator.js';
import { LAYOUTS } from './layouts.js';

interface Item {
  text: string;
  x: number;
  y: number;
}

/** Each page's non-blank text items as pdfjs reads them, top to bottom and left to right. */
async function readPages(pdf: Uint8Array): Promise<Item[][]> {
  // pdfjs takes ownership of (detaches) the buffer it is given, so it gets a copy.
  const doc = await getDocument({
    data: new Uint8Array(pdf),
    useSystemFonts: false,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  try {
    const pages: Item[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const content = await (await doc.getPage(n)).getTextContent();
      const items = content.items.flatMap((it) =>
        'str' in it && it.str.trim()
          ? [{ text: it.str, x: it.transform[4] as number, y: it.transform[5] as number }]
          : [],
      );
      pages.push(items.sort((a, b) => b.y - a.y || a.x - b.x));
    }
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Items on one baseline joined into a line (a run of spaces splits a typed line into several items). */
function lines(items: Item[]): { text: string; y: number }[] {
  const out: { text: string; y: number }[] = [];
  for (const it of items) {
    const last = out.at(-1);
    if (last && Math.abs(last.y - it.y) < 0.01) last.text += `  ${it.text}`;
    else out.push({ text: it.text, y: it.y });
  }
  return out;
}

const started = performance.now();
const collection = await generateDemoCollection();
const seconds = (performance.now() - started) / 1000;

/** Three bulletins of different layouts: one with a two-line headline, one without the date in its masthead. */
function pickThree(all: DemoBulletin[]): DemoBulletin[] {
  const undated = all.find(
    (b) => !b.truth.dateInMasthead && b.truth.articles.some((a) => a.references.length),
  )!;
  const picked = [undated];
  for (const b of all) {
    if (picked.length === 3) break;
    if (picked.some((p) => p.truth.layout === b.truth.layout)) continue;
    if (b.truth.pageCount >= 3 && b.truth.articles.some((a) => a.firstPage < a.lastPage)) picked.push(b);
  }
  return picked;
}

test('the default collection is generated in a few seconds', (t) => {
  t.diagnostic(`generated ${collection.length} bulletins in ${seconds.toFixed(2)} s`);
  assert.equal(collection.length, 120);
  assert.ok(seconds < 20, `${seconds} s`);
});

test('pdfjs reads every headline on its first page, and the page count matches', async () => {
  const three = pickThree(collection);
  assert.equal(new Set(three.map((b) => b.truth.layout)).size, 3);
  const plans = new Map(planDemoCollection().map((p) => [p.truth.fileName, p]));
  for (const b of three) {
    const pages = await readPages(b.pdf);
    const layout = LAYOUTS.find((l) => l.id === b.truth.layout)!;
    assert.equal(pages.length, b.truth.pageCount, b.fileName);
    const pageText = pages.map((p) =>
      lines(p)
        .map((l) => l.text.trim())
        .join('\n'),
    );
    for (const a of b.truth.articles) {
      const flat = pageText[a.firstPage - 1]!.replaceAll('\n', ' ');
      assert.ok(flat.includes(a.headline), `${b.fileName} p${a.firstPage}: ${a.headline}`);
      if (a.firstPage > 1) assert.ok(!pageText[a.firstPage - 2]!.replaceAll('\n', ' ').includes(a.headline));
    }
    // The masthead prints the full date exactly when the truth says so.
    assert.equal(
      pageText[0]!.split('\n').slice(0, 6).join('\n').includes(longDate(b.truth.date)),
      b.truth.dateInMasthead,
    );
    // Baselines lie on a grid of `leading` points.
    for (const p of pages.map(lines)) {
      for (let i = 1; i < p.length; i++) {
        const steps = (p[i - 1]!.y - p[i]!.y) / layout.leading;
        assert.ok(Math.abs(steps - Math.round(steps)) < 1e-6 && steps >= 1, `${b.fileName}: ${p[i]!.text}`);
      }
    }
    // Every typed line without a run of spaces arrives as one item holding the whole line.
    const plan = plans.get(b.fileName)!;
    plan.pages.forEach((slots, n) => {
      const texts = new Set(pages[n]!.map((it) => it.text));
      for (const s of slots)
        if (s && !s.text.includes('  ')) assert.ok(texts.has(s.text), `${b.fileName}: ${s.text}`);
    });
  }
});

test('writeDemoCollection writes the PDFs and truth.json', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'dateline-demo-test-'));
  try {
    const bulletins = await writeDemoCollection(dir, { editions: 4, fromYear: 1950, toYear: 1990, seed: 11 });
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, [...bulletins.map((b) => b.fileName), 'truth.json'].sort());
    const truth = JSON.parse(await readFile(join(dir, 'truth.json'), 'utf8'));
    assert.deepEqual(
      truth,
      bulletins.map((b) => b.truth),
    );
    const first = await readFile(join(dir, bulletins[0]!.fileName));
    assert.deepEqual(new Uint8Array(first), bulletins[0]!.pdf);
    for (const b of bulletins) assert.ok(b.truth.date >= '1950-01-01' && b.truth.date <= '1990-12-31');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
