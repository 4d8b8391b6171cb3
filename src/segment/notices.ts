/**
 * Family notices: the births, marriages and deaths a family has printed ("Bevallen van een ZOON …",
 * "Heden overleed …", "DIED. — On the 4th inst. …"). A newspaper sets them one under another under a
 * small name each, so a reader of the page would cut every name off as a story of its own; libraries
 * and readers (Trove's "Family Notices", Delpher's "familiebericht") take a run of them as one item.
 * Here a piece is a notice by its words, in the archive's languages, and a run of notices on one page
 * (or running over to the next) becomes one article of kind 'notices', every notice kept, in order.
 */
import type { ArticleDraft } from '../core/types.js';
import { fold } from '../text/normalize.js';

/**
 * Words that say a family event, folded (lower case, no diacritics), by language: Dutch, English,
 * German, French. Only words that rarely appear in news of such events are taken: a news story of a
 * death says "died" too, so an English piece needs two cues (see isFamilyNotice).
 */
const CUES = new RegExp(
  [
    // Dutch (stems, as OCR often mangles a letter of "overleed", "overleden")
    'overle[ed]\\w{0,4}',
    '\\w*verleed',
    'ouderdom',
    'bevallen',
    'ondertrouwd',
    'getrouwd',
    'huwelijksinzegening',
    'echtvereeniging',
    'echtvereniging',
    'kennisgeving',
    'geboren',
    'geliefde',
    'jarige echt\\w*',
    // a family's thanks for sympathy shown ("betuigen hunnen dank voor de bewijzen van deelneming")
    'betuig(?:en|t)?',
    'bewijzen van (?:belangstelling|deelneming)',
    // English
    'births',
    'deaths',
    'marriages',
    'beloved (?:wife|husband|son|daughter|mother|father)',
    'relict of',
    'in loving memory',
    'funeral will',
    'friends are (?:respectfully )?invited',
    // German
    'todesanzeige',
    'verschieden',
    'entschlafen',
    'vermahlte',
    'verlobte',
    'statt besonderer anzeige',
    // French
    'decede',
    'deces',
    'faire-part',
    'ont la douleur',
    'ont le plaisir',
  ]
    .map((w) => `\\b${w}\\b`)
    .join('|'),
  'g',
);

/** A notice is short: a long piece that names a death is news. */
const MAX_WORDS = 400;

/** How many family-event words a text holds. */
export function noticeCues(text: string): number {
  return fold(text).match(CUES)?.length ?? 0;
}

/**
 * True for a family notice: a short piece with no dateline (news has one; a notice does not) whose words
 * name a family event, twice when it is long enough to be a news paragraph.
 */
export function isFamilyNotice(a: ArticleDraft): boolean {
  if (a.dateline !== null || a.kind === 'notices') return a.kind === 'notices';
  const text = `${a.headlinePrinted}\n${a.body}`;
  const words = text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (words > MAX_WORDS) return false;
  const cues = noticeCues(text);
  return cues >= 2 || (cues === 1 && words <= 150);
}

/**
 * Joins each run of family notices (pieces next to each other in reading order, on one page or running
 * on to the next) into one article of kind 'notices': its headline "Family notices", its text every
 * notice's heading and words in order, its regions all of theirs. A lone notice stands as one, of kind
 * 'notices' too. Ordinals are renumbered.
 */
export function groupFamilyNotices(articles: ArticleDraft[]): ArticleDraft[] {
  const out: ArticleDraft[] = [];
  let run: ArticleDraft | null = null;
  const notice = articles.map(isFamilyNotice);
  for (const [i, a] of articles.entries()) {
    // A short piece between two notices of one page is a notice whose words OCR garbled.
    const between =
      run !== null &&
      notice[i + 1] === true &&
      a.dateline === null &&
      a.firstPage === run.lastPage &&
      articles[i + 1]!.firstPage === a.lastPage &&
      a.body.split(/\s+/).length <= 150;
    if (!notice[i] && !between) {
      out.push(a);
      run = null;
      continue;
    }
    const text = [a.headlinePrinted, a.body].filter((t) => t.trim() !== '').join('\n\n');
    if (run && a.firstPage <= run.lastPage + 1) {
      run.body = `${run.body}\n\n${text}`;
      run.lastPage = Math.max(run.lastPage, a.lastPage);
      run.references = [...run.references, ...a.references];
      if (run.regions || a.regions) run.regions = [...(run.regions ?? []), ...(a.regions ?? [])];
      continue;
    }
    run = {
      ...a,
      headlinePrinted: '',
      headline: 'Family notices',
      kicker: null,
      byline: null,
      credit: null,
      body: text,
      kind: 'notices',
    };
    out.push(run);
  }
  out.forEach((a, i) => {
    a.ordinal = i;
  });
  return out;
}
