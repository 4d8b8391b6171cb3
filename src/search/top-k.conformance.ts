/**
 * The top-k layer gives what ranking every match gives: a fixed set of searches over a synthetic
 * archive, run through one index with the layer on and one with it off (same database), compared hit by
 * hit (apart from ties), with the totals and facets; again after bulletins are added (merged in at search
 * time, or past the list's length rebuilt), after longer articles shift FTS5's average length (the bound
 * on re-scored lists), and after a bulletin is replaced (a deletion makes every list stale). Run against
 * every backend by its own test file.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import type { Archive } from '../app.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';
import type { EditionInput, SearchIndex } from '../store/ports.js';
import { type SearchPage, SearchService } from './search.service.js';
import { hasTopK, type TopKIndex } from './top-k.js';

const corpus = makeCorpus();
/** Short lists, so that pages 1–2 come from them, page 3 is searched as before, and 60 new matches overflow one. */
const SETTINGS = { share: 0.005, length: 50, prebuild: 0, exactCount: 1_000_000 };

/** Ranks of the words searched alone: from the commonest to one in a handful of articles. */
const SINGLE = [0, 1, 2, 3, 5, 8, 13, 40, 150, 600, 3000, 8000];

/** The searches compared: common words (lists), words of middling frequency, rarer ones, and others routed as before. */
const queries: { q: string; page?: number; sort?: string; from?: string; to?: string }[] = [
  ...SINGLE.map((i) => ({ q: corpus.words[i]! })),
  ...[0, 4, 150].map((i) => ({ q: corpus.words[i]!, page: 2 })),
  { q: corpus.words[0]!, page: 3 },
  { q: corpus.words[1]!, sort: 'date' },
  { q: `${corpus.words[2]} ${corpus.words[9]}` },
  { q: `headline:${corpus.words[0]}` },
];

const w = (i: number) => corpus.words[i]!;
/**
 * Several common words, phrases, proximity and dates (the merge over the lists, sqlite-top-k-merge.ts): each
 * with words common enough to have lists, and one beside a rare word (routed to the engine as before).
 */
const MERGED: { q: string; page?: number; sort?: string; from?: string; to?: string }[] = [
  { q: `${w(0)} ${w(1)}` },
  { q: `${w(3)} ${w(20)} ${w(40)}` },
  { q: `${w(0)} ${w(5)}`, page: 2 },
  { q: `${w(2)} ${w(3000)}` },
  { q: `"${w(0)} ${w(1)}"` },
  { q: `"${w(1)} ${w(2)}"`, page: 2 },
  { q: `"${w(0)} ${w(4)}"~5` },
  { q: `"${w(2)} ${w(13)}"~3` },
  { q: w(5), from: '1923-01-01', to: '1923-12-31' },
  { q: `${w(0)} ${w(6)}`, from: '1923-01-01', to: '1923-12-31' },
  { q: w(3), sort: '-date' },
  { q: `${w(0)} ${w(2)}`, sort: 'date' },
  { q: `"${w(0)} ${w(1)}"`, sort: '-date' },
  // An OR of common and rare words (a word and its variants): on SQLite ranked from the common words' lists.
  { q: `${w(0)} OR ${w(3)} OR ${w(3000)}` },
  { q: `${w(1)} OR ${w(2)}` },
  { q: `${w(4)} OR ${w(600)} OR ${w(8000)} OR ${w(5)}`, page: 2 },
];
queries.push(...MERGED);

/**
 * Prefixes (docs/adr/0012): answered from a list of their own, keyed `xy*`, since both engines score a prefix
 * as one term over every word it starts. Two and three letters of common words, a page past the first, and
 * the longer prefix of a rare word (searched as before).
 */
const PREFIXES: { q: string; page?: number }[] = [
  { q: `${w(0).slice(0, 2)}*` },
  { q: `${w(1).slice(0, 3)}*` },
  { q: `${w(2).slice(0, 3)}*`, page: 2 },
  { q: `${w(13).slice(0, 3)}*` },
  { q: `${w(8000)}*` },
];
queries.push(...PREFIXES);

/**
 * Every article's body said six times over: the average length more than doubles, long articles gain on
 * short ones, and re-scored lists must prove again that nothing outside them now ranks on the page.
 */
function lengthened(e: EditionInput): EditionInput {
  return { ...e, articles: e.articles.map((a) => ({ ...a, body: Array(6).fill(a.body).join(' ') })) };
}

