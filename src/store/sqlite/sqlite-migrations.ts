/** Versioned schema of the SQLite backend. Append new migrations; never edit an applied one. */
import type Database from 'better-sqlite3';

export const migrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'archive',
    sql: `
CREATE TABLE title (
  id INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL
);
CREATE TABLE edition (
  id INTEGER PRIMARY KEY,
  title_id INTEGER NOT NULL REFERENCES title(id),
  date TEXT NOT NULL,
  volume TEXT,
  number TEXT,
  page_count INTEGER NOT NULL,
  source_hash TEXT NOT NULL,
  source_name TEXT NOT NULL,
  pdf_key TEXT NOT NULL,
  ingested_at TEXT NOT NULL,
  UNIQUE (title_id, date)
);
CREATE INDEX edition_date ON edition(date);
CREATE INDEX edition_hash ON edition(source_hash);
CREATE TABLE page (
  edition_id INTEGER NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  text TEXT NOT NULL,
  width REAL NOT NULL,
  height REAL NOT NULL,
  words TEXT NOT NULL,
  PRIMARY KEY (edition_id, number)
);
CREATE TABLE article (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  edition_id INTEGER NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
  date TEXT NOT NULL,
  ordinal INTEGER NOT NULL,
  slug TEXT NOT NULL,
  headline_printed TEXT NOT NULL,
  headline TEXT NOT NULL,
  kicker TEXT,
  byline TEXT,
  dateline_raw TEXT,
  dateline_place TEXT,
  dateline_date TEXT,
  dateline_agency TEXT,
  body TEXT NOT NULL,
  first_page INTEGER NOT NULL,
  last_page INTEGER NOT NULL,
  word_count INTEGER NOT NULL
);
CREATE INDEX article_edition ON article(edition_id, ordinal);
CREATE INDEX article_date ON article(date, ordinal);
CREATE INDEX article_day ON article(substr(date, 6, 5));
CREATE TABLE reference (
  source_id TEXT NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  ordinal INTEGER NOT NULL,
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  page INTEGER NOT NULL,
  target_id TEXT,
  PRIMARY KEY (source_id, ordinal)
);
CREATE INDEX reference_target ON reference(target_id);
CREATE TABLE ingest_event (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  path TEXT NOT NULL,
  status TEXT NOT NULL,
  date TEXT,
  articles INTEGER NOT NULL,
  pages INTEGER NOT NULL,
  error TEXT
);
CREATE VIRTUAL TABLE article_fts USING fts5(
  headline, body, byline, dateline_place,
  content = 'article', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN
  INSERT INTO article_fts(rowid, headline, body, byline, dateline_place)
  VALUES (new.seq, new.headline, new.body, new.byline, new.dateline_place);
END;
CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, headline, body, byline, dateline_place)
  VALUES ('delete', old.seq, old.headline, old.body, old.byline, old.dateline_place);
END;
CREATE TRIGGER article_au AFTER UPDATE ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, headline, body, byline, dateline_place)
  VALUES ('delete', old.seq, old.headline, old.body, old.byline, old.dateline_place);
  INSERT INTO article_fts(rowid, headline, body, byline, dateline_place)
  VALUES (new.seq, new.headline, new.body, new.byline, new.dateline_place);
END;
`,
  },
  {
    version: 2,
    name: 'term statistics',
    sql: "CREATE VIRTUAL TABLE article_vocab USING fts5vocab('article_fts', 'row');",
  },
  {
    version: 3,
    name: 'write counter',
    sql: "CREATE TABLE archive_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL); INSERT INTO archive_meta VALUES ('writes', 0);",
  },
  {
    version: 4,
    name: 'ocr pages',
    sql: `
CREATE TABLE ocr_page (
  source_hash TEXT NOT NULL,
  page INTEGER NOT NULL,
  lines TEXT NOT NULL,
  seconds REAL NOT NULL,
  recorded_at TEXT NOT NULL,
  PRIMARY KEY (source_hash, page)
);`,
  },
  {
    // Version numbers are shared with the PostgreSQL schema: 5 is this change on both.
    version: 5,
    name: 'edition language',
    sql: 'ALTER TABLE edition ADD COLUMN language TEXT;',
  },
  // Admin tokens are 6 on both backends.
  {
    version: 6,
    name: 'admin tokens',
    sql: `CREATE TABLE admin_token (
  id INTEGER PRIMARY KEY,
  label TEXT NOT NULL UNIQUE,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);`,
  },
  {
    // What search needs of every match (date for facets and ties, place for facets) in a narrow index,
    // so counting and ranking a common word does not read each match's wide article row.
    version: 8,
    name: 'search hit index',
    sql: 'CREATE INDEX article_hit ON article(seq, date, ordinal, dateline_place);',
  },
  {
    // 9 on both backends. What the stored PDF is, so `dateline check` holds each edition to what its
    // source guarantees: an edition stored before this whose PDF key differs from its source hash was
    // made from another source (an NDNP issue's page PDFs joined).
    version: 9,
    name: 'edition source kind',
    sql: `ALTER TABLE edition ADD COLUMN source_kind TEXT NOT NULL DEFAULT 'pdf';
UPDATE edition SET source_kind = 'derived' WHERE pdf_key <> source_hash;`,
  },
  {
    // 11 on both backends. A story's credit line ("(Jewish Telegraphic Agency)") and, for a story
    // continued on another page, the page span of each part (JSON), as the segmenter finds them.
    version: 11,
    name: 'article credit and parts',
    sql: `ALTER TABLE article ADD COLUMN credit TEXT;
ALTER TABLE article ADD COLUMN parts TEXT;`,
  },
  {
    // 12 on both backends. The top-k layer (search/top-k.ts): each frequent word's best-scoring articles,
    // its year and place counts, and what they were computed from. Appended articles are merged in at
    // search time; a deleted or changed article counts itself in `article_changes`, which makes every
    // list stale (rebuilt on its word's next search). No existing row is touched.
    version: 12,
    name: 'search top-k lists',
    sql: `INSERT INTO archive_meta VALUES ('article_changes', 0);
CREATE TABLE search_topk (
  term TEXT PRIMARY KEY,
  built_seq INTEGER NOT NULL,
  changes INTEGER NOT NULL,
  df INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE TRIGGER article_topk_ad AFTER DELETE ON article BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
END;
CREATE TRIGGER article_topk_au AFTER UPDATE ON article BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
END;`,
  },
  {
    // 13 on both backends. Where an article stands on its pages (JSON: [{page, x, y, w, h}] in PDF points,
    // origin top-left), as the segmenter or a library's ALTO gives them; NULL for articles stored before,
    // which the article page shows without a cut of the scan.
    version: 13,
    name: 'article regions',
    sql: 'ALTER TABLE article ADD COLUMN regions TEXT;',
  },
  {
    // 14 on both backends. Reader corrections (src/corrections/, docs/adr/0011): every version of an article
    // (version 1, the machine's reading, made when the article is first corrected), locks, banned keys, the
    // ids of merged articles, the archive's secret for contributor keys. Versions have no foreign key: they
    // outlive the article (merged away, or its edition replaced by a new source: then `superseded` is set).
    // Search sees the original beside the current text: `original_text` (the first version's headline and
    // body, only where they differ) is indexed in the body column, through a view as FTS5's content, so
    // highlight(), 'rebuild' and the top-k layer read what was indexed. The FTS5 table is made again.
    version: 14,
    name: 'reader corrections',
    sql: `ALTER TABLE article ADD COLUMN original_text TEXT;
CREATE TABLE article_version (
  seq INTEGER PRIMARY KEY,
  article_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  at TEXT NOT NULL,
  contributor TEXT NOT NULL,
  contributor_key TEXT NOT NULL,
  comment TEXT,
  change TEXT NOT NULL,
  status TEXT NOT NULL,
  refers_to TEXT,
  snapshot TEXT NOT NULL,
  detail TEXT,
  superseded INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX article_version_live ON article_version(article_id, version) WHERE superseded = 0;
CREATE INDEX article_version_at ON article_version(at);
CREATE INDEX article_version_status ON article_version(status, at);
CREATE INDEX article_version_key ON article_version(contributor_key, at);
CREATE TABLE article_lock (article_id TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE contributor_ban (contributor_key TEXT PRIMARY KEY, at TEXT NOT NULL);
CREATE TABLE article_alias (old_id TEXT PRIMARY KEY, article_id TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE archive_secret (name TEXT PRIMARY KEY, value TEXT NOT NULL);
DROP TRIGGER article_ai;
DROP TRIGGER article_ad;
DROP TRIGGER article_au;
DROP TABLE article_fts;
CREATE VIEW article_fts_source AS
  SELECT seq, headline, CASE WHEN original_text IS NULL THEN body ELSE body || char(10, 10) || original_text END AS body,
    byline, dateline_place FROM article;
CREATE VIRTUAL TABLE article_fts USING fts5(
  headline, body, byline, dateline_place,
  content = 'article_fts_source', content_rowid = 'seq',
  tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO article_fts(article_fts) VALUES ('rebuild');
CREATE TRIGGER article_ai AFTER INSERT ON article BEGIN
  INSERT INTO article_fts(rowid, headline, body, byline, dateline_place)
  VALUES (new.seq, new.headline, CASE WHEN new.original_text IS NULL THEN new.body ELSE new.body || char(10, 10) || new.original_text END,
    new.byline, new.dateline_place);
END;
CREATE TRIGGER article_ad AFTER DELETE ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, headline, body, byline, dateline_place)
  VALUES ('delete', old.seq, old.headline, CASE WHEN old.original_text IS NULL THEN old.body ELSE old.body || char(10, 10) || old.original_text END,
    old.byline, old.dateline_place);
END;
CREATE TRIGGER article_au AFTER UPDATE OF headline, body, byline, dateline_place, original_text ON article BEGIN
  INSERT INTO article_fts(article_fts, rowid, headline, body, byline, dateline_place)
  VALUES ('delete', old.seq, old.headline, CASE WHEN old.original_text IS NULL THEN old.body ELSE old.body || char(10, 10) || old.original_text END,
    old.byline, old.dateline_place);
  INSERT INTO article_fts(rowid, headline, body, byline, dateline_place)
  VALUES (new.seq, new.headline, CASE WHEN new.original_text IS NULL THEN new.body ELSE new.body || char(10, 10) || new.original_text END,
    new.byline, new.dateline_place);
END;
UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';`,
  },
  {
    // 15 on both backends. What a piece of a page is (core/types ArticleKind): 'article', 'notices' (a run
    // of family notices, one item) or 'advertisement', as the segmenter or a library's record says.
    // Articles stored before are articles.
    version: 15,
    name: 'article kind',
    sql: "ALTER TABLE article ADD COLUMN kind TEXT NOT NULL DEFAULT 'article';",
  },
  {
    // 16 on both backends. The change log of the top-k lists (docs/adr/0013): each deleted or changed article
    // (its indexed text, date, ordinal or place) is logged by the trigger that counts it, with the count after
    // it as its id, its seq, its date and place before, and its indexed text before (rowid 2·id of
    // article_change_text) and after (2·id + 1; none for a deletion), so a list is patched or made stale only
    // when the article held its term. A seq SQLite gives again (the last one deleted) is logged as a change from
    // nothing. Lists made before this stay usable when made at the current count (`article_change_floor`:
    // the log reaches back to it). No existing row is touched.
    version: 16,
    name: 'top-k change log',
    sql: `CREATE TABLE article_change (
  id INTEGER PRIMARY KEY,
  seq INTEGER NOT NULL,
  date TEXT,
  place TEXT
);
CREATE INDEX article_change_seq ON article_change(seq, id);
CREATE VIRTUAL TABLE article_change_text USING fts5(
  headline, body, byline, dateline_place,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE INDEX search_topk_changes ON search_topk(changes);
INSERT INTO archive_meta SELECT 'article_change_floor', value FROM archive_meta WHERE key = 'article_changes';
DROP TRIGGER article_topk_ad;
DROP TRIGGER article_topk_au;
CREATE TRIGGER article_topk_ad AFTER DELETE ON article BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
  INSERT INTO article_change (id, seq, date, place)
  VALUES ((SELECT value FROM archive_meta WHERE key = 'article_changes'), old.seq, old.date, old.dateline_place);
  INSERT INTO article_change_text (rowid, headline, body, byline, dateline_place)
  VALUES (2 * (SELECT value FROM archive_meta WHERE key = 'article_changes'), old.headline,
    CASE WHEN old.original_text IS NULL THEN old.body ELSE old.body || char(10, 10) || old.original_text END,
    old.byline, old.dateline_place);
END;
CREATE TRIGGER article_topk_au AFTER UPDATE ON article
WHEN old.headline IS NOT new.headline OR old.body IS NOT new.body OR old.byline IS NOT new.byline
  OR old.dateline_place IS NOT new.dateline_place OR old.original_text IS NOT new.original_text
  OR old.date IS NOT new.date OR old.ordinal IS NOT new.ordinal BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
  INSERT INTO article_change (id, seq, date, place)
  VALUES ((SELECT value FROM archive_meta WHERE key = 'article_changes'), old.seq, old.date, old.dateline_place);
  INSERT INTO article_change_text (rowid, headline, body, byline, dateline_place)
  VALUES (2 * (SELECT value FROM archive_meta WHERE key = 'article_changes'), old.headline,
    CASE WHEN old.original_text IS NULL THEN old.body ELSE old.body || char(10, 10) || old.original_text END,
    old.byline, old.dateline_place);
  INSERT INTO article_change_text (rowid, headline, body, byline, dateline_place)
  VALUES (2 * (SELECT value FROM archive_meta WHERE key = 'article_changes') + 1, new.headline,
    CASE WHEN new.original_text IS NULL THEN new.body ELSE new.body || char(10, 10) || new.original_text END,
    new.byline, new.dateline_place);
END;
CREATE TRIGGER article_topk_ai AFTER INSERT ON article
WHEN EXISTS (SELECT 1 FROM article_change WHERE seq = new.seq) BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
  INSERT INTO article_change (id, seq, date, place)
  VALUES ((SELECT value FROM archive_meta WHERE key = 'article_changes'), new.seq, NULL, NULL);
  INSERT INTO article_change_text (rowid, headline, body, byline, dateline_place)
  VALUES (2 * (SELECT value FROM archive_meta WHERE key = 'article_changes') + 1, new.headline,
    CASE WHEN new.original_text IS NULL THEN new.body ELSE new.body || char(10, 10) || new.original_text END,
    new.byline, new.dateline_place);
END;`,
  },
  {
    // 17 on both backends. Related articles kept (docs/performance.md, "Pages at scale"): an article page's
    // ranking of its rarest words, kept under the query it ran (its FTS5 text and the places asked for) with
    // the archive's last seq and change count when it was ranked. It is read as it is while no article added
    // since holds one of its words and no change logged since (migration 16) held one before or after;
    // otherwise it is ranked again. Nothing else refers to it: dropping its rows only costs rankings.
    version: 17,
    name: 'related articles kept',
    sql: `CREATE TABLE related_list (
  key TEXT PRIMARY KEY,
  built_seq INTEGER NOT NULL,
  changes INTEGER NOT NULL,
  hits TEXT NOT NULL
) WITHOUT ROWID;`,
  },
  {
    // 19 on both backends (18 is PostgreSQL's alone). Harvests bounded by datestamp (OAI-PMH from/until)
    // start from the bulletins ingested in the window instead of walking every article (docs/adr/0018).
    version: 19,
    name: 'editions by ingest time',
    sql: 'CREATE INDEX edition_ingested ON edition(ingested_at);',
  },
];

/**
 * Applies the migrations the database has not seen yet, each in its own write transaction. Processes
 * opening a new archive at once (a server and a worker, say) each check again under the write lock, so
 * a migration another one applied meanwhile is not applied twice.
 */
export function migrate(db: Database.Database): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)',
  );
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migration').all() as { version: number }[]).map((r) => r.version),
  );
  let count = 0;
  for (const m of migrations) {
    if (applied.has(m.version)) continue;
    const ran = db
      .transaction(() => {
        if (db.prepare('SELECT 1 FROM schema_migration WHERE version = ?').get(m.version)) return false;
        db.exec(m.sql);
        db.prepare('INSERT INTO schema_migration (version, name, applied_at) VALUES (?, ?, ?)').run(
          m.version,
          m.name,
          new Date().toISOString(),
        );
        return true;
      })
      .immediate();
    if (ran) count++;
  }
  return count;
}
