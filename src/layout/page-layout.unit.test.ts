import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceLine, SourcePage, WordBox } from '../core/types.js';
import { isDateOnly } from '../segment/layout.js';
import { segment } from '../segment/segmenter.js';
import { analysePage } from './page-layout.js';

/** A line of proportional type (about half an em a letter, a third of an em a space) at x, y (top), in `size`-point type. */
function line(text: string, x: number, y: number, size = 9): SourceLine {
  const words: WordBox[] = [];
  let at = x;
  for (const w of text.split(' ')) {
    words.push({ text: w, x: at, y, w: w.length * size * 0.5, h: size });
    at += w.length * size * 0.5 + size * 0.3;
  }
  return { text, x, y, width: at - x, height: size, words };
}

/**
 * A text layer as pdfjs gives a three-column page: one line per baseline, across all columns, so
 * reading it line by line interleaves the columns. A headline over the first two columns on top.
 */
function threeColumnPage(): SourcePage {
  const cols = [40, 230, 420];
  const words = ['alpha', 'bravo', 'charlie'];
  const lines: SourceLine[] = [];
  lines.push(line('SOKOLOW RE-ELECTION LOOMS AT CONGRESS', 40, 40, 18));
  for (let row = 0; row < 20; row++) {
    const y = 80 + row * 11;
    const parts = cols.map((x, c) => line(`${words[c]} row ${row} of column text here`, x, y));
    lines.push({
      ...parts[0]!,
      text: parts.map((p) => p.text).join(' '),
      words: parts.flatMap((p) => p.words),
    });
  }
  return { number: 1, width: 612, height: 792, lines };
}

test('a page in three columns is read column by column, each column top to bottom', () => {
  const a = analysePage(threeColumnPage());
  assert.equal(a.columns, true);
  const texts = a.page.lines.map((l) => l.text);
  // The headline first, then all of column one, then two, then three: never across a row.
  assert.equal(texts[0], 'SOKOLOW RE-ELECTION LOOMS AT CONGRESS');
  assert.equal(texts[1], 'alpha row 0 of column text here');
  assert.equal(texts[20], 'alpha row 19 of column text here');
  assert.equal(texts[21], 'bravo row 0 of column text here');
  assert.equal(texts[41], 'charlie row 0 of column text here');
  assert.equal(texts.length, 61);
  assert.ok(a.page.lines.slice(1).every((l) => l.blockLeft !== undefined && l.blockRight !== undefined));
});

/** Words of varying length, so that the spaces between them do not line up down the page. */
const PROSE = Array.from(
  { length: 300 },
  (_, i) =>
    'the committee of refugees met in London and voted against quotas yesterday'.split(' ')[(i * 7) % 12]!,
);

test('a typed one-column page keeps the lines its reader gave, wide spaces and all', () => {
  const page: SourcePage = {
    number: 1,
    width: 612,
    height: 792,
    lines: Array.from({ length: 30 }, (_, i) =>
      line(PROSE.slice(i * 7, i * 7 + 9).join(' '), 60 + (i % 5 === 0 ? 18 : 0), 60 + i * 12),
    ),
  };
  const a = analysePage(page);
  assert.equal(a.columns, false);
  assert.equal(a.page, page);
});

test('a stray mark in a gutter does not join two columns, and a headline in large type heads its story', () => {
  const page = threeColumnPage();
  // A speck read as a word, straddling the first gutter.
  page.lines.push(line('y1^', 216, 150));
  const { articles } = segment([page], '1933-06-15');
  assert.equal(articles[0]?.headlinePrinted, 'SOKOLOW RE-ELECTION LOOMS AT CONGRESS');
  assert.match(articles[0]!.body, /^alpha row 0 of column text here alpha row 1/);
  assert.ok(articles[0]!.body.indexOf('bravo row 0') > articles[0]!.body.indexOf('alpha row 19'));
});

/** An OCR line read in column region `block` (blockDepth set, as ocr-lines sets it), every word at `conf`. */
function ocrLine(
  text: string,
  x: number,
  y: number,
  size: number,
  block: number,
  depth: number,
  conf: number,
): SourceLine {
  const l = line(text, x, y, size);
  // An OCR box is as high as the letters: capitals reach about 0.72 em.
  const words = l.words.map((w) => ({ ...w, h: size * 0.72, conf }));
  return { ...l, words, block, blockLeft: x, blockRight: x + 180, blockDepth: depth };
}

