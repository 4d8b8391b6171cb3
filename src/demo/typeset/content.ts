/**
 * Invents one typeset article: the demo stories (src/demo/news.ts) lengthened with sentences of the 1930s wire,
 * a capital headline with smaller mixed-case decks drawn from its lead, a run-in dateline without an agency
 * code, and a credit line.
 */
import { datelineDay } from '../calendar.js';
import { makeArticle, type NewsContext } from '../news.js';
import { CITIES, MEN, ORGS, SURNAMES, TITLES, WOMEN } from '../news-data.js';
import type { Rng } from '../random.js';

/** The agency and paper a bulletin is printed for (credit lines and running heads name them). */
export interface Nameplate {
  /** Short code for file names ("dnb"). */
  code: string;
  /** The agency's initials as the stories print them ("a survey conducted for the JTA"). */
  initials: string;
  /** The nameplate in big type. */
  title: string;
  /** Line over the title, or null. */
  over: string | null;
  /** The name as a running head prints it. */
  runningName: string;
  /** The agency as a credit line names it: "(Jewish Transatlantic Agency)". */
  agency: string;
  /** Publisher's line under the title. */
  imprint: string;
  /** First day of issue No. 1 (numbers count the days of issue since, Saturdays excepted). */
  founded: string;
  /** Places whose stories come "Special to the Bulletin" rather than by cable. */
  home: string[];
}

/** An article before it is set. */
export interface TypesetArticle {
  /** The main deck, capitals: the truth headline. */
  headline: string;
  /** Smaller decks under it, mixed case (0-2). */
  decks: string[];
  byline: string | null;
  /** Place as printed (capitals) and the filing date; the agency is '' (a typeset dateline prints none). */
  dateline: { place: string; agency: string; date: string } | null;
  credit: string | null;
  /** Sentences of each paragraph, without the dateline. */
  paragraphs: string[][];
}

/**
 * Sentences of the wire of the time, invented, in the stories' slot language ({O} organisation, {C} the
 * dateline's city, {C2} another city, {PT} the story's person, {R} a new person, {K} {N} {N3} {AMT} figures);
 * "[a|b|c]" picks one of its choices, so that a sentence used twice in a bulletin reads differently.
 */
