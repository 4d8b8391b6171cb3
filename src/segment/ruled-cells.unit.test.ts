import assert from 'node:assert/strict';
import { test } from 'node:test';
import { piece as draft } from '../../test/helpers/drafts.js';
import { line } from '../../test/helpers/source-lines.js';
import type { ArticleDraft, SourceLine, SourcePage } from '../core/types.js';
import { analysePage } from '../layout/page-layout.js';
import { joinRuledDisplay } from './ruled-cells.js';

/** The pages laid out as the segmenter lays them out, then their ruled display pieces joined. */
const join = (pages: SourcePage[], pieces: ArticleDraft[]) =>
  joinRuledDisplay(pages.map(analysePage), pieces);

/** A piece over the given lines of page 1. */
const piece = (ordinal: number, headline: string, lines: SourceLine[], body = 'text'): ArticleDraft =>
  draft(ordinal, headline, body, 1, {
    regions: lines.map((l) => ({ page: 1, x: l.x, y: l.y, w: l.width, h: l.height })),
  });

/** Prose in body type (8 pt), each line of fourteen words filling a column from x. */
const prose = (x: number, y: number, n: number) =>
  Array.from({ length: n }, (_, i) =>
    line('word word word word word word word word word word word word word word', x, y + i * 10),
  );

/** A page: a column of prose at the right for the body type, the given lines, and rules across x 20–320 at the given heights. */
function page(lines: SourceLine[], ruleYs: number[]): SourcePage {
  return {
    number: 1,
    width: 660,
    height: 800,
    lines: [...lines, ...prose(340, 40, 60)],
    rules: ruleYs.map((y) => ({ x: 20, y, w: 300, h: 2 })),
  };
}

// A concert's advertisement: centred lines in several sizes between two rules.
const temple = [line('TEMPLE DE MORGES', 90, 110, 14), line('Samedi 6 Février, à 20 h. 30', 100, 130)];
const concert = [line('Concert annuel', 80, 150, 22), line('de la Jeune Helvétie', 110, 178)];
const cruchet = [line('Georges CRUCHET, violoncelliste', 70, 200, 12), line('Entrée libre', 130, 220)];

test('pieces that share a ruled box of display type are one piece, and references follow them', () => {
  const after = piece(3, 'Next', [line('Next', 40, 500)]);
  const first = piece(0, 'Temple De Morges', temple, 'Samedi 6 Février, à 20 h. 30');
  first.references = [{ text: 'see below', kind: 'see', page: 1, targetOrdinal: 3 }];
  const pieces = [
    first,
    piece(1, 'Concert annuel', concert, 'de la Jeune Helvétie'),
    piece(2, 'Georges CRUCHET', cruchet, 'Entrée libre'),
    after,
  ];
  const out = join(
    [page([...temple, ...concert, ...cruchet, line('Next', 40, 500)], [100, 240, 600])],
    pieces,
  );
  assert.deepEqual(
    out.map((a) => [a.ordinal, a.headline]),
    [
      [0, 'Temple De Morges'],
      [1, 'Next'],
    ],
  );
  assert.match(
    out[0]!.body,
    /Samedi.*\n\nConcert annuel\n\nde la Jeune Helvétie\n\nGeorges CRUCHET\n\nEntrée libre/s,
  );
  assert.equal(out[0]!.regions!.length, 6, 'each part keeps its region for highlighting');
  assert.equal(
    out[0]!.references[0]!.targetOrdinal,
    1,
    'the reference to the piece after points at its new place',
  );
});

test('news items under their own heads between the same two rules stay apart', () => {
  const a = [line('Les beaux arbres.', 20, 110), ...prose(20, 120, 8)];
  const b = [line('Deux films de valeur.', 20, 210), ...prose(20, 220, 8)];
  const out = join(
    [page([...a, ...b], [100, 320])],
    [piece(0, 'Les beaux arbres.', a), piece(1, 'Deux films de valeur.', b)],
  );
  assert.equal(out.length, 2);
});

test('display pieces with no rule under them stay apart', () => {
  const out = join(
    [page([...temple, ...concert], [100])],
    [piece(0, 'Temple De Morges', temple), piece(1, 'Concert annuel', concert)],
  );
  assert.equal(out.length, 2);
});

test('a double rule is one boundary, though its strokes span different pieces', () => {
  const film = [line('CINEMA SONORE', 40, 110, 16), line('Samedi et Dimanche', 60, 140)];
  const mark = [line('VJ', 120, 200, 10)];
  const p = page([...film, ...mark], [100]);
  // A short stroke under the film's lines alone, and 4 points under it a long one across the box.
  p.rules!.push({ x: 20, y: 226, w: 90, h: 2 }, { x: 20, y: 230, w: 300, h: 2 });
  const out = join([p], [piece(0, 'Cinema Sonore', film), piece(1, 'VJ', mark)]);
  assert.deepEqual(
    out.map((a) => a.headline),
    ['Cinema Sonore'],
  );
});

test('a story across two columns does not make the news under it in one column look like display', () => {
  const story = [
    line('LA PANACEE DE LA DEVALUATION', 20, 110, 16),
    ...prose(20, 130, 25),
    ...prose(340, 130, 8),
  ];
  const item = [line('Le transport des arbres.', 350, 220), ...prose(340, 230, 15)];
  const p: SourcePage = {
    number: 1,
    width: 660,
    height: 800,
    lines: [...story, ...item],
    rules: [
      { x: 20, y: 100, w: 620, h: 2 },
      { x: 20, y: 400, w: 620, h: 2 },
    ],
  };
  const out = join([p], [piece(0, 'La panacée', story), piece(1, 'Le transport des arbres.', item)]);
  assert.equal(out.length, 2);
});
