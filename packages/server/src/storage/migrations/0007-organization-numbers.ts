import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Each organization gets a small number (`organizations.seq`, 1, 2, ...), and the interaction
 * indexes that lead with the organization use it instead of the 36-character id: the unique
 * external id becomes (organization_seq, external_id) and the time index (organization_seq,
 * occurred_at). Index entries shrink by a third, and a bulk import writes that many fewer pages
 * per commit, so the writer spends less time per row. `organization_id` stays on every row, with
 * its foreign key and cascade.
 *
 * SQLite cannot drop a table constraint, so there the interactions table is rebuilt (the
 * documented create-copy-drop-rename procedure, with foreign keys off while it runs).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await sql`ALTER TABLE organizations ADD COLUMN seq integer`.execute(db);
  await sql`
    UPDATE organizations SET seq = (
      SELECT count(*) FROM organizations o
      WHERE o.created_at < organizations.created_at
        OR (o.created_at = organizations.created_at AND o.id <= organizations.id)
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX organizations_seq ON organizations (seq)`.execute(db);
  if (sqlite) await rebuildSqliteInteractions(db);
  else await alterPostgresInteractions(db);
}

async function alterPostgresInteractions(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE organizations ALTER COLUMN seq SET NOT NULL`.execute(db);
  // New numbers from a sequence: two organizations created at once never draw the same one.
  await sql`CREATE SEQUENCE organizations_seq_counter OWNED BY organizations.seq`.execute(db);
  await sql`
    SELECT setval('organizations_seq_counter', COALESCE(MAX(seq), 0) + 1, false)
    FROM organizations`.execute(db);
  await sql`
    ALTER TABLE organizations ALTER COLUMN seq SET DEFAULT nextval('organizations_seq_counter')
  `.execute(db);
  await sql`ALTER TABLE interactions ADD COLUMN organization_seq integer`.execute(db);
  await sql`
    UPDATE interactions i SET organization_seq = o.seq
    FROM organizations o WHERE o.id = i.organization_id`.execute(db);
  await sql`ALTER TABLE interactions ALTER COLUMN organization_seq SET NOT NULL`.execute(db);
  await sql`ALTER TABLE interactions DROP CONSTRAINT interactions_org_external_id`.execute(db);
  await sql`
    ALTER TABLE interactions ADD CONSTRAINT interactions_org_external_id
    UNIQUE (organization_seq, external_id)`.execute(db);
  await sql`DROP INDEX interactions_org_occurred`.execute(db);
  await sql`
    CREATE INDEX interactions_org_occurred ON interactions (organization_seq, occurred_at)
  `.execute(db);
}

const COLUMNS = sql.raw(
  'id, organization_id, external_id, customer_id, touchpoint_id, occurred_at, type, amount, ' +
    'currency, attributes_json, created_at',
);

async function rebuildSqliteInteractions(db: Kysely<unknown>): Promise<void> {
  // The pragma is a no-op inside a transaction: off first, then one transaction for the rebuild.
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (trx) => {
      await sql`
        CREATE TABLE interactions_rebuilt (
          id text PRIMARY KEY,
          organization_id text NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
          organization_seq integer NOT NULL,
          external_id text,
          customer_id text NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
          touchpoint_id text NOT NULL REFERENCES touchpoints (id),
          occurred_at text NOT NULL,
          type text NOT NULL,
          amount double precision,
          currency text,
          attributes_json text NOT NULL,
          created_at text NOT NULL,
          CONSTRAINT interactions_org_external_id UNIQUE (organization_seq, external_id)
        )`.execute(trx);
      await sql`
        INSERT INTO interactions_rebuilt (${COLUMNS}, organization_seq)
        SELECT ${COLUMNS}, (SELECT seq FROM organizations o WHERE o.id = i.organization_id)
        FROM interactions i ORDER BY i.id`.execute(trx);
      await sql`DROP TABLE interactions`.execute(trx);
      await sql`ALTER TABLE interactions_rebuilt RENAME TO interactions`.execute(trx);
      await sql`
        CREATE INDEX interactions_customer ON interactions (customer_id, occurred_at)
      `.execute(trx);
      await sql`
        CREATE INDEX interactions_org_occurred ON interactions (organization_seq, occurred_at)
      `.execute(trx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(trx);
      if (broken.rows.length > 0) {
        throw new Error(`foreign key check failed: ${JSON.stringify(broken.rows.slice(0, 3))}`);
      }
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
