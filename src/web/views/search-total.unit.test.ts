/** The results line says "about" before a total the top-k layer estimated, and nothing before a counted one. */
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