/** Hits compared position by position; where they differ, the two must be a tie (same score). */
export function sameApartFromTies(on: SearchPage, off: SearchPage, label: string): void {
  assert.equal(off.estimated, false, `${label}: the engine counts`);
  if (on.estimated) {
    // An estimate (a phrase narrowed to dates, or counts past `exactCount`): near the count, never nothing.
    assert.ok(
      on.total > 0 && Math.abs(on.total - off.total) <= off.total * 0.5 + 5,
      `${label}: about ${on.total}, is ${off.total}`,
    );
  } else {
    assert.equal(on.total, off.total, `${label}: total`);
    assert.deepEqual(on.years, off.years, `${label}: years`);
    assert.deepEqual(on.places, off.places, `${label}: places`);
  }
  assert.equal(on.hits.length, off.hits.length, `${label}: hits on the page`);
  for (const [i, h] of on.hits.entries()) {
    const o = off.hits[i]!;
    assert.equal(h.score, o.score, `${label}: score at ${i + 1}`);
    if (h.id !== o.id) {
      const tied = off.hits.filter((x) => x.score === h.score).map((x) => x.id);
      assert.ok(tied.includes(h.id), `${label}: ${h.id} at ${i + 1} is not among the hits tied with ${o.id}`);
    }
  }
}

