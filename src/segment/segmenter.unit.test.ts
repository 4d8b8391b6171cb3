import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typedPages } from '../../test/helpers/typed-pages.js';
import { parseDateline } from './dateline.js';
import { classify, isPageHeader } from './layout.js';
import { resolveReferences, stem } from './references.js';
import { segment, toParagraphs } from './segmenter.js';

const page1 = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XLI, No. 236                      Thursday, December 19, 1974
==================================================================

                          NEWS BRIEF

              U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD
              ----------------------------------------
                         By Ben Gallob

     WASHINGTON, Dec. 18 (JTA) -- The State Department said today
that it would ask Congress to admit more displaced persons this
year, and that the refugees now in the camps of Germany would be
heard by a commission. (See P. 2 for separate story.)
     The commission will meet in January and report to the Presi-
dent before the spring.
                              -0-

                   SOVIET UNION BARS EMIGRATION
                     OF 300 FAMILIES FROM KIEV

     MOSCOW, Dec. 17 (WNS) -- Three hundred families who asked to
leave for Israel were told this week that their requests had been
refused, a spokesman for the families said here.
`;

const page2 = `
- 2 -          Daily News Bulletin          December 19, 1974

The spokesman said the families would apply again in the new year.
                              * * *

           CAMPS IN GERMANY TO CLOSE BY SPRING

     MUNICH, Dec. 18 (JTA) -- The last camps for displaced persons
in Bavaria will close by the spring, officials said today.
`;

test('classifies the usual line forms', () => {
  // Each kind is told apart by its text alone; these are the forms bulletins.md lists.
  assert.equal(classify('-0-'), 'end');
  assert.equal(classify('* * *'), 'end');
  assert.equal(classify('###'), 'end');
  assert.equal(classify('----------------'), 'rule');
  assert.equal(classify('By Ben Gallob'), 'byline');
  assert.equal(classify('LONDON, Dec. 18 (JTA) -- The'), 'dateline');
  assert.equal(classify('TEL AVIV, March 3 (ONA) -- The'), 'dateline');
  assert.equal(classify('ISRAEL REJECTS A CALL'), 'caps');
  assert.equal(classify('that it would ask Congress to admit'), 'text');
  assert.ok(isPageHeader('-2-'));
  assert.ok(isPageHeader('Page 3'));
  assert.ok(isPageHeader('- 2 -          Daily News Bulletin          December 19, 1974'));
  assert.ok(!isPageHeader('WASHINGTON, Dec. 18 (JTA) -- The State Department'));
});

test('parses a dateline into place, filed date and agency, across a year end', () => {
  const d = parseDateline('BUENOS AIRES, Dec. 31 (JTA) -- Text', '1975-01-02');
  assert.deepEqual(d?.dateline, {
    raw: 'BUENOS AIRES, Dec. 31 (JTA) --',
    place: 'BUENOS AIRES',
    date: '1974-12-31',
    agency: 'JTA',
  });
  assert.equal(d?.rest, 'Text');
  assert.equal(parseDateline('The president said', '1975-01-02'), null);
  // Read through the OCR slips of one letter in the month and l/O for 1/0 in the day.
  assert.deepEqual(
    ['LONDON, Dee. l8 (JTA) --', 'PARIS, Mareh 1O (JTA) --', 'ROME, Jnne 3 (JTA) --'].map(
      (t) => parseDateline(t, '1975-06-30')?.dateline.date ?? null,
    ),
    ['1974-12-18', '1975-03-10', '1975-06-03'],
  );
  // A name one letter off two months ("Jule": June or July?), or off every month, makes no dateline.
  assert.equal(parseDateline('PARIS, Xyz 3 (JTA) --', '1975-06-30'), null);
  assert.equal(parseDateline('PARIS, Jule 3 (JTA) --', '1975-06-30'), null);
  // Closed by a full stop before the bracketed way it came, as 1887 papers set it.
  assert.deepEqual(parseDateline('LONDON, March 1. [New York Herald Cable]', '1887-03-03')?.dateline, {
    raw: 'LONDON, March 1.',
    place: 'LONDON',
    date: '1887-03-01',
    agency: null,
  });
});

test('segments a typed bulletin into its articles with kicker, byline, pages and references', () => {
  const { masthead, articles } = segment(typedPages(page1, page2));
  assert.equal(masthead.date, '1974-12-19');
  assert.equal(masthead.volume, 'XLI');
  assert.equal(masthead.number, '236');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    [
      "U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD",
      'SOVIET UNION BARS EMIGRATION OF 300 FAMILIES FROM KIEV',
      'CAMPS IN GERMANY TO CLOSE BY SPRING',
    ],
  );
  const [first, second, third] = articles;
  assert.equal(first?.headline, "U.S. Seeks DP's Entry, Says Dr. McDonald");
  assert.equal(first?.kicker, 'News Brief');
  assert.equal(first?.byline, 'By Ben Gallob');
  assert.equal(first?.dateline?.place, 'WASHINGTON');
  assert.equal(first?.dateline?.date, '1974-12-18');
  // The hyphen at "Presi-" / "dent" is a line-end break and is joined.
  assert.match(first?.body ?? '', /report to the President before/);
  assert.equal(first?.body.split('\n\n').length, 2);
  // The second article runs onto page 2; the page header is not part of it.
  assert.deepEqual([second?.firstPage, second?.lastPage], [1, 2]);
  assert.doesNotMatch(second?.body ?? '', /Daily News Bulletin/);
  assert.equal(second?.dateline?.agency, 'WNS');
  // "(See P. 2 for separate story.)" points at the article that starts on page 2.
  assert.deepEqual(
    first?.references.map((r) => [r.text, r.page, r.targetOrdinal]),
    [['(See P. 2 for separate story.)', 2, third?.ordinal]],
  );
});

test('keeps paragraphs and joins hyphenated words only before a lowercase continuation', () => {
  const lines = typedPages(`     First para-
