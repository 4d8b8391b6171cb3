import assert from 'node:assert/strict';
import { test } from 'node:test';
import { line } from '../../test/helpers/source-lines.js';
import type { SourceLine } from '../core/types.js';
import type { AltoBlock, AltoPage } from '../ingest/ndnp/alto-reader.js';
import { newspaperArticles } from './newspaper-articles.js';

function block(x: number, w: number, lines: SourceLine[]): AltoBlock {
  return { id: `b${x}`, x, y: lines[0]!.y, w, h: 100, lines, within: [] };
}

const page = (blocks: AltoBlock[]): AltoPage => ({ width: 600, height: 800, blocks, languages: [] });

// Body text in a 150-point column: lines fill the column edge to edge.
const body = (x: number, y: number, n: number, word: string) =>
  Array.from({ length: n }, (_, i) => line(`${word} ${word} ${word} ${word} ${word}`, x, y + i * 10));

test('a column headline in large capitals starts an article; the column text before it is a piece of its own', () => {
  const columns = page([
    block(0, 600, [line('THE DAILY GAZETTE', 150, 20, 30)]),
    block(0, 150, [
      ...body(0, 100, 3, 'alpha'),
      line('FIRE AT THE MILL', 10, 140, 14),
      ...body(0, 160, 4, 'beta'),
    ]),
    block(160, 150, [...body(160, 100, 5, 'gamma')]),
  ]);
  const { articles, method } = newspaperArticles([columns], 'The Gazette', '1887-03-03');
  // Read through the page model and the segmenter, as a PDF's pages are.
  assert.equal(method, 'segmenter');
  assert.deepEqual(
    articles.map((a) => [a.headlinePrinted, a.firstPage]),
    [
      ['', 1],
      ['FIRE AT THE MILL', 1],
    ],
  );
  // The nameplate is the masthead, no article's text; the column text above the headline is a piece
  // without a headline; the next column (no headline of its own) continues the story.
  assert.match(articles[0]!.body, /^alpha/);
  assert.doesNotMatch(articles.map((a) => a.body).join(' '), /GAZETTE/);
  assert.equal(articles[1]!.headline, 'Fire at the Mill');
  assert.match(articles[1]!.body, /^beta[\s\S]* gamma/);
});

test('an article found by its headline stands in one region per run of its lines in one block, in reading order', () => {
  const columns = page([
    block(0, 600, [line('THE DAILY GAZETTE', 150, 20, 30)]),
    block(0, 150, [
      ...body(0, 100, 3, 'alpha'),
      line('FIRE AT THE MILL', 10, 140, 14),
      ...body(0, 160, 4, 'beta'),
    ]),
    block(160, 150, [...body(160, 100, 5, 'gamma')]),
  ]);
  const { articles } = newspaperArticles([columns], 'The Gazette', '1887-03-03');
  const round = (r: { page: number; x: number; y: number; w: number; h: number }) =>
    [r.page, r.x, r.y, Math.round(r.w), r.h].join(' ');
  // The piece before the headline: the column's lines above it.
  assert.deepEqual(articles[0]!.regions?.map(round), ['1 0 100 120 28']);
  // The story: headline and four lines of its column (y 140 to 198), then the next column's five lines.
  assert.deepEqual(articles[1]!.regions?.map(round), ['1 0 140 116 58', '1 160 100 120 48']);
});

test('the small head of a story in the text type, centred over an indented dateline, starts it (an 1887 front page)', () => {
  // Two columns of 7-point text, lines 8 points apart; in the first, a story ends, a blank line, a
  // centred head, then the next story's dateline indented a little, as The Omaha Daily Bee set them.
  const col = (x: number, word: string, head: boolean) => {
    const ls: SourceLine[] = Array.from({ length: 6 }, (_, i) =>
      line(`${word} ${word} ${word} ${word} ${word}`, x, 100 + i * 8, 7),
    );
    ls.push(line(`${word} end.`, x, 148, 7));
    if (head) {
      ls.push(line('Kearney Moves Ahead.', x + 34, 164, 7));
      ls.push(line('KEARNEY, Neb., March 7.--At a large', x + 8, 172, 7));
    } else
      ls.push(
        line(`${word} ${word} ${word} ${word} ${word}`, x, 156, 7),
        line(`${word} ${word} ${word} ${word} ${word}`, x, 164, 7),
      );
    for (let i = 0; i < 5; i++) ls.push(line(`${word} ${word} ${word} ${word} ${word}`, x, 180 + i * 8, 7));
    return block(x, 150, ls);
  };
  const columns = page([
    block(0, 600, [line('THE DAILY GAZETTE', 150, 20, 30)]),
    block(0, 50, [line('FIRE AT THE MILL', 10, 80, 14)]),
    col(0, 'alpha', true),
    col(170, 'beta', false),
  ]);
  const { articles } = newspaperArticles([columns], 'The Gazette', '1887-03-03');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['FIRE AT THE MILL', 'Kearney Moves Ahead.'],
  );
  assert.equal(articles[1]!.dateline?.date, '1887-03-07');
  assert.match(articles[1]!.dateline?.raw ?? '', /^KEARNEY, Neb\., March 7/);
  assert.match(articles[1]!.body, /^At a large alpha/);
  // The story before the head ends at it.
  assert.match(articles[0]!.body, /alpha end\.$/);
  // The second column runs on from the first's last story.
  assert.match(articles[1]!.body, /beta/);
});

