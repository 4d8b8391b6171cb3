/**
 * Every article's date, ordinal and dateline place by seq, held in memory (typed arrays: 12 bytes an
 * article), so that a search ranked by the engine makes its year and place counts, and breaks its ties by
 * date, without looking each match up in the `article_hit` index: at 1M articles those lookups were most of
 * a search of a few thousand matches (two words, an OR of variants), more than FTS5's own walk. Read whole
 * on first use; kept current by the archive's last seq (articles added since are read) and its change log
 * (the articles changed since are read again; a log that no longer reaches back reads everything again).
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
  private maxSeq = -1;
  private changes = -1;

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
    for (const [seq, date, ordinal, place] of rows) {
      if (seq >= this.date.length) this.grow(seq);
      let d = this.dateIds.get(date);
      if (d === undefined) {
        d = this.dates.push(date);
        this.years.push(Number(date.slice(0, 4)));
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
}
