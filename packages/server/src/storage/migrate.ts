import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { TDb } from './database.js';
import * as foundation from './migrations/0001-foundation.js';
import * as surveysResponses from './migrations/0002-surveys-responses.js';
import * as rollups from './migrations/0003-rollups.js';
import * as jobsInvitations from './migrations/0004-jobs-invitations.js';
import * as responsesByVersion from './migrations/0005-responses-by-version.js';
import * as widget from './migrations/0006-widget.js';
import * as organizationNumbers from './migrations/0007-organization-numbers.js';
import * as compactResponses from './migrations/0008-compact-responses.js';
import * as interactionTimeKeys from './migrations/0009-interaction-time-keys.js';
import * as rollupValuesWithoutRowid from './migrations/0010-rollup-values-without-rowid.js';
import * as responseOrganizationNumbers from './migrations/0011-response-organization-numbers.js';
import * as unsubmittedResponsesByStart from './migrations/0012-unsubmitted-responses-by-start.js';
import * as domainEvents from './migrations/0013-domain-events.js';
import * as commentAnalysis from './migrations/0014-comment-analysis.js';
import * as alerts from './migrations/0015-alerts.js';
import * as revenueInteractions from './migrations/0016-revenue-interactions.js';
import * as webhooks from './migrations/0017-webhooks.js';
import * as commentsByCustomer from './migrations/0018-comments-by-customer.js';
import * as cases from './migrations/0019-cases.js';
import * as notifications from './migrations/0020-notifications.js';
import * as rules from './migrations/0021-rules.js';
import * as closedLoop from './migrations/0022-closed-loop.js';
import * as retention from './migrations/0023-retention.js';
import * as eventCursorLeases from './migrations/0024-event-cursor-leases.js';
import * as singleSignOn from './migrations/0025-single-sign-on.js';
import * as imports from './migrations/0026-imports.js';
import * as weeklyDigests from './migrations/0027-weekly-digests.js';
import * as rollupWriterSlots from './migrations/0028-rollup-writer-slots.js';
import * as importActions from './migrations/0029-import-actions.js';

/** Every migration, in order; names never change once released. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-surveys-responses': surveysResponses,
  '0003-rollups': rollups,
  '0004-jobs-invitations': jobsInvitations,
  '0005-responses-by-version': responsesByVersion,
  '0006-widget': widget,
  '0007-organization-numbers': organizationNumbers,
  '0008-compact-responses': compactResponses,
  '0009-interaction-time-keys': interactionTimeKeys,
  '0010-rollup-values-without-rowid': rollupValuesWithoutRowid,
  '0011-response-organization-numbers': responseOrganizationNumbers,
  '0012-unsubmitted-responses-by-start': unsubmittedResponsesByStart,
  '0013-domain-events': domainEvents,
  '0014-comment-analysis': commentAnalysis,
  '0015-alerts': alerts,
  '0016-revenue-interactions': revenueInteractions,
  '0017-webhooks': webhooks,
  '0018-comments-by-customer': commentsByCustomer,
  '0019-cases': cases,
  '0020-notifications': notifications,
  '0021-rules': rules,
  '0022-closed-loop': closedLoop,
  '0023-retention': retention,
  '0024-event-cursor-leases': eventCursorLeases,
  '0025-single-sign-on': singleSignOn,
  '0026-imports': imports,
  '0027-weekly-digests': weeklyDigests,
  '0028-rollup-writer-slots': rollupWriterSlots,
  '0029-import-actions': importActions,
};

/**
 * Brings the schema to the latest version; throws with the failing migration's name. On
 * PostgreSQL a non-default schema must be named, or the migrator may find another schema's
 * bookkeeping tables.
 */
export async function migrateToLatest(db: TDb, pgSchema?: string | null): Promise<string[]> {
  return migrateTo(db, null, pgSchema);
}

/**
 * Brings the schema to the named migration (null: the latest); tests use it to build a database
 * as an older release left it and then upgrade it.
 */
export async function migrateTo(
  db: TDb,
  target: string | null,
  pgSchema?: string | null,
): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    ...(pgSchema ? { migrationTableSchema: pgSchema } : {}),
  });
  const run = () => (target === null ? migrator.migrateToLatest() : migrator.migrateTo(target));
  let { error, results }: MigrationResultSet = await run();
  // Kysely looks for its bookkeeping tables by listing every table of the database; on
  // PostgreSQL, another connection dropping or altering a schema meanwhile makes that listing
  // fail ("schema ... does not exist", "column ... does not exist"). Such an error comes back
  // without results: no migration ran, so it is safe to ask again.
  for (let retry = 0; retry < 3 && error !== undefined && results === undefined; retry++) {
    await new Promise((resolve) => setTimeout(resolve, 50 * (retry + 1)));
    ({ error, results } = await run());
  }
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined) {
    const cause = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${cause}`, {
      cause: error,
    });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
