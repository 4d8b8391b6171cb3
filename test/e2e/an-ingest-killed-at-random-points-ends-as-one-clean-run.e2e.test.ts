/**
 * Issue #9: `dateline ingest` is killed with SIGKILL again and again, at each stage of a file (PDF
 * reading, OCR, segmentation, the store write, the end) and at random times, then run until it
 * finishes. A reader polling the database meanwhile never sees half a bulletin, and the archive ends
 * exactly as one clean run leaves it: same bulletins, pages, articles, references, index and blobs, no
 * duplicate, nothing lost, and `dateline check` finds no error.
 *
 * The kills are drawn from a seed printed at the start; DATELINE_KILL_SEED=N replays a run.
 */
import assert from 'node:assert/strict';
import { createHash, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import Database from 'better-sqlite3';
import { generateDemoCollection } from '../../src/demo/generator.js';
import { Rng } from '../../src/demo/random.js';
import { scannedCopy } from '../../src/demo/scan.js';
import type { IngestStage } from '../../src/ingest/stage-trace.js';
import { bulletin1938 } from '../helpers/sample-bulletins.js';
import { datelineChild, datelineSync } from '../helpers/spawn.js';
import { typedPdf } from '../helpers/typed-pdf.js';

const SEED = Number(process.env.DATELINE_KILL_SEED) || randomInt(1, 2 ** 31);
console.log(`kill seed ${SEED} (replay with DATELINE_KILL_SEED=${SEED})`);
const rng = new Rng(SEED);

/** Six born-digital bulletins, then one scan that must be read by OCR (its folder, zz-scans, sorts last). */
const TEXT_FILES = 6;
const EDITIONS = TEXT_FILES + 1;
// One OCR worker: the suite runs two test files at a time on a small machine.
const ENV = { DATELINE_TRACE: 'stages', DATELINE_OCR_WORKERS: '1' };

let dir: string;
let inbox: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dateline-kill-'));
  inbox = join(dir, 'inbox');
  await mkdir(join(inbox, 'zz-scans'), { recursive: true });
  for (const b of await generateDemoCollection({
    seed: 9,
    editions: TEXT_FILES,
    fromYear: 1960,
    toYear: 1990,
  }))
    await writeFile(join(inbox, b.fileName), b.pdf);
  await writeFile(
    join(inbox, 'zz-scans', '1938-05-04.pdf'),
    await scannedCopy(await typedPdf(bulletin1938), { dpi: 200 }),
  );
});
after(() => rm(dir, { recursive: true, force: true }));

/** Where a run is killed: when a stage's trace line comes, after `delayMs`; or `delayMs` after the start. */
type Target = { stage: IngestStage | 'any time'; delayMs: number };

/** What one killed (or finished) run did. */
interface Run {
  target: Target;
  /** The last stage line the run printed before it died; null when it printed none. */
  lastLine: string | null;
  /** True when the run was killed; false when it finished before its target came. */
  killed: boolean;
  exitCode: number | null;
  /** Each stage line with the milliseconds since the run started, and the run's length. */
  stages: { line: string; ms: number }[];
  ms: number;
}

/** Runs `dateline ingest` once, killing it with SIGKILL at the target (if it comes before the run ends). */
async function runAndKill(dataDir: string, target: Target | null): Promise<Run> {
  const run = datelineChild(['ingest', inbox, '--data', dataDir, '--json'], ENV);
  const t0 = Date.now();
  const stages: { line: string; ms: number }[] = [];
  let pending = '';
  let lastLine: string | null = null;
  let killed = false;
  const kill = () => {
    if (run.child.exitCode !== null || killed) return;
    killed = true;
    run.child.kill('SIGKILL');
  };
  run.child.stderr!.on('data', (d: Buffer) => {
    pending += d;
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (!line.startsWith('stage ') || killed) continue;
      lastLine = line;
      stages.push({ line, ms: Date.now() - t0 });
      if (target && target.stage !== 'any time' && line.startsWith(`stage ${target.stage} `)) {
        if (target.delayMs === 0) kill();
        else setTimeout(kill, target.delayMs);
      }
    }
  });
  if (target?.stage === 'any time') setTimeout(kill, target.delayMs);
  const exitCode = await run.exited;
  if (!killed) assert.equal(exitCode, 0, `an ingest that was not killed failed:\n${run.out()}`);
  return {
    target: target ?? { stage: 'any time', delayMs: -1 },
    lastLine,
    killed,
    exitCode,
    stages,
    ms: Date.now() - t0,
  };
}