test('a multi-column page with no headline to go by is one article per page, named after the title', () => {
  const pages = [1, 2].map(() =>
    page([block(0, 150, body(0, 100, 3, 'delta')), block(160, 150, body(160, 100, 3, 'eps'))]),
  );
  const { articles, method } = newspaperArticles(pages, 'The Gazette', '1887-03-03');
  assert.equal(method, 'pages');
  assert.deepEqual(
    articles.map((a) => [a.headline, a.firstPage, a.lastPage]),
    [
      ['The Gazette, page 1', 1, 1],
      ['The Gazette, page 2', 2, 2],
    ],
  );
  assert.match(articles[1]!.body, /delta.*eps/);
});

test('a one-column typed page goes through the bulletin segmenter', () => {
  const typed = page([
    block(40, 520, [
      line('JEWISH TELEGRAPHIC AGENCY', 180, 40, 10),
      line('DAILY NEWS BULLETIN', 200, 55, 10),
      line('Thursday, December 19, 1974', 200, 70, 10),
      line('SOVIET UNION BARS EMIGRATION', 160, 120, 10),
      line('MOSCOW, Dec. 17 (JTA) -- Three hundred families who asked to leave', 40, 150, 10),
      line('for Israel were told this week that their requests were refused.', 40, 162, 10),
    ]),
  ]);
  const { articles, method } = newspaperArticles([typed], 'JTA', '1974-12-19');
  assert.equal(method, 'segmenter');
  assert.equal(articles[0]?.headline, 'Soviet Union Bars Emigration');
  assert.equal(articles[0]?.dateline?.place, 'MOSCOW');
});

test('a head as wide as its column starts a story by its words; a list line over a date does not', () => {
  // 7-point lines 8 points apart in a 150-point column. After a blank line, a line as wide as the text,
  // its words capitalised and closed by a full stop, over an indented dateline (its month read as OCR
  // reads an h, "Marcli"): a head. The same
  // over a comma-separated list entry (a ship, its captain, its port) is the list going on. Heads over
  // datelines the OCR ran together or spaced out count as well.
  const text = (x: number, y: number, word: string) =>
    line(`${word} ${word} ${word} ${word} ${word}`, x, y, 7);
  const col = block(0, 150, [
    text(0, 100, 'alpha'),
    text(0, 108, 'alpha'),
    line('alpha end.', 0, 116, 7),
    line('Arraigned For Wholesale Poisoning.', 0, 132, 7),
    line('BOSTON , Marcli 5. Mrs. Robinson was', 8, 140, 7),
    text(0, 148, 'beta'),
    line('beta end.', 0, 156, 7),
    line('Etta, Abkes, Bensersiel.', 0, 172, 7),
    line('SUNDERLAND, March 4.--Anna, Wiemers,', 8, 180, 7),
    text(0, 188, 'gamma'),
    line('gamma end.', 0, 196, 7),
    // Datelines as the OCR reads them: the place run into its month, marks set apart as words.
    line('The Milwaukee Printers Strike.', 0, 212, 7),
    line('Mii.wAi-KKKMarch 4. There is no change', 8, 220, 7),
    text(0, 228, 'delta'),
    text(0, 236, 'delta'),
    text(0, 244, 'delta'),
    line('delta end.', 0, 252, 7),
    line('Iowa Supreme Court Decisions.', 0, 268, 7),
    line('Dis : MOINIS ; , In. , March 5. The court', 8, 276, 7),
    text(0, 284, 'epsilon'),
    text(0, 292, 'epsilon'),
    text(0, 300, 'epsilon'),
    line('epsilon end.', 0, 308, 7),
    // A head whose last word and stop the OCR lost ("Smuggling."): short of the column, not centred.
    line('Arrested For Stallion', 0, 324, 7),
    line('CHICAGO , March 5. Last night at', 8, 332, 7),
    text(0, 340, 'zeta'),
    text(0, 348, 'zeta'),
    text(0, 356, 'zeta'),
  ]);
  const { articles } = newspaperArticles(
    [page([block(0, 50, [line('FIRE AT THE MILL', 10, 80, 14)]), col])],
    'The Gazette',
    '1887-03-06',
  );
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    [
      'FIRE AT THE MILL',
      'Arraigned For Wholesale Poisoning.',
      'The Milwaukee Printers Strike.',
      'Iowa Supreme Court Decisions.',
      'Arrested For Stallion',
    ],
  );
  assert.match(articles[1]!.body, /Etta, Abkes, Bensersiel\./);
});

