/** Page metrics, type sizes and nameplates of the typeset bulletins, chosen per bulletin from a seed. */
import { JTA } from '../layouts.js';
import type { Rng } from '../random.js';
import type { Nameplate } from './content.js';

/** How one bulletin is set. Lengths in points. */
export interface TypesetStyle {
  id: string;
  /** Body columns of page 1 and of most inner pages. */
  columns: number;
  pageWidth: number;
  pageHeight: number;
  margin: number;
  /** Space from the page's bottom edge to the columns' foot. */
  bottom: number;
  gutter: number;
  bodySize: number;
  leading: number;
  /** First-line indent of a paragraph. */
  indent: number;
  /** Main deck of a one-column headline, and of the lead story's headline across two columns. */
  headSize: number;
  leadSize: number;
  /** The mixed-case decks under the main deck. */
  deckSize: number;
  /** Vertical rules in the gutters. */
  columnRules: boolean;
  /** Body lines set flush on both sides (word spacing widened); otherwise ragged right. */
  justify: boolean;
  /** "LONDON, June 14. —" (true) or "LONDON, June 14.—". */
  spacedDash: boolean;
  /** The dateline on a line of its own above the credit line (true), or run into the first paragraph. */
  datelineOwnLine: boolean;
  /** Inner pages set in two wide columns. */
  twoColumnPages: number[];
}

/** Every page image of a web copy is about 410 × 600 px, so pages keep that shape: height = width × 600 / 410. */
export const PAGE_RATIO = 600 / 410;

/** The invented papers, after the small typeset dailies of the wire agencies in the 1920s and 1930s. */
export const NAMEPLATES: Nameplate[] = [
  {
    code: 'dnb',
    initials: JTA.code,
    title: 'DAILY NEWS BULLETIN',
    over: JTA.name,
    runningName: 'DAILY NEWS BULLETIN',
    agency: 'Jewish Transatlantic Agency',
    imprint: `Published daily, except Saturday, by the ${JTA.publisher}, ${JTA.address} City`,
    founded: '1924-02-25',
    home: ['NEW YORK', 'WASHINGTON', 'CHICAGO', 'PHILADELPHIA', 'LOS ANGELES', 'MONTREAL', 'TORONTO'],
  },
  {
    code: 'tab',
    initials: JTA.code,
    title: 'THE TRANSATLANTIC BULLETIN',
    over: null,
    runningName: 'THE TRANSATLANTIC BULLETIN',
    agency: 'Jewish Transatlantic Agency',
    imprint: `Issued every morning except Saturday by the ${JTA.publisher}, ${JTA.address}`,
    founded: '1925-10-12',
    home: ['NEW YORK', 'WASHINGTON', 'CHICAGO', 'PHILADELPHIA', 'LOS ANGELES', 'MONTREAL', 'TORONTO'],
  },
  {
    code: 'apb',
    initials: 'APB',
    title: 'ATLANTIC DAILY BULLETIN',
    over: 'ATLANTIC PRESS BUREAU',
    runningName: 'ATLANTIC DAILY BULLETIN',
    agency: 'Atlantic Press Bureau',
    imprint: 'Published daily except Saturday by the Atlantic Press Bureau, 165 West 46th Street, New York',
    founded: '1926-03-01',
    home: ['NEW YORK', 'WASHINGTON', 'CHICAGO', 'PHILADELPHIA', 'LOS ANGELES', 'MONTREAL', 'TORONTO'],
  },
];

/**
 * A style and page count for a bulletin: mostly three columns and four pages; some four or five columns on a
 * larger sheet, those mostly of two pages (a page of five columns holds about as much as two of three).
 */
export function chooseStyle(rng: Rng): { style: TypesetStyle; pages: number } {
  const columns = rng.weighted<number>([
    [3, 7],
    [4, 2],
    [5, 1],
  ]);
  const pages =
    columns === 3
      ? rng.weighted<number>([
          [4, 7],
          [2, 2],
          [3, 1],
        ])
      : columns === 4
        ? rng.weighted<number>([
            [2, 3],
            [4, 1],
          ])
        : 2;
  // A larger sheet for more columns; smaller type the more there are.
  const pageWidth = { 3: 540, 4: 648, 5: 756 }[columns]!;
  const bodySize = { 3: rng.pick([9, 9.5]), 4: rng.pick([8.5, 9]), 5: 8 }[columns]!;
  const inner = Array.from({ length: Math.max(0, pages - 2) }, (_, i) => i + 2);
  const style: TypesetStyle = {
    id: `typeset-${columns}col`,
    columns,
    pageWidth,
    pageHeight: Math.round(pageWidth * PAGE_RATIO),
    margin: columns === 3 ? 32 : 36,
    bottom: 34,
    gutter: rng.pick([11, 13, 15]),
    bodySize,
    leading: Math.round(bodySize * 1.16 * 10) / 10,
    indent: bodySize * rng.pick([1, 1.5]),
    headSize: columns === 3 ? rng.pick([12, 13, 14]) : rng.pick([11, 12, 13]),
    leadSize: rng.pick([17, 18, 20]),
    deckSize: bodySize + 1.5,
    columnRules: rng.chance(0.6),
    justify: rng.chance(0.9),
    spacedDash: rng.chance(0.5),
    datelineOwnLine: rng.chance(0.25),
    twoColumnPages: columns === 3 ? inner.filter(() => rng.chance(0.2)) : [],
  };
  return { style, pages };
}