test('columns the OCR reader read one by one are taken as its blocks; garble has no headline size', () => {
  const lines: SourceLine[] = [];
  // The reader's order: a headline across the top, then column 1, then column 2.
  lines.push(ocrLine('REFUGEES REACH GENEVA', 40, 30, 20, 0, 0, 95));
  for (let r = 0; r < 12; r++)
    lines.push(ocrLine(`first column line ${r} of the story`, 40, 70 + r * 11, 9, 1, 1, 90));
  // Garble read from type too small to read, its boxes swollen: no size of its own.
  lines.push(ocrLine('Wn Galler tum a Bs', 240, 60, 22, 2, 1, 20));
  for (let r = 0; r < 12; r++)
    lines.push(ocrLine(`second column line ${r} goes on`, 240, 70 + r * 11, 9, 2, 1, 90));
  const a = analysePage({ number: 1, width: 612, height: 792, lines });
  assert.equal(a.columns, true);
  assert.deepEqual(
    a.blocks.map((b) => [b.columnDepth, b.lines.length]),
    [
      [0, 1],
      [1, 12],
      [1, 13],
    ],
  );
  assert.ok(Math.abs(a.bodySize - 9) < 0.5, `body ${a.bodySize}`);
  const garble = a.blocks[2]!.lines[0]!;
  assert.equal(garble.text, 'Wn Galler tum a Bs');
  assert.equal(garble.size, a.bodySize);
  assert.ok(a.blocks[0]!.lines[0]!.size! > 18);
  const { articles } = segment([{ number: 1, width: 612, height: 792, lines }], '1937-01-30');
  assert.deepEqual(
    articles.map((x) => x.headlinePrinted),
    ['REFUGEES REACH GENEVA'],
  );
});

/**
 * Two columns whose gutter (one em) holds a column rule a text layer read as characters ("i", "!", "|",
 * "-1"), one on every line, each a third of an em from the next column's first word: close enough to
 * join the two columns' words into one fragment.
 */
function ruledTwoColumnPage(): SourcePage {
  const marks = ['i', '!', '|', '-1', 'I', "'", 'j', ','];
  const lines: SourceLine[] = [];
  for (let row = 0; row < 24; row++) {
    const y = 60 + row * 11;
    const left = line(`left ${row} words of the first column`, 40, y);
    const rightX = left.x + left.width + 9;
    const mark: WordBox = { text: marks[row % marks.length]!, x: rightX - 5.5, y, w: 2.5, h: 9 };
    const right = line(`right ${row} words of the second column`, rightX, y);
    lines.push({
      ...left,
      text: `${left.text} ${mark.text} ${right.text}`,
      width: right.x + right.width - left.x,
      words: [...left.words, mark, ...right.words],
    });
  }
  return { number: 1, width: 612, height: 792, lines };
}

test('a column rule read as characters down a narrow gutter does not join the columns, and is no text', () => {
  const a = analysePage(ruledTwoColumnPage());
  assert.equal(a.columns, true);
  const texts = a.page.lines.map((l) => l.text);
  assert.equal(texts[0], 'left 0 words of the first column');
  assert.equal(texts[23], 'left 23 words of the first column');
  assert.equal(texts[24], 'right 0 words of the second column');
  assert.equal(texts.length, 48);
});

test("a justified column's line-end hyphens, lined up down its edge, are no column rule", () => {
  // Two columns; every other line of the left one ends in a divided word whose hyphen a text layer gives
  // as a word of its own (as ALTO keeps it), set close after the word and lined up down the column's edge.
  const lines: SourceLine[] = [];
  for (let row = 0; row < 24; row++) {
    const y = 60 + row * 11;
    const left = line(`left ${row} words of the first col`, 40, y);
    const words = [...left.words];
    if (row % 2 === 0) words.push({ text: '-', x: left.x + left.width - 2.7, y, w: 3, h: 9 });
    const right = line(`right ${row} words of the second column`, 240, y);
    lines.push({
      ...left,
      text: '',
      width: right.x + right.width - left.x,
      words: [...words, ...right.words],
    });
    lines.at(-1)!.text = lines
      .at(-1)!
      .words.map((w) => w.text)
      .join(' ');
  }
  const a = analysePage({ number: 1, width: 612, height: 792, lines });
  const texts = a.page.lines.map((l) => l.text);
  assert.equal(texts[0], 'left 0 words of the first col -');
  assert.equal(texts[1], 'left 1 words of the first col');
  assert.equal(texts[24], 'right 0 words of the second column');
});

