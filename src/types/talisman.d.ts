// The phonetic encoders of talisman (CommonJS, untyped) that the variant finder uses.
declare module 'talisman/phonetics/daitch-mokotoff.js' {
  /** Daitch–Mokotoff soundex: every code a name may have (branching rules give several). */
  const daitchMokotoff: (name: string) => string[];
  export default daitchMokotoff;
}
declare module 'talisman/phonetics/double-metaphone.js' {
  /** Double Metaphone: [primary, alternate]. */
  const doubleMetaphone: (word: string) => [string, string];
  export default doubleMetaphone;
}