test('a paragraph opened by a run-in head ("Les beaux arbres. — L’équipe …") is an item of its own under that head', () => {
  // A local column of 7-point text under its rubric: items set as indented paragraphs, each opened by a
  // few words closed by a full stop and a dash, as French papers of the 1930s set their local news.
  const x = 0;
  const ls: SourceLine[] = [line('CHRONIQUE LOCALE', 40, 80, 12)];
  let y = 100;
  const para = (first: string, n: number, word: string) => {
    ls.push(line(first, x + 8, y, 7));
    y += 8;
    for (let i = 0; i < n; i++, y += 8) ls.push(line(`${word} ${word} ${word} ${word} ${word}`, x, y, 7));
  };
  para('Les beaux arbres. — L’équipe communale a abattu', 3, 'alpha');
  para('Cyclistes, attention. — Les cyclistes sont rendus', 3, 'beta');
  // A head run on to the next line, its word divided at the line's end.
  ls.push(line('Laiteries Réunies de Morges et Envi-', x + 8, y, 7));
  y += 8;
  para('rons. — Cette société groupant les producteurs', 2, 'epsilon');
  ls.at(-3)!.x = x;
  // A shipping list's entry and a figure-led line are no heads.
  para('Reigate, Robertson, Coconada n. Londen. — gamma', 2, 'gamma');
  para('Le 4 février. — On apprend que delta', 2, 'delta');
  const columns = page([block(0, 600, [line('LA FEUILLE', 150, 20, 30)]), block(x, 150, ls)]);
  const { articles } = newspaperArticles([columns], 'La Feuille', '1937-01-30');
  // The rubric over the column heads no text of its own.
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['Les beaux arbres.', 'Cyclistes, attention.', 'Laiteries Réunies de Morges et Environs.'],
  );
  assert.match(articles[0]!.body, /^L’équipe communale a abattu alpha/);
  assert.match(articles[1]!.body, /^Les cyclistes sont rendus beta beta/);
  assert.match(articles[2]!.body, /^Cette société groupant les producteurs epsilon[\s\S]*delta$/);
});

test('one word heads an item when a sentence follows its dash; a port over a date, or a divided word, does not', () => {
  const x = 0;
  const ls: SourceLine[] = [line('CHRONIQUE RÉGIONALE', 30, 80, 12)];
  let y = 100;
  const para = (first: string, n: number, word: string, indent = 8) => {
    ls.push(line(first, x + indent, y, 7));
    y += 8;
    for (let i = 0; i < n; i++, y += 8) ls.push(line(`${word} ${word} ${word} ${word} ${word}`, x, y, 7));
  };
  para('Bussigny. — Le Conseil d’Etat a alloué', 3, 'alpha');
  // A shipping list's port, then the date of the ship's arrival: the list goes on.
  para('Londen. — 15 Oct. California, Deinum, Tjilatjap', 2, 'beta');
  para('Février. — Ce mois ramène souvent les premiers', 3, 'gamma');
  // A summary set with a hanging indent: the line after a divided word goes on with its paragraph.
  ls.push(line('blique vaudoise et les bagarres de La Chaux-de-', x + 8, y, 7));
  y += 8;
  para('Fonds. — Les pacifiques révolutions vaudoises', 2, 'delta');
  const columns = page([block(0, 600, [line('LA FEUILLE', 150, 20, 30)]), block(x, 150, ls)]);
  const { articles } = newspaperArticles([columns], 'La Feuille', '1937-01-30');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['Bussigny.', 'Février.'],
  );
  assert.match(
    articles[0]!.body,
    /^Le Conseil d’Etat a alloué alpha[\s\S]*Londen\. — 15 Oct\. California[\s\S]*beta$/,
  );
  assert.match(
    articles[1]!.body,
    /^Ce mois ramène[\s\S]*Chaux-de-[\s\S]*Fonds\. — Les pacifiques[\s\S]*delta$/,
  );
});