test('a short centred line a little larger than the text, ending in a full stop, heads a section', () => {
  const lines: SourceLine[] = [];
  let y = 60;
  const para = (n: number, first: string) => {
    for (let k = 0; k < n; k++, y += 11)
      lines.push(
        line(
          k === 0 ? `${first} the committee met and voted` : `against the quota the ${k} member said`,
          k === 0 ? 52 : 40,
          y,
        ),
      );
  };
  lines.push(line('Binnenland.', 100, y, 14));
  y += 20;
  para(8, 'Yesterday');
  y += 6;
  // 10.5 points over 9-point text: 1.17 times, below headline type (1.3), centred in the measure.
  lines.push(line('Tweede Kamer.', 92, y, 10.5));
  y += 16;
  para(8, 'Today');
  const { articles } = segment([{ number: 1, width: 300, height: 792, lines }], '1876-12-01');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['Binnenland.', 'Tweede Kamer.'],
  );
  assert.match(articles[1]!.body, /^Today the committee/);
});

test('a line of two words, one in each column, is split at the gutter however few its spaces', () => {
  const lines: SourceLine[] = [];
  for (let row = 0; row < 20; row++) {
    const y = 60 + row * 11;
    const left = line(`left ${row} words of the first column`, 40, y);
    // One row holds a single word in each column: its only space is the gutter.
    const right = line(row === 9 ? 'Allerlei.' : `right ${row} words of the second column`, 300, y);
    const words =
      row === 9
        ? [{ ...left.words[0]!, text: 'gerekend.' }, ...right.words]
        : [...left.words, ...right.words];
    lines.push({ ...left, text: words.map((w) => w.text).join(' '), width: 400, words });
  }
  const a = analysePage({ number: 1, width: 612, height: 792, lines });
  assert.equal(a.columns, true);
  const texts = a.page.lines.map((l) => l.text);
  assert.ok(texts.includes('gerekend.'), texts.join(' | '));
  assert.ok(texts.includes('Allerlei.'), texts.join(' | '));
  assert.ok(texts.indexOf('Allerlei.') > texts.indexOf('left 19 words of the first column'));
});

test('shipping news: capitals ending in a full stop head a section though set close; a date in capitals heads none', () => {
  const lines: SourceLine[] = [];
  let y = 60;
  const add = (text: string, x = 40, size = 9, step = 11) => {
    lines.push(line(text, x, y, size));
    y += step;
  };
  add('Scheepstijdingen.', 90, 14, 20);
  add('HARLINGEN, 28 Nov. Florence, Londen. - European, Hull.');
  add('CARDIFF, 27 Nov. Jantina Margaretha, Pot, Bordeaux.');
  add('VERTROKKEN.', 95);
  add('HELLEVOETSLUIS, 29 Nov. Providentia, Jensen, Riga.');
  add('SUNDERLAND, 27 Nov. Adler, Hedeman, Zierikzee.');
  add('TEXEL, 28 Nov. Anna Maria, de Vries, Hamburg. - Hoop,');
  add('Bakker, Londen. - Vrouw Jantje, Smit, Bremen.');
  y += 22;
  add('Prijscourant der Effecten.', 70, 14, 20);
  add('Amsterdamsche beurs, de koersen van heden, zooals zij');
  add('door de makelaars zijn opgegeven aan het bestuur.');
  y += 22;
  add('DONDERDAG 30 NOVEMBER.', 80);
  add('Nederland. Werkel. Schuld 2½ pCt. 64 dito 3 pCt. 80 en');
  add('dito 4 pCt. 100 Belgie. Obligatien 2½ pCt. en meer');
  const { articles } = segment([{ number: 1, width: 300, height: 792, lines }], '1876-12-01');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['Scheepstijdingen.', 'VERTROKKEN.', 'Prijscourant der Effecten.'],
  );
  assert.match(articles[2]!.body, /DONDERDAG 30 NOVEMBER\./);
});

