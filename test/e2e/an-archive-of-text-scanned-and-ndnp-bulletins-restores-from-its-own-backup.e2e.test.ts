/**
 * An archive holding each kind of source (a bulletin with a text layer, a scan read by OCR and an NDNP
 * issue, whose stored PDF is made by joining the page PDFs) passes `dateline check`, is backed up,
 * restored from that backup and answers the same searches, on SQLite and on PostgreSQL. Before the check
 * knew source kinds, every NDNP issue failed it ("edition-checksum"), and so did every restore.
 */
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openArchive } from '../../src/app.js';
import { scannedCopy } from '../../src/demo/scan.js';
import { writeFixtureBatch } from '../helpers/ndnp-batch.js';
import { tempSchemaUrl } from '../helpers/postgres.js';
import { bulletin1938, bulletin1974 } from '../helpers/sample-bulletins.js';
import { datelineSync } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

let dir: string;
let sources: string[];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-kinds-'));
  await mkdir(join(dir, 'text'));
  await mkdir(join(dir, 'scan'));
  await writeFile(join(dir, 'text', '1974-12-19.pdf'), await typedPdf(bulletin1974));
  await writeFile(
    join(dir, 'scan', '1938-05-04.pdf'),
    await scannedCopy(await typedPdf(bulletin1938), { dpi: 200 }),
  );
  await writeFixtureBatch(join(dir, 'batch'), [{ date: '1887-03-03' }]);
  sources = [join(dir, 'text'), join(dir, 'scan'), join(dir, 'batch')];
});
after(() => rm(dir, { recursive: true, force: true }));

/** Searches that reach each kind: the text layer, the OCR'd scan, the NDNP issue's ALTO. */
const QUERIES = ['refugees', 'haifa', 'bavaria', 'omaha', 'lobby', 'stupendous'];

/** Each query's hits (id, date, headline) over the archive at `where`. */
async function answers(where: { dataDir: string; db?: string }) {
  const archive = await openArchive(where);
  try {
    const out: Record<string, string[]> = {};
    for (const q of QUERIES) {
      const r = await archive.search.search({ q, pageSize: 50 });
      out[q] = r.hits.map((h) => `${h.id} ${h.date} ${h.headline}`);
    }
    const stats = await archive.store.stats();
    return { out, editions: stats.editions, articles: stats.articles };
  } finally {
    await archive.close();
  }
}

function assertKinds(found: Awaited<ReturnType<typeof answers>>) {
  assert.equal(found.editions, 3);
  // Each kind answers at least one search.
  assert.ok(
    found.out.refugees!.some((h) => h.includes('1974-12-19')),
    'the text layer',
  );
  assert.ok(
    found.out.haifa!.some((h) => h.includes('1938-05-04')),
    'the scan read by OCR',
  );
  assert.ok(
    QUERIES.some((q) => found.out[q]!.some((h) => h.includes('1887-03-03'))),
    'the NDNP issue',
  );
}

const backends = [
  { name: 'sqlite', where: () => ({ args: [] as string[], cleanup: async () => {} }) },
  {
    name: 'postgres',
    where: () => {
      const s = tempSchemaUrl();
      return { args: ['--db', s.url], cleanup: s.drop };
    },
  },
];

for (const backend of backends) {
  describe(`${backend.name}: text, scanned and NDNP bulletins`, () => {
    test('pass check, back up, and restore from that backup with the same answers', async () => {
      const { args, cleanup } = backend.where();
      const data = join(dir, `${backend.name}-data`);
      const db = args[1];
      try {
        const ingest = datelineSync(['ingest', ...sources, '--data', data, ...args, '--json']);
        assert.equal(ingest.code, 0, ingest.stderr + ingest.stdout);
        const check = datelineSync(['check', '--data', data, ...args, '--json']);
        assert.equal(check.code, 0, check.stdout + check.stderr);
        const report = JSON.parse(check.stdout) as { editions: number; findings: { kind: string }[] };
        assert.equal(report.editions, 3);
        assert.deepEqual(
          report.findings.filter((f) => f.kind !== 'blob-orphan' && f.kind !== 'blob-temp'),
          [],
        );
        const before = await answers({ dataDir: data, db });
        assertKinds(before);

        const backup = join(dir, `${backend.name}-backup`);
        const b = datelineSync(['backup', backup, '--data', data, ...args]);
        assert.equal(b.code, 0, b.stderr);
        // SQLite: into a new folder. PostgreSQL: over the live schema (the dump comes back under its own name).
        const target =
          backend.name === 'sqlite'
            ? ['--data', join(dir, 'restored')]
            : ['--data', data, ...args, '--force'];
        const r = datelineSync(['restore', backup, ...target]);
        assert.equal(r.code, 0, r.stderr + r.stdout);
        const restored = await answers(
          backend.name === 'sqlite' ? { dataDir: join(dir, 'restored') } : { dataDir: data, db },
        );
        assert.deepEqual(restored, before);
      } finally {
        await cleanup();
      }
    });
  });
}
