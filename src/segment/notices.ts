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

const words = (list: string[]) => new RegExp(list.map((w) => `\\b${w}\\b`).join('|'), 'g');

/**
 * Words and phrases that say a family event and hardly occur in news, folded (lower case, no
 * diacritics), by language: Dutch, English, German, French. One of them tells a notice.
 */
const STRONG = words([
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
  'jarige echt\\w*',
  // a family's thanks for sympathy shown ("betuigen hunnen dank voor de bewijzen van deelneming")
  'bewijzen van (?:belangstelling|deelneming)',
  // English
  'beloved (?:wife|husband|son|daughter|mother|father)',
  'relict of',
  'in loving memory',
  'funeral will',
  'friends are (?:respectfully )?invited',
  // German
  'todesanzeige',
  'entschlafen',
  'vermahlte',
  'verlobte',
  'statt besonderer anzeige',
  // French
  'decede',
  'faire-part',
  'ont la douleur',
  'ont le plaisir',
]);

/**
 * Words a notice uses that news uses too ("deaths" in a story of a shipwreck, "geboren" in a life): they
 * tell a notice in its heading ("DEATHS.", "Geboren:"), or beside a strong word.
 */
const WEAK = words([
  'births',
  'deaths',
  'marriages',
  'geboren',
  'geliefde',
  'kennisgeving',
  'betuig(?:en|t)?',
  'verschieden',
  'deces',
]);

/** A notice is short: a long piece that names a death is news. */
const MAX_WORDS = 400;

/** How many family-event words a text holds: strong ones and weak ones (see STRONG, WEAK). */
export function noticeCues(text: string): { strong: number; weak: number } {
  const t = fold(text);
  return { strong: t.match(STRONG)?.length ?? 0, weak: t.match(WEAK)?.length ?? 0 };
}

/**
 * True for a family notice: a piece of at most 400 words with no dateline (news has one; a notice does
 * not) headed by a word of a family event ("DEATHS."), or whose text has a strong one: once in a short
 * piece (150 words), with a second word of either kind in a longer one.
 */
export function isFamilyNotice(a: ArticleDraft): boolean {
  if (a.dateline !== null || a.kind === 'notices') return a.kind === 'notices';
  const count = a.body.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length;
  if (count > MAX_WORDS) return false;
  const head = noticeCues(a.headlinePrinted);
  if (head.strong + head.weak > 0) return true;
  const { strong, weak } = noticeCues(a.body);
  return strong >= 1 && (count <= 150 || strong + weak >= 2);
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
  // A short piece with a weak word of a family event ("onze geliefde Ouders") just before a notice of
  // its page opens the run: the strong word of its own OCR garbled ("3&-JAKIGE ECHT VEHEENIGING").
  for (let i = articles.length - 2; i >= 0; i--) {
    const a = articles[i]!;
    if (notice[i] || !notice[i + 1] || a.dateline !== null || articles[i + 1]!.firstPage !== a.lastPage)
      continue;
    notice[i] = a.body.split(/\s+/).length <= 150 && noticeCues(`${a.headlinePrinted} ${a.body}`).weak > 0;
  }
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