graph ends here.
     Second one names the Soviet-
American talks.`)[0]!.lines.map((l, i) => ({
    page: 1,
    text: l.text,
    kind: 'text' as const,
    gap: 0,
    indent: i % 2 === 0 ? 5 : 0,
    centred: false,
    chars: l.text.length,
    large: false,
    size: 1,
    ocr: false,
  }));
  assert.deepEqual(toParagraphs(lines), [
    'First paragraph ends here.',
    'Second one names the Soviet-American talks.',
  ]);
});

test('a word divided at a line end is joined across a space before its hyphen, a gap after it or a page', () => {
  const at = (text: string, gap: number, page = 1) => ({
    page,
    text,
    kind: 'text' as const,
    gap,
    indent: 0,
    centred: false,
    chars: text.length,
    large: false,
    size: 1,
    ocr: false,
  });
  // ALTO keeps the hyphen apart ("Javaan -"), and a loosely leaded column reads a blank line between.
  assert.deepEqual(
    toParagraphs([at('zou hij weten, dat de Javaan -', 0), at('sche industrie vijandig was.', 1)]),
    ['zou hij weten, dat de Javaansche industrie vijandig was.'],
  );
  // A paragraph break after a dash or before a capital is kept; a divided word runs on to the next page.
  assert.deepEqual(toParagraphs([at('De heer A. -', 0), at('Nieuwe alinea.', 1)]), [
    'De heer A. -',
    'Nieuwe alinea.',
  ]);
  assert.deepEqual(toParagraphs([at('het eind van de kolom ver-', 0), at('volgt hier.', -1, 2)]), [
    'het eind van de kolom vervolgt hier.',
  ]);
});

test('a reference goes to the story the sentence before it names, by headline, place or text, not by common words', () => {
  const refs = [{ text: '(See P. 2.)', kind: 'see' as const, page: 2, targetOrdinal: null as number | null }];
  const articles = [
    {
      ordinal: 0,
      headline: 'REFUGEE SHIP DOCKS',
      body: 'The new arrivals were met at the pier. Further news on the court case in Bucharest appears elsewhere. (See P. 2.)',
      firstPage: 1,
      lastPage: 1,
    },
    // Shares "new" with the sentence before the one that names the story: not the one meant.
    { ordinal: 1, headline: 'NEW DAY SCHOOL OPENS', body: 'A new school opened.', firstPage: 2, lastPage: 2 },
    // "court" and the dateline's place "Bucharest" are what the naming sentence is about.
    {
      ordinal: 2,
      headline: 'JUDGES RULE ON KOSHER LAW',
      place: 'BUCHAREST',
      body: 'A court ruled today.',
      firstPage: 2,
      lastPage: 2,
    },
  ];
  resolveReferences(articles, (o) => (o === 0 ? refs : []));
  assert.equal(refs[0]!.targetOrdinal, 2);
  // "elections" and "elected", "debates" and "debate" meet under the stem.
  assert.deepEqual(['elections', 'elected', 'debates', 'debate', 'rules', 'ruled'].map(stem), [
    'elect',
    'elect',
    'debat',
    'debat',
    'rul',
    'rul',
  ]);
});

test('OCR noise (a stray mark in a headline, a broken dateline, a lost end mark) neither merges nor splits articles', () => {
  const noisy = page1
    .replace("U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD", "U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD'")
    .replace('WASHINGTON, Dec. 18 (JTA) --', 'WASHINGTON. Dec 18 JTA) -')
    .replace(/^ *-0- *$/m, '');
  assert.equal(noisy.split('\n').length, page1.split('\n').length);
  assert.doesNotMatch(noisy, /-0-|Dec\. 18/);
  const { articles } = segment(typedPages(noisy, page2));
  assert.deepEqual(
    articles.map((a) => [a.headlinePrinted, a.firstPage, a.lastPage]),
    [
      ["U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD'", 1, 1],
      ['SOVIET UNION BARS EMIGRATION OF 300 FAMILIES FROM KIEV', 1, 2],
      ['CAMPS IN GERMANY TO CLOSE BY SPRING', 2, 2],
    ],
  );
  // The article keeps its byline and its text, even though the dateline is no longer one.
  assert.equal(articles[0]!.byline, 'By Ben Gallob');
  assert.equal(articles[0]!.dateline, null);
  assert.match(articles[0]!.body, /State Department said today/);
});

test('a heading over a few words and nothing more is no article: its words go into the piece before it', () => {
  const page = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XIV, No. 2639                        Thursday, June 15, 1933
==================================================================

               WARSAW JEWS PROTEST NEW SCHOOL LAW

     WARSAW, June 14 (JTA) -- Jewish leaders met today to protest
the new school law, which closes the community's schools on the
Sabbath and requires lessons in the state language alone.

                     GOLD AND SILVER WARE

     Warmoesstraat 185, Amsterdam.

               SOKOLOW RE-ELECTION LOOMS AS CONGRESS CLOSES

     PRAGUE, June 14 (JTA) -- The re-election of Dr. Nahum Sokolow
as president of the World Zionist Organization was held certain
tonight as the congress went into its last session.
`;
  const { articles } = segment(typedPages(page), '1933-06-15');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['WARSAW JEWS PROTEST NEW SCHOOL LAW', 'SOKOLOW RE-ELECTION LOOMS AS CONGRESS CLOSES'],
  );
  assert.match(articles[0]!.body, /GOLD AND SILVER WARE\n\nWarmoesstraat 185, Amsterdam\.$/);
  assert.deepEqual(
    articles.map((a) => a.ordinal),
    [0, 1],
  );
});