/**
 * What a reader sees in one consistent snapshot of the database: every bulletin visible must be whole
 * (all its pages, at least one article, each article in the search index, its PDF in the blob store),
 * and no bulletin may be there twice. Returns the problems found and how many bulletins were seen.
 */
function observe(dataDir: string): { problems: string[]; editions: number } | null {
  let db: Database.Database;
  try {
    db = new Database(join(dataDir, 'archive.sqlite'), { readonly: true, fileMustExist: true });
  } catch {
    return null;
  }
  try {
    // Rows the index itself holds, read from its term instances (not from the article table).
    db.exec('CREATE VIRTUAL TABLE temp.fts_instance USING fts5vocab(main, article_fts, instance)');
    return db.transaction(() => {
      const rows = db
        .prepare(
          `SELECT e.date, e.page_count AS pageCount, e.pdf_key AS pdfKey, e.source_hash AS hash,
             (SELECT count(*) FROM page p WHERE p.edition_id = e.id) AS pages,
             (SELECT coalesce(max(number), 0) FROM page p WHERE p.edition_id = e.id) AS lastPage,
             (SELECT count(*) FROM article a WHERE a.edition_id = e.id) AS articles,
             (SELECT count(*) FROM article a WHERE a.edition_id = e.id
                AND a.seq NOT IN (SELECT doc FROM temp.fts_instance)) AS unindexed
           FROM edition e ORDER BY e.date`,
        )
        .all() as {
        date: string;
        pageCount: number;
        pdfKey: string;
        hash: string;
        pages: number;
        lastPage: number;
        articles: number;
        unindexed: number;
      }[];
      const problems: string[] = [];
      for (const e of rows) {
        if (e.pages !== e.pageCount || e.lastPage !== e.pageCount)
          problems.push(`${e.date}: ${e.pages} of ${e.pageCount} pages`);
        if (e.articles === 0) problems.push(`${e.date}: no articles`);
        if (e.unindexed > 0) problems.push(`${e.date}: ${e.unindexed} articles not in the index`);
        if (!existsSync(join(dataDir, 'blobs', e.pdfKey.slice(0, 2), e.pdfKey)))
          problems.push(`${e.date}: its PDF is not in the blob store`);
      }
      if (new Set(rows.map((e) => e.hash)).size !== rows.length) problems.push('a file is stored twice');
      const orphans = db
        .prepare('SELECT count(*) FROM article WHERE edition_id NOT IN (SELECT id FROM edition)')
        .pluck()
        .get() as number;
      if (orphans > 0) problems.push(`${orphans} articles without their bulletin`);
      return { problems, editions: rows.length };
    })();
  } catch {
    // The schema is not there yet (a run that was killed while creating the database).
    return null;
  } finally {
    db.close();
  }
}

const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

