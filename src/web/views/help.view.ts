/** How to search: the query language in brief (docs/search.md has the whole of it). */
import type { SiteConfig } from '../../config/site-config.js';
import { html } from '../html.js';
import { page } from './layout.js';

/**
 * Each example is a link that runs it. They find articles in the demo collection (`npm start`), and
 * test/e2e/every-help-and-api-example-finds-something-in-the-demo.suite.ts reads them from this page and
 * runs them, so an example that stops finding anything fails a test.
 */
const EXAMPLES: [string, string][] = [
  ['refugees ship', 'articles with both words'],
  ['"displaced persons"', 'the words side by side'],
  ['"soviet jews"~10', 'both words within 10 words of each other, in either order'],
  ['USSR OR Russia', 'either word'],
  ['refugees -ship', 'refugees but not ship'],
  ['emigra*', 'words beginning with emigra'],
  ['headline:refugees', 'the word in the headline'],
  ['byline:orlovsky', 'the word in the byline'],
  ['place:jerusalem', "the word in the dateline's place"],
  ['headline:"exit visas"', 'a field takes a phrase too'],
  ['refugees date:1974', 'within 1974 (also date:1974-12, date:1974-12-19, date:1970..1975)'],
  ['refugees day:01-15', '15 January of any year'],
  ['date:1944-09-19 ship', 'inside one bulletin'],
];

export function helpView(site: SiteConfig): string {
  const body = html`<div class="measure">
<h1>How to search</h1>
<p>Type words, names or a phrase in the search box. The <a href="/search/advanced">advanced search</a> form writes these for you: boxes for a phrase, any or none of some words, the headline, byline and place, and dates.</p>
<table class="params"><caption>Examples</caption><thead><tr><th scope="col">Type</th><th scope="col">to find</th></tr></thead>
<tbody>${EXAMPLES.map(([q, what]) => html`<tr><td><a href="/search?q=${encodeURIComponent(q)}"><code>${q}</code></a></td><td>${what}</td></tr>`)}</tbody></table>
<h2>Spelling and OCR variants</h2>
<p>Old scans are read with errors, and names are spelled many ways. Tick “Include spelling, OCR and sounds-alike variants” to search the archive's own words that differ by a likely OCR confusion (rn and m, l and i…), by a letter or two, or that sound alike (Daitch–Mokotoff, Double Metaphone). When your words alone find fewer than three articles, the variants are searched anyway, after the exact matches. Each result says which variant it matched and why.</p>
<p>Case, accents and punctuation do not matter. A mistake in the query is explained, with where it is.</p>
</div>`;
  return page({ title: 'How to search', site, body });
}
