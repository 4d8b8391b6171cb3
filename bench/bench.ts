/**
 * `npm run bench -- [--size 100000] [--backend sqlite|postgres] [--seconds 8]`: builds a synthetic archive
 * and measures load, PDF ingest, search latency per query class beside the raw engine, HTTP throughput
 * beside a plain node:http server, and the server's peak memory. Writes bench/results/BACKEND-SIZE.md.
 * (A script, not a module: it is allowed past the house size limit to keep the whole run in one place.)
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import pg from 'pg';
import { type Archive, openArchive } from '../src/app.js';
import { writeDemoCollection } from '../src/demo/generator.js';
import { scannedCopy } from '../src/demo/scan.js';
import { parseQuery } from '../src/search/query.js';
import { type SearchPage, SearchService } from '../src/search/search.service.js';
import { hasTopK, topKSettingsFromEnv } from '../src/search/top-k.js';
import { parsePgUrl } from '../src/store/postgres/postgres-database.js';
import { toTsQuery } from '../src/store/postgres/postgres-query-compiler.js';
import { SEARCH_TIMEOUT_MS } from '../src/store/postgres/postgres-search-index.js';
import { toFts5 } from '../src/store/sqlite/sqlite-query-compiler.js';
import { makeCorpus, rng, syntheticEditions } from './synthetic.js';

const { values } = parseArgs({
  options: {
    size: { type: 'string', default: '100000' },
    backend: { type: 'string', default: 'sqlite' },
    seconds: { type: 'string', default: '8' },
    queries: { type: 'string', default: '40' },
    pg: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    keep: { type: 'boolean', default: false },
    /** Only the archive and the search classes: no PDF ingest, OCR or HTTP (a 1M run by hand). */
    'search-only': { type: 'boolean', default: false },
    /** The results file's name under bench/results/ (default BACKEND-SIZE.md). */
    out: { type: 'string' },
    /** SQLite: search an archive loaded beforehand (the same synthetic articles) instead of loading one. */
    data: { type: 'string' },
    /** Queries per class run first and not counted (they warm caches and make lists). */
    warm: { type: 'string', default: '5' },
    /**
     * Only the HTTP table, on an archive loaded beforehand: SQLite `--data DIR`; PostgreSQL the schema a
     * `--keep` run of the same `--size` left. No load, PDF ingest, OCR or search classes.
     */
    'http-only': { type: 'boolean', default: false },
    /** PostgreSQL: search the schema a `--keep` run of the same `--size` left instead of loading one. */
    kept: { type: 'boolean', default: false },
    /**
     * A checkout of the code before a change (e.g. `git archive COMMIT | tar -x -C DIR`, with node_modules
     * linked): its server is measured beside this one's on the same archive, uncached rows taking turns.
     */
    before: { type: 'string' },
    /**
     * Only these search classes, by name, separated by `;` (names hold commas; the others' queries are still drawn, unsearched,
     * so each class searches the same queries as in a full run).
     */
    classes: { type: 'string' },
    /** Log each class's N slowest timed queries (ours, layer on) with their matches: what makes its p95. */
    slowest: { type: 'string', default: '0' },
  },
});
const searchOnly = values['search-only'];
const httpOnly = values['http-only'];
const size = Number(values.size);
const backend = values.backend as 'sqlite' | 'postgres';
const given = backend === 'sqlite' ? values.data : undefined;
/** Whether the archive was loaded beforehand (SQLite: --data; PostgreSQL: --http-only on a kept schema). */
const loaded = given !== undefined || ((httpOnly || values.kept) && backend === 'postgres');
if (httpOnly && searchOnly) throw new Error('--http-only and --search-only leave nothing to measure');
if (httpOnly && !loaded) throw new Error('--http-only needs an archive loaded beforehand: --data DIR');
if (values.kept && backend !== 'postgres') throw new Error('--kept is for PostgreSQL; SQLite: --data DIR');
const warmups = Number(values.warm);
const seconds = Number(values.seconds);
/** Queries timed per class, after `--warm` (5) that warm caches. */
const queries = Number(values.queries);
const BIN = join(import.meta.dirname, '..', 'bin', 'dateline.js');
const log = (s: string) => process.stderr.write(`${s}\n`);
const lines: string[] = [];
/** The machine's load when the run began: other work on the machine slows every figure alike. */
const loadAtStart = loadavg()[0]!;
const out = (s = '') => lines.push(s);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));

// ---------- the archive ----------
const work = await mkdtemp(join(tmpdir(), `dateline-bench-${backend}-`));
const schema = `bench_${backend}_${size}`;
const dbUrl = backend === 'postgres' ? `${values.pg}?schema=${schema}` : undefined;
if (dbUrl && !loaded) {
  const c = new pg.Client({ connectionString: values.pg });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}
const dataDir = given ?? join(work, 'data');
let archive: Archive = await openArchive({ dataDir, db: dbUrl });
const corpus = makeCorpus();

