/**
 * The relevance set: queries over a fixed corpus (test/helpers/relevance-corpus.ts) with the article that
 * must rank first and why. Run against every backend by its own test file.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { relevanceCorpus } from '../../test/helpers/relevance-corpus.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';
import { SearchService } from './search.service.js';

interface Case {
  q: string;
  params?: Record<string, string>;
  /** The headline (reading case) that must rank first. */
  first: string;
  /** Instead of first: among the top three, or anywhere in the first page. */
  top3?: boolean;
  found?: boolean;
  why: string;
}

const cases: Case[] = [
  {
    q: 'mogilev',
    first: 'Refugees from Mogilev Reach Riga',
    why: 'the word is in its headline; the other match has it once in the body',
  },
  {
    q: '"displaced persons"',
    first: 'Displaced Persons Leave Camps',
    why: 'only this article has the words side by side; "persons displaced" in the other is not the phrase',
  },
  {
    q: 'displaced persons',
    first: 'Displaced Persons Leave Camps',
    why: 'both words in the headline and the body beat both words once each in the body',
  },
  {
    q: 'synagogue bavaria',
    first: 'Synagogue Rebuilt in Bavaria',
    params: { sort: 'relevance' },
    why: 'the same story ran in 1938 and 1946: equal scores, so the earlier date wins',
  },
  {
    q: '"soviet emigration"~3',
    first: 'Soviet Emigration Rules Eased',
    why: 'the words are within 3 words only here; in the Vienna story they are far apart',
  },
  {
    q: 'headline:emigration',
    first: 'Soviet Emigration Rules Eased',
    why: 'the only headline with the word',
  },
  {
    q: 'byline:gallob',
    first: 'Displaced Persons Leave Camps',
    why: 'the only article with that byline',
  },
  {
    q: 'place:jerusalem housing',
    first: 'Council Debates Housing Plans',
    why: 'filed from Jerusalem',
  },
  {
    q: 'school day:06-12',
    first: 'New School Opens in Haifa',
    why: 'the only match on 12 June of any year',
  },
  {
    q: 'bavarla',
    params: { variants: 'on' },
    first: 'Synagogue Rebuilt in Bavaria',
    top3: true,
    why: 'one OCR error (i read as l) in a rare word: variant matching finds the right spelling',
  },
  {
    q: 'mogilev',
    params: { variants: 'on' },
    first: 'OCR-Damaged Report from the Province',
    found: true,
    why: 'the text has the OCR error "Mogiiev"; the variant l↔i finds it (after the exact matches)',
  },
  {
    q: 'mohilev',
    first: 'Refugees from Mogilev Reach Riga',
    top3: true,
    why: 'a transliteration no article uses: the fallback searches variants (Mogilev, Mogileff) by itself',
  },
];

export function relevanceSet(backend: BackendUnderTest): void {
  let cleanup: () => Promise<void>;
  let search: SearchService;

  before(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    await mkdir(opened.inbox, { recursive: true });
    for (const [name, pages] of Object.entries(relevanceCorpus))
      await writeFile(join(opened.inbox, name), await typedPdf(pages));
    const reports = await opened.archive.ingest.ingestPaths([opened.inbox]);
    assert.ok(
      reports.every((r) => r.status === 'ingested'),
      JSON.stringify(reports),
    );
    search = new SearchService(opened.archive.index);
  });
  after(() => cleanup?.());

  for (const c of cases) {
    test(`${backend.name} relevance: ${c.q}${c.params ? ` ${JSON.stringify(c.params)}` : ''} → ${c.first} (${c.why})`, async () => {
      const r = await search.search({ q: c.q, ...c.params });
      const heads = r.hits.map((h) => h.headline);
      if (c.found) assert.ok(heads.includes(c.first), `${c.first} not found in ${JSON.stringify(heads)}`);
      else if (c.top3)
        assert.ok(
          heads.slice(0, 3).includes(c.first),
          `${c.first} not in the top 3 of ${JSON.stringify(heads)}`,
        );
      else assert.equal(heads[0], c.first, JSON.stringify(heads));
    });
  }

  test(`${backend.name} relevance: a variant match says which variant and why`, async () => {
    const r = await search.search({ q: 'mogilev', variants: 'on' });
    const hit = r.hits.find((h) => h.headline === 'OCR-Damaged Report from the Province')!;
    assert.deepEqual(
      hit.variants.map((v) => [v.term, v.of, v.how]),
      [['mogiiev', 'mogilev', 'ocr']],
    );
    assert.match(hit.variants[0]!.why, /l↔i/);
    const fallback = await search.search({ q: 'mohilev' });
    assert.equal(fallback.variantMode, 'fallback');
    // It says first that the words alone matched nothing.
    assert.equal(fallback.exactTotal, 0);
    assert.ok(fallback.variants.some((v) => v.term === 'mogilev' || v.term === 'mogileff'));
    const off = await search.search({ q: 'mohilev', variants: 'off' });
    assert.equal(off.total, 0);
  });
}
