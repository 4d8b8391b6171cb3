/**
 * Changed and deleted articles and the top-k lists (docs/adr/0013): a reader's correction, a merge that
 * deletes an article, a moved date and a replaced bulletin leave every list whose term the changed articles
 * held neither before nor after read as it is (not made again), patch the lists whose term they held, and
 * either way give the same pages, totals and facets as ranking every match. Run against every backend by the
 * top-k test files.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { makeCorpus, syntheticEditions } from '../../bench/synthetic.js';
import type { Archive } from '../app.js';
import type { Article } from '../core/types.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';
import type { EditionInput, SearchIndex } from '../store/ports.js';
import { SearchService } from './search.service.js';
import { sameApartFromTies } from './top-k.conformance.js';
import { hasTopK, type TopKIndex } from './top-k.js';

const corpus = makeCorpus();
/** Short lists, so that a changed article can enter or leave one and page 2 of 20 is read from it. */
const SETTINGS = { share: 0.005, length: 60, prebuild: 100_000, exactCount: 1_000_000 };
const admin = { key: 'k-00000000000000000000', admin: true };

/** The words search would index of an article (synthetic text is lower-case words and a place). */
const wordsOf = (a: Pick<Article, 'headline' | 'body' | 'byline' | 'dateline'>) =>
  new Set(
    [a.headline, a.body, a.byline ?? '', a.dateline?.place ?? '']
      .join(' ')
      .toLowerCase()
      .split(/[^a-z]+/)
      .filter(Boolean),
  );

/** A synthetic bulletin with its four pages (empty), so a correction may name them. */
const paged = (e: EditionInput): EditionInput => ({
  ...e,
  pages: [1, 2, 3, 4].map((number) => ({ number, text: '', width: 595, height: 842, words: [] })),
});

