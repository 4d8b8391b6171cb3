/**
 * On PostgreSQL the rate limit is one counter for every web process on the database: a client sending
 * to two servers in turn gets N requests a minute in all, not N from each. Served over real sockets, so
 * the node fast path (which counts before the app) takes the shared token too.
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
import { type Archive, openArchive } from '../app.js';
import { createServer } from '../server.js';

let pg: Awaited<ReturnType<typeof postgresBackend.open>>;
let second: Archive;
const servers: Server[] = [];

before(async () => {
  pg = await postgresBackend.open();
  await mkdir(pg.inbox, { recursive: true });
  await writeFile(join(pg.inbox, '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await pg.archive.ingest.ingestPaths([pg.inbox]);
});
after(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await second?.close();
  await pg.cleanup();
});

async function listen(archive: Archive, cacheBytes: number) {
  const { listener } = createServer(archive, () => {}, { rateLimitPerMinute: 4, cacheBytes });
  const server = createHttpServer(listener);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

test('two servers on one database share one bucket per client', async () => {
  // A second process's view: its own pool on the same schema.
  second = await openArchive({ dataDir: join(pg.inbox, '..', 'data2'), db: pg.db! });
  // One with the page cache (answers come from the fast path), one without.
  const a = await listen(pg.archive, 4 * 1024 * 1024);
  const b = await listen(second, 0);
  const statuses: number[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await fetch(`${i % 2 ? b : a}/api/v1/search?q=refugees`);
    await r.text();
    statuses.push(r.status);
    if (r.status === 429) assert.ok(Number(r.headers.get('retry-after')) >= 1);
  }
  // Four tokens in all: two from each server, then both refuse.
  assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429]);
  // Pages outside the limit are still served by both.
  assert.equal((await fetch(`${a}/1974/12/19`)).status, 200);
  assert.equal((await fetch(`${b}/1974/12/19`)).status, 200);
});
