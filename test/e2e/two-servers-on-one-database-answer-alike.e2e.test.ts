import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { tempSchemaUrl } from '../helpers/postgres.js';
import { bulletin1938, bulletin1974 } from '../helpers/sample-bulletins.js';
import { datelineChild, datelineSync, until } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

let dir: string;
let db: { url: string; drop: () => Promise<void> };
const servers: ReturnType<typeof datelineChild>[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-servers-'));
  db = tempSchemaUrl();
  await mkdir(join(dir, 'inbox'));
  await writeFile(join(dir, 'inbox', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(join(dir, 'inbox', '1938-05-04.pdf'), await typedPdf(bulletin1938));
  const r = datelineSync(['ingest', join(dir, 'inbox'), '--db', db.url, '--json']);
  assert.equal(r.code, 0, r.stderr);
});

after(async () => {
  for (const s of servers) s.child.kill('SIGTERM');
  await Promise.all(servers.map((s) => s.exited));
  await db?.drop();
  await rm(dir, { recursive: true, force: true });
});

test('two serve processes on one database give the same answers', async () => {
  const urls: string[] = [];
  for (let i = 0; i < 2; i++) {
    // Each process has its own (empty) data folder: everything it serves comes from the database.
    const s = datelineChild(['serve', '--db', db.url, '--data', join(dir, `data${i}`), '--port', '0']);
    servers.push(s);
    await until(() => /serving .* at (http:\/\/\S+)\//.test(s.out()), 30_000, `server ${i} to start`);
    urls.push(/at (http:\/\/\S+)\//.exec(s.out())![1]!);
  }
  assert.notEqual(urls[0], urls[1]);
  const paths = [
    '/api/v1/search?q=refugees&sort=date',
    '/api/v1/dates',
    '/api/v1/dates/1974-12-19',
    '/iiif/1974-12-19/manifest.json',
  ];
  const hit = (await (await fetch(`${urls[0]}${paths[0]}`)).json()) as {
    results: { id: string; url: string }[];
  };
  paths.push(`/api/v1/articles/${hit.results[0]!.id}`);
  for (const path of paths) {
    const [a, b] = await Promise.all(urls.map(async (u) => (await fetch(`${u}${path}`)).text()));
    assert.equal(b!.replaceAll(urls[1]!, 'ORIGIN'), a!.replaceAll(urls[0]!, 'ORIGIN'), path);
  }
  const pdfs = await Promise.all(
    urls.map(async (u) => Buffer.from(await (await fetch(`${u}/1974/12/19/bulletin.pdf`)).arrayBuffer())),
  );
  assert.ok(pdfs[0]!.length > 1000);
  assert.ok(pdfs[0]!.equals(pdfs[1]!), 'the PDF comes from the database to both');
});
