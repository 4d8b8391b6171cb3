/** The advanced-search form: boxes for words, a phrase, fields and dates; a GET form, no script needed. */
import type { SiteConfig } from '../../config/site-config.js';
import type { AdvancedFields } from '../advanced-query.js';
import { html, raw } from '../html.js';
import { page } from './layout.js';

interface Box {
  name: keyof AdvancedFields;
  label: string;
  hint: string;
}

const WORDS: Box[] = [
  { name: 'all', label: 'All these words', hint: 'refugees ship; end a word with * for any ending: emigra*' },
  { name: 'phrase', label: 'This exact phrase', hint: 'displaced persons' },
  { name: 'any', label: 'Any of these words', hint: 'USSR Russia' },
  { name: 'none', label: 'None of these words', hint: 'visa' },
];
const FIELDS: Box[] = [
  { name: 'headline', label: 'Words in the headline', hint: 'exit visas' },
  { name: 'byline', label: 'Name in the byline', hint: 'Orlovsky' },
  { name: 'place', label: 'Place in the dateline', hint: 'Tel Aviv' },
];
const DATES: Box[] = [
  { name: 'from', label: 'From', hint: 'a year (1940), a month (1940-06) or a day (1940-06-14)' },
  { name: 'to', label: 'To', hint: 'the same; leave either empty for no limit' },
];

function box(b: Box, values: AdvancedFields) {
  return html`<div class="field">
  <label for="adv-${b.name}">${b.label}</label>
  <input id="adv-${b.name}" type="text" name="${b.name}" value="${values[b.name] ?? ''}" aria-describedby="adv-${b.name}-hint"${raw(b.name === 'from' || b.name === 'to' ? ' inputmode="numeric" size="10"' : '')}>
  <span class="hint" id="adv-${b.name}-hint">For example: ${b.hint}</span>
</div>`;
}

/** The form, filled with what was sent before when `error` says why it was not run. */
export function advancedSearchView(
  site: SiteConfig,
  values: AdvancedFields,
  sort: string,
  error: string | null,
): string {
  const opt = (v: string, label: string) =>
    html`<option value="${v}"${raw(sort === v ? ' selected' : '')}>${label}</option>`;
  const body = html`<div class="measure">
<h1>Advanced search</h1>
<p>Fill in any of the boxes. They are written as one search in the <a href="/help/search">search language</a>, which the results page shows in the search box, to change or keep.</p>
${error ? html`<div role="alert"><p><strong>The search could not be run.</strong> ${error}</p></div>` : ''}
<form class="advanced" action="/search/advanced" method="get">
<fieldset><legend>Find articles with</legend>${WORDS.map((b) => box(b, values))}</fieldset>
<fieldset><legend>Where the words are</legend>${FIELDS.map((b) => box(b, values))}</fieldset>
<fieldset><legend>Dates</legend>${DATES.map((b) => box(b, values))}</fieldset>
<div class="field"><label for="adv-sort">Sort</label> <select id="adv-sort" name="sort">${opt('relevance', 'Relevance')}${opt('date', 'Oldest first')}${opt('-date', 'Newest first')}</select></div>
<button type="submit">Search</button>
</form>
</div>`;
  return page({ title: 'Advanced search', site, body });
}
