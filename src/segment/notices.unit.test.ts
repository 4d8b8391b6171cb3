import assert from 'node:assert/strict';
import { test } from 'node:test';
import { piece } from '../../test/helpers/drafts.js';
import { groupFamilyNotices, isFamilyNotice } from './notices.js';

test('family notices are told by their words in Dutch, English, German and French; news is not', () => {
  assert.ok(
    isFamilyNotice(
      piece(
        0,
        'H. WARNINK.',
        'Heden overleed, na eene korte ongesteldheid, ons jongste kindje, in den ouderdom van ruim 7 maanden.',
      ),
    ),
  );
  // OCR mangled "overleed"; "ouderdom" still tells it.
  assert.ok(
    isFamilyNotice(
      piece(0, 'MOLEMAN.', 'Heden «verleed den Heer B. A. MOLEMAN, in den ondtTdom van 79 jaren.'),
    ),
  );
  assert.ok(
    isFamilyNotice(
      piece(
        0,
        'DEATHS.',
        'SMITH. On the 4th inst., Mary, beloved wife of John Smith, aged 64. Friends are respectfully invited.',
      ),
    ),
  );
  assert.ok(isFamilyNotice(piece(0, 'Todesanzeige.', 'Heute ist unser lieber Vater sanft entschlafen.')));
  assert.ok(
    isFamilyNotice(
      piece(
        0,
        'Avis mortuaire',
        'Madame veuve Dupont et sa famille ont la douleur de faire part du décès de M. Dupont.',
      ),
    ),
  );
  // A news story of a death has a dateline, and words of news: no notice.
  const news = piece(0, 'DR. ADLER DIES', 'Dr. Adler died today. His funeral will be held on Sunday.', 1, {
    dateline: { raw: 'LONDON, June 4 (JTA) --', place: 'London', date: '1933-06-04', agency: 'JTA' },
  });
  assert.equal(isFamilyNotice(news), false);
  assert.equal(
    isFamilyNotice(
      piece(0, 'Tweede Kamer.', 'De algemeene beschouwingen over de Staatsbegrooting zijn heden voortgezet.'),
    ),
    false,
  );
  // A long piece that names one family event once is news, not a notice.
  const long = `${'De heeren spraken over de begrooting en den toestand der financien. '.repeat(20)} Hij overleed.`;
  assert.equal(isFamilyNotice(piece(0, 'BINNENLAND.', long)), false);
});

test('a run of notices on a page is one item of kind notices, every notice kept in order; news around it stands', () => {
  const drafts = [
    piece(0, 'Onderwijs.', 'De Minister heeft benoemd tot leeraar aan de school te Zwolle den heer Jansen.'),
    piece(1, 'J. JANSEN.', 'Bevallen van een ZOON. Amsterdam, 30 November 1876.'),
    // No cue word survived OCR here, but it stands between two notices of the page: a notice too.
    piece(2, 'MARIA.', 'C. P. BIGOT. Amsterdam, 28 November 1876.'),
    piece(3, 'A. KLOPPENBURG.', 'Heden overleed ons jongste kindje, in den ouderdom van ruim 7 maanden.'),
    piece(
      4,
      'Rechtszaken.',
      'De rechtbank te Amsterdam heeft heden uitspraak gedaan in de zaak tegen den koopman.',
      4,
    ),
  ];
  const out = groupFamilyNotices(drafts);
  assert.deepEqual(
    out.map((a) => [a.headline, a.kind ?? 'article', a.ordinal]),
    [
      ['Onderwijs.', 'article', 0],
      ['Family notices', 'notices', 1],
      ['Rechtszaken.', 'article', 2],
    ],
  );
  const notices = out[1]!;
  assert.equal(
    notices.body,
    [
      'J. JANSEN.',
      'Bevallen van een ZOON. Amsterdam, 30 November 1876.',
      'MARIA.',
      'C. P. BIGOT. Amsterdam, 28 November 1876.',
      'A. KLOPPENBURG.',
      'Heden overleed ons jongste kindje, in den ouderdom van ruim 7 maanden.',
    ].join('\n\n'),
  );
  assert.equal(notices.regions?.length, 3);
  assert.equal(notices.headlinePrinted, '');
});

test('notices far apart in the issue are two items', () => {
  const out = groupFamilyNotices([
    piece(0, 'J. JANSEN.', 'Bevallen van een ZOON.', 2),
    piece(
      1,
      'Tweede Kamer.',
      'De algemeene beschouwingen over de Staatsbegrooting zijn heden voortgezet.',
      2,
    ),
    piece(2, 'A. KLOPPENBURG.', 'Heden overleed ons kindje.', 6),
  ]);
  assert.deepEqual(
    out.map((a) => a.kind ?? 'article'),
    ['notices', 'article', 'notices'],
  );
});

test('a word news shares with notices tells one only in a heading or beside a word of their own', () => {
  // OCR lost this story's dateline; "deaths" and "born" in its text do not make it a notice.
  const story = piece(
    0,
    '1,850 REFUGEES REACH GENEVA',
    'Ship Carrying 1,850 Refugees Arrived; two deaths on the way, one child born aboard.',
    1,
  );
  assert.equal(isFamilyNotice(story), false);
  assert.equal(
    isFamilyNotice(piece(0, 'DEATHS.', 'SMITH. On the 4th inst., at his residence, John Smith, aged 64.')),
    true,
  );
  // A short piece with a weak word ("geliefde") just before a notice of its page opens their run.
  const out = groupFamilyNotices([
    piece(0, 'ADVERTENTIEN.', 'Heden vieren onze geliefde Ouders hun 25-JAKIGE ECHT VEHEENIGING.'),
    piece(1, 'A. KLOPPENBURG.', 'Heden overleed ons jongste kindje, in den ouderdom van ruim 7 maanden.'),
  ]);
  assert.deepEqual(
    out.map((a) => a.kind ?? 'article'),
    ['notices'],
  );
});
