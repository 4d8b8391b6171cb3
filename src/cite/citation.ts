/** Citations of an article in the styles readers use (Chicago, MLA, APA) and the files tools import (BibTeX, RIS, CSL-JSON). */
import { mediumDate, monthNames } from '../core/dates.js';
import type { Article } from '../core/types.js';

export interface Citable {
  id: string;
  headline: string;
  byline: string | null;
  date: string;
  firstPage: number;
  lastPage: number;
  /** The publication, e.g. "JTA Daily News Bulletin". */
  container: string;
  /** The archive's name, e.g. "The JTA Archive". */
  archive: string;
  /** Absolute permalink. */
  url: string;
  /** ISO date the reader looked at it (for "accessed"). */
  accessed: string;
  /**
   * The version cited, once readers have corrected the article (1 is the machine's reading); absent for an
   * article never corrected. `url` is then the version's own address (/article/ID/v/N).
   */
  version?: number;
}

/** ", version 3" after the archive's name, or nothing for an article never corrected. */
const versionPart = (c: Citable) => (c.version ? `, version ${c.version}` : '');

/** A citation key or CSL id: the article's id, with "-v3" for a version (two versions are two sources). */
const keyOf = (c: Citable) => (c.version ? `${c.id}-v${c.version}` : c.id);

/** A byline that credits a desk, not a person: "By a Staff Correspondent", "By Our Paris Correspondent". */
const NO_PERSON = /^(?:an?|the|our)\b|\b(?:correspondents?|staff|reporters?|bureau|agency|writers?)\b/i;

/**
 * "By Ben Gallob" → { given: "Ben", family: "Gallob" }; null when there is no byline or it names no person
 * (a citation's author must be someone: "Correspondent, a Staff" is no one).
 */
export function author(byline: string | null): { given: string; family: string } | null {
  if (!byline) return null;
  const name = byline.replace(/^by\s+/i, '').trim();
  if (!name || NO_PERSON.test(name)) return null;
  const parts = name.split(/\s+/);
  if (parts.length < 2) return { given: '', family: name };
  return { given: parts.slice(0, -1).join(' '), family: parts[parts.length - 1]! };
}

const pages = (c: Citable) =>
  c.firstPage === c.lastPage ? String(c.firstPage) : `${c.firstPage}–${c.lastPage}`;
const [y, m, d] = [
  (c: Citable) => c.date.slice(0, 4),
  (c: Citable) => Number(c.date.slice(5, 7)),
  (c: Citable) => Number(c.date.slice(8, 10)),
];

/** Chicago (17th ed., 14.8): the access date goes just before the URL. */
export function chicago(c: Citable): string {
  const a = author(c.byline);
  const who = a ? `${a.family}${a.given ? `, ${a.given}` : ''}. ` : '';
  return `${who}“${c.headline}.” ${c.container}, ${mediumDate(c.date)}, ${pages(c)}. ${c.archive}${versionPart(c)}. Accessed ${mediumDate(c.accessed)}. ${c.url}.`;
}

/** MLA 9 abbreviates months of more than four letters, September as "Sept." (May, June and July stay whole). */
const MLA_MONTHS = [
  'Jan.',
  'Feb.',
  'Mar.',
  'Apr.',
  'May',
  'June',
  'July',
  'Aug.',
  'Sept.',
  'Oct.',
  'Nov.',
  'Dec.',
];

