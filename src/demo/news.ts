/** Invents one article's content (kicker, headline, byline, dateline, paragraphs) from the story templates. */
import { datelineDay, dayOfIso, isoOfDay, parts } from './calendar.js';
import {
  CITIES,
  type City,
  FEATURE_KICKERS,
  GENERIC,
  KICKERS,
  MEETING,
  MEN,
  ORGS,
  REGIONS,
  STAFF_BYLINES,
  SURNAMES,
  TITLES,
  WOMEN,
} from './news-data.js';
import type { Rng } from './random.js';
import { FEATURES, STORIES, type StoryTemplate } from './stories.js';

/** An article before layout: what is printed, in reading order. */
export interface ArticleContent {
  kicker: string | null;
  /** The headline's printed lines (one or two), capitals. */
  headlineLines: string[];
  byline: string | null;
  dateline: { place: string; agency: string; date: string } | null;
  /** Printed before the first paragraph, e.g. "LONDON, Dec. 18 (JTA) -- "; '' without a dateline. */
  datelinePrefix: string;
  /** Body paragraphs as written (no dateline, no hyphenation). */
  paragraphs: string[];
  /** What the story is about, for another article's reference to it ("the court case in Rome"). */
  topic: string;
}

/** What an article needs to know about its bulletin. */
export interface NewsContext {
  /** ISO date of the bulletin. */
  date: string;
  /** Agency code printed in datelines ("JTA"). */
  agency: string;
  /** Characters available on one headline line. */
  headWidth: number;
  /** Share of headlines set over two lines. */
  twoLineShare: number;
}

const withCommas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

interface Person {
  full: string;
  formal: string;
  head: string;
  male: boolean;
}

function person(rng: Rng, avoid: string): Person {
  const male = rng.chance(0.7);
  let last = rng.pick(SURNAMES);
  while (last === avoid) last = rng.pick(SURNAMES);
  const first = rng.pick(male ? MEN : WOMEN);
  const titles = TITLES.filter((t) => male || t !== 'Rabbi');
  const title = rng.chance(0.4) ? rng.pick(titles) : null;
  return {
    full: title ? `${title} ${first} ${last}` : `${first} ${last}`,
    formal: `${title ?? (male ? 'Mr.' : 'Mrs.')} ${last}`,
    head: title ? `${title} ${last}` : last,
    male,
  };
}

/** Chooses the people, places and figures one story speaks of. */
function bind(rng: Rng, year: number, story: StoryTemplate, agency: string): Record<string, string> {
  const cities = story.cities ? CITIES.filter((c) => story.cities!.includes(c.name)) : CITIES;
  const city = rng.pick(cities);
  let foreign: City = rng.pick(CITIES);
  while (foreign.country(year) === city.country(year)) foreign = rng.pick(CITIES);
  const p = person(rng, '');
  const q = person(rng, p.full.split(' ').pop()!);
  const org = rng.pick(ORGS);
  return {
    P: p.full,
    PT: p.formal,
    PH: p.head,
    HE: p.male ? 'He' : 'She',
    HIS: p.male ? 'his' : 'her',
    Q: q.full,
    QT: q.formal,
    O: org.name,
    OS: org.short,
    OA: org.abbr,
    C: city.name,
    CTRY: city.country(year),
    CS: city.short(year),
    FC: foreign.country(year),
    FCS: foreign.short(year),
    HOME: year < 1948 ? 'Palestine' : 'Israel',
    REG: rng.pick(REGIONS),
    N: withCommas(rng.int(12, 180) * 50),
    N3: String(rng.int(120, 950)),
    K: String(rng.int(3, 18)),
    AMT: `$${withCommas(rng.int(25, 900) * 1000)}`,
    AGE: String(rng.int(61, 92)),
    YRS: String(rng.int(8, 35)),
    PCT: String(rng.int(6, 38)),
    AG: agency,
  };
}

function fill(template: string, b: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = b[k];
    if (v === undefined) throw new Error(`demo story template: unknown slot {${k}} in "${template}"`);
    return v;
  });
}

/** Splits a headline into two lines near the middle; null when a line would be too long. */
function splitHeadline(words: string[], width: number): string[] | null {
  let best: string[] | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 2; i <= words.length - 2; i++) {
    const a = words.slice(0, i).join(' ');
    const b = words.slice(i).join(' ');
    if (a.length > width || b.length > width) continue;
    // Prefer a break after a semicolon, then balanced lines.
    const score = Math.abs(a.length - b.length) - (a.endsWith(';') ? 20 : 0);
    if (score < bestScore) {
      bestScore = score;
      best = [a, b];
    }
  }
  return best;
}