const EXTRA: string[] = [
  'The statement was issued after [a meeting|a long session|an emergency session] of the executive of the {O}, [held behind closed doors|which lasted until late in the evening|called at short notice].',
  '{PT} declared that the {O} would [carry on its work|continue its efforts|not abandon its program] [whatever the difficulties|in spite of every obstacle|until the question is settled].',
  '[Reports|Letters|Dispatches] reaching {C} from the provinces tell of [similar conditions|the same difficulties|like hardships] in a number of smaller towns.',
  'The matter is expected to come before the [next session|autumn session|plenary meeting] of the executive of the {O}.',
  'It is understood that the question was raised [privately|informally|at a private audience] with the authorities [some weeks ago|early in the month|before the holidays].',
  'No official comment was available [this evening|tonight|at a late hour], but the facts were not [denied|disputed|contradicted].',
  '{R}, [secretary|treasurer|vice-president] of the {O}, said that [letters|messages|cables] of support had come from {K} countries.',
  'The [local|provincial|evening] press devoted [long articles|much space|its leading articles] to the question, most of them [friendly|sympathetic|moderate] in tone.',
  'According to the [latest|official|most recent] figures, some {N} persons are affected.',
  'The number of [applications|requests|inquiries] received since the beginning of the year is put at {N}.',
  'In [well-informed|official|diplomatic] circles it is believed that a decision will be reached within {K} days.',
  'The [meeting|rally|session] was attended by {N3} persons, and [an overflow crowd gathered outside the hall|many were unable to find seats|the galleries were filled].',
  'Resolutions adopted at the close of the session were [forwarded to the government|sent to the press|cabled to the communities abroad].',
  'The {O} has [set aside|voted|appropriated] {AMT} for the purpose, the first payment to be made [next month|in the autumn|before the end of the year].',
  '{PT} added that the support of the public had never been more [necessary|urgent|important].',
  'Speaking in [Yiddish and in English|Hebrew and in English|English], {PT} reviewed the history of the [movement|organization|work] since the war.',
  'Among those present were representatives of {K} [communal organizations|congregations|fraternal orders].',
  'The police were present in [large numbers|force], but there was no [disorder|incident].',
  'A delegation of {K} members [left for the capital tonight|will go to the capital tomorrow] to place the facts before the [ministry|government|proper authorities].',
  '[Messages|Letters|Telegrams] of sympathy continue to arrive from all parts of the country.',
  'The newspapers of {C} [reprinted|published|carried] the text of the [appeal|statement|resolution] in full.',
  'It was pointed out that the same question had been raised at the conference held [last year|two years ago|in the spring] in {C2}.',
  'The committee in charge consists of {R}, chairman, and {K} other members.',
  'Plans for the coming season include [a series of lectures|a course for teachers|a loan fund] and a campaign among the youth.',
  'Work on the [project|building|undertaking] is to begin as soon as the necessary funds are in hand.',
  'The correspondent of the Bulletin [learned|was told|was informed] that further steps are under consideration.',
  '{PT} expressed the hope that other [communities|cities|countries] would follow the example.',
  'The announcement came as a surprise to many, since the plan had been kept [secret|quiet|confidential] until now.',
  'Details of the [arrangement|agreement|plan] have not yet been made public.',
  'Several hundred [letters of inquiry|requests for information|offers of help] have reached the offices of the {O} since the news became known.',
  'A number of leading citizens of other faiths associated themselves with the [protest|appeal|movement].',
  'Earlier in the day {PT} had conferred with the [heads of the local community|mayor|representatives of the press].',
  'The sum collected so far amounts to {AMT}, [about one half|nearly two thirds|more than a third] of the goal.',
  'Last year the corresponding figure was {N}, the report points out.',
  'The authorities have promised a [full|prompt|thorough] investigation of the matter.',
  'In a letter to the press, {R} called for [calm and patience|unity|restraint].',
  'The situation is being watched closely by the {O}, whose representative arrived in {C} [yesterday|last week|on Monday].',
  'Further details are expected [by cable tomorrow|in the course of the week|by the next mail].',
  'The proposal met with some opposition from the [older members|delegates of the smaller towns|representatives of the provinces], who asked for more time.',
  'A special train brought delegates from {K} towns of the district.',
  'Collections for the fund will be taken in all synagogues of {C} on [Sabbath|the coming Sabbath|the holidays].',
  'Copies of the memorandum were sent to the members of the [cabinet|parliament|senate] and to the foreign envoys.',
  '"We ask only for [justice and equal rights|the right to live and work in peace|what the law already promises us]," {PT} told the [gathering|meeting|delegates].',
  'Observers regard the step as the most important taken by the {O} in {K} years.',
  'The executive will report on the results at a public meeting to be called in the [autumn|spring|new year].',
  'Telegrams of protest have been dispatched by communities in {C2} and elsewhere.',
  'The first group of {N3} is expected to leave within a [fortnight|month|few days].',
  'Officials of the {O} declined to estimate the [total cost|number of persons concerned|time needed].',
  'A [mass meeting|public meeting|protest meeting] has been called for [Sunday|next week|the end of the month] in the largest hall of {C}.',
  'The [rabbis|leaders|teachers] of the community issued a joint [appeal|statement|call] to the population.',
  'It is recalled that a similar [measure|decision|step] was taken in {C2} {K} years ago.',
  'Funds for the [work|undertaking|program] have come chiefly from [America|England|the communities abroad].',
  'Speakers [warned|declared|pointed out] that the [situation|position] of the smaller communities was growing worse.',
  '[Most|Many|Some] of those affected are [artisans and small traders|students|workers in the needle trades].',
  '[At the same time|Meanwhile|In the meantime] the {O} announced that its offices would remain open [in the evenings|on Sundays|throughout the summer].',
  'A [report|memorandum|survey] prepared by {R} [shows|indicates|estimates] that {N} families are in need of help.',
];

