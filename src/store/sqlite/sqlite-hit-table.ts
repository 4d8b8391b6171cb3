/**
 * Every article's date, ordinal and dateline place by seq, held in memory (typed arrays: 12 bytes an
 * article), so that a search ranked by the engine makes its year and place counts, and breaks its ties by
 * date, without looking each match up in the `article_hit` index: at 1M articles those lookups were most of
 * a search of a few thousand matches (two words, an OR of variants), more than FTS5's own walk. Read whole
 * on first use; kept current by the archive's last seq (articles added since are read) and its change log
 * (the articles changed since are read again; a log that no longer reaches back reads everything again).
 * It also says how far seq order is from date order (the latest date below a seq, the earliest above it, kept
 * per block of seqs), so that a search in date order can walk FTS5's matches by seq and know when to stop.
 */
import type { FacetRow } from '../facets.js';
import type { SqliteDb } from './sqlite-database.js';

/** A date range and day filter as the search asks it (ISO dates, MM-DD). */
export interface DateFilter {
  from?: string | undefined;
  to?: string | undefined;
  day?: string | undefined;
}

/** Rows read at a time. */
const CHUNK = 5_000;
/** Seqs per block of the date bounds (latestBefore, earliestAfter). */
const BLOCK = 64;

/** An ISO date's sort key (yyyymmdd), or NaN for a date written otherwise. */
const dayKey = (date: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10)) : NaN;

export class SqliteHitTable {
  /** Each seq's date id + 1 (0: no article), ordinal and place id + 1 (0: no place). */
  private date = new Int32Array(0);
  private ordinal = new Int32Array(0);
  private place = new Int32Array(0);
  private readonly dates: string[] = [];
  /** Each date id's year. */
  private readonly years: number[] = [];
  private readonly dateIds = new Map<string, number>();
  private readonly places: (string | null)[] = [];
  private readonly placeIds = new Map<string | null, number>();
  /** Each date id's sort key (dayKey). */
  private readonly keys: number[] = [];
  /** A date not in ISO form was read: the date bounds are not kept. */
  private unkeyed = false;
  private maxSeq = -1;
  private changes = -1;
  /** Bumped whenever a row is read; the date bounds are made again when they are behind it. */
  private version = 0;
  private boundsVersion = -1;
  /** Per block of seqs: the latest date key of the seqs in it and every block before, and the earliest in it and after. */
  private latestUpTo = new Int32Array(0);
  private earliestFrom = new Int32Array(0);

  constructor(private readonly db: SqliteDb) {}

  /** Brings the table up to the archive as this connection reads it now (call inside the search's read transaction). */
  sync(): void {
    const changes = this.db
      .prepare("SELECT value FROM archive_meta WHERE key = 'article_changes'")
      .pluck()
      .get() as number;
    const maxSeq = (this.db.prepare('SELECT max(seq) FROM article').pluck().get() as number | null) ?? 0;
    if (this.maxSeq < 0 || maxSeq < this.maxSeq) this.reload(maxSeq, changes);
    if (changes !== this.changes) {
      const floor = this.db
        .prepare("SELECT value FROM archive_meta WHERE key = 'article_change_floor'")
        .pluck()
        .get() as number;
      if (changes < this.changes || this.changes < floor) this.reload(maxSeq, changes);
      else {
        const seqs = this.db
          .prepare('SELECT DISTINCT seq FROM article_change WHERE id > ? AND seq <= ?')
          .pluck()
          .all(this.changes, this.maxSeq) as number[];
        for (const s of seqs) this.date[s] = 0;
        this.version++;
        this.read('seq IN (SELECT value FROM json_each(?))', [JSON.stringify(seqs)]);
        this.changes = changes;
      }
    }
    if (maxSeq > this.maxSeq) {
      this.grow(maxSeq);
      this.read('seq > ?', [this.maxSeq]);
      this.maxSeq = maxSeq;
    }
  }

