/** The results line says "about" before an estimated total; a fallback to variants says how many exact matches came first. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultSiteConfig } from '../../config/site-config.js';
import type { SearchPage } from '../../search/search.service.js';
import { searchView } from './search.view.js';

const page = (estimated: boolean): SearchPage => ({
  query: 'soviet jewry',
  from: null,
  to: null,
  sort: 'relevance',
  total: 81234,
  page: 1,
  pageSize: 20,
  pages: 4062,
  hits: [],
  places: [],
  day: null,
  variantMode: 'off',
  variants: [],
  exactTotal: null,
  years: [{ year: 1974, count: 81234 }],
  decades: [{ decade: 1970, count: 81234 }],
  nextCursor: null,
  estimated,
});

test('an estimated total reads "about", a counted one does not', () => {
  const status = (html: string) => /<p class="meta" role="status">([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '';
  assert.match(
    status(searchView(defaultSiteConfig, page(true))),
    /of <strong>about 81,234<\/strong> articles/,
  );
  assert.match(status(searchView(defaultSiteConfig, page(false))), /of <strong>81,234<\/strong> articles/);
});

test('where the words alone found too little, the page says how many exact matches first, then the variants', () => {
  const fallback: SearchPage = {
    ...page(false),
    query: 'smith',
    total: 2,
    variantMode: 'fallback',
    exactTotal: 0,
    variants: [{ term: 'smit', of: 'smith', how: 'spelling', why: '1 letter differs', df: 2 }],
  };
  const summary = /<p class="meta variant-summary">([\s\S]*?)<\/p>/.exec(
    searchView(defaultSiteConfig, fallback),
  )?.[1];
  assert.match(
    summary ?? '',
    /^0 exact matches: the words alone found fewer than 3 articles, so their variants/,
  );
  assert.match(summary ?? '', /<strong>smit<\/strong> for smith \(spelling\)/);
  const one = /<p class="meta variant-summary">([\s\S]*?)<\/p>/.exec(
    searchView(defaultSiteConfig, { ...fallback, exactTotal: 1 }),
  )?.[1];
  assert.match(one ?? '', /^1 exact match:/);
});