test('a date and nothing more is told from a headline that names a day', () => {
  for (const t of ['DONDERDAG 30 NOVEMBER.', 'Monday, June 14, 1937', '3. März 1876', 'JEUDI 2 AVRIL'])
    assert.equal(isDateOnly(t), true, t);
  for (const t of ['PARIS, JUNE 14', 'REFUGEES LAND ON MONDAY 14 JUNE', 'MAY DAY RALLY', 'ZEILKLAAR.'])
    assert.equal(isDateOnly(t), false, t);
});

test('an article over three columns stands in three regions, one per column, each the height of its lines', () => {
  const { articles } = segment([threeColumnPage()]);
  const story = articles.find((a) => a.headlinePrinted.startsWith('SOKOLOW'));
  assert.ok(story, 'the story under the headline is found');
  const regions = story.regions ?? [];
  // The headline's own line, then each column: a region never spans a gutter.
  assert.equal(regions.length, 4, JSON.stringify(regions));
  const [head, ...cols] = regions;
  assert.equal(head?.y, 40);
  assert.deepEqual(
    cols.map((r) => r.x),
    [40, 230, 420],
  );
  for (const r of cols) {
    assert.equal(r.page, 1);
    assert.equal(r.y, 80);
    // 20 rows 11 pt apart, the last 9 pt high.
    assert.equal(r.h, 19 * 11 + 9);
    assert.ok(r.x + r.w < 612 && r.w < 190, `a column region stays in its column: ${JSON.stringify(r)}`);
  }
});

test('a headline of four lines in capitals a quarter larger than the text heads its story over a narrow column', () => {
  const lines: SourceLine[] = [];
  const head = ['HIGH COMMISSIONER', 'RECEIVES RESCUE', 'COMMITTEE', 'DELEGATION'];
  for (const [i, t] of head.entries()) lines.push(line(t, 60, 40 + i * 13, 12));
  lines.push(line('Special to the Bulletin', 80, 100, 9));
  for (let row = 0; row < 12; row++)
    lines.push(line(`${PROSE.slice(row * 6, row * 6 + 6).join(' ')}`, 40, 115 + row * 11, 9.5));
  for (const [i, t] of head.entries()) lines.push(line(t.replace('HIGH', 'LOW'), 60, 260 + i * 13, 12));
  for (let row = 0; row < 12; row++)
    lines.push(line(`${PROSE.slice(row * 6 + 80, row * 6 + 86).join(' ')}`, 40, 320 + row * 11, 9.5));
  // Page 1 is the nameplate's; the stories stand on page 2, where no masthead is looked for.
  const nameplate = [
    line('DAILY NEWS BULLETIN', 60, 40, 18),
    line('Vol. XIII No. 92 April 19, 1932', 60, 70, 9),
  ];
  const { articles } = segment([
    { number: 1, width: 300, height: 500, lines: nameplate },
    { number: 2, width: 300, height: 500, lines },
  ]);
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    [
      'HIGH COMMISSIONER RECEIVES RESCUE COMMITTEE DELEGATION',
      'LOW COMMISSIONER RECEIVES RESCUE COMMITTEE DELEGATION',
    ],
  );
  assert.equal(articles[0]!.credit, 'Special to the Bulletin');
});