log(`loading ${size} synthetic articles into ${backend}…`);
let textBytes = 0;
// Only the store's work is timed: making up the synthetic text is not loading it.
let storeMs = 0;
let done = 0;
/** The load ratio compares like with like: ours and the bare engine each take the same first articles into an empty table. */
const ENGINE_SAMPLE = Math.min(size, 20_000);
let sampleStoreMs = 0;
let sampleArticles = 0;
for (const edition of loaded ? [] : syntheticEditions(corpus, size)) {
  for (const a of edition.articles) textBytes += Buffer.byteLength(a.headline) + Buffer.byteLength(a.body);
  const t0 = performance.now();
  await archive.store.replaceEdition(edition);
  storeMs += performance.now() - t0;
  done += edition.articles.length;
  if (sampleArticles === 0 && done >= ENGINE_SAMPLE) {
    sampleStoreMs = storeMs;
    sampleArticles = done;
  }
  if (done % 50_000 === 0) log(`  ${done} articles, ${Math.round(done / (storeMs / 1000))}/s`);
}
const loadSeconds = storeMs / 1000;
let optimizeSeconds = 0;
/** Articles per second the engine alone indexes (SQLite: a bare FTS5 table), for the load ratio. */
let engineLoadRate = 0;
let indexBytes = 0;
let ftsBytes = 0;
if (loaded) {
  log(`using the archive in ${given ?? schema}, loaded beforehand`);
} else if (backend === 'sqlite') {
  await archive.close();
  const db = new Database(join(dataDir, 'archive.sqlite'));
  const t1 = performance.now();
  db.exec("INSERT INTO article_fts(article_fts) VALUES ('optimize')");
  db.pragma('wal_checkpoint(TRUNCATE)');
  optimizeSeconds = (performance.now() - t1) / 1000;
  db.close();
  indexBytes = statSync(join(dataDir, 'archive.sqlite')).size;
  const stat = new Database(join(dataDir, 'archive.sqlite'), { readonly: true });
  ftsBytes = (
    stat
      .prepare(
        "SELECT sum(pgsize) AS n FROM dbstat WHERE name LIKE 'article_fts%' OR name LIKE 'article_vocab%'",
      )
      .get() as { n: number }
  ).n;
  // The engine alone: the same text into a bare FTS5 table, ten rows to a transaction, as ours loads.
  const sample = stat
    .prepare('SELECT headline, body, byline, dateline_place FROM article LIMIT ?')
    .raw()
    .all(sampleArticles) as unknown[][];
  stat.close();
  const bare = new Database(join(work, 'bare-fts5.sqlite'));
  bare.pragma('journal_mode = WAL');
  bare.pragma('synchronous = NORMAL');
  bare.exec(
    "CREATE VIRTUAL TABLE f USING fts5(headline, body, byline, place, tokenize = 'unicode61 remove_diacritics 2')",
  );
  const ins = bare.prepare('INSERT INTO f VALUES (?, ?, ?, ?)');
  const ten = bare.transaction((rows: unknown[][]) => {
    for (const r of rows) ins.run(...r);
  });
  const tb = performance.now();
  for (let i = 0; i < sample.length; i += 10) ten(sample.slice(i, i + 10));
  engineLoadRate = sample.length / ((performance.now() - tb) / 1000);
  bare.close();
  archive = await openArchive({ dataDir });
} else {
  const c = new pg.Client({ connectionString: values.pg });
  await c.connect();
  await c.query('VACUUM ANALYZE');
  const r = await c.query(
    `SELECT coalesce(sum(pg_total_relation_size(format('%I.%I', schemaname, tablename))), 0)::bigint AS n FROM pg_tables WHERE schemaname = $1`,
    [schema],
  );
  indexBytes = Number(r.rows[0].n);
  const gin = await c.query(
    `SELECT pg_relation_size(format('%I.article_tsv', $1::text)) + (SELECT sum(pg_column_size(tsv)) FROM ${'"'}${schema}${'"'}.article)::bigint AS n`,
    [schema],
  );
  ftsBytes = Number(gin.rows[0].n);
  await c.end();
}

// ---------- top-k lists made ahead, as `dateline reindex --lists-only` makes them (docs/adr/0012) ----------
let listsMade = 0;
let listsSeconds = 0;
if (!loaded && hasTopK(archive.index)) {
  log('making the top-k lists ahead (as dateline reindex --lists-only)…');
  const t = performance.now();
  listsMade = (await archive.index.rebuildTopK()).made;
  listsSeconds = (performance.now() - t) / 1000;
}

// ---------- PDF ingest through the whole pipeline ----------
let demoPages = 0;
let ingestSeconds = 0;
let ingestFailed = 0;
let ocrPages = 0;
let ocrWall = 0;
let ocrCpuPerPage = 0;
let ocrFailed = 0;
if (!searchOnly && !httpOnly) {
  log('ingesting 30 demo bulletins (text layer)…');
  const demoDir = join(work, 'demo');
  const demo = await writeDemoCollection(demoDir, { editions: 30, fromYear: 1800, toYear: 1820 });
  demoPages = demo.reduce((n, b) => n + b.truth.pageCount, 0);
  const t2 = performance.now();
  const reports = await archive.ingest.ingestPaths([demoDir]);
  ingestSeconds = (performance.now() - t2) / 1000;
  ingestFailed = reports.filter((r) => r.status === 'failed').length;

  // ---------- OCR: scanned copies (200 dpi, degraded) of two demo bulletins through the whole pipeline ----------
  log('OCR of two scanned bulletins…');
  const scanDir = join(work, 'scans');
  await mkdir(scanDir);
  const scanned = demo.slice(0, 2);
  for (const [i, b] of scanned.entries()) {
    await writeFile(
      join(scanDir, b.fileName),
      await scannedCopy(b.pdf, { dpi: 200, degrade: { seed: 5 + i } }),
    );
  }
  const cpu0 = process.cpuUsage();
  const t3 = performance.now();
  const ocrReports = await archive.ingest.ingestPaths([scanDir]);
  ocrWall = (performance.now() - t3) / 1000;
  const cpuUsed = process.cpuUsage(cpu0);
  ocrPages = ocrReports.reduce((n, r) => n + (r.ocr?.pages ?? 0) - (r.ocr?.reused ?? 0), 0);
  ocrCpuPerPage = ocrPages ? (cpuUsed.user + cpuUsed.system) / 1e6 / ocrPages : 0;
  ocrFailed = ocrReports.filter((r) => r.status === 'failed').length;
}

// ---------- search: ours (top-k layer on and off) beside the raw engine ----------
const search = new SearchService(archive.index);
if (!hasTopK(archive.index)) throw new Error('the index has no top-k layer');
/** The same index and database with the top-k layer off: every match ranked, as before the layer. */
const exhaustive = new SearchService(archive.index.withTopK(null));
/** Whether two answers give the same page: ids in order, apart from ties of equal score. */
const samePage = (a: SearchPage, b: SearchPage) =>
  a.hits.length === b.hits.length &&
  a.hits.every((h, i) => h.id === b.hits[i]!.id || b.hits.some((x) => x.id === h.id && x.score === h.score));
