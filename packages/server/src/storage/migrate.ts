import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { TDb } from './database.js';
import * as foundation from './migrations/0001-foundation.js';
import * as surveysResponses from './migrations/0002-surveys-responses.js';
import * as rollups from './migrations/0003-rollups.js';
import * as jobsInvitations from './migrations/0004-jobs-invitations.js';
import * as responsesByVersion from './migrations/0005-responses-by-version.js';
import * as widget from './migrations/0006-widget.js';

/** Every migration, in order; names never change once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-surveys-responses': surveysResponses,
  '0003-rollups': rollups,
  '0004-jobs-invitations': jobsInvitations,
  '0005-responses-by-version': responsesByVersion,
  '0006-widget': widget,
};

/**
 * Brings the schema to the latest version; throws with the failing migration's name. On
 * PostgreSQL a non-default schema must be named, or the migrator may find another schema's
 * bookkeeping tables.
 */
export async function migrateToLatest(db: TDb, pgSchema?: string | null): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
  });
  const { error, results }: MigrationResultSet = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
