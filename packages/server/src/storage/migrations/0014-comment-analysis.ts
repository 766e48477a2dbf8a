import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The text analysis of comments (the text answers of complete responses):
 *
 * - `themes`: an organization's themes (built-in, discovered in its comments, or written by a
 *   user), a name unique per organization whatever its case.
 * - `comment_analyses`: one row per comment, keyed by response and question, with the response's
 *   dimensions copied in so that the explorer filters and pages without a join; `text` is the
 *   comment as stored (masked when the organization masks, cut to the analysed length).
 * - `comment_themes`: one row per comment and theme it mentions, with the dimensions and scores
 *   that theme statistics and the change scan aggregate without reading the comments.
 * - `comment_settings`: per organization, whether comments are masked, and whether the built-in
 *   themes were copied into its themes (once: a deleted built-in theme stays deleted).
 * - `comment_analysis_runs`: the progress of the latest analysis over an organization's history.
 *
 * Full-text search: on SQLite an FTS5 table over `comment_analyses.text` (external content, kept
 * in step by triggers, so every writer keeps it right); on PostgreSQL a generated `tsvector`
 * column with a GIN index. Both stem English words (Porter and Snowball).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  const orgRef = 'organizations.id';

  await db.schema
    .createTable('themes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references(orgRef).onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('keywords_json', 'text', (c) => c.notNull())
    /** built-in | discovered | user */
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await sql`CREATE UNIQUE INDEX themes_org_name ON themes (organization_id, lower(name))`.execute(
    db,
  );

  await sql`
    CREATE TABLE comment_analyses (
      response_id text NOT NULL,
      question_key text NOT NULL,
      organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
      survey_id text NOT NULL,
      touchpoint_id text,
      customer_id text,
      segment_key text NOT NULL,
      day text NOT NULL,
      submitted_at text NOT NULL,
      nps integer,
      text text NOT NULL,
      score double precision NOT NULL,
      label text NOT NULL,
      language text NOT NULL,
      english integer NOT NULL,
      truncated integer NOT NULL,
      themes_json text NOT NULL,
      analyzed_at text NOT NULL,
      PRIMARY KEY (response_id, question_key)
    )`.execute(db);
  // The explorer lists newest first and pages by (day, submitted_at, response_id, question_key)
  // (a comment's day is its submission's UTC day): one index serves the order and a period. Its
  // last columns answer theme statistics and the sentiment filter without reading the rows.
  await sql`
    CREATE INDEX comment_analyses_org_time
    ON comment_analyses (
      organization_id, day, submitted_at, response_id, question_key, nps, score, label
    )`.execute(db);
  // The same order within a touchpoint (the explorer opened from a touchpoint).
  await sql`
    CREATE INDEX comment_analyses_org_touchpoint_time
    ON comment_analyses (organization_id, touchpoint_id, day, submitted_at, response_id, question_key)`.execute(
    db,
  );

  await sql`
    CREATE TABLE comment_themes (
      organization_id text NOT NULL,
      theme_id text NOT NULL,
      response_id text NOT NULL,
      question_key text NOT NULL,
      day text NOT NULL,
      touchpoint_id text,
      segment_key text NOT NULL,
      score double precision NOT NULL,
      nps integer,
      PRIMARY KEY (theme_id, response_id, question_key)
    )`.execute(db);
  // Leads with (organization_id, theme_id, day); the rest answers theme statistics from the index.
  await sql`
    CREATE INDEX comment_themes_org_theme_day
    ON comment_themes (organization_id, theme_id, day, response_id, nps, score)`.execute(db);
  // A comment analysed again replaces its theme rows.
  await sql`CREATE INDEX comment_themes_response ON comment_themes (response_id, question_key)`.execute(
    db,
  );

  await db.schema
    .createTable('comment_settings')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('mask_personal_data', 'integer', (c) => c.notNull())
    .addColumn('built_in_themes_added', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('comment_analysis_runs')
    .addColumn('organization_id', 'text', (c) =>
      c.primaryKey().references(orgRef).onDelete('cascade'),
    )
    .addColumn('analysed', 'integer', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull())
    .addColumn('running', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .execute();

  if (sqlite) {
    await sql`
      CREATE VIRTUAL TABLE comment_search USING fts5(
        text,
        content = 'comment_analyses',
        content_rowid = 'rowid',
        tokenize = 'porter unicode61 remove_diacritics 2'
      )`.execute(db);
    await sql`
      CREATE TRIGGER comment_search_insert AFTER INSERT ON comment_analyses BEGIN
        INSERT INTO comment_search (rowid, text) VALUES (new.rowid, new.text);
      END`.execute(db);
    await sql`
      CREATE TRIGGER comment_search_delete AFTER DELETE ON comment_analyses BEGIN
        INSERT INTO comment_search (comment_search, rowid, text) VALUES ('delete', old.rowid, old.text);
      END`.execute(db);
    await sql`
      CREATE TRIGGER comment_search_update AFTER UPDATE OF text ON comment_analyses BEGIN
        INSERT INTO comment_search (comment_search, rowid, text) VALUES ('delete', old.rowid, old.text);
        INSERT INTO comment_search (rowid, text) VALUES (new.rowid, new.text);
      END`.execute(db);
  } else {
    await sql`
      ALTER TABLE comment_analyses
      ADD COLUMN search tsvector GENERATED ALWAYS AS (to_tsvector('english', text)) STORED`.execute(
      db,
    );
    await sql`CREATE INDEX comment_analyses_search ON comment_analyses USING gin (search)`.execute(
      db,
    );
  }
}