const R = rng(99);
const pick = (from: number, to: number) => corpus.words[from + Math.floor(R() * (to - from))]!;
/** The 300 most frequent words (the phrase of common words class). */
const COMMON = new Set(corpus.words.slice(0, 300));
const someBody = async () => {
  const [hit] = (await archive.store.harvest({ after: Math.floor(R() * size * 0.9), limit: 1 })) ?? [];
  return hit!.article.body.split(' ');
};
const ocrError = (w: string) => {
  if (w.includes('m')) return w.replace('m', 'rn');
  if (w.includes('i')) return w.replace('i', 'l');
  if (w.includes('e')) return w.replace('e', 'c');
  return `${w.slice(0, -1)}o`;
};
const classes: {
  name: string;
  make: () => Promise<{ q: string; from?: string; to?: string; sort?: string; variants?: string }>;
}[] = [
  { name: 'one rare word', make: async () => ({ q: pick(20_000, 40_000), variants: 'off' }) },
  { name: 'one common word', make: async () => ({ q: pick(0, 30), variants: 'off' }) },
  { name: 'two words', make: async () => ({ q: `${pick(100, 2000)} ${pick(100, 2000)}`, variants: 'off' }) },
  { name: 'two common words', make: async () => ({ q: `${pick(0, 300)} ${pick(0, 300)}`, variants: 'off' }) },
  {
    name: 'phrase',
    make: async () => {
      const b = await someBody();
      const i = Math.floor(R() * (b.length - 2));
      return { q: `"${b[i]} ${b[i + 1]}"`, variants: 'off' };
    },
  },
  {
    name: 'proximity',
    make: async () => {
      const b = await someBody();
      const i = Math.floor(R() * (b.length - 5));
      return { q: `"${b[i]} ${b[i + 4]}"~5`, variants: 'off' };
    },
  },
  { name: 'prefix', make: async () => ({ q: `${pick(300, 3000).slice(0, 3)}*`, variants: 'off' }) },
  {
    name: 'date-filtered',
    make: async () => {
      const y = 1923 + Math.floor(R() * Math.max(1, size / 10 / 365));
      return { q: pick(100, 2000), from: `${y}-01-01`, to: `${y}-12-31`, variants: 'off' };
    },
  },
  {
    name: 'common word, one year',
    make: async () => {
      const y = 1923 + Math.floor(R() * Math.max(1, size / 10 / 365));
      return { q: pick(0, 100), from: `${y}-01-01`, to: `${y}-12-31`, variants: 'off' };
    },
  },
  {
    name: 'common words, newest first',
    make: async () => ({
      q: R() < 0.5 ? pick(0, 100) : `${pick(0, 100)} ${pick(0, 100)}`,
      sort: '-date',
      variants: 'off',
    }),
  },
  { name: 'variant-tolerant', make: async () => ({ q: ocrError(pick(20_000, 40_000)), variants: 'on' }) },
  // Last, so that the classes above draw the same queries as before it was added.
  {
    name: 'phrase of common words',
    make: async () => {
      // Two of the 300 most frequent words side by side in an article (a reader's "soviet jewry"): the
      // phrase class above draws any two words, mostly a rarer one, which the engine checks quickly.
      for (;;) {
        const b = await someBody();
        const from = Math.floor(R() * b.length);
        for (let i = from; i + 1 < b.length; i++)
          if (COMMON.has(b[i]!) && COMMON.has(b[i + 1]!) && b[i] !== b[i + 1])
            return { q: `"${b[i]} ${b[i + 1]}"`, variants: 'off' };
      }
    },
  },
];

let rawPg: pg.Pool | null = null;
let rawSqlite: Database.Database | null = null;
if (backend === 'postgres') {
  const t = parsePgUrl(dbUrl!);
  rawPg = new pg.Pool({
    connectionString: t.connectionString,
    max: 2,
    // The engine is stopped where ours is (a search's statement_timeout): at 1M a NEAR query would run for minutes.
    options: `-c search_path=${t.schema} -c statement_timeout=${SEARCH_TIMEOUT_MS}`,
  });
} else rawSqlite = new Database(join(dataDir, 'archive.sqlite'), { readonly: true });

/** The same query, straight to the engine: top 20 by the engine's rank with a snippet, and an exact count. */
async function raw(q: { q: string; from?: string; to?: string; sort?: string }) {
  const parsed = parseQuery(q.q);
  const newest = q.sort === '-date';
  if (rawSqlite) {
    const m = toFts5(parsed);
    const where = q.from ? 'article_fts MATCH ? AND a.date >= ? AND a.date <= ?' : 'article_fts MATCH ?';
    const args = q.from ? [m, q.from, q.to] : [m];
    rawSqlite
      .prepare(
        `SELECT a.id, snippet(article_fts, 1, '[', ']', '…', 32) FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE ${where} ORDER BY ${newest ? 'a.date DESC, a.ordinal' : 'rank'} LIMIT 20`,
      )
      .all(...args);
    rawSqlite
      .prepare(`SELECT count(*) FROM article_fts JOIN article a ON a.seq = article_fts.rowid WHERE ${where}`)
      .get(...args);
  } else {
    const t = toTsQuery(parsed);
    const where = q.from ? 'tsv @@ q AND date >= $2 AND date <= $3' : 'tsv @@ q';
    const args = q.from ? [t, q.from, q.to] : [t];
    await rawPg!.query(
      `SELECT id, ts_headline('simple', body, q) FROM (SELECT id, body, q FROM article, to_tsquery('simple', $1) q WHERE ${where} ORDER BY ${newest ? 'date DESC, ordinal' : 'ts_rank(tsv, q) DESC'} LIMIT 20) x`,
      args,
    );
    await rawPg!.query(`SELECT count(*) FROM article, to_tsquery('simple', $1) q WHERE ${where}`, args);
  }
}

const results: {
  name: string;
  ours: number[];
  off: number[];
  engine: number[];
  hits: number;
  /** The first search of each query with the layer on (a common word's list is made by it). */
  first: number[];
  /** Queries whose page (top 20, apart from ties) was the same with the layer on and off. */
  same: number;
  /** Queries whose total was the same; and those whose total the layer said was "about". */
  sameTotal: number;
  estimated: number;
  /** Timed queries stopped by PostgreSQL's statement_timeout: ours, top-k off, engine. */
  stopped: [number, number, number];
}[] = [];
/** The variant-tolerant queries' expanded words, searched plainly (variants off) as one OR query. */
const samePlain: number[] = [];
/** A search stopped at PostgreSQL's statement_timeout (ours: QUERY_TOO_COSTLY; the engine: 57014). */
const stoppedAtLimit = (err: unknown) =>
  ['QUERY_TOO_COSTLY', '57014'].includes(String((err as { code?: unknown }).code));
