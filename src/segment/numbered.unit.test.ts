import assert from 'node:assert/strict';
import { test } from 'node:test';
import { line } from '../../test/helpers/source-lines.js';
import type { SourceLine } from '../core/types.js';
import type { AltoBlock, AltoPage } from '../ingest/ndnp/alto-reader.js';
import { newspaperArticles } from './newspaper-articles.js';

const column = (lines: SourceLine[]): AltoBlock => ({
  id: 'b1',
  x: 0,
  y: lines[0]!.y,
  w: 200,
  h: 700,
  lines,
  within: [],
});
const page = (lines: SourceLine[]): AltoPage => ({
  width: 400,
  height: 800,
  blocks: [
    { id: 'm', x: 0, y: 10, w: 400, h: 30, lines: [line('FEUILLE D AVIS', 100, 10, 24)], within: [] },
    column(lines),
  ],
  languages: [],
});

/** A paragraph of two lines, its first indented, opened by `number` ("3." or an OCR misreading of it). */
function entry(number: string, word: string, y: number): SourceLine[] {
  return [
    line(`${number} On offre à vendre ${word} ${word}`, 15, y),
    line(`${word} ${word} ${word} ${word} ${word} bureau.`, 0, y + 10),
  ];
}

test('numbered entries under a section head are a notice each, a misread number standing in its place', () => {
  const lines = [
    line('VENTES.', 70, 60, 12),
    ...entry('1.', 'alpha', 80),
    ...entry('2.', 'beta', 100),
    // OCR read the 3 as "<j." and the 4 as "9.": the run's numbers say where they stand.
    ...entry('<j.', 'gamma', 120),
    ...entry('9.', 'delta', 140),
    ...entry('5.', 'epsilon', 160),
  ];
  const { articles } = newspaperArticles([page(lines)], 'Feuille d Avis', '1762-12-07');
  assert.deepEqual(
    articles.map((a) => a.body.split(/\s+/).slice(0, 6).join(' ')),
    [
      '1. On offre à vendre alpha',
      '2. On offre à vendre beta',
      '<j. On offre à vendre gamma',
      '9. On offre à vendre delta',
      '5. On offre à vendre epsilon',
    ],
  );
  // The first keeps the section's head; the others are labelled by their first words, the section kept as kicker.
  assert.equal(articles[0]!.headlinePrinted, 'VENTES.');
  assert.equal(articles[1]!.headlinePrinted, '');
  assert.match(articles[1]!.headline, /^2\. On offre à vendre beta/);
  assert.equal(articles[1]!.kicker, 'Ventes.');
});

test('a numbered list inside a story, below its opening text, stays the story', () => {
  const lines = [
    line('THE RESOLUTIONS.', 50, 60, 12),
    line('The meeting adopted these resolutions after a long debate', 15, 80),
    line('among the members present at the hall yesterday evening.', 0, 90),
    line('It was resolved as follows by all present at the hall.', 15, 100),
    ...entry('1.', 'alpha', 110),
    ...entry('2.', 'beta', 130),
    ...entry('3.', 'gamma', 150),
  ];
  const { articles } = newspaperArticles([page(lines)], 'Gazette', '1887-03-03');
  assert.equal(articles.length, 1);
  assert.match(articles[0]!.body, /1\. On offre à vendre alpha[\s\S]*3\. On offre à vendre gamma/);
});

test('two numbered paragraphs are no run: they stay one piece', () => {
  const lines = [line('VENTES.', 70, 60, 12), ...entry('1.', 'alpha', 80), ...entry('2.', 'beta', 100)];
  const { articles } = newspaperArticles([page(lines)], 'Feuille d Avis', '1762-12-07');
  assert.equal(articles.length, 1);
});

test('a first number the OCR misread ("i." for 1) opens the run the next numbers say it belongs to', () => {
  const lines = [
    line('CONDITIONS.', 60, 60, 12),
    ...entry('i.', 'alpha', 80),
    ...entry('2.', 'beta', 100),
    ...entry('3.', 'gamma', 120),
  ];
  const { articles } = newspaperArticles([page(lines)], 'Feuille d Avis', '1762-12-07');
  assert.deepEqual(
    articles.map((a) => a.body.split(/\s+/).slice(0, 1).join(' ')),
    ['i.', '2.', '3.'],
  );
});

test('a story that is a numbered list under its headline stays one story: its points ask nothing', () => {
  const point = (n: string, word: string, y: number) => [
    line(`${n} The committee shall ${word} ${word}`, 15, y),
    line(`${word} ${word} ${word} ${word} ${word} today.`, 0, y + 10),
  ];
  const lines = [
    line('THE NEW RULES.', 60, 60, 12),
    ...point('1.', 'alpha', 80),
    ...point('2.', 'beta', 100),
    ...point('3.', 'gamma', 120),
  ];
  const { articles } = newspaperArticles([page(lines)], 'Feuille d Avis', '1887-03-07');
  assert.equal(articles.length, 1);
  assert.match(articles[0]!.body, /^1\. The committee[\s\S]*3\. The committee/);
});

/** An entry whose words ask ("On offre à vendre": an advertisement's cue) or only name a thing and where to ask. */
function sale(number: string, word: string, y: number, asks: boolean): SourceLine[] {
  return [
    line(`${number} ${asks ? 'On offre à vendre' : 'Une belle table de'} ${word} ${word}`, 15, y),
    line(`${word} ${word} ${word} ${word} ${word} bureau.`, 0, y + 10),
  ];
}

test("a run's entries are one kind: the kind most of them have", () => {
  const run = (asks: boolean[]) => {
    const lines = [
      line('VENTES.', 70, 60, 12),
      ...asks.flatMap((a, i) =>
        sale(`${i + 1}.`, ['alpha', 'beta', 'gamma', 'delta', 'epsilon'][i]!, 80 + i * 20, a),
      ),
    ];
    return newspaperArticles([page(lines)], 'Feuille d Avis', '1762-12-07').articles.map(
      (a) => a.kind ?? 'article',
    );
  };
  // Two of five ask: none is an advertisement, where the two alone had been.
  assert.deepEqual(run([true, false, true, false, false]), [
    'article',
    'article',
    'article',
    'article',
    'article',
  ]);
  // Four of five ask: all five are advertisements.
  assert.deepEqual(run([true, true, false, true, true]), Array(5).fill('advertisement'));
});
