import assert from 'node:assert/strict';
import { test } from 'node:test';
import { piece } from '../../test/helpers/drafts.js';
import { advertisementCues, isAdvertisement, markAdvertisements } from './advertisements.js';

const dateline = { raw: 'LONDON, Nov. 30.', place: 'LONDON', date: '1876-11-30', agency: null };

test('an advertisement is told by its number or by words that ask the reader to buy, rent, apply or write', () => {
  // The Algemeen Handelsblad numbers each advertisement at its foot.
  assert.ok(
    isAdvertisement(
      piece(0, 'WEINTHAL & Co.', 'Hofleveranciers van den Koning. Houders van Connossementen. (43417)'),
    ),
  );
  assert.ok(
    isAdvertisement(
      piece(
        0,
        'TE KOOP AANGEBODEN',
        'een NEWFOUNDLANDSCHE HOND, 15 maanden oud. Te bevragen franco, onder motto Hond.',
      ),
    ),
  );
  assert.ok(
    isAdvertisement(
      piece(0, 'HOUSE TO LET.', 'A commodious dwelling in Bridge Street. Apply to Mr. J. Smith, solicitor.'),
    ),
  );
  assert.ok(
    isAdvertisement(
      piece(0, 'APPARTEMENT', "Bel appartement de cinq pièces à louer. S'adresser au bureau du journal."),
    ),
  );
  assert.ok(
    isAdvertisement(
      piece(0, 'WOHNUNG', 'Eine schöne Wohnung ist zu vermieten. Offerten unter A. 12 an die Expedition.'),
    ),
  );
  assert.deepEqual(advertisementCues('Aanvang 8 uur. (43948) ... (43949)'), { numbers: 2, asks: 0 });
});

test('news is no advertisement: a dateline, a long market report, or words that only report', () => {
  // Ask-words in a dated story are reported, not asked.
  assert.equal(
    isAdvertisement(
      piece(0, 'SALE OF THE ESTATE', 'The estate was offered for sale yesterday and fetched £ 4,000.', 1, {
        dateline,
      }),
    ),
    false,
  );
  // A market report names prices and counts past 400 words.
  const report = Array.from(
    { length: 90 },
    (_, i) => `Koffie ƒ ${40 + i} per baal, te koop aangeboden ${i}.`,
  ).join(' ');
  assert.equal(isAdvertisement(piece(0, 'HANDELSBERICHTEN.', report)), false);
  assert.equal(
    isAdvertisement(
      piece(0, 'Onderwijs.', 'De inschrijving voor de cursus is geopend; de lessen vangen aan op Maandag.'),
    ),
    false,
  );
  // A year in parentheses is no advertisement's number.
  assert.equal(
    isAdvertisement(piece(0, 'Tweede Kamer.', 'De begrooting (1877) werd gisteren behandeld.')),
    false,
  );
  // "To let" asks only where something is offered ("House to let.", "TO LET, a shop"), not in a story's
  // sentence (an 1887 story whose dateline the OCR garbled: "refused to let any of the sympathizers …").
  assert.equal(
    isAdvertisement(piece(0, 'Mrs. Parsons Arrested.', 'The mayor has refused to let any of them see her.')),
    false,
  );
  assert.deepEqual(
    ['House to let.', 'TO LET, a shop with cellar', 'Rooms to let in Main Street'].map(
      (t) => advertisementCues(t).asks,
    ),
    [1, 1, 1],
  );
});

test('a short piece without cues between two advertisements of one page is one; elsewhere it is not', () => {
  const list = [
    piece(0, 'MAGAZIJN', 'Groote uitverkoop van manufacturen. (43901)'),
    piece(
      1,
      'GROOTE OPTISCHE VOORSTELLING.',
      'Dagelijks te bezichtigen van 10 tot 4 uur, tegen vrijen toegang.',
    ),
    piece(2, 'TE HUUR', 'Twee gestoffeerde kamers. Adres bij den boekhandelaar Centen. (43902)'),
    piece(3, 'BINNENLAND.', 'De Kamer heeft gisteren de begrooting behandeld.', 5),
    piece(4, 'Onderwijs.', 'De school te Haarlem werd heropend.', 5),
  ];
  markAdvertisements(list);
  assert.deepEqual(
    list.map((a) => a.kind ?? 'article'),
    ['advertisement', 'advertisement', 'advertisement', 'article', 'article'],
  );
  // Family notices stay notices, however they are worded.
  const notices = [piece(0, '', 'Bevallen van een ZOON. (43923)', 3, { kind: 'notices' })];
  markAdvertisements(notices);
  assert.equal(notices[0]!.kind, 'notices');
});