  private reload(maxSeq: number, changes: number) {
    this.version++;
    this.date = new Int32Array(0);
    this.ordinal = new Int32Array(0);
    this.place = new Int32Array(0);
    this.grow(maxSeq);
    this.read('1', []);
    this.maxSeq = maxSeq;
    this.changes = changes;
  }

  private grow(maxSeq: number) {
    if (maxSeq < this.date.length) return;
    const size = Math.max(maxSeq + 1, Math.ceil(this.date.length * 1.25));
    const more = (a: Int32Array) => {
      const b = new Int32Array(size);
      b.set(a);
      return b;
    };
    this.date = more(this.date);
    this.ordinal = more(this.ordinal);
    this.place = more(this.place);
  }

  /** Reads the rows `where` names, a JSON array of them at a time (a row each through the driver costs more). */
  private read(where: string, values: unknown[]) {
    const chunk = this.db.prepare(
      `SELECT json_group_array(json_array(seq, date, ordinal, dateline_place)) AS rows, max(seq) AS last FROM (
         SELECT seq, date, ordinal, dateline_place FROM article INDEXED BY article_hit
         WHERE seq > ? AND ${where} ORDER BY seq LIMIT ${CHUNK})`,
    );
    let after = -1;
    for (;;) {
      const r = chunk.get(after, ...values) as { rows: string; last: number | null };
      if (r.last === null) return;
      this.store(JSON.parse(r.rows) as [number, string, number, string | null][]);
      after = r.last;
    }
  }

  private store(rows: [number, string, number, string | null][]) {
    this.version++;
    for (const [seq, date, ordinal, place] of rows) {
      if (seq >= this.date.length) this.grow(seq);
      let d = this.dateIds.get(date);
      if (d === undefined) {
        d = this.dates.push(date);
        this.years.push(Number(date.slice(0, 4)));
        this.keys.push(dayKey(date));
        if (Number.isNaN(this.keys[d - 1])) this.unkeyed = true;
        this.dateIds.set(date, d);
      }
      let p = this.placeIds.get(place);
      if (p === undefined) {
        p = this.places.push(place);
        this.placeIds.set(place, p);
      }
      this.date[seq] = d;
      this.ordinal[seq] = ordinal;
      this.place[seq] = p;
    }
  }

  /** The article's date, or undefined when the seq holds none. */
  dateOf(seq: number): string | undefined {
    const d = this.date[seq];
    return d ? this.dates[d - 1] : undefined;
  }

  /** The seqs whose article lies in the filter (all those holding an article when it is empty). */
  filter(seqs: number[], f: DateFilter): number[] {
    if (!f.from && !f.to && !f.day) return seqs.filter((s) => this.date[s]! > 0);
    const from = f.from ?? '';
    const to = f.to ?? '\uffff';
    return seqs.filter((s) => {
      const d = this.dateOf(s);
      return d !== undefined && d >= from && d <= to && (!f.day || d.slice(5, 10) === f.day);
    });
  }

  /** Year and place groups of the seqs, as the facet pass over `article_hit` gives them. */
  facetRows(seqs: number[]): FacetRow[] {
    const groups = new Map<number, number>();
    const width = this.places.length + 1;
    for (const s of seqs) {
      const d = this.date[s]!;
      if (d === 0) continue;
      const key = this.years[d - 1]! * width + this.place[s]!;
      groups.set(key, (groups.get(key) ?? 0) + 1);
    }
    return [...groups].map(([key, count]) => ({
      year: Math.floor(key / width),
      place: this.places[(key % width) - 1] ?? null,
      count,
    }));
  }

  /** Orders two seqs by date, then ordinal (the engine's tie-break). */
  compare(a: number, b: number): number {
    const da = this.dateOf(a) ?? '';
    const db = this.dateOf(b) ?? '';
    return da < db ? -1 : da > db ? 1 : this.ordinal[a]! - this.ordinal[b]!;
  }

  /** The highest seq read (0 for an empty archive). */
  get lastSeq(): number {
    return Math.max(0, this.maxSeq);
  }