/** Runs a search; null when the time limit stopped it (its time counts as it ran). */
const orStopped = async <T>(f: () => Promise<T>): Promise<T | null> => {
  try {
    return await f();
  } catch (err) {
    if (stoppedAtLimit(err)) return null;
    throw err;
  }
};
let lastStopped = false;
const timed = async (f: () => Promise<unknown>) => {
  const t = performance.now();
  lastStopped = (await orStopped(async () => (await f()) ?? true)) === null;
  return performance.now() - t;
};
const chosen = values.classes ? new Set(values.classes.split(';').map((c) => c.trim())) : null;
for (const c of chosen ?? []) if (!classes.some((k) => k.name === c)) throw new Error(`no search class ${c}`);
for (const cls of httpOnly ? [] : classes) {
  if (chosen && !chosen.has(cls.name)) {
    for (let i = 0; i < queries + warmups; i++) await cls.make();
    continue;
  }
  log(`searching: ${cls.name}…`);
  const ours: number[] = [];
  const off: number[] = [];
  const engine: number[] = [];
  const first: number[] = [];
  let hits = 0;
  let same = 0;
  let sameTotal = 0;
  let estimated = 0;
  const stopped: [number, number, number] = [0, 0, 0];
  const seen = new Set<string>();
  /** The timed queries, ours, for `--slowest`. */
  const each: { q: string; ms: number; total: number }[] = [];
  for (let i = 0; i < queries + warmups; i++) {
    const q = await cls.make();
    // Each query runs once untimed through all three first: whichever ran first would otherwise pay alone
    // for bringing its words' postings into memory (and the layer's first search makes a common word's
    // list). Then all three are timed, taking turns at going first.
    let warm: SearchPage | null = null;
    const firstMs = await timed(async () => {
      warm = await orStopped(() => search.search({ ...q, pageSize: 20 }));
    });
    const isNew = !seen.has(q.q);
    const warmOff = await orStopped(() => exhaustive.search({ ...q, pageSize: 20 }));
    const answer = (warm ?? warmOff) as SearchPage | null;
    // Variant matching is measured beside the engine running the words it expanded to.
    const asked =
      q.variants === 'on'
        ? { ...q, q: [q.q, ...(answer?.variants ?? []).map((v) => v.term)].join(' OR ') }
        : q;
    await orStopped(() => raw(asked));
    const runs = [
      () => search.search({ ...q, pageSize: 20 }),
      () => exhaustive.search({ ...q, pageSize: 20 }),
      () => raw(asked),
    ];
    const took = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const which = (i + k) % 3;
      took[which] = await timed(runs[which]!);
      if (lastStopped && i >= warmups) stopped[which] = stopped[which]! + 1;
    }
    const plainMs =
      q.variants === 'on' ? await timed(() => search.search({ ...asked, variants: 'off', pageSize: 20 })) : 0;
    seen.add(q.q);
    // The first `--warm` of each class warm caches and are not counted.
    if (i >= warmups) {
      ours.push(took[0]!);
      off.push(took[1]!);
      engine.push(took[2]!);
      // A word asked before already has its list: only a word's first search is the one that makes it.
      if (isNew) first.push(firstMs);
      if (q.variants === 'on') samePlain.push(plainMs);
      const on = warm as SearchPage | null;
      each.push({
        q: `${q.q}${q.from ? ` ${q.from}..${q.to}` : ''}${q.sort ? ` ${q.sort}` : ''}`,
        ms: took[0]!,
        total: answer?.total ?? 0,
      });
      hits += answer?.total ?? 0;
      if (on && warmOff && samePage(on, warmOff)) same++;
      if (on && warmOff && on.total === warmOff.total) sameTotal++;
      if (on?.estimated) estimated++;
    }
  }
  // Each class as it ends, so a long run stopped early still leaves its figures in the log.
  log(
    `  ${cls.name}: ours p50 ${ms(pct(ours, 50))} p95 ${ms(pct(ours, 95))}, off p50 ${ms(pct(off, 50))} p95 ${ms(pct(off, 95))}, engine p50 ${ms(pct(engine, 50))} p95 ${ms(pct(engine, 95))}, same top 20 ${same}/${ours.length}, same total ${sameTotal} (about ${estimated}),${stopped.some((n) => n) ? ` stopped at the time limit ${stopped.join('/')},` : ''} load ${loadavg()[0]!.toFixed(1)}`,
  );
  for (const e of each.sort((a, b) => b.ms - a.ms).slice(0, Number(values.slowest)))
    log(`    ${ms(e.ms)} ms, ${e.total} matches: ${e.q}`);
  results.push({
    name: cls.name,
    ours,
    off,
    engine,
    hits: Math.round(hits / queries),
    first,
    same,
    sameTotal,
    estimated,
    stopped,
  });
}
// ---------- a common word's first search after one correction (docs/adr/0013) ----------
/**
 * Ten readers' corrections, each of one article of a bulletin stored now (with pages, which corrections
 * check; the synthetic ones have none): two words of its body swapped. After each, the first search of a
 * top-30 word the article holds (its list patched from the change log) and of a rank 30–300 word it does
 * not hold (its list read as it is), and the top-30 word with the layer off (what the list's first search
 * cost before the change log: every list was stale, and made again by a full pass). Skipped by --http-only.
 */
