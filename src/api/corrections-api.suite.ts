/**
 * The corrections API over real HTTP (a listening server, as `dateline serve` runs it) on a real backend,
 * hostile input included: a 10 MB correction, HTML and script, 50 rapid corrections, concurrent edits,
 * locked articles, banned keys, a correction that empties an article. Each backend's test file calls it.
 * Clients are told apart by X-Forwarded-For (the server trusts it here), so each test is its own client.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { bulletin1938, bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import type { Archive } from '../app.js';
import { hashToken, newToken } from '../auth/admin-tokens.js';
import { createServer } from '../server.js';
import type { BackendUnderTest } from '../store/conformance/archive.conformance.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field.
type Json = any;

const body = async (res: Response): Promise<Json> => res.json();

export function correctionsApiSuite(backend: BackendUnderTest): void {
  let archive: Archive;
  let cleanup: () => Promise<void>;
  let server: Server;
  let base: string;
  let token: string;
  let client = 0;

  before(async () => {
    const opened = await backend.open();
    ({ archive, cleanup } = opened);
    await mkdir(opened.inbox, { recursive: true });
    await writeFile(join(opened.inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
    await writeFile(join(opened.inbox, '1938-05-04.pdf'), await typedPdf(bulletin1938));
    await archive.ingest.ingestPaths([opened.inbox]);
    const made = newToken();
    token = made.token;
    await archive.tokens.createAdminToken('moderator', hashToken(token));
    const { listener } = createServer(archive, () => {}, { trustProxy: true, cacheBytes: 0 });
    server = createHttpServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server?.closeAllConnections();
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    await cleanup?.();
  });

  /** A new client address for each test. */
  const newClient = () => `192.0.2.${++client}`;
  const post = (path: string, body: unknown, from: string, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': from, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const get = async (path: string): Promise<Json> => (await fetch(`${base}${path}`)).json();
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${base}/api/v1/admin${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const articleWith = async (date: string, word: string): Promise<Json> => {
    const day = await get(`/api/v1/dates/${date}`);
    const id = day.articles.find((a: Json) => a.headline.includes(word)).id;
    return get(`/api/v1/articles/${id}`);
  };
  const correct = (id: string, body: unknown, from: string) =>
    post(`/api/v1/articles/${id}/corrections`, body, from);

  test(`${backend.name} API: a correction is 201 with its version; history, versions, search and export see it`, async () => {
    const a = await articleWith('1974-12-19', 'Soviet');
    const res = await correct(
      a.id,
      { text: a.text.replace('refused', 'rejected'), contributor: 'Ann', baseVersion: 1 },
      newClient(),
    );
    assert.equal(res.status, 201);
    const r = await body(res);
    assert.deepEqual(
      [r.articleId, r.version.version, r.version.status, r.version.contributor],
      [a.id, 2, 'live', 'Ann'],
    );
    assert.equal(r.version.url, `/article/${a.id}/v/2`);
    assert.match(r.version.contributorKey, /^k-[0-9a-f]{20}$/);
    assert.doesNotMatch(JSON.stringify(r), /192\.0\.2\./, 'the raw address is never given back');
    const h = await get(`/api/v1/articles/${a.id}/history`);
    assert.deepEqual([h.current, h.locked], [2, false]);
    assert.deepEqual(
      h.versions.map((v: Json) => v.version),
      [2, 1],
    );
    assert.match((await get(`/api/v1/articles/${a.id}/versions/1`)).snapshot.body, /refused/);
    assert.match((await get(`/api/v1/articles/${a.id}`)).text, /rejected/);
    for (const word of ['rejected', 'refused'])
      assert.deepEqual(
        (await get(`/api/v1/search?q=${word}`)).results.map((x: Json) => x.id),
        [a.id],
      );
    // OAI-PMH and IIIF Content Search serve the current version (a corrected word has no box: its article's).
    assert.match(
      await (await fetch(`${base}/oai?verb=ListRecords&metadataPrefix=oai_dc`)).text(),
      /had been rejected/,
    );
    const iiif = await get('/iiif/1974-12-19/search?q=rejected');
    assert.ok(
      iiif.items.some((i: Json) => i.body.value === 'rejected' && /#xywh=/.test(i.target)),
      JSON.stringify(iiif),
    );
    const lines = (await (await fetch(`${base}/api/v1/export.jsonl?history=true`)).text())
      .trimEnd()
      .split('\n');
    const line = lines.map((l) => JSON.parse(l)).find((l) => l.id === a.id);
    assert.deepEqual(
      line.history.map((v: Json) => v.version),
      [2, 1],
    );
    assert.equal((await fetch(`${base}/api/v1/articles/${a.id}/versions/9`)).status, 404);
  });

  test(`${backend.name} API: a 10 MB correction is refused 413 and nothing is stored`, async () => {
    const a = await articleWith('1938-05-04', 'Refugee');
    const before = (await get(`/api/v1/articles/${a.id}/history`)).versions.length;
    const huge = JSON.stringify({ text: 'x'.repeat(10 * 1024 * 1024) });
    const res = await correct(a.id, huge, newClient());
    assert.equal(res.status, 413);
    const refused = await body(res);
    assert.equal(refused.error.code, 'TOO_LARGE');
    assert.match(refused.error.message, /at most 64 KB/);
    assert.equal((await get(`/api/v1/articles/${a.id}/history`)).versions.length, before);
    // Past the service's own limit (200 kB), through the service: refused with its size, nothing stored.
    await assert.rejects(
      archive.corrections.correct(a.id, { text: 'y'.repeat(300_000) }, { key: 'k-11111111111111111111' }),
      (err: Json) => err.code === 'TOO_LARGE' && /at most 200 kB/.test(err.message),
    );
    assert.equal((await get(`/api/v1/articles/${a.id}/history`)).versions.length, before);
  });

  test(`${backend.name} API: HTML and script in a correction are stored and returned as text, verbatim`, async () => {
    const a = await articleWith('1938-05-04', 'Refugee');
    const evil = `${a.text} <script>alert("x")</script><img src=x onerror=alert(1)> & "quotes"`;
    const headline = '<b>Refugee</b> ship <script>1</script>';
    const res = await correct(a.id, { text: evil, headline, contributor: '<i>Mallory</i>' }, newClient());
    assert.equal(res.status, 201);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    const v = (await body(res)).version;
    assert.equal(v.snapshot.body, evil);
    assert.equal(v.snapshot.headline, headline);
    assert.equal(v.contributor, '<i>Mallory</i>');
    assert.equal((await get(`/api/v1/articles/${a.id}`)).text, evil);
  });

  test(`${backend.name} API: 50 rapid corrections from one client are cut off by 429 with a clear message and Retry-After`, async () => {
    const a = await articleWith('1974-12-19', 'Camps');
    const from = newClient();
    const statuses: number[] = [];
    const retryAfter: (string | null)[] = [];
    let message = '';
    for (let i = 0; i < 50; i++) {
      const res = await correct(a.id, { byline: `By Reader ${i}` }, from);
      statuses.push(res.status);
      retryAfter.push(res.headers.get('retry-after'));
      if (res.status === 429) message = (await body(res)).error.message;
      else await res.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(201));
    assert.deepEqual(statuses.slice(10), Array(40).fill(429));
    assert.match(message, /10 corrections in the last minute.*Wait a minute/);
    // The service counts corrections over a minute: each 429 says so in Retry-After, as the web form's does.
    assert.deepEqual(retryAfter.slice(0, 10), Array(10).fill(null));
    assert.deepEqual(retryAfter.slice(10), Array(40).fill('60'));
    assert.equal(
      (await correct(a.id, { byline: 'By Someone Else' }, newClient())).status,
      201,
      'another client is not held back',
    );
  });

  test(`${backend.name} API: two corrections from the same version at once: one 201, one 409, nothing lost`, async () => {
    const a = await articleWith('1974-12-19', 'Seeks');
    const h = await get(`/api/v1/articles/${a.id}/history`);
    const base = h.current;
    const [x, y] = await Promise.all([
      correct(a.id, { text: a.text.replace('commission', 'Commission'), baseVersion: base }, newClient()),
      correct(a.id, { text: a.text.replace('spring', 'Spring'), baseVersion: base }, newClient()),
    ]);
    assert.deepEqual([x.status, y.status].sort(), [201, 409]);
    const loser = await body(x.status === 409 ? x : y);
    assert.equal(loser.error.code, 'CONFLICT');
    assert.match(loser.error.message, /changed since you opened it.*current version/);
    const winner = await body(x.status === 201 ? x : y);
    const after = await get(`/api/v1/articles/${a.id}/history`);
    assert.equal(after.current, winner.version.version);
    assert.equal(after.versions.length, h.versions.length + 1, 'one new version, the winner');
    assert.equal((await get(`/api/v1/articles/${a.id}`)).text, winner.version.snapshot.body);
  });

  test(`${backend.name} API: a locked article and a banned key are refused 403; an emptied article is held 202`, async () => {
    const a = await articleWith('1938-05-04', 'Committee');
    assert.equal((await admin('PUT', `/articles/${a.id}/lock`)).status, 204);
    const from = newClient();
    const locked = await correct(a.id, { kicker: 'Visas' }, from);
    assert.equal(locked.status, 403);
    assert.match((await body(locked)).error.message, /locked against corrections/);
    assert.equal((await get(`/api/v1/articles/${a.id}/history`)).locked, true);
    assert.equal((await admin('DELETE', `/articles/${a.id}/lock`)).status, 204);
    const ok = await correct(a.id, { kicker: 'Visas' }, from);
    assert.equal(ok.status, 201);
    const key = (await body(ok)).version.contributorKey;
    assert.equal((await admin('PUT', `/bans/${key}`)).status, 204);
    const banned = await correct(a.id, { kicker: 'Visas again' }, from);
    assert.equal(banned.status, 403);
    assert.equal((await body(banned)).error.code, 'FORBIDDEN');
    assert.equal((await admin('DELETE', `/bans/${key}`)).status, 204);
    const emptied = await correct(a.id, { text: '   ' }, from);
    assert.equal(emptied.status, 202);
    const held = (await body(emptied)).version;
    assert.equal(held.status, 'held');
    assert.notEqual((await get(`/api/v1/articles/${a.id}`)).text, '');
    const list = await body(await admin('GET', '/held'));
    assert.ok(list.held.some((v: Json) => v.articleId === a.id && v.version === held.version));
    const reviewed = await admin('POST', `/articles/${a.id}/versions/${held.version}/review`, {
      accept: false,
    });
    assert.equal((await body(reviewed)).version.status, 'rejected');
    const noToken = await fetch(`${base}/api/v1/admin/articles/${a.id}/lock`, { method: 'PUT' });
    assert.equal(noToken.status, 401);
  });

  test(`${backend.name} API: an admin reverts; a merged article's id redirects to the one it went into`, async () => {
    const a = await articleWith('1974-12-19', 'Soviet');
    const reverted = await admin('POST', `/articles/${a.id}/versions/2/revert`);
    assert.equal(reverted.status, 201);
    assert.equal((await body(reverted)).version.change, 'revert');
    assert.match((await get(`/api/v1/articles/${a.id}`)).text, /refused/);
    const day = await get('/api/v1/dates/1974-12-19');
    const [first, second] = day.articles;
    const merged = await correct(first.id, { merge: 'next' }, newClient());
    assert.equal(merged.status, 201);
    const moved = await fetch(`${base}/api/v1/articles/${second.id}`, { redirect: 'manual' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), `/api/v1/articles/${first.id}`);
    const mergedVersion = (await body(merged)).version.version;
    assert.equal((await admin('POST', `/articles/${first.id}/versions/${mergedVersion}/revert`)).status, 201);
    assert.equal((await fetch(`${base}/api/v1/articles/${second.id}`)).status, 200);
  });

  test(`${backend.name} API: malformed corrections are 400 with a message, never a 500`, async () => {
    const a = await articleWith('1974-12-19', 'Camps');
    const from = newClient();
    const cases: [unknown, RegExp][] = [
      ['{not json', /not valid JSON/],
      [{ text: 'x', colour: 'red' }, /colour|Unrecognized/i],
      [{ headline: '' }, /headline/],
      [{ date: '1974-13-45' }, /date/],
      [{ split: { paragraph: 99 } }, /split.paragraph must be between/],
      [{ text: 'x', merge: 'next' }, /one of the three/],
      [{}, /one of the three/],
      [[1, 2], /expected object|object/i],
    ];
    for (const [sent, message] of cases) {
      const res = await correct(a.id, sent, from);
      assert.equal(res.status, 400, JSON.stringify(sent));
      assert.match((await body(res)).error.message, message);
    }
    const form = await post(`/api/v1/articles/${a.id}/corrections`, 'text=x', from, {
      'Content-Type': 'application/x-www-form-urlencoded',
    });
    assert.equal(form.status, 400);
    const missing = await correct('19741219-zzzzzz', { text: 'x' }, from);
    assert.equal(missing.status, 404);
  });
}