/** Everything an archive holds, in a form two archives can be compared by; ids and times left out. */
async function digest(dataDir: string) {
  const db = new Database(join(dataDir, 'archive.sqlite'), { readonly: true, fileMustExist: true });
  try {
    db.exec('CREATE VIRTUAL TABLE temp.fts_instance USING fts5vocab(main, article_fts, instance)');
    const all = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    const section = (rows: unknown[]) => ({ rows: rows.length, sha256: sha256(JSON.stringify(rows)) });
    const editions = all(
      `SELECT t.slug AS title, e.date, e.volume, e.number, e.page_count, e.source_hash, e.source_name,
         e.pdf_key, e.language
       FROM edition e JOIN title t ON t.id = e.title_id ORDER BY e.date`,
    );
    const articles = all('SELECT * FROM article ORDER BY date, ordinal').map(
      ({ seq: _seq, edition_id: _edition, ...a }) => a,
    );
    // Blobs as files on disk (temporary files of killed writes are not blobs), each checked against its key.
    const blobs: string[] = [];
    const root = join(dataDir, 'blobs');
    for (const shard of (await readdir(root)).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort()) {
      for (const name of (await readdir(join(root, shard))).sort()) {
        if (!/^[0-9a-f]{64}$/.test(name)) continue;
        assert.equal(sha256(await readFile(join(root, shard, name))), name, `blob ${name} is damaged`);
        blobs.push(name);
      }
    }
    return {
      editions,
      pages: section(
        all(
          `SELECT e.date, p.number, p.text, p.width, p.height, p.words
           FROM page p JOIN edition e ON e.id = p.edition_id ORDER BY e.date, p.number`,
        ),
      ),
      articles: section(articles),
      articleIds: articles.map((a) => a.id),
      references: section(all('SELECT * FROM reference ORDER BY source_id, ordinal')),
      index: section(
        all(
          `SELECT a.id, v.term, v.col, v.offset FROM temp.fts_instance v JOIN article a ON a.seq = v.doc
           ORDER BY a.id, v.col, v.offset, v.term`,
        ),
      ),
      vocabulary: section(all('SELECT term, doc, cnt FROM article_vocab ORDER BY term')),
      ocrPages: section(all('SELECT source_hash, page, lines FROM ocr_page ORDER BY source_hash, page')),
      writes: db.prepare("SELECT value FROM archive_meta WHERE key = 'writes'").pluck().get(),
      blobs,
      referencedBlobs: [...new Set(editions.map((e) => e.pdf_key as string))].sort(),
    };
  } finally {
    db.close();
  }
}

/** Shuffles in place with the seeded generator. */
function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** Right at the stage's line half the time, else a few milliseconds into the stage (a file's stages take tens). */
const soon = () => (rng.chance(0.5) ? 0 : rng.int(1, 10));
const at = (stage: IngestStage, delayMs = soon()): Target => ({ stage, delayMs });
/**
 * A kill at a random time of a run that reaches the scan, within `workMs` (what such a run has to do, from
 * the clean run's times); drawn later (up to 4.5 s, as it was), it could find a run on a quiet machine
 * finished, leaving the kills after it nothing to kill.
 */
const anyTime = (workMs: number): Target => ({
  stage: 'any time',
  delayMs: rng.int(300, Math.max(400, Math.floor(workMs * 0.7))),
});