test('a story over two pages stands in one region on each; every region lies on its page, below the masthead', () => {
  const { articles } = segment(typedPages(page1, page2));
  const second = articles[1]!;
  assert.deepEqual(
    second.regions?.map((r) => r.page),
    [1, 2],
  );
  for (const a of articles)
    for (const r of a.regions ?? []) {
      // Page 1's masthead ends at row 4, page 2's running head is row 1.
      const top = r.page === 1 ? 50 + 4 * 12 : 50 + 12;
      assert.ok(r.x >= 0 && r.y > top && r.x + r.w <= 612 && r.y + r.h <= 792, JSON.stringify(r));
    }
  // The first story's region starts at its kicker ("NEWS BRIEF", row 6) and ends before the next headline.
  const first = articles[0]!.regions!;
  assert.equal(first.length, 1);
  assert.equal(first[0]!.y, 50 + 6 * 12);
  assert.ok(first[0]!.y + first[0]!.h < 50 + 25 * 12);
});

test('a typeset dateline closed by a full stop is read, on the text line or alone; a sentence is not one', () => {
  const d = parseDateline(
    'BERLIN, Aug. 14. The Fund announced today that its campaign had ended.',
    '1928-08-16',
  );
  assert.deepEqual(d?.dateline, {
    raw: 'BERLIN, Aug. 14.',
    place: 'BERLIN',
    date: '1928-08-14',
    agency: null,
  });
  assert.equal(d?.rest, 'The Fund announced today that its campaign had ended.');
  assert.equal(parseDateline('WASHINGTON, Aug. 16.', '1928-08-16')?.dateline.place, 'WASHINGTON');
  // Not a dateline: the place not in capitals, or no sentence after the date.
  assert.equal(parseDateline('London, June 14. The committee met.', '1928-06-16'), null);
  assert.equal(parseDateline('PARIS, June 14. and the rest', '1928-06-16'), null);
});

