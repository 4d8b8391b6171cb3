/** Invented word stock for the demo news: people, organisations, kickers, bylines, generic sentences. */

/** A real city used only as a place, with the country it lies in (by era) and its adjective. */
export interface City {
  name: string;
  country: (year: number) => string;
  /** The country as a headline prints it ("U.S.", "USSR", "BRITAIN"). */
  short: (year: number) => string;
}

const fixed = (country: string, short = country): Pick<City, 'country' | 'short'> => ({
  country: () => country,
  short: () => short,
});
const holyLand: Pick<City, 'country' | 'short'> = {
  country: (y) => (y < 1948 ? 'Palestine' : 'Israel'),
  short: (y) => (y < 1948 ? 'Palestine' : 'Israel'),
};
const usa = fixed('the United States', 'U.S.');

export const CITIES: City[] = [
  { name: 'London', ...fixed('Britain') },
  { name: 'Paris', ...fixed('France') },
  { name: 'Geneva', ...fixed('Switzerland') },
  { name: 'Rome', ...fixed('Italy') },
  { name: 'Warsaw', ...fixed('Poland') },
  { name: 'Bucharest', ...fixed('Rumania') },
  { name: 'Vienna', ...fixed('Austria') },
  { name: 'Prague', ...fixed('Czechoslovakia') },
  { name: 'Budapest', ...fixed('Hungary') },
  { name: 'Berlin', ...fixed('Germany') },
  {
    name: 'Moscow',
    country: (y) => (y < 1992 ? 'the Soviet Union' : 'Russia'),
    short: (y) => (y < 1992 ? 'USSR' : 'Russia'),
  },
  { name: 'Jerusalem', ...holyLand },
  { name: 'Tel Aviv', ...holyLand },
  { name: 'Haifa', ...holyLand },
  { name: 'New York', ...usa },
  { name: 'Washington', ...usa },
  { name: 'Chicago', ...usa },
  { name: 'Los Angeles', ...usa },
  { name: 'Philadelphia', ...usa },
  { name: 'Montreal', ...fixed('Canada') },
  { name: 'Toronto', ...fixed('Canada') },
  { name: 'Buenos Aires', ...fixed('Argentina') },
  { name: 'Mexico City', ...fixed('Mexico') },
  { name: 'Rio de Janeiro', ...fixed('Brazil') },
  { name: 'Johannesburg', ...fixed('South Africa', 'S. Africa') },
  { name: 'Cape Town', ...fixed('South Africa', 'S. Africa') },
  { name: 'Amsterdam', ...fixed('the Netherlands', 'Holland') },
  { name: 'Brussels', ...fixed('Belgium') },
  { name: 'Antwerp', ...fixed('Belgium') },
  { name: 'Stockholm', ...fixed('Sweden') },
  { name: 'Istanbul', ...fixed('Turkey') },
  { name: 'Athens', ...fixed('Greece') },
  { name: 'Melbourne', ...fixed('Australia') },
  { name: 'Casablanca', ...fixed('Morocco') },
];

export const MEN = (
  'Nathan Samuel David Aaron Jacob Isaac Benjamin Morris Louis Max Herman Julius Emil Oscar ' +
  'Irving Harold Martin Leon Felix Simon Arthur Walter Solomon Reuben Eli Victor'
).split(' ');
export const WOMEN = (
  'Miriam Esther Leah Ruth Hannah Sarah Rachel Sophie Bertha Frieda Rose Ida Clara Sylvia ' +
  'Judith Naomi Edith Dora Helen Lillian'
).split(' ');
/** Invented surnames; the Mc/Mac/O' ones test how capitals are turned back into names. */
export const SURNAMES = (
  'Orlovsky Feldmann Weisberg Halpern Rosenthal Kessler Brodsky Lindauer Mandelbaum Perlstein ' +
  'Gottlieb Steinhardt Abramowitz Kaplansky Zuckerman Friedland Lowenthal Sobelman Grunwald ' +
  'Hirschfeld Margolin Teitelbaum Blumenfeld Shapiro Levinson Adler Berkowitz Dorfman Eisner ' +
  "Rabinovich McDonald McKessen MacLowry O'Fenwick McAllister DeWitt Vandermeer Castellano"
).split(' ');
/** Honorifics: the first four print in headlines too ("DR. ORLOVSKY"). */
export const TITLES = ['Dr.', 'Rabbi', 'Prof.', 'Judge'] as const;