test('a justified line spaced as wide as the gutter is split where the next column begins', () => {
  // Two columns 10 pt apart; in one row the left column's line is set with spaces of an em, so its last
  // word ends a space of an em before the right column's first word, as a dateline line may be set.
  const size = 9.5;
  const lines: SourceLine[] = [];
  for (let row = 0; row < 20; row++) {
    const y = 60 + row * 11;
    const left =
      row === 10
        ? ['TEL', 'AVIV,', 'April', '18.', '—', '17'].map((t, i) => ({
            text: t,
            x: 40 + i * 27,
            y,
            w: 18,
            h: size,
          }))
        : line(`alpha ${row} ${PROSE[row]} text`, 40, y, size).words;
    const right = line(`bravo ${row} ${PROSE[row + 40]} text`, 200, y, size).words;
    const words = [...left, ...right];
    lines.push({ text: words.map((w) => w.text).join(' '), x: 40, y, width: 300, height: size, words });
  }
  const a = analysePage({ number: 1, width: 400, height: 400, lines });
  assert.equal(a.columns, true);
  const texts = a.page.lines.map((l) => l.text);
  assert.ok(texts.includes('TEL AVIV, April 18. — 17'), texts.join('\n'));
  assert.ok(texts.every((t) => !(t.includes('alpha') && t.includes('bravo'))));
});

test("one column's break beside another's, lined up by chance, does not cut both columns across", () => {
  // Left: a story, a headline in 12-pt capitals between two white bands, the next story. Right: text
  // with a break lined up with the left column's first band, and text beside the headline.
  const lines: SourceLine[] = [];
  const body = (x: number, y: number, i: number) =>
    line(`${x < 100 ? 'alpha' : 'bravo'} ${i} ${PROSE[i]} text`, x, y, 9);
  for (let i = 0; i < 10; i++) lines.push(body(40, 60 + i * 10, i), body(200, 60 + i * 10, i));
  for (const [i, t] of ['LEAGUE COUNCIL', 'TAKES UP', 'PETITION'].entries())
    lines.push(line(t, 40, 172 + i * 13, 12));
  for (let i = 10; i < 16; i++) lines.push(body(200, 172 + (i - 10) * 10, i));
  for (let i = 20; i < 32; i++)
    lines.push(body(40, 224 + (i - 20) * 10, i), body(200, 240 + (i - 20) * 10, i));
  const a = analysePage({ number: 1, width: 400, height: 400, lines });
  const texts = a.page.lines.map((l) => l.text);
  const at = texts.indexOf('PETITION');
  // The headline's lines follow one another, and the left column's next story follows them.
  assert.deepEqual(texts.slice(at - 2, at + 2), [
    'LEAGUE COUNCIL',
    'TAKES UP',
    'PETITION',
    `alpha 20 ${PROSE[20]} text`,
  ]);
  assert.ok(
    texts.indexOf(`alpha 31 ${PROSE[31]} text`) < texts.indexOf(`bravo 0 ${PROSE[0]} text`),
    texts.join('\n'),
  );
});

test('columns whose breaks line up over text set across both under them are still read column by column', () => {
  // Two columns, each with a white band at the same height (one letter ends, the next begins; beside it
  // an advertisement ends and another begins), one text-layer line run on over the gutter into the next
  // column, and an advertisement set across both columns at the foot. The columns' lower halves used
  // to be read after both upper halves: the widest band was cut first, the gutter being stopped by the
  // advertisement under the columns.
  const lines: SourceLine[] = [];
  const body = (x: number, y: number, i: number) =>
    line(`${x < 100 ? 'alpha' : 'bravo'} ${i} ${PROSE[i]} text`, x, y, 9);
  for (let i = 0; i < 12; i++) lines.push(body(40, 60 + i * 10, i), body(200, 60 + i * 10, i));
  const left = body(40, 180, 12);
  const right = body(200, 180, 12);
  lines.push({ ...left, text: `${left.text} ${right.text}`, words: [...left.words, ...right.words] });
  for (let i = 13; i < 30; i++) lines.push(body(40, 200 + i * 10, i), body(200, 200 + i * 10, i));
  for (let i = 0; i < 4; i++)
    lines.push(line(`ADVERTISEMENT ${i} SET ACROSS THE TWO COLUMNS OF THE PAGE`, 60, 520 + i * 12, 10));
  const a = analysePage({ number: 1, width: 400, height: 600, lines });
  const texts = a.page.lines.map((l) => l.text);
  const at = (t: string) => texts.findIndex((x) => x.startsWith(t));
  // The left column whole, then the right column whole, then the advertisement.
  assert.ok(at('alpha 29 ') < at('bravo 0 '), texts.join('\n'));
  assert.ok(at('alpha 13 ') < at('bravo 0 '), texts.join('\n'));
  assert.ok(at('bravo 29 ') < at('ADVERTISEMENT 0'), texts.join('\n'));
});