/** The headline's printed lines, or null when this headline cannot be used. */
function headlineLines(rng: Rng, text: string, ctx: NewsContext, used: Set<string>): string[] | null {
  const words = text.split(' ');
  if (words.length < 3 || words.length > 12 || used.has(text)) return null;
  const twoLines = words.length >= 5 && (text.length > ctx.headWidth || rng.chance(ctx.twoLineShare));
  if (!twoLines) return text.length <= ctx.headWidth ? [text] : null;
  return splitHeadline(words, ctx.headWidth);
}

function byline(rng: Rng): string {
  if (rng.chance(0.15)) return rng.pick(STAFF_BYLINES);
  const first = rng.pick(rng.chance(0.7) ? MEN : WOMEN);
  const middle = rng.chance(0.25) ? ` ${String.fromCharCode(65 + rng.int(0, 25))}.` : '';
  return `By ${first}${middle} ${rng.pick(SURNAMES)}`;
}

/** Sentences of the body, lead first, until about `targetChars` characters; `used` records generic ones. */
function sentences(
  rng: Rng,
  story: StoryTemplate,
  lead: string,
  b: Record<string, string>,
  targetChars: number,
  used: Set<string>,
): string[] {
  // Generic sentences already used in the edition come last, so that articles do not repeat each other.
  const generic = rng.shuffle(story.meeting ? [...GENERIC, ...MEETING] : GENERIC);
  const fresh = generic.filter((g) => !used.has(`g:${g}`));
  const stale = generic.filter((g) => used.has(`g:${g}`));
  const pool = [lead, ...rng.shuffle(story.more), ...fresh, ...stale];
  const out: string[] = [];
  const introduced = new Set<string>();
  let chars = 0;
  for (let t of pool) {
    if (out.length >= 2 && chars >= targetChars) break;
    used.add(`g:${t}`);
    // A person is named in full before "Mr. Orlovsky" is used.
    for (const k of ['P', 'Q']) {
      if (!introduced.has(k) && !t.includes(`{${k}}`)) t = t.replace(`{${k}T}`, `{${k}}`);
      if (t.includes(`{${k}}`)) introduced.add(k);
    }
    const s = fill(t, b);
    out.push(s);
    chars += s.length + 1;
  }
  return out;
}

function paragraphsOf(rng: Rng, list: string[]): string[] {
  const paras: string[] = [];
  let i = 0;
  while (i < list.length) {
    const n = paras.length === 0 ? rng.int(1, 2) : rng.int(1, 3);
    paras.push(list.slice(i, i + n).join(' '));
    i += n;
  }
  return paras;
}

/**
 * Invents one article whose body is about `targetChars` long. Its headline differs from those in `used`
 * (which it joins, with the generic sentences it uses, so that the next article avoids them).
 */
export function makeArticle(
  rng: Rng,
  ctx: NewsContext,
  targetChars: number,
  used: Set<string>,
): ArticleContent {
  // Story templates cover 1928-1994; other years borrow the nearest era's stories.
  const y = Math.min(1994, Math.max(1928, parts(ctx.date).y));
  const kicker = rng.chance(1 / 6) ? rng.pick(KICKERS) : null;
  const noDateline = rng.chance(kicker && FEATURE_KICKERS.has(kicker) ? 0.5 : 0.03);
  const pool = (noDateline && rng.chance(0.6) ? FEATURES : STORIES).filter((s) => s.from <= y && y <= s.to);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 200) throw new Error(`demo generator: no unused headline left for ${ctx.date}`);
    const story = rng.pick(pool);
    const b = bind(rng, y, story, ctx.agency);
    const h = rng.int(0, story.heads.length - 1);
    const lines = headlineLines(rng, fill(story.heads[h]!, b).toUpperCase(), ctx, used);
    if (!lines) continue;
    used.add(lines.join(' '));
    let dateline: ArticleContent['dateline'] = null;
    let datelinePrefix = '';
    if (!noDateline) {
      const back = rng.weighted<number>([
        [1, 8],
        [2, 1],
        [0, 1],
      ]);
      const filed = isoOfDay(dayOfIso(ctx.date) - back);
      dateline = { place: b.C!.toUpperCase(), agency: ctx.agency, date: filed };
      datelinePrefix = `${dateline.place}, ${datelineDay(filed)} (${ctx.agency}) -- `;
    }
    return {
      kicker,
      headlineLines: lines,
      byline: rng.chance(0.2) ? byline(rng) : null,
      dateline,
      datelinePrefix,
      topic: fill(story.topic, b),
      paragraphs: paragraphsOf(
        rng,
        sentences(rng, story, story.leads[story.leadOf?.[h] ?? 0]!, b, targetChars, used),
      ),
    };
  }
}
