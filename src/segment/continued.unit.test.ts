import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typedPages } from '../../test/helpers/typed-pages.js';
import type { ArticleDraft } from '../core/types.js';
import { joinContinuations } from './continued.js';
import { classify, isCredit } from './layout.js';
import { segment } from './segmenter.js';

const page1 = `
                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XIV, No. 2639                        Thursday, June 15, 1933
==================================================================

          SOKOLOW RE-ELECTION LOOMS AS CONGRESS CLOSES

     PRAGUE, June 14 (JTA) -- The re-election of Dr. Nahum Sokolow
as president of the World Zionist Organization was held certain
tonight as the congress went into its last session.
     (Continued on Page 4)

                      SPECIAL TO THE BULLETIN
               WARSAW JEWS PROTEST NEW SCHOOL LAW

     WARSAW, June 14 (JTA) -- Jewish leaders met today to protest
the new school law.
`;

const page4 = `
- 4 -          Daily News Bulletin          June 15, 1933

                          SOKOLOW
                  (Continued from Page 1)
     Delegates from forty countries voted on the resolutions late
in the evening, and the session closed with the anthem.
`;

test('a story continued on page 4 is one article over both pages; its jump heading is not an article', () => {
  const { articles } = segment(typedPages(page1, '', '', page4), '1933-06-15');
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['SOKOLOW RE-ELECTION LOOMS AS CONGRESS CLOSES', 'WARSAW JEWS PROTEST NEW SCHOOL LAW'],
  );
  const [sokolow] = articles;
  assert.equal(sokolow?.firstPage, 1);
  assert.equal(sokolow?.lastPage, 4);
  assert.deepEqual(sokolow?.parts, [
    { firstPage: 1, lastPage: 1 },
    { firstPage: 4, lastPage: 4 },
  ]);
  assert.match(sokolow!.body, /last session\.\n\nDelegates from forty countries/);
  assert.doesNotMatch(sokolow!.body, /Continued/);
  assert.deepEqual(sokolow?.references, []);
});

test('a credit line above a headline is the story credit, not part of the headline or the last story', () => {
  const { articles } = segment(typedPages(page1), '1933-06-15');
  const warsaw = articles.find((a) => a.headlinePrinted.includes('WARSAW'));
  assert.equal(warsaw?.headlinePrinted, 'WARSAW JEWS PROTEST NEW SCHOOL LAW');
  assert.equal(warsaw?.credit, 'SPECIAL TO THE BULLETIN');
  assert.equal(warsaw?.kicker, null);
  assert.doesNotMatch(articles[0]!.body, /SPECIAL/);
});

test('credit lines are told from headlines and text', () => {
  for (const t of [
    '(Jewish Telegraphic Agency)',
    'Special to the Bulletin',
    'SPECIAL TO THE JEWISH DAILY BULLETIN',
    'By Cable to the Bulletin',
    '(By Wireless to the Jewish Daily Bulletin)',
  ])
    assert.equal(classify(t), 'credit', t);
  assert.equal(isCredit('SPECIAL SESSION OF THE KNESSET CALLED'), false);
  assert.equal(classify('The agency said it would send a cable to the bureau.'), 'text');
});

test('pages with no heading are units of their own, not one article for the whole bulletin', () => {
  const prose = (n: number) =>
    Array.from(
      { length: 12 },
      (_, i) => `Line ${i} of page ${n} of a paper printed with no headings at all.`,
    ).join('\n');
  const pages = typedPages(prose(1), prose(2), prose(3), prose(4));
  const { articles } = segment(pages, '1933-06-15');
  assert.deepEqual(
    articles.map((a) => [a.firstPage, a.lastPage]),
    [
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ],
  );
  assert.match(articles[2]!.headline, /^Line 0 of page 3/);
});

test('a story that runs on from one page to the next stays one article', () => {
  const { articles } = segment(
    typedPages(page1, '     tonight, and the delegates went home.\n'),
    '1933-06-15',
  );
  assert.equal(articles.at(-1)?.lastPage, 2);
});

/** An article draft as the segmenter makes it. */
function draft(
  ordinal: number,
  headline: string,
  page: number,
  body: string,
  place: string | null,
): ArticleDraft {
  return {
    ordinal,
    headlinePrinted: headline,
    headline,
    kicker: null,
    byline: null,
    dateline: place ? { raw: `${place},`, place, date: null, agency: null } : null,
    body,
    firstPage: page,
    lastPage: page,
    references: [],
  };
}

test('a jump whose "Continued" lines OCR could not read is joined by its heading, taken from the headline', () => {
  const { articles, joined } = joinContinuations([
    draft(
      0,
      '1.850 REFUGEES REACH GENEVA ABOARD SHIP',
      1,
      'GENEVA, Oct. 13. — A ship carrying 1,850 refugees Connrwd oa Pgae Z',
      'GENEVA',
    ),
    draft(1, 'PALESTINE TO BUILD 7 NEW VILLAGES', 1, 'JAFFA, Oct. 16. — Plans for seven villages.', 'JAFFA'),
    // "GENEVA ABOARD SHIP" read with a slip, its "(Continued from Page 1)" garbled.
    draft(2, 'GENLY ABOARD SHIP', 2, 'Connriaand Zone Spr 0 the passengers landed at dawn.', null),
    draft(3, 'NEW HEBREW SCHOOL OPENS', 2, 'BUCHAREST, Oct. 15. — A school opened.', 'BUCHAREST'),
  ]);
  assert.equal(joined, 1);
  assert.deepEqual(
    articles.map((a) => [a.headlinePrinted, a.firstPage, a.lastPage, a.parts?.length ?? 1]),
    [
      ['1.850 REFUGEES REACH GENEVA ABOARD SHIP', 1, 2, 2],
      ['PALESTINE TO BUILD 7 NEW VILLAGES', 1, 1, 1],
      ['NEW HEBREW SCHOOL OPENS', 2, 2, 1],
    ],
  );
  assert.match(articles[0]!.body, /passengers landed at dawn/);
});

test('a later story under a dateline is its own article even when its headline repeats an earlier one', () => {
  const { articles, joined } = joinContinuations([
    draft(0, 'REFUGEES REACH GENEVA ABOARD SHIP', 1, 'GENEVA, Oct. 13. — A ship arrived.', 'GENEVA'),
    draft(1, 'MORE REFUGEES REACH GENEVA', 2, 'GENEVA, Oct. 14. — Another ship arrived.', 'GENEVA'),
  ]);
  assert.equal(joined, 0);
  assert.equal(articles.length, 2);
});
