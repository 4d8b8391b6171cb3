/** How to search: the query language in brief (docs/search.md has the whole of it). */
import type { SiteConfig } from '../../config/site-config.js';
import { html } from '../html.js';
import { page } from './layout.js';

const EXAMPLES: [string, string][] = [
  ['soviet emigration', 'articles with both words'],
  ['"displaced persons"', 'the words side by side'],
  ['"soviet emigration"~10', 'both words within 10 words of each other'],
  ['Mogilev OR Mogileff', 'either word'],
  ['refugees -visa', 'refugees but not visa'],
  ['emigra*', 'words beginning with emigra'],
  ['headline:emigration', 'the word in the headline (also byline: and place:)'],
  ['refugees date:1974', 'within 1974 (also date:1974-12, date:1970..1975)'],
  ['refugees day:12-19', '19 December of any year'],
];

export function helpView(site: SiteConfig): string {
  const body = html`<div class="measure">
<h1>How to search</h1>
<table class="params"><caption>Examples</caption><thead><tr><th scope="col">Type</th><th scope="col">to find</th></tr></thead>
<tbody>${EXAMPLES.map(([q, what]) => html`<tr><td><a href="/search?q=${encodeURIComponent(q)}"><code>${q}</code></a></td><td>${what}</td></tr>`)}</tbody></table>
<h2>Spelling and OCR variants</h2>
<p>Old scans are read with errors, and names are spelled many ways. Tick “Include spelling, OCR and sounds-alike variants” to search the archive's own words that differ by a likely OCR confusion (rn and m, l and i…), by a letter or two, or that sound alike (Daitch–Mokotoff, Double Metaphone). When your words alone find fewer than three articles, the variants are searched anyway, after the exact matches. Each result says which variant it matched and why.</p>
<p>Case, accents and punctuation do not matter. A mistake in the query is explained, with where it is.</p>
</div>`;
  return page({ title: 'How to search', site, body });
}
