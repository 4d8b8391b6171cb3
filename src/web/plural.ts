/** Counts in words: "1 article", "2 articles", "1,204 pages". */

/** `n` with the noun in the singular for exactly one, the plural (noun + "s", or as given) otherwise. */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : nouns}`;
}
