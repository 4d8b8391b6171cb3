/** Versioned schema of the PostgreSQL backend. Append new migrations; never edit an applied one. */
import type pg from 'pg';

export const pgMigrations: { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'archive',
    sql: `
CREATE TABLE title (id serial PRIMARY KEY, slug text NOT NULL UNIQUE, name text NOT NULL);
CREATE TABLE edition (
  id serial PRIMARY KEY,
  title_id integer NOT NULL REFERENCES title(id),
  date text NOT NULL,
  volume text, number text,
  page_count integer NOT NULL,
  source_hash text NOT NULL,
  source_name text NOT NULL,
  pdf_key text NOT NULL,
  ingested_at text NOT NULL,
  UNIQUE (title_id, date)
);
CREATE INDEX edition_date ON edition(date);
CREATE INDEX edition_hash ON edition(source_hash);
CREATE TABLE page (
  edition_id integer NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
  number integer NOT NULL,
  text text NOT NULL,
  width real NOT NULL,
  height real NOT NULL,
  words jsonb NOT NULL,
  PRIMARY KEY (edition_id, number)
);
CREATE TABLE article (
  seq bigserial PRIMARY KEY,
  id text NOT NULL UNIQUE,
  edition_id integer NOT NULL REFERENCES edition(id) ON DELETE CASCADE,
  date text NOT NULL,
  ordinal integer NOT NULL,
  slug text NOT NULL,
  headline_printed text NOT NULL,
  headline text NOT NULL,
  kicker text, byline text,
  dateline_raw text, dateline_place text, dateline_date text, dateline_agency text,
  body text NOT NULL,
  first_page integer NOT NULL,
  last_page integer NOT NULL,
  word_count integer NOT NULL,
  tsv tsvector NOT NULL
);
CREATE INDEX article_edition ON article(edition_id, ordinal);
CREATE INDEX article_date ON article(date, ordinal);
CREATE INDEX article_tsv ON article USING gin(tsv);
CREATE TABLE reference (
  source_id text NOT NULL REFERENCES article(id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  text text NOT NULL,
  kind text NOT NULL,
  page integer NOT NULL,
  target_id text,
  PRIMARY KEY (source_id, ordinal)
);
CREATE INDEX reference_target ON reference(target_id);
CREATE TABLE ingest_event (
  id bigserial PRIMARY KEY,
  at text NOT NULL,
  path text NOT NULL,
  status text NOT NULL,
  date text,
  articles integer NOT NULL,
  pages integer NOT NULL,
  error text
);
CREATE TABLE blob (key text PRIMARY KEY, bytes bytea NOT NULL);
CREATE TABLE blob_derived (key text NOT NULL, name text NOT NULL, bytes bytea NOT NULL, PRIMARY KEY (key, name));
CREATE TABLE job (
  id bigserial PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued',
  attempts integer NOT NULL DEFAULT 0,
  locked_by text,
  heartbeat_at timestamptz,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX job_status ON job(status, id);
`,
  },
  {
    version: 2,
    name: 'write counter',
    sql: "CREATE TABLE archive_meta (key text PRIMARY KEY, value bigint NOT NULL); INSERT INTO archive_meta VALUES ('writes', 0);",
  },
  {
    version: 4,
    name: 'ocr pages',
    sql: `
CREATE TABLE ocr_page (
  source_hash text NOT NULL,
  page integer NOT NULL,
  lines jsonb NOT NULL,
  seconds double precision NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (source_hash, page)
);`,
  },
  {
    // The same number as the SQLite migration that makes the same change.
    version: 5,
    name: 'edition language',
    sql: 'ALTER TABLE edition ADD COLUMN language text;',
  },
  // Admin tokens are 6 on both backends.
  {
    version: 6,
    name: 'admin tokens',
    sql: `CREATE TABLE admin_token (
  id serial PRIMARY KEY,
  label text NOT NULL UNIQUE,
  token_hash text NOT NULL UNIQUE,
  created_at text NOT NULL,
  revoked_at text
);`,
  },
  {
    // 9 on both backends: what the stored PDF is (see the SQLite migration).
    version: 9,
    name: 'edition source kind',
    sql: `ALTER TABLE edition ADD COLUMN source_kind text NOT NULL DEFAULT 'pdf';
UPDATE edition SET source_kind = 'derived' WHERE pdf_key <> source_hash;`,
  },
  {
    // PostgreSQL only: the rate limit shared by every web process on the database (postgres-rate-limiter.ts).
    version: 10,
    name: 'shared rate limit',
    sql: `CREATE UNLOGGED TABLE rate_bucket (
  client text PRIMARY KEY,
  tokens double precision NOT NULL,
  granted boolean NOT NULL,
  at timestamptz NOT NULL
);`,
  },
  {
    // 11 on both backends: the credit line and the parts of a continued story (see sqlite-migrations.ts).
    version: 11,
    name: 'article credit and parts',
    sql: 'ALTER TABLE article ADD COLUMN credit text; ALTER TABLE article ADD COLUMN parts text;',
  },
  {
    // 12 on both backends: the top-k lists (see sqlite-migrations.ts). Statement triggers with transition
    // tables, so a DELETE that removes no article (a new date's first ingest) does not count as a change.
    version: 12,
    name: 'search top-k lists',
    sql: `INSERT INTO archive_meta VALUES ('article_changes', 0);
CREATE TABLE search_topk (
  term text PRIMARY KEY,
  built_seq bigint NOT NULL,
  changes bigint NOT NULL,
  df integer NOT NULL,
  body text NOT NULL
);
CREATE FUNCTION article_topk_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM gone) THEN
    UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes';
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER article_topk_ad AFTER DELETE ON article REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION article_topk_changed();
CREATE TRIGGER article_topk_au AFTER UPDATE ON article REFERENCING OLD TABLE AS gone
  FOR EACH STATEMENT EXECUTE FUNCTION article_topk_changed();`,
  },
  {
    // 13 on both backends: where an article stands on its pages, JSON (see sqlite-migrations.ts).
    version: 13,
    name: 'article regions',
    sql: 'ALTER TABLE article ADD COLUMN regions text;',
  },
  {
    // 14 on both backends: reader corrections (see sqlite-migrations.ts). The original reading is searched
    // through the vector: the store writes the body's weight D from the current body and `original_text`.
    version: 14,
    name: 'reader corrections',
    sql: `ALTER TABLE article ADD COLUMN original_text text;
CREATE TABLE article_version (
  seq bigserial PRIMARY KEY,
  article_id text NOT NULL,
  version integer NOT NULL,
  at text NOT NULL,
  contributor text NOT NULL,
  contributor_key text NOT NULL,
  comment text,
  change text NOT NULL,
  status text NOT NULL,
  refers_to text,
  snapshot text NOT NULL,
  detail text,
  superseded integer NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX article_version_live ON article_version(article_id, version) WHERE superseded = 0;
CREATE INDEX article_version_at ON article_version(at);
CREATE INDEX article_version_status ON article_version(status, at);
CREATE INDEX article_version_key ON article_version(contributor_key, at);
CREATE TABLE article_lock (article_id text PRIMARY KEY, at text NOT NULL);
CREATE TABLE contributor_ban (contributor_key text PRIMARY KEY, at text NOT NULL);
CREATE TABLE article_alias (old_id text PRIMARY KEY, article_id text NOT NULL, at text NOT NULL);
CREATE TABLE archive_secret (name text PRIMARY KEY, value text NOT NULL);`,
  },
  {
    // 15 on both backends: what a piece of a page is (see sqlite-migrations.ts).
    version: 15,
    name: 'article kind',
    sql: "ALTER TABLE article ADD COLUMN kind text NOT NULL DEFAULT 'article';",
  },
  {
    // 16 on both backends: the change log of the top-k lists (see sqlite-migrations.ts, docs/adr/0013). Row
    // triggers now: each deleted article, and each whose vector, date, ordinal or place changed, is counted and
    // logged with its vector before and after (none after a deletion). The count's row lock orders the ids as
    // the transactions commit. Seqs are never given again (bigserial).
    version: 16,
    name: 'top-k change log',
    sql: `CREATE TABLE article_change (
  id bigint PRIMARY KEY,
  seq bigint NOT NULL,
  date text,
  place text,
  before tsvector,
  after tsvector
);
CREATE INDEX article_change_seq ON article_change(seq, id);
CREATE INDEX search_topk_changes ON search_topk(changes);
INSERT INTO archive_meta SELECT 'article_change_floor', value FROM archive_meta WHERE key = 'article_changes';
DROP TRIGGER article_topk_ad ON article;
DROP TRIGGER article_topk_au ON article;
DROP FUNCTION article_topk_changed();
CREATE FUNCTION article_topk_logged() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  UPDATE archive_meta SET value = value + 1 WHERE key = 'article_changes' RETURNING value INTO n;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO article_change VALUES (n, OLD.seq, OLD.date, OLD.dateline_place, OLD.tsv, NULL);
  ELSE
    INSERT INTO article_change VALUES (n, OLD.seq, OLD.date, OLD.dateline_place, OLD.tsv, NEW.tsv);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER article_topk_ad AFTER DELETE ON article FOR EACH ROW EXECUTE FUNCTION article_topk_logged();
CREATE TRIGGER article_topk_au AFTER UPDATE ON article FOR EACH ROW
  WHEN (OLD.tsv IS DISTINCT FROM NEW.tsv OR OLD.date IS DISTINCT FROM NEW.date
    OR OLD.ordinal IS DISTINCT FROM NEW.ordinal OR OLD.dateline_place IS DISTINCT FROM NEW.dateline_place)
  EXECUTE FUNCTION article_topk_logged();`,
  },
  {
    // 17 on both backends: related articles kept (see sqlite-migrations.ts): each list's article seqs and
    // ts_rank scores in order, with the archive's last seq and change count when it was ranked.
    version: 17,
    name: 'related articles kept',
    sql: `CREATE TABLE related_list (
  key text PRIMARY KEY,
  built_seq bigint NOT NULL,
  changes bigint NOT NULL,
  seqs bigint[] NOT NULL,
  scores float8[] NOT NULL
);`,
  },
  {
    // PostgreSQL only: every counted write notifies its schema's new count (postgres-generation.ts), so a
    // serving process keeps the page cache's stamp in memory instead of reading it for each cached page.
    version: 18,
    name: 'writes notified',
    sql: `CREATE FUNCTION archive_writes_notified() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('dateline_writes', TG_TABLE_SCHEMA || ':' || NEW.value);
  RETURN NULL;
END $$;
CREATE TRIGGER archive_meta_writes AFTER INSERT OR UPDATE ON archive_meta FOR EACH ROW
  WHEN (NEW.key = 'writes') EXECUTE FUNCTION archive_writes_notified();`,
  },
  {
    // 19 on both backends: editions by ingest time, for harvests bounded by datestamp (see sqlite-migrations.ts).
    version: 19,
    name: 'editions by ingest time',
    sql: 'CREATE INDEX edition_ingested ON edition(ingested_at);',
  },
  {
    // PostgreSQL only (SQLite's article_date holds the rowid, which is the seq): a harvest's date range read
    // for its candidate seqs from the index alone, without each article's row (postgres-harvest.ts).
    version: 20,
    name: 'article dates with seqs',
    sql: 'CREATE INDEX article_date_seq ON article(date, seq);',
  },
  {
    // PostgreSQL only, as 20: a harvest bounded by datestamp finds the seqs of the bulletins ingested in its
    // window, and the least of them, from the index alone (postgres-harvest.ts).
    version: 21,
    name: 'article seqs by edition',
    sql: 'CREATE INDEX article_edition_seq ON article(edition_id, seq);',
  },
];

/** Applies the migrations the database has not seen, under an advisory lock so concurrent starts agree. */
export async function migratePostgres(client: pg.PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_lock(727274)');
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migration (version integer PRIMARY KEY, name text, applied_at timestamptz DEFAULT now())',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migration');
    const applied = new Set(rows.map((r) => r.version));
    let n = 0;
    for (const m of pgMigrations) {
      if (applied.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migration (version, name) VALUES ($1, $2)', [
          m.version,
          m.name,
        ]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      n++;
    }
    return n;
  } finally {
    await client.query('SELECT pg_advisory_unlock(727274)');
  }
}