export function topKChangesConformance(backend: BackendUnderTest): void {
  let archive: Archive;
  let cleanup: () => Promise<void>;
  let layered: SearchIndex & TopKIndex;
  let on: SearchService;
  let off: SearchService;
  /** Every article, as it is now. */
  const all = async () => {
    const out: Article[] = [];
    for (const d of await archive.store.listDates())
      for (const s of await archive.store.listArticles((await archive.store.getEdition(d.date))!.id))
        out.push((await archive.store.getArticle(s.id))!);
    return out;
  };
  /** Pages 1 and 2, the total and the facets of `q`, with the layer on and off. */
  const same = async (q: string, label: string) => {
    for (const page of [1, 2]) {
      const params = { q, page, pageSize: 20, variants: 'off' };
      sameApartFromTies(await on.search(params), await off.search(params), `${label} ${q} page ${page}`);
    }
  };
  /**
   * The first of `words` whose list answers its first two pages as it is: searched, it is not made again.
   * (A list whose page ties with its last entry cannot prove the page and is made again on every search:
   * with ts_rank, which scores a word once in the body alike in every article, that is common.)
   */
  const answering = async (words: string[]) => {
    for (const w of words) {
      const made = layered.listsMade();
      for (const page of [1, 2]) await on.search({ q: w, page, pageSize: 20, variants: 'off' });
      if (layered.listsMade() === made) return w;
    }
    throw new Error(`none of ${words.length} lists answers its pages`);
  };
  /** The first listed word, from the most frequent on, that none of `articles` holds (now) and whose list answers. */
  const untouched = async (articles: Parameters<typeof wordsOf>[0][], lists: string[]) =>
    answering(
      lists.filter((w) => !w.includes(' ') && !w.endsWith('*') && articles.every((a) => !wordsOf(a).has(w))),
    );

  before(async () => {
    const opened = await backend.open();
    archive = opened.archive;
    cleanup = opened.cleanup;
    assert.ok(hasTopK(archive.index));
    layered = archive.index.withTopK(SETTINGS);
    on = new SearchService(layered);
    off = new SearchService(archive.index.withTopK(null));
    for (const e of syntheticEditions(corpus, 300, 10, 31, '1923-01-02'))
      await archive.store.replaceEdition(paged(e));
    for (const e of syntheticEditions(corpus, 50, 10, 32, '1924-03-01'))
      await archive.store.replaceEdition(paged(e));
    // Two small bulletins last, to be replaced: few articles leave many listed words in none of them.
    for (const e of syntheticEditions(corpus, 4, 2, 33, '1925-06-01'))
      await archive.store.replaceEdition(paged(e));
    const made = await layered.rebuildTopK();
    assert.ok(made.made > 30, `${made.made} lists made ahead`);
  });
  after(() => cleanup?.());

  test(`${backend.name} top-k changes: a correction leaves the lists of words it does not hold read as they are`, async () => {
    const lists = (await layered.listedWords()).filter((w) => corpus.words.slice(0, 400).includes(w));
    const [a] = await all();
    const body = a!.body.split(' ');
    // One word of the body for another: both already in the article, so no word comes or goes but two counts.
    const replaced = body[3]!;
    body[3] = body[4]!;
    const words = [...wordsOf(a!)];
    const held = await answering(lists.filter((w) => words.includes(w) && w !== replaced));
    const free = await untouched([a!], lists);
    assert.ok(held && free, 'a listed word the article holds, and one it does not');
    const before = { held: await layered.storedList(held), free: await layered.storedList(free) };
    await archive.corrections.correct(a!.id, { text: body.join(' ') }, admin);
    const made = layered.listsMade();
    await same(free, 'a word the corrected article never held:');
    assert.deepEqual(await layered.storedList(free), before.free, 'its list was read, not made again');
    await same(held, 'a word the corrected article holds:');
    assert.deepEqual(await layered.storedList(held), before.held, 'its list was patched, not made again');
    assert.equal(layered.listsMade(), made, 'no list was made');
  });

  test(`${backend.name} top-k changes: a correction that adds a common word or takes it out gives the same pages`, async () => {
    const lists = (await layered.listedWords()).filter((w) => corpus.words.slice(0, 60).includes(w));
    const articles = await all();
    // A word with a list that some article lacks: said eight times there, that article comes first for it.
    const w = await answering(lists.filter((x) => articles.some((a) => !wordsOf(a).has(x))));
    const lacking = articles.find((a) => !wordsOf(a).has(w))!;
    const top = (await off.search({ q: w, pageSize: 20, variants: 'off' })).hits;
    const prefix = `${w.slice(0, 3)}*`;
    // The prefix's list is made now, before the corrections, and answers as it is.
    await same(prefix, 'its prefix, before:');
    assert.equal(await answering([prefix]), prefix);
    const before = { word: await layered.storedList(w), prefix: await layered.storedList(prefix) };
    await archive.corrections.correct(
      lacking.id,
      { text: `${lacking.body} ${Array(8).fill(w).join(' ')}` },
      admin,
    );
    // The first hit's current text without the word (its original reading still holds it, and is searched).
    const first = (await archive.store.getArticle(top[0]!.id))!;
    await archive.corrections.correct(
      first.id,
      {
        text: first.body
          .split(' ')
          .filter((x) => x !== w)
          .join(' '),
      },
      admin,
    );
    const made = layered.listsMade();
    const after = await on.search({ q: w, pageSize: 20, variants: 'off' });
    assert.ok(
      after.hits.some((h) => h.id === lacking.id),
      'the article that now says it eight times is on the first page',
    );
    await same(w, 'added and taken out:');
    await same(prefix, 'its prefix:');
    assert.deepEqual(await layered.storedList(w), before.word, 'patched, not made again');
    assert.deepEqual(await layered.storedList(prefix), before.prefix, 'the prefix too');
    assert.equal(layered.listsMade(), made, 'no list was made');
  });

  test(`${backend.name} top-k changes: an article moved to another year counts in that year`, async () => {
    const lists = (await layered.listedWords()).filter((w) => corpus.words.slice(0, 60).includes(w));
    const articles = await all();
    const moved = articles.find((a) => a.date.startsWith('1923') && lists.some((w) => wordsOf(a).has(w)))!;
    const w = lists.find((x) => wordsOf(moved).has(x))!;
    const yearsBefore = (await off.search({ q: w, variants: 'off' })).years;
    await archive.corrections.correct(moved.id, { date: '1924-03-02' }, admin);
    const yearsAfter = (await on.search({ q: w, variants: 'off' })).years;
    assert.notDeepEqual(yearsAfter, yearsBefore, 'the years facet moved');
    await same(w, 'moved to 1924:');
  });

  test(`${backend.name} top-k changes: a merge deletes the next article; its words' lists are patched, others read`, async () => {
    const lists = (await layered.listedWords()).filter((w) => corpus.words.slice(0, 400).includes(w));
    const edition = (await archive.store.listDates()).find((d) => d.date === '1923-01-10')!;
    const [a, next] = await archive.store.listArticles((await archive.store.getEdition(edition.date))!.id);
    const gone = (await archive.store.getArticle(next!.id))!;
    const kept = (await archive.store.getArticle(a!.id))!;
    const w = await answering(lists.filter((x) => wordsOf(gone).has(x)));
    const free = await untouched([gone, kept], lists);
    const before = await layered.storedList(free);
    await archive.corrections.correct(kept.id, { merge: 'next' }, admin);
    const made = layered.listsMade();
    assert.equal(await archive.store.getArticle(gone.id), null, 'the next article is gone');
    await same(w, 'a word of the deleted article:');
    await same(free, 'a word of neither:');
    assert.deepEqual(await layered.storedList(free), before, 'read, not made again');
    assert.equal(layered.listsMade(), made, 'no list was made');
  });

  test(`${backend.name} top-k changes: a replaced bulletin, and the last one (whose seqs SQLite gives again)`, async () => {
    const words = (await layered.listedWords()).filter((w) => !w.includes(' ') && !w.endsWith('*'));
    for (const [i, date] of ['1925-06-02', '1925-06-01'].entries()) {
      const old = await archive.store.listArticles((await archive.store.getEdition(date))!.id);
      const oldArticles = await Promise.all(old.map(async (s) => (await archive.store.getArticle(s.id))!));
      const [replacement] = syntheticEditions(corpus, 2, 2, 40 + i, date);
      const fresh = replacement!.articles;
      const neither = words.filter((w) => [...oldArticles, ...fresh].every((a) => !wordsOf(a).has(w)));
      // A word only the new reading holds: in the last bulletin (replaced first) its article gets an old seq on SQLite (logged
      // as a change from nothing), below every list's highest seq, so only the log brings it in.
      const gained = neither[0]!;
      fresh[0]!.body += ` ${gained} ${gained} ${gained}`;
      const free = await answering(neither.slice(1));
      const before = await layered.storedList(free);
      await archive.store.replaceEdition(paged({ ...replacement!, sourceHash: `replaced-${date}` }));
      const made = layered.listsMade();
      await same(free, `replaced ${date}, a word of neither reading:`);
      assert.equal(layered.listsMade(), made, 'its list was read, not made again');
      assert.deepEqual(await layered.storedList(free), before, 'read, not made again');
      const held = words.filter((w) => oldArticles.some((a) => wordsOf(a).has(w)));
      for (const w of held.slice(0, 5)) await same(w, `replaced ${date}, a word of its old articles:`);
      await same(gained, `replaced ${date}, a word of its new articles alone:`);
    }
  });

  test(`${backend.name} top-k changes: the refresh remakes only the lists a change touched and moves the rest on`, async () => {
    await layered.refreshTopK(600_000);
    const lists = (await layered.listedWords()).filter((k) => !k.startsWith('~'));
    // The article with the fewest listed words, corrected: only its words' (and prefixes') lists are touched.
    const touches = (a: Article, key: string) =>
      key.endsWith('*')
        ? [...wordsOf(a)].some((x) => x.startsWith(key.slice(0, -1)))
        : key.split(' ').every((x) => wordsOf(a).has(x));
    const articles = await all();
    const count = (a: Article) => lists.filter((k) => touches(a, k)).length;
    const a = articles.reduce((best, x) => (count(x) < count(best) ? x : best));
    const body = a.body.split(' ');
    body.splice(1, 1);
    await archive.corrections.correct(a.id, { text: body.join(' ') }, admin);
    const refreshed = await layered.refreshTopK(600_000);
    assert.equal(refreshed.made, count(a), 'the lists of the corrected article’s words, and no other');
    assert.ok(refreshed.made < lists.length, `${refreshed.made} of ${lists.length} remade`);
    const points = new Set<number>();
    for (const k of lists) points.add((await layered.storedList(k))!.changes);
    assert.equal(points.size, 1, 'every list is at the same change count (made again, or moved on)');
    assert.equal((await layered.refreshTopK(600_000)).made, 0, 'nothing left stale');
    for (const k of lists.slice(0, 12)) await same(k, 'after the refresh:');
  });
}
