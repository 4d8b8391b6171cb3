/** The demo bulletins' layout variants by era: mastheads, page headers, headline and paragraph styles. */
import { longDate, mediumDate } from './calendar.js';

export type Align = 'left' | 'center' | 'right';

/** What a printed line is, for tests and debugging (not drawn). */
export type LineRole = 'masthead' | 'header' | 'kicker' | 'headline' | 'rule' | 'byline' | 'body' | 'end';

/** One typed line: drawn with a single drawText call; `indent` is in character widths from the margin. */
export interface PrintedLine {
  text: string;
  align: Align;
  indent?: number;
  bold?: boolean;
  role?: LineRole;
}

/** A line slot on the page: a printed line, or null for a blank line. */
export type Slot = PrintedLine | null;

/** An invented wire agency. */
export interface Agency {
  name: string;
  /** Code printed in datelines, "(JTA)". */
  code: string;
  founded: number;
  publisher: string;
  address: string;
}

/** What a masthead and page header print about the edition. */
export interface EditionInfo {
  date: string;
  volume: string;
  number: string;
}

/** A layout variant: page metrics, masthead, page header and how articles are set. */
export interface LayoutVariant {
  id: string;
  /** Years in which the variant is used, inclusive, and its weight among those in use. */
  from: number;
  to: number;
  weight: number;
  agency: Agency;
  fontSize: number;
  /** Points from one baseline to the next. */
  leading: number;
  linesPerPage: number;
  /** Left margin and the first baseline's distance from the top, in points. */
  left: number;
  top: number;
  /** Characters per body line. */
  width: number;
  romanVolume: boolean;
  dateInMasthead: boolean;
  /** Page 1's masthead lines, ending with a blank line. */
  masthead: (ed: EditionInfo) => Slot[];
  /** The running header of page n (n ≥ 2); a blank line follows it. */
  pageHeader: (n: number, ed: EditionInfo) => PrintedLine;
  headAlign: Align;
  headBold: boolean;
  /** Character of the rule under the headline, or null for none. */
  underline: '-' | '_' | null;
  bylineAlign: Align;
  /** Indent of a paragraph's first line in characters (0 = block paragraphs). */
  paraIndent: number;
  /** Blank lines between paragraphs. */
  paraGap: number;
  /** Blank lines between one article's end and the next article's head. */
  articleGap: number;
  /** Whether a blank line separates the head (headline, byline) from the body. */
  blankAfterHead: boolean;
  endMark: { text: string; align: Align; gap: number } | null;
  twoLineShare: number;
}

export const JTA: Agency = {
  name: 'JEWISH TRANSATLANTIC AGENCY',
  code: 'JTA',
  founded: 1917,
  publisher: 'Transatlantic Agency, Inc.',
  address: '660 First Avenue, New York',
};
const APB: Agency = {
  name: 'ATLANTIC PRESS BUREAU',
  code: 'APB',
  founded: 1921,
  publisher: 'Atlantic Press Bureau',
  address: '165 West 46th Street, New York',
};
const WJNS: Agency = {
  name: 'WORLD JEWISH NEWS SERVICE',
  code: 'WJNS',
  founded: 1938,
  publisher: 'World Jewish News Service',
  address: '1 Park Avenue, New York',
};

const line = (text: string, align: Align = 'left', bold = false): PrintedLine => ({
  text,
  align,
  bold,
  role: 'masthead',
});
/** Left and right parts on one line, spaced out to `width` characters. */
const spread = (a: string, b: string, width: number) =>
  `${a}${' '.repeat(Math.max(3, width - a.length - b.length))}${b}`;

const common = { fontSize: 10.5, leading: 12, linesPerPage: 60, top: 46, twoLineShare: 0.35 };

