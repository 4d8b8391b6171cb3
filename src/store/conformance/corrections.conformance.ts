/**
 * Reader corrections on every backend (issue #19): versions, search by the corrected and the original
 * word, revert, held changes, locks and bans, split and merge and their undoing, moves to another date,
 * and a new source edition that supersedes corrections. Each backend's conformance test calls it.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1938, bulletin1974 } from '../../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../../test/helpers/typed-pdf.js';
import type { Archive } from '../../app.js';
import type { ArchiveError } from '../../core/errors.js';
import { ORIGINAL_CONTRIBUTOR } from '../../corrections/corrections.service.js';
import type { Contributor } from '../../corrections/corrections-types.js';
import { SearchService } from '../../search/search.service.js';
import type { BackendUnderTest } from './archive.conformance.js';

const code = (c: string) => (err: unknown) => (err as ArchiveError).code === c;

export function correctionsConformance(backend: BackendUnderTest): void {
  let archive: Archive;
  let inbox: string;
  let cleanup: () => Promise<void>;
  let reader: Contributor;
  const admin: Contributor = { key: 'k-00000000000000000000', admin: true };
  /** A fresh search service each time: its vocabulary is cached per index generation. */
  const ids = async (q: string) =>
    (await new SearchService(archive.index).search({ q, sort: 'date' })).hits.map((h) => h.id);
  const articleOf = async (date: string, headlineWord: string) => {
    const e = (await archive.store.getEdition(date))!;
    const found = (await archive.store.listArticles(e.id)).find((a) => a.headline.includes(headlineWord));
    return (await archive.store.getArticle(found!.id))!;
  };

  before(async () => {
    ({ archive, inbox, cleanup } = await backend.open());
    await mkdir(inbox, { recursive: true });
    await writeFile(join(inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
    await writeFile(join(inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
    await archive.ingest.ingestPaths([inbox]);
    reader = { key: await archive.corrections.keyFor('203.0.113.7') };
  });
  after(() => cleanup?.());

  test(`${backend.name}: a corrected word is found, and so is the original; the history is newest first`, async () => {
    const a = await articleOf('1974-12-19', 'Soviet');
    assert.match(a.body, /had been\s+refused/);
    assert.match(reader.key, /^k-[0-9a-f]{20}$/);
    assert.equal(
      await archive.corrections.keyFor('203.0.113.7'),
      reader.key,
      'the same address, the same key',
    );
    const r = await archive.corrections.correct(
      a.id,
      {
        text: a.body.replace('refused', 'rejected'),
        contributor: 'Ann',
        comment: 'a misread word',
        baseVersion: 1,
      },
      reader,
    );
    assert.deepEqual([r.version.version, r.version.status, r.version.change], [2, 'live', 'text']);
    assert.equal((await archive.store.getArticle(a.id))!.body.includes('rejected'), true);
    // Harvesters see the record changed: its datestamp is the correction's (whole seconds).
    const stamp = `${r.version.at.slice(0, 19)}Z`;
    assert.equal(await archive.store.datestamp(a.id), stamp);
    const since = await archive.store.harvest({ fromStamp: stamp, limit: 10 });
    assert.ok(since.some((h) => h.article.id === a.id && h.datestamp === stamp));
    assert.deepEqual(await ids('rejected'), [a.id]);
    assert.deepEqual(await ids('refused'), [a.id], 'the original word still finds the article');
    const hit = (await new SearchService(archive.index).search({ q: 'refused' })).hits[0]!;
    assert.match(hit.snippet, /rejected/, 'results show the corrected text');
    const history = await archive.corrections.history(a.id);
    assert.deepEqual(
      history.map((v) => [v.version, v.change, v.contributor, v.status]),
      [
        [2, 'text', 'Ann', 'live'],
        [1, 'original', ORIGINAL_CONTRIBUTOR, 'live'],
      ],
    );
    assert.equal(history[0]!.contributorKey, reader.key);
    assert.equal(history[0]!.comment, 'a misread word');
    assert.match(history[1]!.snapshot.body, /refused/);
    assert.equal((await archive.corrections.version(a.id, 1))!.snapshot.body, a.body);
    // A second editor who opened version 1 is told, and nothing is stored.
    await assert.rejects(
      archive.corrections.correct(a.id, { text: `${a.body} more`, baseVersion: 1 }, reader),
      (err: ArchiveError) => err.code === 'CONFLICT' && /version 2/.test(err.message),
    );
    assert.equal((await archive.corrections.history(a.id)).length, 2);
    assert.deepEqual(
      (await archive.corrections.recent(10)).map((c) => [c.articleId, c.version, c.change]),
      [[a.id, 2, 'text']],
      'the original reading is no change',
    );
    // The index holds both readings as `dateline check` and `dateline reindex` see them.
    const verified = await archive.index.verify();
    assert.deepEqual([verified.missing, verified.orphans, verified.stale], [[], [], []]);
    await archive.index.rebuild();
    assert.deepEqual(await ids('refused'), [a.id]);
    assert.deepEqual(await ids('rejected'), [a.id]);
  });

  test(`${backend.name}: an admin's revert brings the earlier reading back, recorded as a version`, async () => {
    const a = await articleOf('1974-12-19', 'Soviet');
    const r = await archive.corrections.revert(a.id, 2, admin);
    assert.deepEqual([r.version.version, r.version.change, r.version.refersTo], [3, 'revert', '1']);
    assert.match((await archive.store.getArticle(a.id))!.body, /refused/);
    assert.deepEqual(await ids('rejected'), []);
    assert.deepEqual(await ids('refused'), [a.id]);
    const statuses = (await archive.corrections.history(a.id)).map((v) => [v.version, v.status]);
    assert.deepEqual(statuses, [
      [3, 'live'],
      [2, 'reverted'],
      [1, 'live'],
    ]);
    await assert.rejects(archive.corrections.revert(a.id, 1, admin), code('BAD_REQUEST'));
  });

  test(`${backend.name}: a correction that empties an article is held, not shown, until an admin accepts it`, async () => {
    const a = await articleOf('1974-12-19', 'Camps');
    const r = await archive.corrections.correct(a.id, { text: '' }, reader);
    assert.equal(r.version.status, 'held');
    assert.equal((await archive.store.getArticle(a.id))!.body, a.body);
    assert.deepEqual(
      (await archive.corrections.held(10)).map((v) => [v.articleId, v.version]),
      [[a.id, r.version.version]],
    );
    const replaced = await archive.corrections.correct(
      a.id,
      { text: 'Nothing alike at all here, none whatsoever.' },
      reader,
    );
    assert.equal(replaced.version.status, 'held', 'most of the text replaced is held too');
    await archive.corrections.review(a.id, r.version.version, false, admin);
    const accepted = await archive.corrections.review(a.id, replaced.version.version, true, admin);
    assert.equal(accepted.version.status, 'live');
    assert.equal((await archive.store.getArticle(a.id))!.body, 'Nothing alike at all here, none whatsoever.');
    assert.deepEqual(await archive.corrections.held(10), []);
  });

  test(`${backend.name}: locked articles and banned keys are refused; the per-key rate limit holds`, async () => {
    const a = await articleOf('1938-05-04', 'Committee');
    await archive.corrections.lock(a.id, true);
    assert.equal(await archive.corrections.isLocked(a.id), true);
    await assert.rejects(
      archive.corrections.correct(a.id, { byline: 'By A. Reader' }, reader),
      code('FORBIDDEN'),
    );
    // Nor can a locked article be merged into the one before it.
    const before = await articleOf('1938-05-04', 'Refugee');
    await assert.rejects(
      archive.corrections.correct(before.id, { merge: 'next' }, reader),
      (err: ArchiveError) => err.code === 'FORBIDDEN' && err.message.includes(a.id),
    );
    await archive.corrections.lock(a.id, false);
    const banned = { key: await archive.corrections.keyFor('198.51.100.9') };
    await archive.corrections.ban(banned.key, true);
    await assert.rejects(archive.corrections.correct(a.id, { byline: 'By B' }, banned), code('FORBIDDEN'));
    await archive.corrections.ban(banned.key, false);
    const quick = { key: await archive.corrections.keyFor('192.0.2.1') };
    for (let i = 0; i < 10; i++) await archive.corrections.correct(a.id, { byline: `By Writer ${i}` }, quick);
    await assert.rejects(
      archive.corrections.correct(a.id, { byline: 'By One Too Many' }, quick),
      (err: ArchiveError) => err.code === 'RATE_LIMITED' && /Wait a minute/.test(err.message),
    );
    assert.equal((await archive.store.getArticle(a.id))!.byline, 'By Writer 9');
  });

  test(`${backend.name}: split at a paragraph, undone by revert; merged with the next, undone by revert`, async () => {
    const a = await articleOf('1974-12-19', 'Seeks');
    const edition = (await archive.store.getEdition('1974-12-19'))!;
    const before = (await archive.store.listArticles(edition.id)).map((s) => s.id);
    assert.ok(a.body.split(/\n\s*\n/).length >= 2, a.body);
    const s = await archive.corrections.correct(
      a.id,
      { split: { paragraph: 1, headline: 'Commission to meet' } },
      reader,
    );
    const b = s.newArticleId!;
    assert.match(b, /^19741219-[0-9a-z]{6}$/);
    assert.equal(s.version.refersTo, b);
    assert.deepEqual(
      (await archive.store.listArticles(edition.id)).map((x) => x.id),
      [before[0], b, ...before.slice(1)],
    );
    const second = (await archive.store.getArticle(b))!;
    assert.equal(second.headline, 'Commission to meet');
    assert.match(second.body, /January/);
    assert.doesNotMatch((await archive.store.getArticle(a.id))!.body, /January/);
    assert.ok((await ids('january')).includes(b));
    await archive.corrections.revert(a.id, s.version.version, admin);
    assert.deepEqual(
      (await archive.store.listArticles(edition.id)).map((x) => x.id),
      before,
    );
    assert.equal((await archive.store.getArticle(a.id))!.body, a.body);
    assert.equal(
      await archive.corrections.movedTo(b),
      a.id,
      'the split-off id leads to the article it came from',
    );
    // Merge with the next article; its id leads to the merged one; a revert brings it back with its references.
    const nextId = before[1]!;
    const refsTo = await archive.store.referencesTo(before[2]!);
    const m = await archive.corrections.correct(a.id, { merge: 'next' }, reader);
    assert.equal(m.version.refersTo, nextId);
    assert.equal(await archive.store.getArticle(nextId), null);
    assert.equal(await archive.corrections.movedTo(nextId), a.id);
    assert.match((await archive.store.getArticle(a.id))!.body, /Three hundred families/);
    assert.equal((await archive.corrections.history(nextId))[0]!.change, 'merge');
    await assert.rejects(archive.corrections.correct(nextId, { byline: 'x' }, reader), code('NOT_FOUND'));
    await archive.corrections.revert(a.id, m.version.version, admin);
    assert.deepEqual(
      (await archive.store.listArticles(edition.id)).map((x) => x.id),
      before,
    );
    assert.equal(await archive.corrections.movedTo(nextId), null);
    assert.deepEqual(await archive.store.referencesTo(before[2]!), refsTo);
    assert.deepEqual((await archive.store.danglingReferences()).length, 0);
  });

  test(`${backend.name}: the date and pages move an article to another bulletin; an unknown date is refused`, async () => {
    const a = await articleOf('1974-12-19', 'Camps');
    await assert.rejects(
      archive.corrections.correct(a.id, { date: '1999-01-01' }, reader),
      (err: ArchiveError) => err.code === 'BAD_REQUEST' && /no bulletin of 1999-01-01/.test(err.message),
    );
    await assert.rejects(
      archive.corrections.correct(a.id, { date: '1938-05-04' }, reader),
      (err: ArchiveError) => err.code === 'BAD_REQUEST' && /1 page/.test(err.message),
    );
    await archive.corrections.correct(a.id, { date: '1938-05-04', firstPage: 1, lastPage: 1 }, reader);
    const moved = (await archive.store.getArticle(a.id))!;
    assert.equal(moved.date, '1938-05-04');
    const e1938 = (await archive.store.getEdition('1938-05-04'))!;
    assert.equal(moved.editionId, e1938.id);
    assert.equal((await archive.store.listArticles(e1938.id)).at(-1)!.id, a.id);
    const census = await archive.store.editionCensus();
    assert.ok(census.every((c) => c.articlesOffPage === 0));
    // Reverted, it goes back to its bulletin and its place on that scan.
    const move = (await archive.corrections.history(a.id))[0]!;
    await archive.corrections.revert(a.id, move.version, admin);
    const back = (await archive.store.getArticle(a.id))!;
    assert.deepEqual(
      [back.date, back.editionId, back.ordinal, back.regions],
      [a.date, a.editionId, a.ordinal, a.regions],
    );
    await archive.corrections.correct(a.id, { date: '1938-05-04', firstPage: 1, lastPage: 1 }, reader);
  });

  test(`${backend.name}: re-ingesting the same file keeps corrections; a new reading of the date supersedes them, and says so`, async () => {
    const a = await articleOf('1938-05-04', 'Committee');
    const again = await archive.ingest.ingestFile(join(inbox, '1938-05-04.pdf'));
    assert.equal(again.status, 'unchanged');
    assert.equal((await archive.store.getArticle(a.id))!.byline, 'By Writer 9');
    const changed = [...bulletin1938];
    changed[0] = changed[0]!.replace('discuss visas', 'discuss the visas');
    const path = join(inbox, 'new', '1938-05-04.pdf');
    await mkdir(join(inbox, 'new'), { recursive: true });
    await writeFile(path, await typedPdf(changed));
    const r = await archive.ingest.ingestFile(path);
    assert.equal(r.status, 'ingested');
    assert.match(r.notice ?? '', new RegExp(`reader corrections on \\d+ article\\(s\\) \\(.*${a.id}`));
    const events = await archive.store.listIngestEvents(1);
    assert.match(events[0]!.error ?? '', /an admin must make them again/);
    const fresh = (await archive.store.getArticle(a.id))!;
    assert.equal(fresh.byline, null);
    assert.deepEqual(
      (await archive.corrections.history(a.id)).map((v) => v.change),
      ['original'],
    );
  });
}
