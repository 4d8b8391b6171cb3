// The part of citation-js (untyped) that the standards tests read citation files with.
declare module '@citation-js/core' {
  /** CSL-JSON as citation-js holds it: one object per entry. */
  type CslEntry = Record<string, any>;
  /** Parses BibTeX, RIS or CSL-JSON (with the plugins loaded) into CSL-JSON entries. */
  export class Cite {
    constructor(input: unknown);
    data: CslEntry[];
    format(format: string, options?: Record<string, unknown>): string;
  }
}
declare module '@citation-js/plugin-bibtex';
declare module '@citation-js/plugin-ris';