/** The variants; eras overlap so that most decades have two or three. */
export const LAYOUTS: LayoutVariant[] = [
  {
    ...common,
    id: 'interwar-centred',
    from: 1928,
    to: 1941,
    weight: 3,
    agency: JTA,
    left: 66,
    width: 66,
    romanVolume: true,
    dateInMasthead: true,
    masthead: (ed) => [
      line(JTA.name, 'center', true),
      line('DAILY NEWS BULLETIN', 'center'),
      null,
      line(spread(`Vol. ${ed.volume}, No. ${ed.number}`, longDate(ed.date), 66)),
      line('='.repeat(66)),
      null,
    ],
    pageHeader: (n) => line(`-${n}-`, 'center'),
    headAlign: 'center',
    headBold: true,
    underline: '-',
    bylineAlign: 'center',
    paraIndent: 5,
    paraGap: 0,
    articleGap: 1,
    blankAfterHead: true,
    endMark: { text: '-0-', align: 'center', gap: 0 },
  },
  {
    ...common,
    id: 'atlantic-bureau',
    from: 1929,
    to: 1952,
    weight: 2,
    agency: APB,
    fontSize: 11,
    leading: 12.5,
    linesPerPage: 58,
    left: 60,
    width: 64,
    romanVolume: true,
    dateInMasthead: true,
    masthead: (ed) => [
      line(APB.name, 'left', true),
      line('Daily News Bulletin'),
      line(`Vol. ${ed.volume}   No. ${ed.number}`),
      line(longDate(ed.date), 'right'),
      line('_'.repeat(64)),
      null,
    ],
    pageHeader: (n) => line(`Page ${n}`, 'right'),
    headAlign: 'left',
    headBold: false,
    underline: '_',
    bylineAlign: 'left',
    paraIndent: 0,
    paraGap: 1,
    articleGap: 2,
    blankAfterHead: true,
    endMark: { text: '* * *', align: 'center', gap: 1 },
  },
  {
    ...common,
    id: 'postwar-oneline',
    from: 1945,
    to: 1966,
    weight: 3,
    agency: JTA,
    left: 60,
    width: 70,
    romanVolume: false,
    dateInMasthead: true,
    masthead: (ed) => [
      line(`Daily News Bulletin  Vol. ${ed.volume} No. ${ed.number}`, 'center', true),
      line(`Published by ${JTA.publisher}, ${JTA.address}`, 'center'),
      line(longDate(ed.date), 'center'),
      line('-'.repeat(70)),
      null,
    ],
    pageHeader: (n) => line(`- ${n} -`, 'center'),
    headAlign: 'center',
    headBold: false,
    underline: null,
    bylineAlign: 'center',
    paraIndent: 5,
    paraGap: 0,
    articleGap: 2,
    blankAfterHead: true,
    endMark: { text: '###', align: 'center', gap: 1 },
  },
  {
    ...common,
    id: 'world-service',
    from: 1950,
    to: 1978,
    weight: 2,
    agency: WJNS,
    linesPerPage: 59,
    left: 72,
    width: 66,
    romanVolume: true,
    dateInMasthead: true,
    masthead: (ed) => [
      line(WJNS.name, 'center', true),
      line(`DAILY NEWS BULLETIN  *  Vol. ${ed.volume}, No. ${ed.number}`, 'center'),
      line(`New York, ${longDate(ed.date)}`, 'center'),
      line('_'.repeat(66)),
      null,
    ],
    pageHeader: (n, ed) => line(`- ${n} -          Daily News Bulletin          ${mediumDate(ed.date)}`),
    headAlign: 'left',
    headBold: true,
    underline: null,
    bylineAlign: 'left',
    paraIndent: 5,
    paraGap: 1,
    articleGap: 2,
    blankAfterHead: false,
    endMark: null,
  },
  {
    // Date on the masthead's first line, headers naming the bulletin, block paragraphs, no end marks.
    ...common,
    id: 'bureau-dated-header',
    from: 1936,
    to: 1960,
    weight: 2,
    agency: APB,
    left: 70,
    width: 64,
    romanVolume: false,
    dateInMasthead: true,
    masthead: (ed) => [
      line(spread(APB.name, longDate(ed.date), 64), 'left', true),
      line('DAILY NEWS BULLETIN', 'left', true),
      line(spread(`Vol. ${ed.volume}`, `No. ${ed.number}`, 64)),
      line('-'.repeat(64)),
      null,
    ],
    pageHeader: (n, ed) => line(spread(`Page ${n}`, `Daily News Bulletin, ${mediumDate(ed.date)}`, 64)),
    headAlign: 'left',
    headBold: false,
    underline: '-',
    bylineAlign: 'left',
    paraIndent: 0,
    paraGap: 1,
    articleGap: 2,
    blankAfterHead: false,
    endMark: null,
  },
  {
    // Plain centred headlines without rules, "###" set flush left, a short masthead with the number first.
    ...common,
    id: 'service-plain-centred',
    from: 1966,
    to: 1990,
    weight: 2,
    agency: WJNS,
    left: 68,
    width: 68,
    romanVolume: false,
    dateInMasthead: true,
    masthead: (ed) => [
      line(`No. ${ed.number}  --  Vol. ${ed.volume}`, 'right'),
      line(`${WJNS.name} -- DAILY NEWS BULLETIN`, 'center', true),
      line(longDate(ed.date), 'center'),
      line('*'.repeat(34)),
      null,
    ],
    pageHeader: (n) => line(spread(`-${n}-`, 'WJNS Daily News Bulletin', 68)),
    headAlign: 'center',
    headBold: true,
    underline: null,
    bylineAlign: 'center',
    paraIndent: 3,
    paraGap: 0,
    articleGap: 2,
    blankAfterHead: true,
    endMark: { text: '###', align: 'left', gap: 1 },
  },
  {
    ...common,
    id: 'undated-masthead',
    from: 1962,
    to: 1994,
    weight: 2,
    agency: JTA,
    left: 66,
    width: 68,
    romanVolume: true,
    dateInMasthead: false,
    masthead: (ed) => [
      line('JTA  DAILY NEWS BULLETIN', 'center', true),
      line(`Vol. ${ed.volume} - No. ${ed.number}`, 'center'),
      line(`Published by ${JTA.publisher} * ${JTA.address}`, 'center'),
      line('='.repeat(68)),
      null,
    ],
    pageHeader: (n) => line(`- ${n} -`, 'center'),
    headAlign: 'center',
    headBold: true,
    underline: '_',
    bylineAlign: 'center',
    paraIndent: 5,
    paraGap: 0,
    articleGap: 1,
    blankAfterHead: true,
    endMark: { text: '- 0 -', align: 'center', gap: 0 },
  },
  {
    ...common,
    id: 'modern-long-header',
    from: 1972,
    to: 1994,
    weight: 3,
    agency: JTA,
    fontSize: 10,
    left: 72,
    width: 70,
    romanVolume: false,
    dateInMasthead: true,
    masthead: (ed) => [
      line(JTA.name, 'center', true),
      line('DAILY NEWS BULLETIN', 'center', true),
      line(spread(`Vol. ${ed.volume} - No. ${ed.number}`, longDate(ed.date), 70)),
      line('-'.repeat(70)),
      null,
    ],
    pageHeader: (n, ed) => line(`JTA Daily News Bulletin  -${n}-  ${longDate(ed.date)}`),
    headAlign: 'left',
    headBold: true,
    underline: '-',
    bylineAlign: 'left',
    paraIndent: 5,
    paraGap: 1,
    articleGap: 1,
    blankAfterHead: true,
    endMark: { text: '-0-', align: 'left', gap: 1 },
  },
];
