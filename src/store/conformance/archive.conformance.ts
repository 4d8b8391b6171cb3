/**
 * The one conformance suite every storage backend passes: archive store, search index and blob store,
 * driven through ingest of real (generated) PDFs. Each backend's test file calls `archiveConformance`.
 * (Past the house size limit by design: one suite, so every backend is held to the same statements.)
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1938, bulletin1974 } from '../../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../../test/helpers/typed-pdf.js';
import type { Archive } from '../../app.js';
import type { ArchiveError } from '../../core/errors.js';
import { SearchService } from '../../search/search.service.js';
import { type EditionInput, MARK_END, MARK_START } from '../ports.js';

export interface BackendUnderTest {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, empty archive; `inbox` is a scratch folder for files; `db` its database URL (PostgreSQL). */
  open(): Promise<{ archive: Archive; inbox: string; db?: string; cleanup: () => Promise<void> }>;
}

export function archiveConformance(backend: BackendUnderTest): void {
  let archive: Archive;
  let inbox: string;
  let cleanup: () => Promise<void>;
  let search: SearchService;

  before(async () => {
    ({ archive, inbox, cleanup } = await backend.open());
    await mkdir(inbox, { recursive: true });
    await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
    await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
    const reports = await archive.ingest.ingestPaths([inbox]);
    assert.deepEqual(
      reports.map((r) => r.status),
      ['ingested', 'ingested'],
    );
    search = new SearchService(archive.index);
  });
  after(() => cleanup?.());

  test(`${backend.name}: editions, pages, articles and references read back as written`, async () => {
    const { store } = archive;
    assert.deepEqual(await store.stats(), {
      editions: 2,
      articles: 5,
      pages: 3,
      firstDate: '1938-05-04',
      lastDate: '1974-12-19',
    });
    const e = (await store.getEdition('1974-12-19'))!;
    assert.deepEqual([e.volume, e.number, e.pageCount, e.sourceName], ['XLI', '236', 2, '1974-12-19.pdf']);
    assert.deepEqual(await store.getEditionById(e.id), e);
    assert.deepEqual(await store.findEditionByHash(e.sourceHash), e);
    assert.equal(await store.findEditionByHash('0'.repeat(64)), null);
    const pages = await store.getPages(e.id);
    assert.deepEqual(
      pages.map((p) => p.number),
      [1, 2],
    );
    assert.ok(pages[0]!.words.some((w) => w.text === 'MCDONALD' && w.w > 0));
    const list = await store.listArticles(e.id);
    assert.deepEqual(
      list.map((a) => [a.ordinal, a.firstPage, a.lastPage]),
      [
        [0, 1, 1],
        [1, 1, 2],
        [2, 2, 2],
      ],
    );
    const first = (await store.getArticle(list[0]!.id))!;
    assert.equal(first.kicker, 'News Brief');
    assert.deepEqual(first.dateline, {
      raw: 'WASHINGTON, Dec. 18 (JTA) --',
      place: 'WASHINGTON',
      date: '1974-12-18',
      agency: 'JTA',
    });
    const refs = await store.referencesFrom(first.id);
    assert.deepEqual(
      refs.map((r) => [r.text, r.page, r.targetId, r.other?.id]),
      [['(See P. 2 for separate story.)', 2, list[2]!.id, list[2]!.id]],
    );
    assert.deepEqual(
      (await store.referencesTo(list[2]!.id)).map((r) => r.other?.id),
      [first.id],
    );
    assert.equal((await store.getTitle(e.titleId))?.name, archive.config.titleName);
  });

  test(`${backend.name}: dates, neighbours, years, same day, harvest in stable batches`, async () => {
    const { store } = archive;
    assert.deepEqual(
      (await store.listDates()).map((d) => [d.date, d.articles, d.pages]),
      [
        ['1938-05-04', 2, 1],
        ['1974-12-19', 3, 2],
      ],
    );
    assert.deepEqual(
      (await store.listDates('1970-01-01', undefined, 5)).map((d) => d.date),
      ['1974-12-19'],
    );
    assert.deepEqual(
      (await store.listDates(undefined, undefined, 1)).map((d) => d.date),
      ['1938-05-04'],
    );
    assert.deepEqual(await store.neighbours('1950-01-01'), { previous: '1938-05-04', next: '1974-12-19' });
    assert.deepEqual(await store.years(), [
      { year: 1938, editions: 1 },
      { year: 1974, editions: 1 },
    ]);
    assert.deepEqual(
      (await store.sameDay('12-19', 2)).map((d) => [d.date, d.articles.length]),
      [['1974-12-19', 2]],
    );
    const seen: string[] = [];
    let after = 0;
    for (;;) {
      const batch = await store.harvest({ after, limit: 2 });
      if (batch.length === 0) break;
      seen.push(...batch.map((b) => b.article.id));
      after = batch[batch.length - 1]!.seq;
    }
    assert.equal(seen.length, 5);
    assert.equal(new Set(seen).size, 5);
    assert.equal(
      (await store.harvest({ fromDate: '1938-01-01', toDate: '1938-12-31', limit: 10 })).length,
      2,
    );
    assert.equal((await store.harvest({ fromStamp: '2999-01-01T00:00:00Z', limit: 10 })).length, 0);
    assert.match((await store.earliestDatestamp()) ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal((await store.articleSlugs(0, 10)).length, 5);
    assert.equal((await store.recentEditions(1)).length, 1);
    assert.equal((await store.listIngestEvents(10)).length, 2);
  });

  test(`${backend.name}: the query language finds the same articles`, async () => {
    const ids = async (q: string, extra: Record<string, string> = {}) =>
      (await search.search({ q, sort: 'date', ...extra })).hits.map((h) => h.headline);
    assert.deepEqual(await ids('displaced persons'), [
      "U.S. Seeks DP's Entry, Says Dr. McDonald",
      'Camps in Bavaria to Close by Spring',
    ]);
    assert.deepEqual(await ids('"displaced persons" -munich'), ["U.S. Seeks DP's Entry, Says Dr. McDonald"]);
    assert.deepEqual(await ids('mogileff OR kiev'), [
      'Committee in London Meets on Visas',
      'Soviet Union Bars Emigration of 300 Families from Kiev',
    ]);
    assert.deepEqual(await ids('emigra*'), ['Soviet Union Bars Emigration of 300 Families from Kiev']);
    assert.deepEqual(await ids('refugees', { from: '1938-01-01', to: '1938-12-31' }), [
      'Refugee Ship Reaches Haifa After Ten Weeks at Sea',
      'Committee in London Meets on Visas',
    ]);
    assert.deepEqual(await ids('nothingmatchesthis'), []);
    const r = await search.search({ q: 'refugees', sort: '-date', pageSize: 3 });
    assert.equal(r.total, 4);
    assert.deepEqual(r.years, [
      { year: 1938, count: 2 },
      { year: 1974, count: 2 },
    ]);
    assert.equal(r.hits[0]!.date, '1974-12-19');
    assert.equal(
      (await search.search({ q: 'refugees', sort: '-date', pageSize: 3, page: 2 })).hits.length,
      1,
    );
  });

  test(`${backend.name}: ranking puts headline matches first; snippets mark the matches`, async () => {
    // Both engines weight the headline above the body, so "camps" in a headline beats "camps" in a body.
    const r = await search.search({ q: 'camps' });
    assert.deepEqual(
      r.hits.map((h) => h.headline),
      ['Camps in Bavaria to Close by Spring', "U.S. Seeks DP's Entry, Says Dr. McDonald"],
    );
    assert.ok(r.hits[0]!.score > r.hits[1]!.score);
    // The difference the capability flag states: BM25 scores are unbounded, ts_rank stays within 0..1.
    assert.equal(archive.index.capabilities.ranking, backend.name === 'sqlite' ? 'bm25' : 'ts_rank');
    if (archive.index.capabilities.ranking === 'ts_rank')
      assert.ok(r.hits.every((h) => h.score > 0 && h.score <= 1));
    // Both give the hits' bodies and the search service marks the snippets, folding words as the index
    // does (FTS5's snippet() re-ran the MATCH; ts_headline missed words printed with diacritics).
    assert.equal(archive.index.capabilities.snippets, 'text');
    const s = (await search.search({ q: 'bavaria' })).hits.map((h) => h.snippet);
    assert.ok(
      s.every((x) => x.includes(`${MARK_START}Bavaria${MARK_END}`)),
      JSON.stringify(s),
    );
    const mcdonald = (await archive.store.getArticle((await search.search({ q: 'mcdonald' })).hits[0]!.id))!;
    const related = await search.related(mcdonald, 3);
    // The two stories share "Bavaria", "displaced" and "persons", rare in this small archive.
    assert.equal(related[0]?.headline, 'Camps in Bavaria to Close by Spring');
    assert.ok(related.every((h) => h.id !== mcdonald.id));
  });

  test(`${backend.name}: replacing an edition is one transaction; blobs round-trip`, async () => {
    const { store, blobs } = archive;
    const generation = await archive.index.generation();
    const file = join(inbox, 'revised.pdf');
    await writeFile(
      file,
      await typedPdf([
        bulletin1974[0]!.replace('SOVIET UNION BARS EMIGRATION', 'MOSCOW BARS EMIGRATION'),
        bulletin1974[1]!,
      ]),
    );
    const [report] = await archive.ingest.ingestPaths([file]);
    assert.equal(report?.status, 'ingested');
    const e = (await store.getEdition('1974-12-19'))!;
    const heads = (await store.listArticles(e.id)).map((a) => a.headline);
    assert.equal(heads[1], 'Moscow Bars Emigration of 300 Families from Kiev');
    assert.equal((await store.stats()).articles, 5);
    assert.notEqual(await archive.index.generation(), generation, 'a write changes the index generation');
    assert.deepEqual((await search.search({ q: 'soviet' })).hits, []);
    const pdf = await blobs.get(e.pdfKey);
    assert.ok(pdf && pdf.subarray(0, 5).toString() === '%PDF-');
    assert.ok(await blobs.has(e.pdfKey));
    const key = await blobs.put(new Uint8Array([1, 2, 3]));
    assert.equal(await blobs.put(new Uint8Array([1, 2, 3])), key);
    assert.deepEqual([...((await blobs.get(key)) ?? [])], [1, 2, 3]);
    await blobs.putDerived(key, 'p1-w200.png', new Uint8Array([9]));
    assert.deepEqual([...((await blobs.getDerived(key, 'p1-w200.png')) ?? [])], [9]);
    // Finished writes leave no temporary file behind.
    assert.deepEqual(await blobs.tempFiles(), []);
    await blobs.delete(key);
    assert.equal(await blobs.has(key), false);
    assert.equal(await blobs.get('../../etc/passwd'), null);
  });

  test(`${backend.name}: storing the same file twice (two workers racing) writes it once`, async () => {
    const { store } = archive;
    const e = (await store.getEdition('1974-12-19'))!;
    const articles = await store.listArticles(e.id);
    const full = await Promise.all(articles.map((a) => store.getArticle(a.id)));
    const generation = await archive.index.generation();
    const again = await store.replaceEdition({
      titleName: 'Daily News Bulletin',
      date: e.date,
      volume: e.volume,
      number: e.number,
      sourceHash: e.sourceHash,
      sourceName: e.sourceName,
      pdfKey: e.pdfKey,
      pages: [],
      articles: full.map((a, i) => ({
        ordinal: i,
        headlinePrinted: a!.headlinePrinted,
        headline: a!.headline,
        kicker: a!.kicker,
        byline: a!.byline,
        dateline: a!.dateline,
        body: a!.body,
        firstPage: a!.firstPage,
        lastPage: a!.lastPage,
        references: [],
      })),
    });
    assert.equal(again.unchanged, true);
    assert.equal(again.replaced, false);
    assert.equal(again.edition.id, e.id, 'the stored edition is kept, not replaced');
    assert.equal(await archive.index.generation(), generation, 'nothing was written');
    assert.equal((await store.getPages(e.id)).length, e.pageCount, 'its pages are all still there');
  });

  test(`${backend.name}: replaceEditions stores several editions in one transaction, all or none`, async () => {
    const { store } = archive;
    const before = await store.stats();
    const edition = (date: string, pageNumbers: number[]): EditionInput => ({
      titleName: 'Conformance Gazette',
      date,
      volume: null,
      number: '7',
      sourceHash: `conformance-${date}-${pageNumbers.join('-')}`,
      sourceName: `${date}.xml`,
      pdfKey: 'k',
      pages: pageNumbers.map((n) => ({
        number: n,
        text: `gazette page ${n}`,
        width: 612,
        height: 792,
        words: [{ text: 'gazette', x: 10, y: 20, w: 30, h: 8 }],
      })),
      articles: [
        {
          ordinal: 0,
          headlinePrinted: 'Page 1',
          headline: 'Page 1',
          kicker: null,
          byline: null,
          dateline: null,
          body: 'gazette zanzibarine',
          firstPage: 1,
          lastPage: 1,
          references: [],
        },
      ],
    });
    // The second edition repeats a page number: its insert fails, and the first must not stay behind.
    await assert.rejects(store.replaceEditions([edition('1901-01-01', [1]), edition('1901-01-02', [1, 1])]));
    assert.deepEqual(await store.stats(), before);
    assert.equal(await store.getEdition('1901-01-01'), null);
    // Inputs from an async iterable that fails after its first edition was written: that one goes too.
    async function* failing() {
      yield edition('1901-01-01', [1]);
      throw new Error('the second issue could not be read');
    }
    await assert.rejects(store.replaceEditions(failing()), /could not be read/);
    assert.deepEqual(await store.stats(), before);
    assert.equal(await store.getEdition('1901-01-01'), null);
    const results = await store.replaceEditions([
      { ...edition('1901-01-01', [1]), language: 'eng ger' },
      edition('1901-01-02', [1, 2]),
    ]);
    assert.deepEqual(
      results.map((r) => r.edition.language),
      ['eng ger', null],
    );
    assert.equal((await store.getEdition('1901-01-01'))?.language, 'eng ger');
    assert.deepEqual(
      results.map((r) => [r.edition.date, r.edition.pageCount, r.articles.length, r.replaced]),
      [
        ['1901-01-01', 1, 1, false],
        ['1901-01-02', 2, 1, false],
      ],
    );
    assert.equal((await store.stats()).editions, before.editions + 2);
    assert.equal((await search.search({ q: 'zanzibarine' })).total, 2);
    assert.deepEqual((await store.getPages(results[1]!.edition.id))[0]!.words, [
      { text: 'gazette', x: 10, y: 20, w: 30, h: 8 },
    ]);
  });

  test(`${backend.name}: a story's credit line and the parts of a continued story read back as written`, async () => {
    const { store } = archive;
    const story = (ordinal: number, extra: object) => ({
      ordinal,
      headlinePrinted: `STORY ${ordinal}`,
      headline: `Story ${ordinal}`,
      kicker: null,
      byline: null,
      dateline: null,
      body: `the text of story ${ordinal}`,
      firstPage: 1,
      lastPage: ordinal === 0 ? 4 : 1,
      references: [],
      ...extra,
    });
    const { articles } = await store.replaceEdition({
      titleName: 'Conformance Gazette',
      date: '1902-03-04',
      volume: null,
      number: '8',
      sourceHash: 'conformance-credit-parts',
      sourceName: '1902-03-04.pdf',
      pdfKey: 'k',
      pages: [1, 2, 3, 4].map((n) => ({ number: n, text: `page ${n}`, width: 612, height: 792, words: [] })),
      articles: [
        story(0, {
          credit: '(Jewish Telegraphic Agency)',
          parts: [
            { firstPage: 1, lastPage: 1 },
            { firstPage: 4, lastPage: 4 },
          ],
        }),
        story(1, {}),
      ],
    });
    const [jumped, plain] = await Promise.all(articles.map((a) => store.getArticle(a.id)));
    assert.equal(jumped?.credit, '(Jewish Telegraphic Agency)');
    assert.deepEqual(jumped?.parts, [
      { firstPage: 1, lastPage: 1 },
      { firstPage: 4, lastPage: 4 },
    ]);
    assert.deepEqual([plain?.credit, plain?.parts], [null, null]);
    assert.deepEqual(
      articles.map((a) => [a.credit, a.parts?.length ?? 0]),
      [
        ['(Jewish Telegraphic Agency)', 2],
        [null, 0],
      ],
    );
  });

  test(`${backend.name}: an article's regions read back as written (to a hundredth of a point), null without; its kind too`, async () => {
    const { store } = archive;
    const story = (ordinal: number, extra: object) => ({
      ordinal,
      headlinePrinted: `REGION STORY ${ordinal}`,
      headline: `Region story ${ordinal}`,
      kicker: null,
      byline: null,
      dateline: null,
      body: `the text of region story ${ordinal}`,
      firstPage: 1,
      lastPage: ordinal === 0 ? 2 : 1,
      references: [],
      ...extra,
    });
    const regions = [
      { page: 1, x: 36.004, y: 410.5, w: 260.126, h: 300 },
      { page: 1, x: 316, y: 72, w: 260, h: 120.25 },
      { page: 2, x: 36, y: 72, w: 540, h: 88.999 },
    ];
    const { articles } = await store.replaceEdition({
      titleName: 'Conformance Gazette',
      date: '1902-03-05',
      volume: null,
      number: '9',
      sourceHash: 'conformance-regions',
      sourceName: '1902-03-05.pdf',
      pdfKey: 'k',
      pages: [1, 2].map((n) => ({ number: n, text: `page ${n}`, width: 612, height: 792, words: [] })),
      articles: [
        story(0, { regions, kind: 'notices' }),
        story(1, {}),
        story(2, { regions: [], kind: 'advertisement' }),
      ],
    });
    const read = await Promise.all(articles.map((a) => store.getArticle(a.id)));
    // A piece's kind is kept; a draft that names none is an article.
    assert.deepEqual(
      read.map((a) => a?.kind),
      ['notices', 'article', 'advertisement'],
    );
    assert.deepEqual(
      articles.map((a) => a.kind),
      ['notices', 'article', 'advertisement'],
    );
    // Reading order kept; coordinates to a hundredth of a point, well under a pixel of the 1600-px image.
    assert.deepEqual(read[0]?.regions, [
      { page: 1, x: 36, y: 410.5, w: 260.13, h: 300 },
      { page: 1, x: 316, y: 72, w: 260, h: 120.25 },
      { page: 2, x: 36, y: 72, w: 540, h: 89 },
    ]);
    assert.deepEqual(
      read.slice(1).map((a) => a?.regions),
      [null, null],
    );
    assert.deepEqual(articles[0]?.regions, read[0]?.regions);
  });

  test(`${backend.name}: admin tokens are kept by hash, found while valid, listed and revoked`, async () => {
    const { tokens } = archive;
    assert.deepEqual(await tokens.listAdminTokens(), []);
    const a = await tokens.createAdminToken('scanner', 'a'.repeat(64));
    assert.deepEqual([a.label, a.tokenHash, a.revokedAt], ['scanner', 'a'.repeat(64), null]);
    assert.match(a.createdAt, /^\d{4}-\d{2}-\d{2}T/);
    await tokens.createAdminToken('editor', 'b'.repeat(64));
    await assert.rejects(tokens.createAdminToken('scanner', 'c'.repeat(64)), (e: ArchiveError) => {
      assert.equal(e.code, 'USAGE');
      assert.match(e.message, /"scanner" exists already/);
      return true;
    });
    assert.deepEqual(await tokens.findAdminToken('a'.repeat(64)), a);
    assert.equal(await tokens.findAdminToken('c'.repeat(64)), null);
    assert.equal(await tokens.revokeAdminToken('scanner'), true);
    assert.equal(await tokens.revokeAdminToken('scanner'), false, 'a revoked token cannot be revoked again');
    assert.equal(await tokens.revokeAdminToken('nobody'), false);
    assert.equal(await tokens.findAdminToken('a'.repeat(64)), null, 'a revoked token is not found');
    assert.equal((await tokens.findAdminToken('b'.repeat(64)))?.label, 'editor');
    const all = await tokens.listAdminTokens();
    assert.deepEqual(
      all.map((t) => [t.label, t.revokedAt !== null]),
      [
        ['scanner', true],
        ['editor', false],
      ],
    );
  });

  test(`${backend.name}: OCR pages are recorded by source hash and page, and replaced by a newer record`, async () => {
    const { store } = archive;
    const hash = 'a'.repeat(64);
    const line = (text: string, conf: number) => ({
      text,
      x: 72,
      y: 90,
      width: 60,
      height: 10,
      words: [{ text, x: 72, y: 90, w: 60, h: 10, conf }],
    });
    assert.deepEqual(await store.ocrPages(hash), []);
    await store.saveOcrPage({
      sourceHash: hash,
      page: 2,
      lines: [line('SECOND', 91)],
      seconds: 3.5,
      recordedAt: '2026-11-28T10:00:02.000Z',
    });
    await store.saveOcrPage({
      sourceHash: hash,
      page: 1,
      lines: [line('FIRST', 88)],
      seconds: 4,
      recordedAt: '2026-11-28T10:00:01.000Z',
    });
    await store.saveOcrPage({
      sourceHash: hash,
      page: 2,
      lines: [line('AGAIN', 77)],
      seconds: 2.25,
      recordedAt: '2026-11-28T10:00:03.000Z',
    });
    const pages = await store.ocrPages(hash);
    assert.deepEqual(
      pages.map((p) => [p.page, p.lines[0]!.text, p.lines[0]!.words[0]!.conf, p.seconds, p.recordedAt]),
      [
        [1, 'FIRST', 88, 4, '2026-11-28T10:00:01.000Z'],
        [2, 'AGAIN', 77, 2.25, '2026-11-28T10:00:03.000Z'],
      ],
    );
    assert.deepEqual(await store.ocrPages('b'.repeat(64)), []);
  });

  test(`${backend.name}: OCR pages are dropped by source key, or all at once, and counted`, async () => {
    const { store } = archive;
    await store.dropOcrPages();
    const [c, d, e] = ['c', 'd', 'e'].map((x) => x.repeat(64)) as [string, string, string];
    const save = (sourceHash: string, page: number) =>
      store.saveOcrPage({ sourceHash, page, lines: [], seconds: 1, recordedAt: '2026-11-28T10:00:00.000Z' });
    for (const [key, pages] of [
      [c, 3],
      [d, 2],
      [e, 1],
    ] as const)
      for (let p = 1; p <= pages; p++) await save(key, p);
    // A key named twice counts once; a key with no pages drops none.
    assert.equal(await store.dropOcrPages([c, c, 'f'.repeat(64)]), 3);
    assert.deepEqual(await store.ocrPages(c), []);
    assert.deepEqual(
      (await store.ocrPages(d)).map((p) => p.page),
      [1, 2],
    );
    assert.equal(await store.dropOcrPages([]), 0, 'an empty list drops nothing');
    assert.equal((await store.ocrPages(e)).length, 1);
    assert.equal(await store.dropOcrPages(), 3, 'no list drops every page left');
    assert.deepEqual([await store.ocrPages(d), await store.ocrPages(e)], [[], []]);
    assert.equal(await store.dropOcrPages(), 0);
  });

  test(`${backend.name}: census, references, index verification and blob keys for dateline check`, async () => {
    const { store, blobs, index } = archive;
    // Other tests store editions without PDFs (1901); only the two ingested bulletins are looked at here.
    const census = (await store.editionCensus()).filter((c) => c.date >= '1938');
    const e1974 = (await store.getEdition('1974-12-19'))!;
    const e1938 = (await store.getEdition('1938-05-04'))!;
    assert.deepEqual(census, [
      {
        date: '1938-05-04',
        pageCount: 1,
        pages: 1,
        firstPage: 1,
        lastPage: 1,
        articles: 2,
        articlesOffPage: 0,
        pdfKey: e1938.pdfKey,
        sourceHash: e1938.sourceHash,
        // Ingested from the PDF itself: the check holds its key to the file's sha256.
        sourceKind: 'pdf',
      },
      {
        date: '1974-12-19',
        pageCount: 2,
        pages: 2,
        firstPage: 1,
        lastPage: 2,
        articles: 3,
        articlesOffPage: 0,
        pdfKey: e1974.pdfKey,
        sourceHash: e1974.sourceHash,
        // Ingested from the PDF itself: the check holds its key to the file's sha256.
        sourceKind: 'pdf',
      },
    ]);
    assert.deepEqual(await store.danglingReferences(), []);
    assert.deepEqual(await index.verify(), { engine: null, missing: [], orphans: [], stale: [] });
    const keys: string[] = [];
    for await (const k of blobs.keys()) keys.push(k);
    // The replaced bulletin's first PDF is kept beside the two current ones.
    assert.equal(keys.length, 3);
    assert.deepEqual(keys, [...keys].sort());
    assert.ok(keys.includes(e1974.pdfKey) && keys.includes(e1938.pdfKey));
  });
}