test('a deck that wraps at "by" goes on as the deck, not as a byline', () => {
  const nameplate = [
    line('DAILY NEWS BULLETIN', 60, 40, 18),
    line('Vol. XIII No. 92 April 19, 1932', 60, 70, 9),
  ];
  const lines: SourceLine[] = [
    line('EXHIBIT OF JEWISH ART', 60, 40, 12),
    line('OPENS IN LONDON', 60, 53, 12),
    line('Exhibit of 40 Works', 70, 72, 11),
    line('by Jewish Painters', 70, 85, 11),
    line('Special to the Bulletin', 80, 100, 9),
  ];
  for (let row = 0; row < 10; row++)
    lines.push(line(PROSE.slice(row * 6, row * 6 + 6).join(' '), 40, 115 + row * 11, 9.5));
  const { articles } = segment([
    { number: 1, width: 300, height: 500, lines: nameplate },
    { number: 2, width: 300, height: 500, lines },
  ]);
  const story = articles.find((a) => a.headlinePrinted === 'EXHIBIT OF JEWISH ART OPENS IN LONDON');
  assert.ok(story, JSON.stringify(articles.map((a) => a.headlinePrinted)));
  assert.equal(story.byline, null);
  assert.match(story.body, /^Exhibit of 40 Works by Jewish Painters\n\n/);
  assert.equal(story.credit, 'Special to the Bulletin');
});

test('a dash at a justified line’s end stays on its line, though its box is a stroke a point high', () => {
  // A library's OCR boxes the dash closing a run-in head ("La représentation proportionnelle. —") as a
  // thin stroke, a little further from the head's last word than a word space.
  const sure = (l: SourceLine) => {
    for (const w of l.words) w.conf = 80;
    return l;
  };
  const head = sure(line('La représentation proportionnelle. —', 48, 100));
  const dash = head.words.at(-1)!;
  dash.x = head.words.at(-2)!.x + head.words.at(-2)!.w + 4;
  dash.y += 4;
  dash.h = 1;
  dash.conf = -1;
  head.width = dash.x + dash.w - head.x;
  const lines: SourceLine[] = [];
  for (let k = 0; k < 12; k++) {
    const y = 100 + k * 11;
    const left = k === 0 ? head : sure(line('Nous voici à huit jours de la votation can-', 40, y));
    const right = sure(line('Autre colonne de texte à la même hauteur', 270, y));
    lines.push(left, right);
  }
  const { page } = analysePage({ number: 1, width: 612, height: 792, lines });
  assert.ok(
    page.lines.some((l) => l.text === 'La représentation proportionnelle. —'),
    JSON.stringify(page.lines.slice(0, 3).map((l) => l.text)),
  );
});

test('a rule printed across the page is read as a break: the columns above it before those below', () => {
  const lines: SourceLine[] = [];
  // Two columns of 20 lines above the rule, two of 10 below (a feuilleton across the foot of the page),
  // set close: no white band parts them, only the rule at y 320.
  for (let i = 0; i < 20; i++)
    lines.push(
      line(`upper left ${i} words words`, 20, 100 + i * 11),
      line(`upper right ${i} words words`, 320, 100 + i * 11),
    );
  for (let i = 0; i < 10; i++)
    lines.push(
      line(`lower left ${i} words words`, 20, 322 + i * 11),
      line(`lower right ${i} words words`, 320, 322 + i * 11),
    );
  const page: SourcePage = { number: 1, width: 600, height: 800, lines };
  const order = (p: SourcePage) => [
    ...new Set(analysePage(p).page.lines.map((l) => l.text.split(' ').slice(0, 2).join(' '))),
  ];
  assert.deepEqual(
    order(page),
    ['upper left', 'lower left', 'upper right', 'lower right'],
    'without the rule',
  );
  const ruled = { ...page, rules: [{ x: 15, y: 319.5, w: 560, h: 1 }] };
  assert.deepEqual(order(ruled), ['upper left', 'upper right', 'lower left', 'lower right']);
});