test("a European paper's day-first dateline is read, with a weekday, in Dutch, French and German", () => {
  const nl = parseDateline('AMSTERDAM, Donderdag 30 November. De voorraad koffie was groot.', '1876-12-01');
  assert.deepEqual(nl?.dateline, {
    raw: 'AMSTERDAM, Donderdag 30 November.',
    place: 'AMSTERDAM',
    date: '1876-11-30',
    agency: null,
  });
  assert.equal(nl?.rest, 'De voorraad koffie was groot.');
  assert.equal(parseDateline('PARIS, 29 novembre. — Le conseil', '1876-12-01')?.dateline.date, '1876-11-29');
  assert.equal(
    parseDateline('BERLIN, 3. Dezember. Der Reichstag', '1876-12-04')?.dateline.date,
    '1876-12-03',
  );
  assert.equal(parseDateline('LONDEN, 30 Nov.', '1876-12-01')?.dateline.place, 'LONDEN');
  // Not one: a number that is no day before a month, a mixed-case place, a date inside a sentence.
  assert.equal(parseDateline('NEW YORK, 12 members of the board met.', '1876-12-01'), null);
  assert.equal(parseDateline('Amsterdam, 30 November 1876. (43974)', '1876-12-01'), null);
  assert.equal(parseDateline('LONDON, 14 June, when the House rose', '1876-12-01'), null);
});

test('a date set alone under a heading, its weekday first, is its dateline without a place', () => {
  assert.deepEqual(parseDateline('DONDERDAG 30 NOVEMBER.', '1876-12-01')?.dateline, {
    raw: 'DONDERDAG 30 NOVEMBER.',
    place: null,
    date: '1876-11-30',
    agency: null,
  });
  const de = parseDateline('Samstag, 2. Dezember. Die Börse war still.', '1876-12-04');
  assert.equal(de?.dateline.date, '1876-12-02');
  assert.equal(de?.rest, 'Die Börse war still.');
  // Not one: no weekday, or a sentence that opens on a day.
  assert.equal(parseDateline('30 NOVEMBER.', '1876-12-01'), null);
  assert.equal(parseDateline('Donderdag 30 November werd de Kamer geopend.', '1876-12-01'), null);
  assert.equal(parseDateline('Zaterdag 2 December. en later', '1876-12-01'), null);
});

test('a deck the heading left in the text does not hide the dateline under it', () => {
  const page = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XLI, No. 236                      Thursday, December 19, 1974
==================================================================

              RELIEF APPEAL IN BERLIN PASSES ITS GOAL

Agricultural Colonisation Fund Announced That Its Annual
Campaign in This City Raised a Record Sum

     BERLIN, Dec. 18. The Agricultural Colonisation Fund announced
today that its annual campaign in this city had raised $832,000.
`;
  const [a] = segment(typedPages(page)).articles;
  assert.equal(a?.dateline?.place, 'BERLIN');
  assert.equal(a?.dateline?.date, '1974-12-18');
  assert.match(
    a?.body ?? '',
    /^Agricultural Colonisation Fund .* Record Sum\n\nThe Agricultural Colonisation Fund announced/,
  );
});

test('lines set sideways up a margin are read after the upright text: a story still runs on from one page to the next', () => {
  const pages = typedPages(page1, page2);
  // An advertisement set up page 2's left margin, a line per run (as the text-layer reader gives them),
  // beside the story's last lines at the top of the page.
  const ad = [
    'TE KOOP AANGEBODEN',
    'Een welgelegen huis met tuin en stalling aan de Prinsengracht te Amsterdam,',
    'te bezichtigen op Maandag en Dinsdag, brieven franco onder motto Huis aan',
    'het bureau van dit blad, waar ook nadere inlichtingen te bekomen zijn.',
  ].map((text, k) => {
    const box = { x: 20 + k * 12, y: 40, w: 10, h: text.length * 6 };
    return { text, ...box, width: box.w, height: box.h, size: 10, words: [{ text, ...box }], sideways: true };
  });
  pages[1]!.lines.splice(1, 0, ...ad);
  const { articles } = segment(pages);
  const soviet = articles.find((a) => a.headlinePrinted.startsWith('SOVIET UNION BARS EMIGRATION'))!;
  assert.match(
    soviet.body,
    /refused, a spokesman for the families said here\.\s+The spokesman said the families/,
  );
  assert.deepEqual([soviet.firstPage, soviet.lastPage], [1, 2]);
  // The advertisement is a piece of its own, after the page's stories, in no story's text.
  const camps = articles.find((a) => a.headlinePrinted.startsWith('CAMPS IN GERMANY'))!;
  assert.doesNotMatch(`${soviet.body} ${camps.body}`, /Prinsengracht/);
  assert.match(articles.at(-1)!.body, /Prinsengracht/);
});

test('capitals under a line ending in a colon open what it announces; centred section heads stand without a full stop above', () => {
  const page = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XIV, No. 2639                        Thursday, June 15, 1933
==================================================================

               DECREE ON FOREIGN JEWS PUBLISHED

     BERLIN, June 14 (JTA) -- The Prussian government published a
decree today on the status of Jews of foreign birth. Its text reads
in substance as follows:

                DECREE OF THE MINISTER OF THE INTERIOR
All persons of foreign birth who came into the country after the
first of August nineteen fourteen shall report to the police within
thirty days, bringing their papers with them.
                          SHIPPING.
Arrived at Haifa the steamer Jerusalem from Trieste with one
hundred and twelve passengers, among them forty settlers; sailed
for Beirut the same day, with mail and cargo for the coast ___
                           ARRIVED.
The steamer Martha Washington from Naples, with two hundred
passengers for Palestine, landed at Jaffa yesterday afternoon.
`;
  const { articles } = segment(typedPages(page), '1933-06-15');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['DECREE ON FOREIGN JEWS PUBLISHED', 'SHIPPING.', 'ARRIVED.'],
  );
  assert.match(articles[0]!.body, /as follows:\s+DECREE OF THE MINISTER OF THE INTERIOR\s+All persons/);
});

