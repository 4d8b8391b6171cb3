/** Reading case for headlines printed in capitals, keeping acronyms, initials and abbreviations right. */

/** Words kept in capitals whatever their shape (organisations and states the bulletins name often). */
const ACRONYMS = new Set(
  (
    'UN UNO USSR UK USA UAR PLO JTA UJA UPA UJS NATO UNESCO UNRRA UNRWA UNICEF HIAS ORT ADL AJC WJC WZO ZOA CJF NCRAC ' +
    'IDF GOP TV NBC CBS FBI CIA KGB EEC EC OPEC DP DPS MK AP UPI RAF BBC YMHA YMCA YWCA JDC JNF PM ID OSS SS SA NKVD ' +
    'HQ USIA AFL CIO NAACP ILGWU GI GIS RSFSR OCR'
  ).split(' '),
);

/** Abbreviations with a fixed reading form. */
const ABBREVIATIONS: Record<string, string> = {
  'DR.': 'Dr.',
  'MR.': 'Mr.',
  'MRS.': 'Mrs.',
  'MS.': 'Ms.',
  'ST.': 'St.',
  'MT.': 'Mt.',
  'GEN.': 'Gen.',
  'COL.': 'Col.',
  'LT.': 'Lt.',
  'SEN.': 'Sen.',
  'REP.': 'Rep.',
  'GOV.': 'Gov.',
  'PROF.': 'Prof.',
  'REV.': 'Rev.',
  'JR.': 'Jr.',
  'SR.': 'Sr.',
  'NO.': 'No.',
  'VS.': 'vs.',
};

const SMALL = new Set(
  'a an and as at but by for from in into nor of on or over the to upon via with vs'.split(' '),
);

const ROMAN = /^(?=[MDCLXVI])M*(C[MD]|D?C{0,3})(X[CL]|L?X{0,3})(I[XV]|V?I{0,3})$/;

function capitalise(word: string): string {
  const lower = word.toLowerCase();
  // McDonald, MacArthur-style names: only Mc, since Mac... is too often a plain word (machine).
  const mc = /^mc([a-z])(.*)$/.exec(lower);
  if (mc) return `Mc${mc[1]!.toUpperCase()}${mc[2]}`;
  return lower
    .replace(/^(\p{L})/u, (c) => c.toUpperCase())
    .replace(/(['’-])(\p{L})(\p{L}{2,})/gu, (_m, p, c, rest) =>
      p === '-' ? `${p}${c.toUpperCase()}${rest}` : `${p}${c}${rest}`,
    );
}

/** The reading form of one printed word; `first` is true at the start of the headline or after a colon. */
function readWord(word: string, first: boolean): string {
  const m = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}.'’]*)$/u.exec(word);
  const [, lead = '', core = '', trail = ''] = m ?? [];
  if (!core) return word;
  if (!/\p{Lu}/u.test(core) || /\p{Ll}/u.test(core)) return word; // already mixed or no letters
  const abbr = ABBREVIATIONS[core];
  if (abbr) return lead + abbr + trail;
  // Initials and dotted acronyms: U.S., U.N., J.D.C.
  if (/^(\p{L}\.){1,4}\p{L}?\.?$/u.test(core)) return lead + core + trail;
  const possessive = /^(.*?)(['’]S)$/u.exec(core);
  const stem = possessive ? possessive[1]! : core;
  const tail = possessive ? possessive[2]!.toLowerCase() : '';
  const bare = stem.replace(/\.$/, '');
  if (ACRONYMS.has(bare) || (bare.length >= 2 && ROMAN.test(bare) && bare !== 'MIX' && bare !== 'DID')) {
    return lead + stem + tail + trail;
  }
  if (/^\p{L}+$/u.test(bare) && bare.length >= 2 && !/[AEIOUY]/.test(bare)) return lead + stem + tail + trail;
  const lower = stem.toLowerCase();
  if (!first && SMALL.has(lower)) return lead + lower + tail + trail;
  return lead + capitalise(stem) + tail + trail;
}

/**
 * Reading case for a headline. A headline that is not all capitals is returned as printed.
 * "U.S. SEEKS DP'S ENTRY, SAYS DR. MCDONALD" → "U.S. Seeks DP's Entry, Says Dr. McDonald".
 */
export function readingCase(printed: string): string {
  const letters = printed.replace(/[^\p{L}]/gu, '');
  if (!letters || letters !== letters.toUpperCase()) return printed;
  const words = printed.split(/(\s+)/);
  let first = true;
  return words
    .map((w) => {
      if (/^\s+$/.test(w) || w === '') return w;
      // Hyphenated compounds are read part by part: "U.S.-SOVIET" → "U.S.-Soviet", "OCR-DAMAGED" → "OCR-Damaged".
      const out =
        w.includes('-') && w !== '--'
          ? w
              .split('-')
              .map((part, k) => (part ? readWord(part, first && k === 0) : part))
              .join('-')
          : readWord(w, first);
      first = /[:—]$/.test(w) || w === '--';
      return out;
    })
    .join('');
}