  /** The article's date key (yyyymmdd), or -1 when the seq holds none. */
  keyOf(seq: number): number {
    const d = this.date[seq];
    return d ? this.keys[d - 1]! : -1;
  }

  ordinalOf(seq: number): number {
    return this.ordinal[seq]!;
  }

  /** Whether the date bounds below can be used (every date read is in ISO form). */
  get keyed(): boolean {
    return !this.unkeyed;
  }

  /** The latest date key of the articles with a seq below `seq` (-1 when there are none). */
  latestBefore(seq: number): number {
    this.bounds();
    const top = Math.min(seq, this.date.length) - 1;
    if (top < 0) return -1;
    const b = Math.floor(top / BLOCK);
    let k = b > 0 ? this.latestUpTo[b - 1]! : -1;
    for (let s = b * BLOCK; s <= top; s++) k = Math.max(k, this.keyOf(s));
    return k;
  }

  /** The earliest date key of the articles with a seq above `seq` (Infinity when there are none). */
  earliestAfter(seq: number): number {
    this.bounds();
    const low = Math.max(0, seq + 1);
    const b = Math.floor(low / BLOCK);
    const end = Math.min((b + 1) * BLOCK, this.date.length);
    let k = b + 1 < this.earliestFrom.length ? this.earliestFrom[b + 1]! : Infinity;
    if (k === 0x7fffffff) k = Infinity;
    for (let s = low; s < end; s++) if (this.date[s]) k = Math.min(k, this.keyOf(s));
    return k;
  }

  /**
   * The first seq from which every article after is dated after `key` (a walk in date order from the end
   * starts below it), and the last seq up to which every article before is dated before it.
   */
  walkFrom(key: number): { below: number; above: number } {
    this.bounds();
    const blocks = this.latestUpTo.length;
    // earliestFrom rises with the block, latestUpTo too: the first block whose earliest is after `key` …
    let lo = 0;
    let hi = blocks;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.earliestFrom[mid]! > key) hi = mid;
      else lo = mid + 1;
    }
    const below = Math.min(lo * BLOCK, this.maxSeq + 1);
    // … and the last block whose latest is before it.
    lo = -1;
    hi = blocks - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.latestUpTo[mid]! < key) lo = mid;
      else hi = mid - 1;
    }
    return { below: Math.max(1, below), above: lo < 0 ? 0 : (lo + 1) * BLOCK - 1 };
  }

  /** Makes the per-block date bounds again when rows were read since. */
  private bounds() {
    if (this.boundsVersion === this.version) return;
    const blocks = Math.ceil(this.date.length / BLOCK);
    this.latestUpTo = new Int32Array(blocks);
    this.earliestFrom = new Int32Array(blocks);
    let latest = -1;
    for (let b = 0; b < blocks; b++) {
      const end = Math.min((b + 1) * BLOCK, this.date.length);
      for (let s = b * BLOCK; s < end; s++) {
        const d = this.date[s]!;
        if (d && this.keys[d - 1]! > latest) latest = this.keys[d - 1]!;
      }
      this.latestUpTo[b] = latest;
    }
    let earliest = 0x7fffffff;
    for (let b = blocks - 1; b >= 0; b--) {
      const end = Math.min((b + 1) * BLOCK, this.date.length);
      for (let s = b * BLOCK; s < end; s++) {
        const d = this.date[s]!;
        if (d && this.keys[d - 1]! < earliest) earliest = this.keys[d - 1]!;
      }
      this.earliestFrom[b] = earliest;
    }
    this.boundsVersion = this.version;
  }
}

/** One hit table per database, shared by its indexes (the layer on and off) and the merge. */
const tables = new WeakMap<SqliteDb, SqliteHitTable>();

/** The database's hit table (made on first use; call `sync()` inside the search's read transaction). */
export function hitTableOf(db: SqliteDb): SqliteHitTable {
  const known = tables.get(db);
  if (known) return known;
  const made = new SqliteHitTable(db);
  tables.set(db, made);
  return made;
}
