/** Writes need credentials: tokens made by `dateline token`, the upload route refusing anyone without one. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Hono } from 'hono';
import { bulletin1974, tempArchive } from '../../test/helpers/sample-bulletins.js';
import { datelineSync } from '../../test/helpers/spawn.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { hashToken } from '../auth/admin-tokens.js';
import { createApp } from '../server.js';

let t: Awaited<ReturnType<typeof tempArchive>>;
let app: Hono;
let token: string;
let pdf: Uint8Array;
const data = () => join(t.dir, 'data');
type Body = RequestInit['body'];

before(async () => {
  t = await tempArchive();
  app = createApp(t.archive, () => {});
  pdf = await typedPdf(bulletin1974);
});
after(() => t.done());

const upload = (
  headers: Record<string, string>,
  body: Body = pdf as Body,
  query = '?filename=1974-12-19.pdf',
) => app.request(`/api/v1/admin/editions${query}`, { method: 'POST', headers, body });

async function errorOf(res: Response): Promise<{ code: string; message: string }> {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

test('dateline token create prints a token once and stores only its sha256', async () => {
  const r = datelineSync(['token', 'create', '--label', 'scanner', '--data', data(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  ({ token } = JSON.parse(r.stdout) as { token: string });
  assert.match(token, /^dl_[A-Za-z0-9_-]{43}$/);
  const [stored] = await t.archive.tokens.listAdminTokens();
  assert.equal(stored?.label, 'scanner');
  assert.equal(stored?.tokenHash, hashToken(token));
  const db = await readFile(join(data(), 'archive.sqlite'));
  assert.ok(!db.includes(Buffer.from(token)), 'the token itself is nowhere in the database');
  const again = datelineSync(['token', 'create', '--label', 'scanner', '--data', data()]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /"scanner" exists already/);
  const bad = datelineSync(['token', 'create', '--data', data()]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /needs a label/);
});

test('an upload with no token, a malformed header or a wrong token is refused 401 and stores nothing', async () => {
  const attempts: Record<string, string>[] = [
    {},
    { Authorization: token },
    { Authorization: `Basic ${Buffer.from(`admin:${token}`).toString('base64')}` },
    { Authorization: 'Bearer dl_wrongwrongwrongwrongwrongwrongwrongwrongwro' },
    { Authorization: `Bearer ${token}x` },
    { Authorization: `Bearer ${hashToken(token)}` },
  ];
  for (const headers of attempts) {
    const res = await upload(headers);
    assert.equal(res.status, 401, JSON.stringify(headers));
    const e = await errorOf(res);
    assert.equal(e.code, 'UNAUTHORIZED');
    assert.match(e.message, /Authorization: Bearer|not valid/);
  }
  // Credentials are checked before the body is read: a huge unauthenticated upload is still a 401.
  const small = createApp(t.archive, () => {}, { maxUploadBytes: 10 });
  const big = await small.request('/api/v1/admin/editions', { method: 'POST', body: pdf as Body });
  assert.equal(big.status, 401);
  assert.equal((await t.archive.store.stats()).editions, 0);
  assert.equal((await t.archive.store.listIngestEvents(10)).length, 0);
});

test('with a good token the upload is ingested, then readable by anyone without one', async () => {
  const auth = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/pdf' };
  const res = await upload(auth);
  assert.equal(res.status, 201);
  assert.deepEqual(await res.json(), {
    file: '1974-12-19.pdf',
    status: 'ingested',
    date: '1974-12-19',
    articles: 3,
    pages: 2,
    url: '/1974/12/19',
    error: null,
  });
  const day = await app.request('/api/v1/dates/1974-12-19');
  assert.equal(day.status, 200);
  assert.equal(((await day.json()) as { articles: unknown[] }).articles.length, 3);
  const found = (await (await app.request('/api/v1/search?q=mcdonald')).json()) as { total: number };
  assert.equal(found.total, 1);
  assert.equal((await app.request('/1974/12/19/bulletin.pdf')).status, 200);
  // The same bytes again change nothing.
  const again = await upload(auth);
  assert.equal(again.status, 200);
  assert.equal(((await again.json()) as { status: string }).status, 'unchanged');
});

test('a bad upload is a clear 4xx that names the problem, and nothing is stored', async () => {
  const auth = { Authorization: `Bearer ${token}` };
  const notPdf = await upload(auth, '<html><script>alert(1)</script></html>', '?filename=../../evil.pdf');
  assert.equal(notPdf.status, 422);
  const body = (await notPdf.json()) as {
    file: string;
    status: string;
    error: { code: string; message: string };
  };
  assert.equal(body.file, 'evil.pdf', "the caller's path is reduced to a bare name");
  assert.equal(body.status, 'failed');
  assert.equal(body.error.code, 'NOT_A_PDF');
  assert.match(body.error.message, /evil\.pdf/);
  assert.doesNotMatch(body.error.message, /dateline-upload-/, 'no server path leaks');
  const empty = await upload(auth, '');
  assert.equal(empty.status, 400);
  assert.match((await errorOf(empty)).message, /no body/);
  const small = createApp(t.archive, () => {}, { maxUploadBytes: 1024 });
  const big = await small.request('/api/v1/admin/editions', {
    method: 'POST',
    headers: auth,
    body: pdf as Body,
  });
  assert.equal(big.status, 413);
  const e = await errorOf(big);
  assert.equal(e.code, 'TOO_LARGE');
  assert.match(e.message, /An uploaded bulletin may be at most 1 KB/);
  assert.equal((await t.archive.store.stats()).editions, 1);
});

test('a revoked token is refused; token list shows labels, never tokens', async () => {
  const second = JSON.parse(
    datelineSync(['token', 'create', '--label', 'editor', '--data', data(), '--json']).stdout,
  ) as { token: string };
  const revoke = datelineSync(['token', 'revoke', '--label', 'scanner', '--data', data()]);
  assert.equal(revoke.code, 0, revoke.stderr);
  assert.match(revoke.stdout, /"scanner" revoked/);
  assert.equal((await upload({ Authorization: `Bearer ${token}` })).status, 401);
  assert.equal(
    (await upload({ Authorization: `Bearer ${second.token}` })).status,
    200,
    'other tokens still work',
  );
  const list = datelineSync(['token', 'list', '--data', data()]);
  assert.equal(list.code, 0);
  assert.match(list.stdout, /^scanner\tcreated \S+\trevoked \S+\neditor\tcreated \S+\tvalid\n$/);
  assert.ok(!list.stdout.includes(second.token) && !list.stdout.includes(hashToken(second.token)));
  assert.equal(datelineSync(['token', 'revoke', '--label', 'scanner', '--data', data()]).code, 1);
});
