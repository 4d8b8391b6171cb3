import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'tesseract.js';
import type { SourceLine } from '../core/types.js';
import { rereadHeadlines, vote } from './ocr-headlines.js';
import { readPgm } from './ocr-regions.js';

const r = (text: string, conf = 80) => ({
  tokens: text.split(' ').filter(Boolean),
  confs: text
    .split(' ')
    .filter(Boolean)
    .map(() => conf),
});

test('each word is what most readings give; the first reading keeps its stops; a tie goes to the surer side', () => {
  assert.deepEqual(
    vote([r('FINES PLBLISHER', 70), r('FINES PUBLISHER'), r('FINES PLBLISHER', 60), r('FINES PUBLISHER')])
      ?.tokens,
    ['FINES', 'PUBLISHER'],
  );
  assert.deepEqual(vote([r('JTA SURVEY:'), r('JTA SURVEY'), r('JTA SURVEY'), r('JTA SURVEY,')])?.tokens, [
    'JTA',
    'SURVEY:',
  ]);
  assert.deepEqual(
    vote([r('DR. BRODSKY DIES'), r('DI. BRODSKY DIES'), r('DR. BRODSKY DIES'), r('DR. BRODSKY DLES')])
      ?.tokens,
    ['DR.', 'BRODSKY', 'DIES'],
  );
});

test('a reading of something else takes no part; another word count needs two readings that agree', () => {
  // The crops caught the wrong thing: nothing is changed.
  assert.equal(vote([r('COURT UPHOLDS'), r('SEMONE'), r('ODE'), r('ORI')]), null);
  // Words run together differently each time: the first reading's four words stand.
  assert.deepEqual(
    vote([r('RELIEF APPEAL IN NEW'), r('BELIEE APPEAL INE'), r('RELIEY APPEAL INNDY'), r('')])?.tokens,
    ['RELIEF', 'APPEAL', 'IN', 'NEW'],
  );
  // Two readings agree on three words where the first read two.
  assert.deepEqual(
    vote([r('FALESTINCTO BLILD'), r('PALESTINE TO BUILD'), r('PALESTINE TO BUILD'), r('FALESTINE TOBUILD')])
      ?.tokens,
    ['PALESTINE', 'TO', 'BUILD'],
  );
  // A library's line: two readings agree on two words, but with letters lost (a crop cut short): one word
  // stands. A small scan's first reading loses letters itself: there the two readings win.
  const cut = [r('UITSLAGENC3NTRALE'), r('UIT SLAGENCINTRA'), r('UIT SLAGENCINTRA'), r('UITSLAGENCENTRALE')];
  assert.equal(vote(cut, { fullCount: true })?.tokens.length, 1);
  assert.equal(vote(cut)?.tokens.length, 2);
});

test("a library's line garbled past likeness is what two sure readings again agree on, and only then", () => {
  const library = { likeShare: 0.6, minConf: 50, fullCount: true };
  // The NDNP's 1887 "TERRIBLE MINE DISASTER." as the library read it, and read again at three sizes.
  const garbled = r('TKURIULB M1XH D1S.YBTFJI.', 83);
  assert.deepEqual(
    vote(
      [
        garbled,
        r('TERRIBLE MINE DISASTER,', 89),
        r('TERRIBLE MINE DISASTER.', 84),
        r('TERRIBLE MINE DISASTER.', 74),
      ],
      library,
    )?.tokens,
    ['TERRIBLE', 'MINE', 'DISASTER.'],
  );
  // Another word count too ("\\s\\r in thn Inthor Gain p." for "War in the Labor Camp.").
  assert.deepEqual(
    vote(
      [
        r('\\s\\r in thn Inthor Gain p.', 83),
        r('War in the Labor Camp.', 90),
        r('War in the Labor Camp.', 88),
      ],
      library,
    )?.tokens,
    ['War', 'in', 'the', 'Labor', 'Camp'],
  );
  // One reading alone, or two that agree unsurely, or any reading where no confidence is asked: unchanged.
  assert.equal(
    vote([garbled, r('TERRIBLE MINE DISASTER.', 90), r('TEPRIBLF MIME DISASTEK.', 90)], library),
    null,
  );
  assert.equal(
    vote([garbled, r('TERRIBLE MINE DISASTER.', 30), r('TERRIBLE MINE DISASTER.', 30)], library),
    null,
  );
  assert.equal(vote([garbled, r('TERRIBLE MINE DISASTER.'), r('TERRIBLE MINE DISASTER.')]), null);
});

