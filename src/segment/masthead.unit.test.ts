/** The masthead at the top of page 1: where it ends, and that the first headline is never taken into it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typedPages } from '../../test/helpers/typed-pages.js';
import { readMasthead } from './masthead.js';
import { segment } from './segmenter.js';

/** A typed page 1: the masthead lines given, then a headline and its story. */
function page1(masthead: string, headline: string[]): string {
  return `
${masthead}

${headline.map((h) => `                    ${h}`).join('\n')}

     NEW YORK, Dec. 18 (JTA) -- Bankers and brokers met today to plan a loan
to the refugee committee, a spokesman for the committee said here.
                              -0-
`;
}

const jta = `                     JEWISH TELEGRAPHIC AGENCY
                        DAILY NEWS BULLETIN
Vol. XLI, No. 236                      Thursday, December 19, 1974`;

for (const headline of [
  ['WALL STREET BANKERS MEET', 'ON REFUGEE LOANS'],
  ['FIFTH AVENUE SYNAGOGUE BURNS'],
  ['CABLE FROM LONDON TELLS', 'OF NEW VISA RULES'],
]) {
  test(`a headline with an address word right under the masthead stays a headline: ${headline[0]}`, () => {
    const [page] = typedPages(page1(jta, headline));
    const m = readMasthead(page!);
    assert.equal(m.lineCount, 3);
    assert.doesNotMatch(m.text, new RegExp(headline[0]!));
    assert.equal(m.date, '1974-12-19');
    const { articles } = segment([page!]);
    assert.deepEqual(
      articles.map((a) => a.headlinePrinted),
      [headline.join(' ')],
    );
  });
}

test('address lines with a number, or naming themselves an address, are still masthead', () => {
  const masthead = `${jta}
              60 East 42nd Street, New York 17, N. Y.
        Telephone: MUrray Hill 2-1234    Cable Address: JEWTELAGEN
                    Cable Address: JEWTELAGEN`;
  const [page] = typedPages(page1(masthead, ['WALL STREET BANKERS MEET', 'ON REFUGEE LOANS']));
  const m = readMasthead(page!);
  // The street line, the telephone line and a last line that says only "Cable Address".
  assert.equal(m.lineCount, 6);
  assert.match(m.text, /Cable Address: JEWTELAGEN$/);
  const { articles } = segment([page!]);
  assert.deepEqual(
    articles.map((a) => a.headlinePrinted),
    ['WALL STREET BANKERS MEET ON REFUGEE LOANS'],
  );
});