/** "19 Dec. 1974" for an ISO date, as MLA 9 writes dates. */
export function mlaDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${MLA_MONTHS[month - 1]} ${year}`;
}

/** MLA 9: the access date is the last element, after the URL. */
export function mla(c: Citable): string {
  const a = author(c.byline);
  const who = a ? `${a.family}${a.given ? `, ${a.given}` : ''}. ` : '';
  return `${who}“${c.headline}.” ${c.container}, ${mlaDate(c.date)}, p. ${pages(c)}. ${c.archive}${versionPart(c)}, ${c.url}. Accessed ${mlaDate(c.accessed)}.`;
}

/**
 * APA 7 (9.16): no retrieval date, since an archived article does not change; a corrected one names its
 * version after the title, in parentheses, as APA does for versioned works (10.10).
 */
export function apa(c: Citable): string {
  const a = author(c.byline);
  const initials = a?.given
    .split(/\s+/)
    .filter(Boolean)
    .map((g) => `${g[0]}.`)
    .join(' ');
  const who = a ? `${a.family}${initials ? `, ${initials}` : ''} ` : '';
  const date = `(${y(c)}, ${monthNames[m(c) - 1]} ${d(c)})`;
  const title = c.version ? `${c.headline} (Version ${c.version})` : c.headline;
  return a
    ? `${who}${date}. ${title}. ${c.container}, ${pages(c)}. ${c.url}`
    : `${title}. ${date}. ${c.container}, ${pages(c)}. ${c.url}`;
}

const bibEscape = (s: string) => s.replace(/([{}&%$#_])/g, '\\$1');

/**
 * BibTeX with BibLaTeX's full `date` beside year, month and day: BibTeX has no day field, so readers that
 * know only BibTeX (citation-js among them) drop `day`, and read the day from `date`.
 */
export function bibtex(c: Citable): string {
  const a = author(c.byline);
  const fields: [string, string][] = [
    ['title', `{${bibEscape(c.headline)}}`],
    ...(a ? [['author', `${bibEscape(a.family)}, ${bibEscape(a.given)}`] as [string, string]] : []),
    ['journal', bibEscape(c.container)],
    ['year', y(c)],
    ['month', monthNames[m(c) - 1]!.slice(0, 3).toLowerCase()],
    ['day', String(d(c))],
    ['date', c.date],
    ['pages', pages(c).replace('–', '--')],
    ['url', c.url],
    ['urldate', c.accessed],
    ['note', `${c.archive}`],
    ...(c.version ? [['version', String(c.version)] as [string, string]] : []),
  ];
  return `@article{${keyOf(c).replaceAll('-', '_')},\n${fields.map(([k, v]) => `  ${k} = {${v}}`).join(',\n')}\n}\n`;
}

/**
 * RIS of a newspaper article (TY NEWS). AU is the reporter, as the RIS specification names it for NEWS (and as
 * citation-js maps it; Zotero and EndNote take it as the author). PY carries the whole date in the RIS date form
 * YYYY/MM/DD/, because for NEWS readers take the date from PY alone; DA repeats it for those that read DA.
 */
export function ris(c: Citable): string {
  const a = author(c.byline);
  const slashed = c.date.replaceAll('-', '/');
  const lines = [
    'TY  - NEWS',
    `TI  - ${c.headline}`,
    ...(a ? [`AU  - ${a.family}, ${a.given}`] : []),
    `T2  - ${c.container}`,
    `DA  - ${slashed}`,
    `PY  - ${slashed}/`,
    `SP  - ${c.firstPage}`,
    ...(c.lastPage !== c.firstPage ? [`EP  - ${c.lastPage}`] : []),
    `UR  - ${c.url}`,
    `DB  - ${c.archive}`,
    `Y2  - ${c.accessed.replaceAll('-', '/')}/`,
    ...(c.version ? [`N1  - Version ${c.version}`] : []),
    `ID  - ${keyOf(c)}`,
    'ER  - ',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export function cslJson(c: Citable): Record<string, unknown> {
  const a = author(c.byline);
  return {
    id: keyOf(c),
    type: 'article-newspaper',
    title: c.headline,
    ...(a ? { author: [a] } : {}),
    'container-title': c.container,
    issued: { 'date-parts': [[Number(y(c)), m(c), d(c)]] },
    page: pages(c).replace('–', '-'),
    URL: c.url,
    archive: c.archive,
    accessed: { 'date-parts': [c.accessed.split('-').map(Number)] },
    ...(c.version ? { version: String(c.version) } : {}),
  };
}

/** An article as a citation source; `url` is its absolute permalink. */
export function citableArticle(
  a: Pick<Article, 'id' | 'headline' | 'byline' | 'date' | 'firstPage' | 'lastPage'>,
  o: { url: string; container: string; archive: string; version?: number },
): Citable {
  return {
    id: a.id,
    headline: a.headline,
    byline: a.byline,
    date: a.date,
    firstPage: a.firstPage,
    lastPage: a.lastPage,
    container: o.container,
    archive: o.archive,
    url: o.url,
    accessed: new Date().toISOString().slice(0, 10),
    ...(o.version ? { version: o.version } : {}),
  };
}

/** A citation file of one or more articles: its media type and text, for `.bib`, `.ris` or `.json` (CSL-JSON). */
export function citationFile(ext: 'bib' | 'ris' | 'json', cites: Citable[]): { type: string; body: string } {
  if (ext === 'bib') return { type: 'application/x-bibtex', body: cites.map(bibtex).join('\n') };
  if (ext === 'ris') return { type: 'application/x-research-info-systems', body: cites.map(ris).join('') };
  return {
    type: 'application/vnd.citationstyles.csl+json',
    body: JSON.stringify(cites.map(cslJson), null, 2),
  };
}