/** A 600 × 400 px page (2 px a point): body lines 8 pt high, two headline lines 14 pt high, drawn as ink. */
function scan(): { lines: SourceLine[]; image: { width: number; height: number; pixels: Uint8Array } } {
  const pixels = new Uint8Array(600 * 400).fill(255);
  const line = (text: string, x: number, y: number, h: number, conf: number): SourceLine => {
    const words = text.split(' ').map((t, k) => ({ text: t, x: x + k * 60, y, w: 50, h, conf }));
    for (const w of words)
      for (let yy = w.y * 2; yy < (w.y + w.h) * 2; yy++)
        pixels.fill(0, yy * 600 + w.x * 2, yy * 600 + (w.x + w.w) * 2);
    return { text, x, y, width: words.length * 60, height: h, words };
  };
  const lines = [
    line('FINES PLBLISHER', 20, 20, 14, 70),
    line('SHOPS 10 CLOSE', 20, 50, 14, 75),
    ...[90, 110, 130, 150, 170].map((y) => line('the text of the story', 20, y, 8, 90)),
  ];
  return { lines, image: { width: 600, height: 400, pixels } };
}

test('the lines of headline type are cut out, stacked, read again and set to what most readings say', async () => {
  const { lines, image } = scan();
  const reads: string[][] = [
    ['FINES PUBLISHER', 'SHOPS TO CLOSE'],
    ['FINES PUBLISHER', 'SHOPS TO CLOSE'],
    ['FINES PLBLISHER', 'SHOPS 10 CLOSE'],
  ];
  let call = 0;
  // As tesseract would: one line of words for each band of ink down the strip, in order.
  const recognize = async (pgm: Buffer): Promise<Page> => {
    const img = readPgm(pgm)!;
    const inked = (y: number) => img.pixels.subarray(y * img.width, (y + 1) * img.width).some((p) => p < 128);
    const bands: [number, number][] = [];
    for (let y = 0; y < img.height; y++)
      if (inked(y) && !inked(y - 1 < 0 ? 0 : y - 1 === y ? y : y - 1)) bands.push([y, y]);
      else if (inked(y) && bands.length) bands.at(-1)![1] = y;
    const texts = reads[call++]!;
    const paragraphs = [
      {
        lines: bands.map(([y0, y1], k) => ({
          bbox: { x0: 30, y0, x1: img.width - 30, y1: y1 + 1 },
          words: texts[k]!.split(' ').map((t, i) => ({
            text: t,
            confidence: 85,
            bbox: { x0: 30 + i * 40, y0, x1: 60 + i * 40, y1: y1 + 1 },
          })),
        })),
      },
    ];
    return { blocks: [{ paragraphs }] } as unknown as Page;
  };
  const out = await rereadHeadlines(lines, image, 2, 4, recognize);
  assert.equal(call, 3, 'one read of a strip for each size');
  assert.deepEqual(out, { lines: 2, changed: 2 });
  assert.deepEqual(
    lines.map((l) => l.text),
    ['FINES PUBLISHER', 'SHOPS TO CLOSE', ...lines.slice(2).map(() => 'the text of the story')],
  );
  assert.deepEqual(
    lines[0]!.words.map((w) => [w.text, w.x, w.conf]),
    [
      ['FINES', 20, 85],
      ['PUBLISHER', 80, 85],
    ],
  );
  // A page OCR did not enlarge has its headlines read large enough: nothing is read again.
  const again = scan();
  assert.deepEqual(await rereadHeadlines(again.lines, again.image, 2, 1, recognize), {
    lines: 0,
    changed: 0,
  });
});