/** Words dropped from a lead before it becomes a deck, and words a deck may not end on. */
const FILLER = new Set(['here', 'today', 'tonight', 'yesterday', 'now']);
const SMALL = new Set([
  'a',
  'an',
  'the',
  'of',
  'in',
  'on',
  'at',
  'to',
  'for',
  'by',
  'and',
  'with',
  'from',
  'as',
  'or',
]);
const WEAK_END = new Set([
  ...SMALL,
  'was',
  'were',
  'is',
  'are',
  'has',
  'have',
  'had',
  'that',
  'who',
  'its',
  'his',
  'her',
]);

/** Title case for a deck: small words lower case except the first; words with capitals kept. */
function titleCase(words: string[]): string {
  return words
    .map((w, i) => (i > 0 && SMALL.has(w.toLowerCase()) ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}

/** A mixed-case deck from a sentence: its first clause, shortened; null when it would read badly. */
export function deckOf(sentence: string, maxWords: number): string | null {
  const clause = sentence.split(/[,;:] |\. |"/)[0]!.replace(/[.]$/, '');
  let words = clause.split(' ').filter((w) => w && !FILLER.has(w.toLowerCase()));
  if (words[0] === 'A' || words[0] === 'The') words = words.slice(1);
  words = words.slice(0, maxWords);
  while (words.length > 0 && WEAK_END.has(words.at(-1)!.toLowerCase())) words.pop();
  if (words.length < 4) return null;
  return titleCase(words);
}

/**
 * Splits a paragraph into sentences at ". " before a capital, except after titles, initials and other
 * abbreviations (a missed split only makes a longer sentence).
 */
export function sentencesOf(paragraph: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (const m of paragraph.matchAll(/([.!?]"?) (?=["A-Z])/g)) {
    const before = paragraph.slice(start, m.index).split(' ').at(-1) ?? '';
    if (/^(?:Dr|Mr|Mrs|Prof|St|Rev|Gen|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z]|U\.S|U\.S\.A)$/.test(before))
      continue;
    const end = m.index + m[1]!.length;
    out.push(paragraph.slice(start, end));
    start = end + 1;
  }
  out.push(paragraph.slice(start));
  return out.filter((s) => s.length > 0);
}

interface People {
  /** "Mr. Orlovsky" for the article's first person, or a new person named in full the first time. */
  formal: string;
  full: string;
}

/** The first person the story names ("Dr. Nathan Orlovsky"), found in its text; an invented one when none. */
function personOf(rng: Rng, text: string): People {
  const first = [...MEN, ...WOMEN].join('|');
  const m = new RegExp(
    `(?:(${TITLES.join('|').replaceAll('.', '\\.')}) )?(${first}) (?:[A-Z]\\. )?([A-Z][A-Za-z']+)`,
  ).exec(text);
  if (m && SURNAMES.includes(m[3]!)) {
    const female = WOMEN.includes(m[2]!);
    return { full: m[0], formal: `${m[1] ?? (female ? 'Mrs.' : 'Mr.')} ${m[3]}` };
  }
  const last = rng.pick(SURNAMES);
  const title = rng.chance(0.3) ? rng.pick(TITLES.filter((t) => t !== 'Judge')) : null;
  return { full: `${title ? `${title} ` : ''}${rng.pick(MEN)} ${last}`, formal: `${title ?? 'Mr.'} ${last}` };
}

const withCommas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** More sentences for an article, unused ones of the bulletin first, filled with its own people and places. */
function extraSentences(rng: Rng, text: string, place: string, count: number, used: Set<string>): string[] {
  const org = ORGS.find((o) => text.includes(o.name)) ?? rng.pick(ORGS);
  const person = personOf(rng, text);
  const introduced = text.includes(person.full);
  const cities = ['Warsaw', 'Vienna', 'Prague', 'Paris', 'London', 'Geneva', 'Bucharest', 'Berlin'];
  const pool = rng.shuffle(EXTRA);
  const fresh = pool.filter((t) => !used.has(`x:${t}`));
  const stale = pool.filter((t) => used.has(`x:${t}`));
  const out: string[] = [];
  let named = introduced;
  for (const t of [...fresh, ...stale].slice(0, count)) {
    used.add(`x:${t}`);
    const slots: Record<string, string> = {
      O: org.name,
      C: place,
      C2: rng.pick(cities.filter((c) => c !== place)),
      K: String(rng.int(3, 18)),
      N: withCommas(rng.int(12, 180) * 50),
      N3: String(rng.int(120, 950)),
      AMT: `$${withCommas(rng.int(5, 250) * 1000)}`,
      R: `${rng.pick(rng.chance(0.8) ? MEN : WOMEN)} ${rng.pick(SURNAMES)}`,
      PT: named ? person.formal : person.full,
    };
    if (t.includes('{PT}')) named = true;
    const chosen = t.replace(/\[([^\]]+)\]/g, (_, alts: string) => rng.pick(alts.split('|')));
    out.push(chosen.replace(/\{(\w+)\}/g, (_, k: string) => slots[k]!));
  }
  return out;
}

