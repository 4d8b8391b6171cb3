/**
 * The "Fix this text" form on PostgreSQL, through a real socket and the page cache's node listener: a saved
 * correction is shown at once (the cache's stamp, read from the database, moves), in the history and the
 * changes feed; a correction made on an older version is answered 409 with the reader's text kept.
 */
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { postgresBackend } from '../../test/helpers/postgres.js';
import { bulletin1974 } from '../../test/helpers/sample-bulletins.js';
import { typedPdf } from '../../test/helpers/typed-pdf.js';
import { createServer } from '../server.js';

let pg: Awaited<ReturnType<typeof postgresBackend.open>>;
let server: Server;
let base: string;
let id: string;
let path: string;

before(async () => {
  pg = await postgresBackend.open();
  await mkdir(pg.inbox, { recursive: true });
  await writeFile(join(pg.inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await pg.archive.ingest.ingestPaths([pg.inbox]);
  const s = createServer(pg.archive, () => {}, { cacheBytes: 4 * 1024 * 1024, rateLimitPerMinute: 0 });
  server = createHttpServer(s.listener);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const r = (await (await fetch(`${base}/api/v1/search?q=mcdonald`)).json()) as {
    results: { id: string; url: string }[];
  };
  ({ id, url: path } = r.results[0]!);
});
after(async () => {
  server?.closeAllConnections();
  server?.close();
  await pg?.cleanup();
});

/** The form as the edit page fills it, with the second paragraph as given. */
async function form(second: (p: string) => string, baseVersion?: string): Promise<URLSearchParams> {
  const a = (await pg.archive.store.getArticle(id))!;
  const [p1, p2] = a.body.split('\n\n') as [string, string];
  const f = new URLSearchParams({
    baseVersion:
      baseVersion ??
      String((await pg.archive.corrections.history(id)).find((v) => v.status === 'live')?.version ?? 1),
    headline: a.headline,
    kicker: a.kicker ?? '',
    byline: a.byline ?? '',
    place: a.dateline?.place ?? '',
    date: a.date,
    firstPage: String(a.firstPage),
    lastPage: String(a.lastPage),
    contributor: 'Ada Reader',
  });
  f.append('p', p1);
  f.append('p', second(p2));
  return f;
}

const post = (f: URLSearchParams) =>
  fetch(`${base}/article/${id}/edit`, {
    method: 'POST',
    body: f,
    headers: { Origin: base },
    redirect: 'manual',
  });

test('on PostgreSQL a saved correction is shown at once, not from the page cache, and in the history and feed', async () => {
  await fetch(`${base}${path}`);
  const kept = await fetch(`${base}${path}`);
  assert.equal(kept.headers.get('x-cache'), 'hit');
  assert.match(await kept.text(), /will meet in January and report/);
  const res = await post(await form((p) => p.replace('January', 'Februar')));
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), `${path}?corrected=2`);
  const now = await fetch(`${base}${path}`);
  assert.notEqual(now.headers.get('x-cache'), 'hit');
  assert.match(await now.text(), /will meet in Februar and report/);
  assert.match(
    await (await fetch(`${base}/article/${id}/history`)).text(),
    /<del>January<\/del><ins>Februar<\/ins>/,
  );
  assert.match(
    await (await fetch(`${base}/changes.atom`)).text(),
    /<author><name>Ada Reader<\/name><\/author>/,
  );
});

test('on PostgreSQL a correction made on an older version is answered 409 with the reader’s text kept', async () => {
  const res = await post(await form((p) => p.replace('spring', 'summer'), '1'));
  assert.equal(res.status, 409);
  const page = await res.text();
  assert.match(page, /You started from version 1; the article is at version 2 now/);
  assert.match(
    page,
    /<textarea id="ed-p-2" name="p"[^>]*>The commission will meet in Februar and report to the Presi-?dent before the summer/,
  );
  assert.equal((await pg.archive.corrections.history(id)).length, 2, 'nothing was stored');
});