test('a run-in head may fill its line, its dash at either edge, close on a comma, or stand under a rubric', () => {
  const x = 0;
  const ls: SourceLine[] = [line('CHOSES ET AUTRES', 45, 80, 7)];
  let y = 96;
  const para = (first: SourceLine[], n: number, word: string) => {
    for (const l of first) {
      l.y = y;
      for (const w of l.words) w.y = y;
      ls.push(l);
      y += 8;
    }
    for (let i = 0; i < n; i++, y += 8) ls.push(line(`${word} ${word} ${word} ${word} ${word}`, x, y, 7));
  };
  // The dash closing the head at the line's end, its box a stroke one point high (as ABBYY draws it).
  const head = line('Le transport des arbres abattus. —', x + 8, 0, 7);
  const dash = head.words.at(-1)!;
  dash.h = 1;
  dash.x += 6;
  para([head, line('Les bûcherons américains expédient', x, 0, 7)], 4, 'alpha');
  // The head fills its line; the dash opens the next.
  para(
    [
      line('Conférence missionnaire à la chapelle.', x + 8, 0, 7),
      line('— Dimanche soir, à 20 h., à la', x, 0, 7),
    ],
    4,
    'beta',
  );
  // A society's name in quotes and its place, closed by a comma.
  para([line('Jodlerclub « Edelweiss », Morges, — C’est ce soir', x + 8, 0, 7)], 4, 'gamma');
  // A letter's salutation closed by a comma goes on with the text.
  para([line('Dear Sir, — I have the honour to', x + 8, 0, 7)], 1, 'delta');
  const columns = page([block(0, 600, [line('LA FEUILLE', 150, 20, 30)]), block(x, 150, ls)]);
  const { articles } = newspaperArticles([columns], 'La Feuille', '1937-01-30');
  assert.deepEqual(
    articles.map((a) => [a.kicker, a.headlinePrinted]),
    [
      ['Choses Et Autres', 'Le transport des arbres abattus.'],
      [null, 'Conférence missionnaire à la chapelle.'],
      [null, 'Jodlerclub « Edelweiss », Morges,'],
    ],
  );
  assert.match(articles[0]!.body, /^Les bûcherons américains expédient alpha/);
  assert.match(articles[1]!.body, /^Dimanche soir, à 20 h\., à la beta/);
  assert.match(articles[2]!.body, /^C’est ce soir gamma[\s\S]*Dear Sir, — I have the honour to delta/);
});

test('an item under its run-in head is its own, though a headline on an earlier page shares its words', () => {
  const lead = page([
    block(0, 600, [line('LA FEUILLE', 150, 20, 30)]),
    block(0, 300, [
      line('POUR LA REPRÉSENTATION PROPORTIONNELLE', 10, 80, 14),
      ...Array.from({ length: 4 }, (_, i) => line('votez votez votez votez votez', 0, 100 + i * 8, 7)),
    ]),
  ]);
  const ls = [
    line('La représentation proportionnelle. — Nous voici', 8, 100, 7),
    ...Array.from({ length: 3 }, (_, i) => line('delta delta delta delta delta', 0, 108 + i * 8, 7)),
  ];
  const next = page([block(0, 150, ls)]);
  const { articles } = newspaperArticles([lead, next], 'La Feuille', '1937-01-30');
  assert.deepEqual(
    articles.map((a) => [a.headlinePrinted, a.firstPage, a.lastPage]),
    [
      ['POUR LA REPRÉSENTATION PROPORTIONNELLE', 1, 1],
      ['La représentation proportionnelle.', 2, 2],
    ],
  );
});