test('text-type capitals over headline type name its section: they become the kicker, not the foot of the story before', () => {
  const page = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XIV, No. 2639                        Thursday, June 15, 1933
==================================================================

                        MARKET REPORT

     LONDON, June 14 (JTA) -- Prices on the exchange were firm
today, with buyers for every kind of stock and few sellers, and
the market closed higher than it opened.

                   PRIVATE TELEGRAMS.

                     Shipping News.

     HAIFA, June 14 (JTA) -- The steamer Jerusalem arrived from
Trieste today with one hundred and twelve passengers, among them
forty settlers bound for the valley of Jezreel.
`;
  const pages = typedPages(page);
  // The text layer gives "Shipping News." in type twice the text's size.
  const big = pages[0]!.lines.find((l) => l.text === 'Shipping News.')!;
  big.size = 20;
  const { articles } = segment(pages, '1933-06-15');
  assert.deepEqual(
    articles.map((a) => [a.kicker, a.headlinePrinted]),
    [
      [null, 'MARKET REPORT'],
      ['Private Telegrams.', 'Shipping News.'],
    ],
  );
  assert.doesNotMatch(articles[0]!.body, /PRIVATE TELEGRAMS/);
});

test('OCR of a small scan: a headline line read unsurely stays in its headline, and a line lost from one is no kicker', () => {
  const page = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XIV, No. 2639                        Thursday, June 15, 1933
==================================================================

                         PALESTINE
                     GOVERNMENT ISSUES
                      484 IMMIGRATION
                       CERTIFICATES

     JERUSALEM, June 14 (JTA) -- The government of Palestine issued
484 immigration certificates today for the half year to come, the
smallest number since the schedule was first published.

                        JTA SURVEY:
                         DAY SCHOOL


                       UP 6 PERCENT

     NEW YORK, June 14 (JTA) -- Enrollment in Jewish day schools rose
by six percent this year, a survey by the agency finds, with most of
the growth in the schools of the smaller cities.
`;
  const pages = typedPages(page);
  // As tesseract gives them: every word with its confidence, headline lines in type 1.5 times the
  // text's; "GOVERNMENT ISSUES" read unsurely (confidence 30).
  for (const l of pages[0]!.lines) {
    const head = /^[A-Z0-9: ]+$/.test(l.text) && !/AGENCY|BULLETIN/.test(l.text);
    for (const w of l.words) {
      w.conf = l.text === 'GOVERNMENT ISSUES' ? 30 : 92;
      if (head) w.h = 15;
    }
  }
  const { articles } = segment(pages, '1933-06-15');
  assert.deepEqual(
    articles.map((a) => [a.kicker, a.headlinePrinted]),
    [
      [null, 'PALESTINE GOVERNMENT ISSUES 484 IMMIGRATION CERTIFICATES'],
      [null, 'JTA SURVEY: DAY SCHOOL UP 6 PERCENT'],
    ],
  );
});

test("a reader's letter's mark under its heading is its credit, not its headline", () => {
  for (const t of ['(INGEZONDEN.)', '(Ingezonden)', '(Eingesandt.)', '(Communicated.)', '(Communiqué.)'])
    assert.equal(classify(t), 'credit', t);
  assert.equal(classify('(INGEZONDEN STUKKEN.)'), 'caps');
});