test('an ingest killed with SIGKILL at every stage and at random times, then run again, ends exactly as one clean run', async () => {
  const started = Date.now();
  const cleanDir = join(dir, 'clean');
  const clean = await runAndKill(cleanDir, null);
  assert.equal(clean.exitCode, 0);
  const cleanSeconds = (Date.now() - started) / 1000;
  // How long the scan's OCR took in the clean run (its ocr line to its store line), and what a run that
  // reaches the scan has to do: start-up to the first stage line, then the scan from its read to the end.
  const scanLine = (stage: string) =>
    clean.stages.find((s) => s.line.startsWith(`stage ${stage} `) && s.line.includes('zz-scans'));
  const ocrMs = (scanLine('store')?.ms ?? 0) - (scanLine('ocr')?.ms ?? 0);
  const workMs = (clean.stages[0]?.ms ?? 0) + clean.ms - (scanLine('read')?.ms ?? clean.ms);
  assert.ok(ocrMs > 0 && workMs > 0, `the clean run's stage lines: ${JSON.stringify(clean.stages)}`);

  // A kill at a text file's stage stores at most the one file it is in, so the six text files outlast
  // the first round. In the second, a run that reaches the scan's OCR has stored every text file; its
  // OCR is killed, and kills at random times fall anywhere from start-up through the OCR (the scan takes
  // some seconds more to be stored). Last, the scan's store write is killed, right at its line (a few
  // milliseconds later it may have been written).
  const plan: Target[] = [
    ...shuffle([
      at('read'),
      at('read'),
      at('segment'),
      at('segment'),
      at('store'),
      at('store'),
      at('done'),
      at('done'),
    ]),
    ...shuffle([
      at('ocr', rng.int(0, Math.floor(ocrMs * 0.7))),
      at('ocr', rng.int(0, Math.floor(ocrMs * 0.7))),
      anyTime(workMs),
      anyTime(workMs),
    ]),
    at('store', 0),
  ];

  const dataDir = join(dir, 'killed');
  // Each problem once, in the order first seen (a half bulletin left behind is seen at every look).
  const problems = new Set<string>();
  let polls = 0;
  let mostSeen = 0;
  let reading = true;
  const reader = (async () => {
    while (reading) {
      const seen = observe(dataDir);
      if (seen) {
        polls++;
        mostSeen = Math.max(mostSeen, seen.editions);
        for (const p of seen.problems) problems.add(p);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const runs: Run[] = [];
  try {
    for (const target of plan) runs.push(await runAndKill(dataDir, target));
    // Then once more, to the end (runAndKill fails the test if that run fails).
    runs.push(await runAndKill(dataDir, null));
  } finally {
    reading = false;
    await reader;
  }
  const kills = runs.filter((r) => r.killed);
  for (const [i, r] of runs.entries()) {
    const what = r.target.delayMs === -1 ? 'run to the end' : `${r.target.stage} +${r.target.delayMs} ms`;
    console.log(
      `run ${i + 1}: ${what}: ${r.killed ? 'killed' : 'finished'} after ${r.lastLine ? `"${r.lastLine}"` : 'no stage line'}`,
    );
  }
  console.log(
    `${kills.length} kills, ${polls} reader snapshots (at most ${mostSeen} bulletins seen), clean run ${cleanSeconds.toFixed(1)} s, all ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  assert.deepEqual([...problems], [], 'the reader saw half-written or duplicated bulletins');
  assert.ok(polls >= 50, `the reader took only ${polls} snapshots`);
  // Every stage was killed in, at least once: a stage kill counts when its line came and the kill followed.
  const killedIn = new Set(
    kills.filter((r) => r.target.stage !== 'any time').map((r) => r.target.stage as string),
  );
  assert.deepEqual([...killedIn].sort(), ['done', 'ocr', 'read', 'segment', 'store']);
  assert.ok(kills.length >= 12, `only ${kills.length} runs were killed`);

  const killed = await digest(dataDir);
  assert.equal(killed.editions.length, EDITIONS);
  assert.equal(new Set(killed.editions.map((e) => e.date)).size, EDITIONS, 'no bulletin twice');
  assert.equal(new Set(killed.articleIds).size, killed.articleIds.length, 'no article twice');
  assert.equal(killed.writes, EDITIONS, 'each bulletin written once');
  assert.deepEqual(killed, await digest(cleanDir));

  const check = datelineSync(['check', '--data', dataDir, '--json']);
  assert.equal(check.code, 0, check.stdout + check.stderr);
  const report = JSON.parse(check.stdout);
  assert.equal(report.ok, true);
  assert.deepEqual(
    report.findings.filter((f: { kind: string }) => f.kind !== 'blob-temp'),
    [],
    'no finding but the temporary files of killed blob writes',
  );
  assert.deepEqual([report.editions, report.blobs], [EDITIONS, EDITIONS]);
  console.log(`dateline check: ok, ${report.findings.length} blob-temp warnings`);
});