test('a line in display type that a library’s OCR read unsurely heads a story; tesseract’s such lines do not', () => {
  // A library's OCR (ABBYY, ALTO): the body read surely; a decorative headline four times the text's size
  // read at 30 % ("£e bout te fictive" for "Le bout du fleuve"), and a smudged line of body type at 30 %.
  const read = (library: boolean) => {
    const sure = (l: SourceLine, conf: number): SourceLine => ({
      ...l,
      words: l.words.map((w) => ({ ...w, conf })),
      ...(library ? { libraryOcr: true } : {}),
    });
    const col = block(0, 200, [
      ...body(0, 100, 4, 'alpha').map((l) => sure(l, 90)),
      sure(line('£e bout te fictive', 10, 150, 32), 30),
      ...body(0, 190, 4, 'beta').map((l) => sure(l, 90)),
      sure(line('Ilk mnr aoe rrk ee', 0, 230, 8), 30),
      ...body(0, 240, 4, 'gamma').map((l) => sure(l, 90)),
    ]);
    return newspaperArticles(
      [page([block(0, 600, [sure(line('LA FEUILLE', 150, 20, 40), 95)]), col])],
      'La Feuille',
      '1937-01-30',
    ).articles;
  };
  const library = read(true);
  const story = library.find((a) => a.headlinePrinted === '£e bout te fictive');
  assert.ok(story, JSON.stringify(library.map((a) => a.headlinePrinted)));
  assert.match(story.body, /^beta[\s\S]*Ilk mnr aoe rrk ee[\s\S]*gamma$/);
  // Tesseract's boxes swell over garble of small type: its unsure line, however tall, is text.
  const own = read(false);
  assert.ok(
    !own.some((a) => a.headlinePrinted === '£e bout te fictive'),
    JSON.stringify(own.map((a) => a.headlinePrinted)),
  );
});

test('an OCR’d small head heads its story over a deck, a copyright line or a garbled dateline; a text layer’s does not', () => {
  // A column of 7-point lines 8 points apart, as a library's OCR read an 1887 front page (each word with
  // a confidence). After each story's last line, a blank line and a head set apart from the text.
  const ocr = (l: SourceLine): SourceLine => ({ ...l, words: l.words.map((w) => ({ ...w, conf: 90 })) });
  // Text lines 130 points wide (six five-letter words), heads centred on the column's middle.
  const text = (y: number, word: string) => line(`${word} ${word} ${word} ${word} ${word} ${word}`, 0, y, 7);
  const centred = (t: string, y: number) => {
    const width = line(t, 0, y, 7).width;
    return line(t, 65 - width / 2, y, 7);
  };
  const story = (y: number, word: string) => [
    text(y, word),
    text(y + 8, word),
    line(`${word} end.`, 0, y + 16, 7),
  ];
  const lines = [
    ...story(100, 'alpha'),
    // A head, the copyright line the OCR garbled, the dateline.
    centred('A Ijeftnl Shark Convicted.', 132),
    line("ICnpjjr'ffM 1 < < S by Jim'", 10.5, 140, 7),
    line('LONDON , March 4. [ Xevvork Herald', 8, 148, 7),
    ...story(156, 'bravo'),
    // A head, a line of white, a deck set as a pyramid (a full line over a centred one), the dateline.
    centred('TUG G OI ; I : TiinoKY.', 188),
    line('Conunerita of KiiKllHh Papers on', 0, 204, 7),
    centred('Advluo to Htrlkcrn.', 212),
    line('LOVDON , March 1. [ Now York', 8, 220, 7),
    ...story(228, 'gamma'),
    // A head over a dateline whose place and month the OCR garbled.
    centred('Jay Gould Denies.', 260),
    line('NEW YOUK , Maroli 7 ( Special', 8, 268, 7),
    ...story(276, 'delta'),
    // A head whose line box holds its first word alone, well in from the column's edge.
    line('Canadian', 38.5, 308, 7),
    line('OTTAWA. March ! ! . jSpeeial', 8, 316, 7),
    ...story(324, 'omega'),
    // A centred line over an indented line that names a person, not a month: the story goes on.
    centred('Mrs. Parsons Spoke.', 356),
    line('Mrs. B. Parsons was there to', 8, 364, 7),
    ...story(372, 'sigma'),
    // A head with a letter read as a figure inside a word.
    centred("1'ostmnsirrn Uitnppninted.", 404),
    line('WASHIVOTO.V , March V. The', 8, 412, 7),
    ...story(420, 'theta'),
  ];
  const masthead = block(0, 50, [line('FIRE AT THE MILL', 10, 80, 14)]);
  const read = (ls: SourceLine[]) =>
    newspaperArticles([page([masthead, block(0, 150, ls)])], 'The Gazette', '1887-03-06').articles.map(
      (a) => a.headlinePrinted,
    );
  assert.deepEqual(read(lines.map(ocr)), [
    'FIRE AT THE MILL',
    'A Ijeftnl Shark Convicted.',
    'TUG G OI ; I : TiinoKY.',
    'Jay Gould Denies.',
    'Canadian',
    "1'ostmnsirrn Uitnppninted.",
  ]);
  // The same lines in a text layer, where datelines and credits read as set: none of these is a head.
  assert.deepEqual(read(lines), ['FIRE AT THE MILL']);
});