const afterCorrection = { patched: [] as number[], read: [] as number[], off: [] as number[], made: 0 };
if (!httpOnly) {
  log('a common word after one correction…');
  // A date past the archive's last bulletin (one a day from 1923 on: 2196 at 1M), so that the bulletin is
  // stored here, not taken for a synthetic one of the same date and source already stored (a no-op).
  const extraDate = `${1923 + Math.ceil(size / 10 / 365) + 1}-01-01`;
  const [extra] = syntheticEditions(corpus, 10, 10, 77, extraDate);
  const blank = [1, 2, 3, 4].map((number) => ({ number, text: '', width: 595, height: 842, words: [] }));
  await archive.store.replaceEdition({ ...extra!, pages: blank });
  const edition = (await archive.store.getEdition(extraDate))!;
  const corrected = await archive.store.listArticles(edition.id);
  const layered = archive.index.withTopK(topKSettingsFromEnv());
  const onLayer = new SearchService(layered);
  const made = layered.listsMade();
  for (const s of corrected) {
    const a = (await archive.store.getArticle(s.id))!;
    const body = a.body.split(' ');
    [body[1], body[2]] = [body[2]!, body[1]!];
    await archive.corrections.correct(
      a.id,
      { text: body.join(' ') },
      { key: 'k-bench0000000000000000', admin: true },
    );
    const held = new Set([...body, ...a.headline.split(' ')]);
    const common = corpus.words.slice(0, 30).find((w) => held.has(w))!;
    const other = corpus.words.slice(30, 300).find((w) => !held.has(w) && R() < 0.2)!;
    afterCorrection.patched.push(
      await timed(() => onLayer.search({ q: common, pageSize: 20, variants: 'off' })),
    );
    afterCorrection.read.push(await timed(() => onLayer.search({ q: other, pageSize: 20, variants: 'off' })));
    afterCorrection.off.push(
      await timed(() => exhaustive.search({ q: common, pageSize: 20, variants: 'off' })),
    );
  }
  afterCorrection.made = layered.listsMade() - made;
  log(
    `  after one correction: patched p50 ${ms(pct(afterCorrection.patched, 50))}, read p50 ${ms(pct(afterCorrection.read, 50))}, off p50 ${ms(pct(afterCorrection.off, 50))} ms, ${afterCorrection.made} lists made`,
  );
}
const articleId = (await archive.store.harvest({ after: Math.floor(size / 2), limit: 1 }))[0]!.article;
/**
 * Uncached requests go round 200 articles spread over the archive and 200 words of rank 100–2,000 (a
 * crawler's or many readers' requests, not one page's rows kept warm), the same list for every server.
 */
const spread: string[] = [];
// Not for --search-only: a harvest from an early seq walks most of the archive (15 s at 1M for the first).
for (let k = 0; k < (searchOnly ? 0 : 200); k++) {
  const [item] = await archive.store.harvest({ after: Math.floor((k * size) / 200), limit: 1 });
  if (item) spread.push(`/archive/${item.article.slug}`);
}
const words = Array.from({ length: 200 }, () => `/api/v1/search?q=${pick(100, 2000)}`);
/**
 * Articles no server is asked for before their row (8,000 spread over the archive, none of the 200 above):
 * each request an article's first view, whose related articles are ranked and kept (migration 17).
 */
const FIRST_VIEWS = 8000;
const firstSeqs = Array.from({ length: FIRST_VIEWS }, (_, k) => Math.floor((k * size) / FIRST_VIEWS) + 3);
const firstViews = (
  rawSqlite
    ? (rawSqlite
        .prepare('SELECT slug FROM article WHERE seq IN (SELECT value FROM json_each(?))')
        .pluck()
        .all(JSON.stringify(firstSeqs)) as string[])
    : (await rawPg!.query('SELECT slug FROM article WHERE seq = ANY($1::bigint[])', [firstSeqs])).rows.map(
        (r) => r.slug as string,
      )
)
  .map((slug) => `/archive/${slug}`)
  .filter((path) => !spread.includes(path));
await archive.close();
rawSqlite?.close();
await rawPg?.end();