test("a library's head whose box holds only part of it is read across its column; a centred whole head is not", async () => {
  // A 700 × 400 px page, 2 px a point: a column of body lines from 20 to 310 points, a column rule at 17.
  // "Senate" is the library's whole line, though "Proceedings." is printed beside it (its stop is left off as
  // the library's line has none); "HEAVY SNOW" stands
  // centred in the column, all of it in its box.
  const pixels = new Uint8Array(700 * 400).fill(255);
  const ink = (x: number, y: number, w: number, h: number) => {
    for (let yy = y * 2; yy < (y + h) * 2; yy++) pixels.fill(0, yy * 700 + x * 2, yy * 700 + (x + w) * 2);
  };
  const line = (text: string, x: number, y: number, h: number, conf: number): SourceLine => {
    const words = text.split(' ').map((t, k) => ({ text: t, x: x + k * 60, y, w: 50, h, conf }));
    for (const w of words) ink(w.x, w.y, w.w, w.h);
    return { text, x, y, width: words.length * 60 - 10, height: h, words };
  };
  ink(17, 10, 1, 180);
  const stub = line('Senate', 20, 20, 14, 70);
  ink(80, 20, 50, 14);
  const centred = line('HEAVY SNOW', 105, 92, 14, 70);
  // A speck near the column's right edge, beside the centred head.
  ink(300, 96, 3, 4);
  const body = (y: number) => line('the text of the story', 20, y, 8, 90);
  const lines = [stub, ...[40, 52, 64, 76].map(body), centred, ...[116, 128, 140].map(body)];
  // As tesseract would: for each band of ink down the strip, a word for each run of inked columns; a third
  // run beside the centred head (the speck) reads as a stray "B".
  const recognize = async (pgm: Buffer): Promise<Page> => {
    const img = readPgm(pgm)!;
    const inkedRow = (y: number) =>
      img.pixels.subarray(y * img.width, (y + 1) * img.width).some((p) => p < 128);
    const bands: [number, number][] = [];
    for (let y = 0; y < img.height; y++)
      if (inkedRow(y) && (y === 0 || !inkedRow(y - 1))) bands.push([y, y]);
      else if (inkedRow(y) && bands.length) bands.at(-1)![1] = y;
    // The middles of the runs of inked columns in a band, three blank columns apart.
    const runs = ([y0, y1]: [number, number]) => {
      const mids: number[] = [];
      let start = -1;
      let gap = 99;
      for (let x = 0; x <= img.width; x++) {
        let on = false;
        for (let y = y0; y <= y1 && !on && x < img.width; y++) on = img.pixels[y * img.width + x]! < 128;
        if (on && gap >= 3) start = x;
        if (!on && gap === 0 && start >= 0) mids.push((start + x) / 2);
        gap = on ? 0 : gap + 1;
      }
      return mids;
    };
    const paragraphs = [
      {
        lines: bands.map(([y0, y1], k) => {
          const mids = runs([y0, y1]);
          const text =
            k === 0
              ? mids.length >= 2
                ? 'Senate Proceedings.'
                : 'Senate'
              : mids.length >= 3
                ? 'B HEAVY SNOW'
                : 'HEAVY SNOW';
          return {
            bbox: { x0: 0, y0, x1: img.width, y1: y1 + 1 },
            words: text.split(' ').map((t, i, all) => ({
              text: t,
              confidence: 85,
              // Each word on the runs from the right (the rule, at the left, read as nothing unless a word).
              bbox: {
                x0: mids[mids.length - all.length + i]! - 2,
                y0,
                x1: mids[mids.length - all.length + i]! + 2,
                y1: y1 + 1,
              },
            })),
          };
        }),
      },
    ];
    return { blocks: [{ paragraphs }] } as unknown as Page;
  };
  await rereadHeadlines(lines, { width: 700, height: 400, pixels }, 2, 1, recognize, [stub, centred]);
  assert.equal(stub.text, 'Senate Proceedings');
  assert.equal(centred.text, 'HEAVY SNOW');
  // The words read across the column share the column's width.
  assert.deepEqual(
    stub.words.map((w) => w.text),
    ['Senate', 'Proceedings'],
  );
  assert.ok(stub.words.at(-1)!.x + stub.words.at(-1)!.w > 70, 'the second word stands past the old box');
});