/** Invented organisations: full name for the body, short form for headlines, initials. */
export interface Org {
  name: string;
  short: string;
  abbr: string;
}
export const ORGS: Org[] = [
  { name: 'American Council for Refugee Aid', short: 'Refugee Aid Council', abbr: 'ACRA' },
  { name: 'United Hebrew Relief Federation', short: 'Relief Federation', abbr: 'UHRF' },
  { name: 'World Union of Hebrew Teachers', short: 'Teachers Union', abbr: 'WUHT' },
  { name: 'National Council of Congregations', short: 'Congregations Council', abbr: 'NCC' },
  { name: 'Society for Land Settlement', short: 'Settlement Society', abbr: 'SLS' },
  { name: 'Federation of Youth Circles', short: 'Youth Federation', abbr: 'FYC' },
  { name: 'Overseas Rescue Committee', short: 'Rescue Committee', abbr: 'ORC' },
  { name: 'Agricultural Colonisation Fund', short: 'Colonisation Fund', abbr: 'ACF' },
  { name: 'Hebrew Mutual Aid League', short: 'Mutual Aid League', abbr: 'HMAL' },
  { name: 'Council for Minority Rights', short: 'Minority Rights Council', abbr: 'CMR' },
  { name: "Women's League for Child Welfare", short: "Women's League", abbr: 'WLCW' },
  { name: 'Association of Hebrew Journalists', short: "Journalists' Association", abbr: 'AHJ' },
  { name: 'Central Committee for Emigrant Welfare', short: 'Emigrant Committee', abbr: 'CCEW' },
  { name: 'Institute for Jewish Social Studies', short: 'Social Studies Institute', abbr: 'IJSS' },
];

/** Kickers: section labels printed above some headlines (not part of the headline). */
export const KICKERS = [
  'NEWS BRIEF',
  'BEHIND THE HEADLINES',
  'SPECIAL INTERVIEW',
  'NEWS ANALYSIS',
  'FEATURE',
  'SPECIAL REPORT',
  'BACKGROUND REPORT',
  'FOCUS ON ISSUES',
] as const;

/** Kickers whose stories are often written without a dateline. */
export const FEATURE_KICKERS = new Set<string>([
  'BEHIND THE HEADLINES',
  'SPECIAL INTERVIEW',
  'NEWS ANALYSIS',
  'FEATURE',
  'FOCUS ON ISSUES',
]);

/** Bylines besides "By First Last" forms. */
export const STAFF_BYLINES = ['By a Staff Correspondent', 'By Our Paris Correspondent'];

/** Settlement regions for stories from Palestine or Israel. */
export const REGIONS = ['Galilee', 'the Negev', 'the Jordan Valley', 'the Sharon', 'the Emek'];

/** Sentences that fit any story; slots as in stories.ts. */
export const GENERIC: string[] = [
  'A spokesman for the {O} said that further details would be made public later this week.',
  '"This is a day our members will long remember," {QT} said in a brief statement.',
  'Local newspapers gave the story prominent space in their evening editions.',
  'Community leaders here expressed cautious satisfaction with the outcome.',
  'The figures were compiled from reports sent in by branch offices in {K} cities.',
  'The funds will be administered by a committee of {K} members named by the board.',
  'Observers noted that the question had been debated for more than a year without result.',
  'Earlier in the week, a delegation of the {O} had called on officials to press its case.',
  'The announcement was welcomed by representatives of several other organizations.',
  'Officials stressed that the arrangement was a temporary one and would be reviewed within a year.',
  'Similar programs are under way in {K} other communities, according to the report.',
  'The text of the resolution was sent to all affiliated branches for study and comment.',
  '{PT} thanked the volunteers who had worked on the project since its beginning.',
  'A full report on the matter is to be published by the end of the month.',
  'Several speakers urged that the work be extended to the smaller towns as well.',
  "The budget for the coming year was fixed at {AMT}, an increase over last year's figure.",
  'An appeal for contributions was addressed to the members of all affiliated societies.',
  'The correspondence between the two bodies was released to the press this evening.',
];

/** Sentences that fit stories about meetings, sessions and conferences. */
export const MEETING: string[] = [
  '{Q}, who attended the meeting, told reporters that the decision had been expected for some time.',
  'The proposal will be taken up again when the executive committee reconvenes next month.',
  'Delegates from {K} countries took part in the sessions, which lasted three days.',
  'No date has yet been set for the next meeting of the two groups.',
  'The meeting closed with a call for closer cooperation among the communities of the region.',
  'Questions from the floor dealt mainly with the cost of the program and its timetable.',
  'Attendance at the sessions was the largest in the history of the organization.',
  'In a message read to the gathering, {Q} praised the spirit of the volunteers.',
  'The committee will meet again in {C} before the end of the season.',
  'Representatives of the press were admitted to the afternoon session only.',
];