/** How long each server took to read the vocabulary before the warm-up (HTTP). */
const vocabularySeconds: number[] = [];
const http = searchOnly
  ? null
  : await (async () => {
      // ---------- HTTP: the server beside plain node:http ----------
      function startChild(
        args: string[],
        env: Record<string, string> = {},
      ): Promise<{ url: string; pid: number; stop: () => void }> {
        return new Promise((resolve, reject) => {
          const child = spawn(process.execPath, args, {
            stdio: ['ignore', 'pipe', 'pipe'],
            env: { ...process.env, ...env },
          });
          let text = '';
          const onData = (d: Buffer) => {
            text += d;
            const m = /(http:\/\/127\.0\.0\.1:\d+)/.exec(text);
            if (m) resolve({ url: m[1]!, pid: child.pid!, stop: () => child.kill('SIGTERM') });
          };
          child.stdout.on('data', onData);
          child.stderr.on('data', onData);
          child.on('exit', (code) => reject(new Error(`server exited (${code}): ${text}`)));
        });
      }
      const peakRss = (pid: number) => {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
      };
      type Rate = { rps: number; p99: number; errors: number };
      /** One URL, or (with `paths`) each request the next of those paths on `url`'s server. */
      async function rate(url: string, paths?: string[]): Promise<Rate> {
        let next = 0;
        const r = await autocannon({
          url,
          connections: 8,
          duration: seconds,
          ...(paths
            ? {
                requests: [
                  {
                    setupRequest: (req: autocannon.Request) => ({
                      ...req,
                      path: paths[next++ % paths.length]!,
                    }),
                  },
                ],
              }
            : {}),
        });
        return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.non2xx };
      }
      /** Two runs each, taking turns (ABBA): a slow spell of the shared machine falls on both alike. */
      async function turns(a: () => Promise<Rate>, b: () => Promise<Rate>): Promise<[Rate, Rate]> {
        const [a1, b1, b2, a2] = [await a(), await b(), await b(), await a()];
        const mean = (x: Rate, y: Rate): Rate => ({
          rps: (x.rps + y.rps) / 2,
          p99: Math.max(x.p99, y.p99),
          errors: x.errors + y.errors,
        });
        return [mean(a1, a2), mean(b1, b2)];
      }
      log('HTTP…');
      const plain = await startChild([
        '-e',
        "const h=require('node:http');const s=h.createServer((q,r)=>{r.writeHead(200,{'content-type':'text/plain'});r.end('hello')});s.listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port))",
      ]);
      // The rate limit is off: the benchmark is one client sending as fast as it can.
      const serveArgs = [
        BIN,
        'serve',
        '--data',
        dataDir,
        '--port',
        '0',
        '--rate-limit',
        'off',
        ...(dbUrl ? ['--db', dbUrl] : []),
      ];
      const base = await rate(`${plain.url}/`);
      // Every request rendered (the page cache off), then repeat views served from the page cache.
      const uncached = await startChild(serveArgs, { DATELINE_CACHE_MB: '0' });
      const searchUrl = `/api/v1/search?q=${pick(100, 2000)}`;
      const articleUrl = `/archive/${articleId.slug}`;
      // The code before a change, serving the same archive (--before): its server beside this one's.
      const old = values.before
        ? await startChild([join(values.before, 'bin', 'dateline.js'), ...serveArgs.slice(1)], {
            DATELINE_CACHE_MB: '0',
          })
        : null;
      // Each server reads the archive's vocabulary first (an article page does not wait for it, and shows no
      // related articles until it is read: ts_stat takes minutes at 1M on PostgreSQL),
      // so that the articles asked below keep their related lists. Then each list asked once untimed of every
      // server, so that no server alone pays for first searches (a word's first search may make its list) or
      // for reading the pages into memory.
      for (const server of [uncached, ...(old ? [old] : [])]) {
        // Until an article page shows related articles (at most 15 minutes): the read is done.
        const t = performance.now();
        while (
          !(await (await fetch(`${server.url}${spread[0]}`)).text()).includes('class="related"') &&
          performance.now() - t < 900_000
        )
          await new Promise((r) => setTimeout(r, 1000));
        vocabularySeconds.push((performance.now() - t) / 1000);
        for (const path of [...words, ...spread]) await (await fetch(`${server.url}${path}`)).arrayBuffer();
      }
      let before: { api: Rate; pageRate: Rate; firstView: Rate; rss: number } | null = null;
      /** Each request an article's first view, its related articles ranked (and kept by the code since 17). */
      let firstView: Rate;
      let api: Rate;
      let pageRate: Rate;
      if (old) {
        const [apiOld, apiNew] = await turns(
          () => rate(old.url, words),
          () => rate(uncached.url, words),
        );
        const [pageOld, pageNew] = await turns(
          () => rate(old.url, spread),
          () => rate(uncached.url, spread),
        );
        // First views: every other article of the list to each server (neither has read them before).
        firstView = await rate(
          uncached.url,
          firstViews.filter((_, k) => k % 2 === 0),
        );
        const firstOld = await rate(
          old.url,
          firstViews.filter((_, k) => k % 2 === 1),
        );
        before = { api: apiOld, pageRate: pageOld, firstView: firstOld, rss: peakRss(old.pid) };
        old.stop();
        [api, pageRate] = [apiNew, pageNew];
      } else {
        api = await rate(uncached.url, words);
        pageRate = await rate(uncached.url, spread);
        firstView = await rate(uncached.url, firstViews);
      }
      const rssUncached = peakRss(uncached.pid);
      uncached.stop();
      const server = await startChild(serveArgs);
      // Repeat requests: each is asked once first, so the timed run measures the cache, not its first fill
      // (eight connections all missing at once on a search that takes seconds at 1M).
      for (const path of [searchUrl, articleUrl]) await (await fetch(`${server.url}${path}`)).arrayBuffer();
      const apiCached = await rate(`${server.url}${searchUrl}`);
      const pageCached = await rate(`${server.url}${articleUrl}`);
      const rss = Math.max(rssUncached, peakRss(server.pid));
      // The ceiling for a cached page: plain node:http sending the article page's own status, headers and body.
      const kept = await fetch(`${server.url}${articleUrl}`);
      const replay = join(work, 'replay.json');
      await writeFile(
        replay,
        JSON.stringify({
          status: kept.status,
          headers: [...kept.headers].filter(
            ([k]) => !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k),
          ),
          body: Buffer.from(await kept.arrayBuffer()).toString('base64'),
        }),
      );
      // Plain node:http again at the end: how much the machine's load moved during the run.
      const baseAfter = await rate(`${plain.url}/`);
      plain.stop();
      server.stop();
      const same = await startChild([
        '-e',
        `const h=require('node:http');const k=JSON.parse(require('node:fs').readFileSync(${JSON.stringify(replay)},'utf8'));const b=Buffer.from(k.body,'base64');const hd=Object.fromEntries(k.headers);const s=h.createServer((q,r)=>{r.writeHead(k.status,hd);r.end(b)});s.listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port))`,
      ]);
      const sameRate = await rate(`${same.url}/`);
      same.stop();
      const pageBytes = Buffer.from(JSON.parse(readFileSync(replay, 'utf8')).body, 'base64').byteLength;
      return {
        base,
        baseAfter,
        api,
        pageRate,
        apiCached,
        pageCached,
        sameRate,
        rss,
        rssUncached,
        before,
        pageBytes,
        firstView,
      };
    })();