/** What a story's lead says without its names and figures: its first six lower-case words. */
function signature(lead: string): string {
  const words = sentencesOf(lead)[0]!
    .split(' ')
    .filter((w) => /^[a-z]+$/.test(w));
  return `lead:${words.slice(0, 6).join(' ')}`;
}

/** Groups sentences into paragraphs of one to three. */
function paragraphsOf(rng: Rng, sentences: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < sentences.length; ) {
    const n = rng.int(1, 3);
    out.push(sentences.slice(i, i + n));
    i += n;
  }
  return out;
}

/** The credit line for a story from `place` (as printed, capitals), or null. */
function creditOf(rng: Rng, plate: Nameplate, place: string | null): string | null {
  if (place === null) return rng.chance(0.4) ? 'Special to the Bulletin' : null;
  if (plate.home.includes(place)) return rng.chance(0.6) ? 'Special to the Bulletin' : `(${plate.agency})`;
  return rng.weighted<string>([
    [`(${plate.agency})`, 6],
    ['By Cable to the Bulletin', 3],
    ['Special to the Bulletin', 1],
  ]);
}

/** The dateline as printed at the head of the first paragraph: "LONDON, June 14.—". */
export function printedDateline(d: { place: string; date: string }, spacedDash: boolean): string {
  return `${d.place}, ${datelineDay(d.date)}.${spacedDash ? ' —' : '—'}`;
}

/**
 * Invents an article of about `targetChars` characters of body with `deckCount` smaller decks (as many as its
 * lead allows). `used` holds the bulletin's headlines and sentences, so that articles do not repeat them.
 */
export function inventArticle(
  rng: Rng,
  date: string,
  plate: Nameplate,
  targetChars: number,
  deckCount: number,
  used: Set<string>,
): TypesetArticle {
  const ctx: NewsContext = { date, agency: plate.initials, headWidth: 200, twoLineShare: 0 };
  // The story's own sentences first (lead and particulars), then sentences of the time to the length wanted.
  // A story whose lead was told already in the bulletin (another city, same words) is drawn again, a few times.
  let story = makeArticle(rng, ctx, Math.min(targetChars, 700), used);
  for (let i = 0; i < 20 && used.has(signature(story.paragraphs[0]!)); i++) {
    story = makeArticle(rng, ctx, Math.min(targetChars, 700), used);
  }
  used.add(signature(story.paragraphs[0]!));
  const paragraphs = story.paragraphs.map(sentencesOf);
  const sentences = paragraphs.flat();
  const chars = sentences.reduce((n, s) => n + s.length + 1, 0);
  const place = CITIES.find((c) => c.name.toUpperCase() === story.dateline?.place)?.name ?? 'New York';
  if (chars < targetChars) {
    const more = extraSentences(rng, sentences.join(' '), place, Math.ceil((targetChars - chars) / 95), used);
    paragraphs.push(...paragraphsOf(rng, more));
  }
  const decks: string[] = [];
  for (const s of sentences.slice(0, 3)) {
    if (decks.length >= deckCount) break;
    const d = deckOf(s, decks.length === 0 ? 11 : 9);
    if (d && !decks.includes(d)) decks.push(d);
  }
  const dateline = story.dateline
    ? { place: story.dateline.place, agency: '', date: story.dateline.date }
    : null;
  return {
    headline: story.headlineLines.join(' '),
    decks,
    byline: story.byline,
    dateline,
    credit: creditOf(rng, plate, dateline?.place ?? null),
    paragraphs,
  };
}