export function topKConformance(backend: BackendUnderTest): void {
  let archive: Archive;
  let cleanup: () => Promise<void>;
  let on: SearchService;
  let off: SearchService;
  let layered: SearchIndex & TopKIndex;

  const load = async (editions: Iterable<EditionInput>) => {
    for (const e of editions) await archive.store.replaceEdition(e);
  };
  const compare = async (stage: string) => {
    for (const q of queries) {
      const params = { ...q, variants: 'off', pageSize: 20 };
      // The layer first: a list is made (or rebuilt) by the search that needs it.
      const a = await on.search(params);
      const b = await off.search(params);
      sameApartFromTies(a, b, `${stage} ${JSON.stringify(q)}`);
      // Asked again, now from the stored list.
      sameApartFromTies(await on.search(params), b, `${stage} again ${JSON.stringify(q)}`);
    }
  };

  before(async () => {
    const opened = await backend.open();
    archive = opened.archive;
    cleanup = opened.cleanup;
    assert.ok(hasTopK(archive.index), 'the index has the top-k layer');
    layered = archive.index.withTopK(SETTINGS);
    on = new SearchService(layered);
    off = new SearchService(archive.index.withTopK(null));
    await load(syntheticEditions(corpus, 400, 10, 11, '1923-01-02'));
  });
  after(() => cleanup?.());

  test(`${backend.name} top-k: the same hits, totals and facets with the layer on and off`, async () => {
    await compare('first');
    const listed = await layered.listedWords();
    // A word searched alone got a list exactly when it is in more than 0.5 % of the 400 articles (two);
    // a word searched only beside another got none.
    let rare = 0;
    for (const i of SINGLE) {
      const w = corpus.words[i]!;
      const { total } = await off.search({ q: w, variants: 'off' });
      if (total <= 2) rare++;
      assert.equal(listed.includes(w), total > 2, `${w} (${total} articles) listed: ${listed.includes(w)}`);
    }
    assert.ok(rare > 0, 'one of the words is rare enough to have no list');
    // Several words whose matches are few enough to count (all of them here, `exactCount`) are ranked by
    // the engine: a word searched only beside another got no list.
    assert.ok(!listed.includes(corpus.words[9]!), 'a word searched only beside another has no list');
  });

  test(`${backend.name} top-k: several common words, phrases, proximity and dates, counts estimated past exactCount`, async () => {
    const listed = new Set(await layered.listedWords());
    if (layered.merges) {
      // The phrase was answered from a list of its own, made by its first search.
      assert.ok(listed.has(`${w(0)} ${w(1)}`), 'the common phrase has its list');
      assert.ok(listed.has(`~5 ${w(0)} ${w(4)}`), 'the NEAR group of common words has its list');
      // Several words that more than the share of the articles hold together: a list of their own (docs/adr/0017).
      assert.ok(listed.has(`&${w(0)} ${w(1)}`), 'the group of common words has its list');
      assert.ok(listed.has(`&${w(3)} ${w(20)} ${w(40)}`), 'the group of three common words has its list');
      assert.ok(!listed.has(`&${w(2)} ${w(3000)}`), 'a common word beside a rare one: no list');
    }
    // Counts estimated from a sample whenever the rarest word is in more than 0 articles: the same pages.
    const estimating = new SearchService(layered.withTopK({ ...SETTINGS, exactCount: 0 }));
    let estimated = 0;
    for (const q of MERGED) {
      const params = { ...q, variants: 'off', pageSize: 20 };
      const a = await estimating.search(params);
      if (a.estimated) estimated++;
      sameApartFromTies(a, await off.search(params), `estimating ${JSON.stringify(q)}`);
    }
    // (Several words without dates are counted exactly from their group's list: only those with dates or in
    // date order are estimated.)
    if (layered.merges) assert.ok(estimated >= 2, `${estimated} answers said "about"`);
  });

  test(`${backend.name} top-k: the same after bulletins are added (merged in, or past the list's length rebuilt)`, async () => {
    // Two bulletins: fewer new matches than a list is long for most words, so they are merged at search time.
    await load(syntheticEditions(corpus, 20, 10, 12, '1950-03-01'));
    await compare('after 20 added');
    // Thirty more: the commonest words gain more new matches than their list holds.
    await load(syntheticEditions(corpus, 300, 10, 13, '1951-01-01'));
    await compare('after 300 added');
  });

  test(`${backend.name} top-k: the same after longer articles change the average length`, async () => {
    await load([...syntheticEditions(corpus, 200, 10, 14, '1952-01-01')].map(lengthened));
    await compare('after long articles');
  });

  test(`${backend.name} top-k: the same after a bulletin is replaced (its old articles deleted)`, async () => {
    const [replacement] = syntheticEditions(corpus, 10, 10, 15, '1923-01-05');
    await load([{ ...replacement!, sourceHash: 'replaced-1923-01-05' }]);
    await compare('after a replacement');
  });

  test(`${backend.name} top-k: prefixes get lists of their own, with the same pages as ranking every match`, async () => {
    const listed = new Set(await layered.listedWords());
    for (const p of PREFIXES.slice(0, 4)) assert.ok(listed.has(p.q), `${p.q} has its list`);
  });

  test(`${backend.name} top-k: a rebuild makes every frequent word's list, so a word's first search reads it`, async () => {
    const index = layered.withTopK({ ...SETTINGS, prebuild: 100_000 });
    const seen: string[] = [];
    const done = await index.rebuildTopK((_done, _total, term) => seen.push(term));
    const listed = new Set(await index.listedWords());
    assert.equal(done.terms, seen.length);
    assert.equal(done.made + done.current, done.terms);
    for (const t of seen) assert.ok(listed.has(t), `${t} listed`);
    // Every word over the share has its list before anyone searched it (a word's first search reads it).
    // (930 articles were loaded so far, some replaced: a word in more than a list's length, 50, is over the
    // share too, and so made ahead.)
    const vocabulary = await index.vocabulary();
    const frequent = [...vocabulary].filter(([, df]) => df > SETTINGS.length).map(([t]) => t);
    assert.ok(frequent.length > 20, `${frequent.length} frequent words`);
    for (const t of frequent) assert.ok(listed.has(t), `${t} (over the share) has a list after the rebuild`);
    const never = corpus.words
      .slice(0, 60)
      .find((x) => !queries.some((q) => q.q.includes(x)) && listed.has(x));
    assert.ok(never, 'a frequent word never searched');
    // Run again at the same state, it makes nothing: an interrupted rebuild resumes where it stopped.
    const again = await index.rebuildTopK();
    assert.equal(again.made, 0);
    assert.equal(again.current, again.terms);
    const params = { q: never, variants: 'off', pageSize: 20 };
    sameApartFromTies(await new SearchService(index).search(params), await off.search(params), never);
    await compare('after a rebuild');
  });

  test(`${backend.name} top-k: the refresh after an ingest remakes the lists it made stale`, async () => {
    const index = layered.withTopK({ ...SETTINGS, prebuild: 100_000 });
    // More articles than a list is long: every list is stale.
    await load(syntheticEditions(corpus, 60, 10, 16, '1953-01-01'));
    const done = await index.refreshTopK(600_000);
    assert.equal(done.stopped, false);
    assert.ok(done.made > 20, `${done.made} lists remade`);
    assert.equal((await index.refreshTopK(600_000)).made, 0, 'nothing left stale');
    // A budget already spent stops before the first stale list.
    await load(syntheticEditions(corpus, 60, 10, 17, '1954-01-01'));
    const stopped = await index.refreshTopK(-1);
    assert.equal(stopped.stopped, true);
    assert.equal(stopped.made, 0);
    await compare('after a refresh');
  });

  test(`${backend.name} top-k: the same when bulletins are stored and replaced while the lists are refreshed`, async () => {
    const index = layered.withTopK({ ...SETTINGS, prebuild: 100_000 });
    await load(syntheticEditions(corpus, 60, 10, 18, '1955-01-01'));
    // Each list is made from one snapshot: one made before a bulletin is stored merges it in at search time,
    // one made before a replacement is stale by the change counter, one made after counts both.
    const [replacement] = syntheticEditions(corpus, 10, 10, 20, '1923-01-06');
    const [refreshed] = await Promise.all([
      index.refreshTopK(600_000),
      load([
        ...syntheticEditions(corpus, 30, 10, 19, '1956-01-01'),
        { ...replacement!, sourceHash: 'replaced-1923-01-06' },
      ]),
    ]);
    assert.ok(refreshed.made > 0, `${refreshed.made} lists remade`);
    await compare('bulletins stored during a refresh');
  });
}