// ---------- report ----------
const sqliteVersion = new Database(':memory:').prepare('select sqlite_version() v').get() as { v: string };
out(`# Benchmark: ${backend}, ${size.toLocaleString('en-US')} articles`);
out();
out(
  `Command: \`npm run bench -- --size ${size} --backend ${backend} --seconds ${seconds}${queries === 40 ? '' : ` --queries ${queries}`}${warmups === 5 ? '' : ` --warm ${warmups}`}${searchOnly ? ' --search-only' : ''}${httpOnly ? ' --http-only' : ''}${values.kept ? ' --kept' : ''}${given ? ` --data ${given}` : ''}${values.before ? ` --before ${values.before}` : ''}${values.classes ? ` --classes '${values.classes}'` : ''}${values.slowest !== '0' ? ` --slowest ${values.slowest}` : ''}${values.out ? ` --out ${values.out}` : ''}\``,
);
out(
  `Machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), Node ${process.version}, SQLite ${sqliteVersion.v}${backend === 'postgres' ? ', PostgreSQL 15' : ''}; run ${new Date().toISOString().slice(0, 16)}Z.`,
);
out(
  `Machine load (1-minute average) at start ${loadAtStart.toFixed(1)}, at end ${loadavg()[0]!.toFixed(1)}${Math.max(loadAtStart, loadavg()[0]!) > cpus().length ? `: above ${cpus().length}, other work shared the cores and every figure is slower alike; compare ratios within one table` : ` on ${cpus().length} cores: the machine was otherwise quiet`}.`,
);
out();
if (loaded) {
  out(
    `The archive (${size.toLocaleString('en-US')} synthetic articles, bench/synthetic.ts, the same as a full run loads) was loaded beforehand into ${given ?? `the schema ${schema}`} through the store, as a run loads it, and optimized; its load is not measured here.`,
  );
  out();
}
if (!loaded) {
  out('## Load');
  out('| figure | value |');
  out('|---|---|');
  out(
    `| articles loaded | ${size.toLocaleString('en-US')} in ${loadSeconds.toFixed(1)} s of store time (generating the text not counted) |`,
  );
  out(
    `| load rate (store + index, one transaction per bulletin of 10) | ${Math.round(size / loadSeconds).toLocaleString('en-US')} articles/s |`,
  );
  if (backend === 'sqlite') {
    out(
      `| the first ${sampleArticles.toLocaleString('en-US')} articles into the empty archive (ours) | ${Math.round(sampleArticles / (sampleStoreMs / 1000)).toLocaleString('en-US')} articles/s |`,
    );
    out(
      `| engine alone: the same ${sampleArticles.toLocaleString('en-US')} articles into an empty bare FTS5 table, 10 rows a transaction | ${Math.round(engineLoadRate).toLocaleString('en-US')} articles/s (ours ${((sampleArticles / (sampleStoreMs / 1000) / engineLoadRate) * 100).toFixed(0)} % of it) |`,
    );
    out(`| FTS5 optimize after load | ${optimizeSeconds.toFixed(1)} s |`);
  }
  out(
    `| top-k lists made ahead after the load (as \`dateline reindex --lists-only\`) | ${listsMade.toLocaleString('en-US')} lists in ${listsSeconds.toFixed(1)} s |`,
  );
  out(`| text loaded | ${(textBytes / 1e6).toFixed(1)} MB |`);
  out(
    `| on disk, everything (text, pages, index) | ${(indexBytes / 1e6).toFixed(1)} MB = ${(indexBytes / textBytes).toFixed(2)} MB per MB of text |`,
  );
  out(
    `| full-text index alone (${backend === 'sqlite' ? 'FTS5 shadow tables' : 'GIN index + tsvector column'}) | ${(ftsBytes / 1e6).toFixed(1)} MB = ${(ftsBytes / textBytes).toFixed(2)}× the text |`,
  );
  if (!searchOnly) {
    out(
      `| PDF ingest, whole pipeline (text layer) | ${demoPages} pages in ${ingestSeconds.toFixed(2)} s = ${(demoPages / ingestSeconds).toFixed(1)} pages/s (${ingestFailed} failed) |`,
    );
    out(
      `| OCR, whole pipeline (scanned copies at 200 dpi) | ${ocrPages} pages in ${ocrWall.toFixed(1)} s wall; ${ocrCpuPerPage.toFixed(1)} CPU seconds per page, i.e. per page per core (${ocrFailed} failed) |`,
    );
  }
}
if (results.length) {
  out();
  out(
    `## Search latency, ms (${queries} queries per class, one client; ours = SearchService with facets and snippets, with the top-k layer on (the default) and off (every match ranked, as before the layer), on the same archive; engine = hand-written SQL: top 20 by rank with snippet + exact count; each query run once untimed through all three, then timed through all three, taking turns at going first)`,
  );
  out(
    '| class | avg matches | ours p50 | ours p95 | ours p99 | top-k off p50 | top-k off p95 | engine p50 | engine p95 | p95 ratio ours/engine | p95 ratio on/off | first search p95 | same top 20 on and off | same total (said "about") |',
  );
  out('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    out(
      `| ${r.name} | ${r.hits.toLocaleString('en-US')} | ${ms(pct(r.ours, 50))} | ${ms(pct(r.ours, 95))} | ${ms(pct(r.ours, 99))} | ${ms(pct(r.off, 50))} | ${ms(pct(r.off, 95))} | ${ms(pct(r.engine, 50))} | ${ms(pct(r.engine, 95))} | ${(pct(r.ours, 95) / pct(r.engine, 95)).toFixed(2)}× | ${(pct(r.ours, 95) / pct(r.off, 95)).toFixed(2)}× | ${r.first.length ? ms(pct(r.first, 95)) : '-'} | ${r.same}/${r.ours.length} | ${r.sameTotal}/${r.ours.length} (${r.estimated}) |`,
    );
  }
  const cut = results.filter((r) => r.stopped.some((n) => n));
  if (cut.length) {
    out();
    out(
      `Stopped at PostgreSQL's ${SEARCH_TIMEOUT_MS / 1000} s statement_timeout (a search's limit, put on the engine's statements too), timed queries ours / top-k off / engine: ${cut.map((r) => `${r.name} ${r.stopped.join(' / ')}`).join('; ')}. A stopped query counts at the time it stopped, so a percentile near ${SEARCH_TIMEOUT_MS.toLocaleString('en-US')} ms means that long or longer; its answer is not compared ("same top 20").`,
    );
  }
  const common = results.find((r) => r.name === 'one common word');
  // (Not searched when --classes leaves it out.)
  if (common) out();
  if (common)
    out(
      `One common word with the top-k layer: a word's first search reads its list when the lists were made ahead (\`dateline reindex\`, or the refresh after an ingest), else makes it (untimed above; ${common.first.length} of the timed queries asked a word for the first time: p50 ${common.first.length ? ms(pct(common.first, 50)) : '-'}, p95 ${common.first.length ? ms(pct(common.first, 95)) : '-'} ms, beside p50 ${ms(pct(common.off, 50))} ms for any search with the layer off); every later search reads the list. A prefix is answered from a list of its own, made by its first search.${backend === 'sqlite' ? ' Several common words, phrases, NEAR and common words by date are merged over the lists (a phrase or NEAR group of common words gets a list of its own on its first search, as does a NEAR group of a rarer word with a word in most articles, and so do several words ANDed that more than 0.5 % of the articles hold together when the merge cannot prove their page, docs/adr/0017: "first search p95"); a total said to be "about" is estimated from a sample. Queries with a rare word are searched as before, so their on/off ratio is noise.' : ' A phrase, a NEAR group or several words ANDed that more than 0.5 % of the articles hold together gets a list of its own, made by its first search and read by later ones ("first search p95", docs/adr/0016); an OR or NEAR group is merged over its words\' lists (docs/adr/0015) and date order is walked (docs/adr/0014). Other searches with several words are ranked over every match (ts_rank weighs the words\' distances, so no merge bounds them), so their on/off ratio is noise.'}`,
    );
  const fix = afterCorrection;
  out();
  out(
    `Common word's first search after one correction (docs/adr/0013): ${fix.patched.length} readers' corrections of one article each (two words of its body swapped; no refresh between them, so the log holds 1 to ${fix.patched.length} of them), each followed by the first search of a top-30 word the article holds (its list patched from the change log): p50 ${ms(pct(fix.patched, 50))}, max ${ms(Math.max(...fix.patched))} ms; of a rank 30–300 word it does not hold (its list read as it is): p50 ${ms(pct(fix.read, 50))}, max ${ms(Math.max(...fix.read))} ms; the top-30 word with the layer off (what that search cost before the change log, when one correction made every list stale): p50 ${ms(pct(fix.off, 50))} ms. Lists made again meanwhile: ${fix.made}.`,
  );
  const rare = results.find((r) => r.name === 'one rare word');
  const variant = results.find((r) => r.name === 'variant-tolerant');
  if (rare && variant) out();
  if (rare && variant)
    out(
      `Variant-tolerant: the engine columns run the words the variants expanded to (one OR query). The same OR query through our search with variants off: p50 ${ms(pct(samePlain, 50))}, p95 ${ms(pct(samePlain, 95))} ms, so variant matching costs ${(pct(variant.ours, 95) / pct(samePlain, 95)).toFixed(2)}× (p95; ${(pct(variant.ours, 50) / pct(samePlain, 50)).toFixed(2)}× at p50) a plain query for the same words. Beside one rare word (ours, p95): ${(pct(variant.ours, 95) / pct(rare.ours, 95)).toFixed(1)}×.`,
    );
  out();
}
if (http) {
  const {
    base,
    baseAfter,
    api,
    pageRate,
    apiCached,
    pageCached,
    sameRate,
    rss,
    rssUncached,
    before,
    pageBytes,
    firstView,
  } = http;
  out(`## HTTP (autocannon, 8 connections, ${seconds} s each, loopback)`);
  out(
    `Uncached rows go round ${spread.length} articles spread over the archive and ${words.length} words of rank 100–2,000, each asked once of every server before timing (so an article page's related articles are read from the list kept at that first view, migration 17; the first-view row asks articles never asked before)${before ? `; "before" is the code in ${values.before} serving the same archive, each pair measured twice taking turns (before, after, after, before) and averaged` : ''}.`,
  );
  out();
  out('| target | requests/s | p99 ms | errors | share of plain node:http |');
  out('|---|---|---|---|---|');
  out(`| plain node:http, fixed body | ${Math.round(base.rps)} | ${base.p99} | ${base.errors} | 100 % |`);
  out(
    `| plain node:http, fixed body, again at the end | ${Math.round(baseAfter.rps)} | ${baseAfter.p99} | ${baseAfter.errors} | ${((baseAfter.rps / base.rps) * 100).toFixed(0)} % |`,
  );
  const row = (name: string, r: { rps: number; p99: number; errors: number }) =>
    out(
      `| ${name} | ${Math.round(r.rps)} | ${r.p99} | ${r.errors} | ${((r.rps / base.rps) * 100).toFixed(0)} % |`,
    );
  if (before) {
    row('before: search API, every request rendered (page cache off)', before.api);
    row('before: article page, every request rendered (page cache off)', before.pageRate);
    row("before: article page, each request an article's first view (page cache off)", before.firstView);
  }
  row('search API, every request rendered (page cache off)', api);
  row('article page, every request rendered (page cache off)', pageRate);
  row(
    `article page, each request an article's first view (page cache off; ${(before ? firstViews.length / 2 : firstViews.length).toLocaleString('en-US')} articles, ${Math.round(firstView.rps * seconds).toLocaleString('en-US')} requests)`,
    firstView,
  );
  row('search API, repeat requests (page cache on, the default)', apiCached);
  row('article page, repeat views (page cache on, the default)', pageCached);
  row(
    `plain node:http sending the article page's own headers and ${(pageBytes / 1024).toFixed(1)} KB body (a cached page's ceiling)`,
    sameRate,
  );
  out();
  out(
    `Before the warm-up each server read the archive's vocabulary (an article page does not wait for it, and shows no related articles until it is read), timed until an article page showed related articles: ${vocabularySeconds.map((x) => `${x.toFixed(1)} s`).join(', ')}.`,
  );
  out();
  out(
    `A cached article page runs at ${((pageCached.rps / sameRate.rps) * 100).toFixed(0)} % of plain node:http sending the same bytes; that server itself runs at ${((sameRate.rps / base.rps) * 100).toFixed(0)} % of the fixed 5-byte body, which is what the answer's size costs.`,
  );
  out();
  out(
    `Peak server memory (VmHWM of either serve process under that load): ${rss.toFixed(0)} MB (the uncached server: ${rssUncached.toFixed(0)} MB${before ? `; before: ${before.rss.toFixed(0)} MB` : ''}).`,
  );
}
await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
const file = join(import.meta.dirname, 'results', values.out ?? `${backend}-${size}.md`);
await writeFile(file, `${lines.join('\n')}\n`);
process.stdout.write(`${lines.join('\n')}\n\nwritten to ${file}\n`);
if (!values.keep) {
  await rm(work, { recursive: true, force: true });
  if (dbUrl && !loaded) {
    const c = new pg.Client({ connectionString: values.pg });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  }
} else if (existsSync(work)) log(`kept ${work}`);
