/**
 * For migration tests: a database built at an older migration, seeded with rows as that release
 * stored them (plain SQL, since the tables of an older schema have no Kysely types), then
 * upgraded to the migration under test.
 */
import { afterAll, beforeAll } from 'vitest';
import { sql, type Kysely } from 'kysely';
import type { TStorage } from '../src/storage/database.js';
import { migrateTo } from '../src/storage/migrate.js';
import type { TTestDatabase } from './harness.js';

/** Inserts one row with the given columns. */
export function insertRow(db: Kysely<unknown>, table: string, row: Record<string, unknown>) {
  const columns = Object.keys(row);
  return sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    VALUES (${sql.join(columns.map((c) => row[c]))})`.execute(db);
}

/**
 * A complete response as releases before migration 0008 stored it, submitted at `at`, with no
 * touchpoint, customer or interaction; `extra` sets or overrides columns.
 */
export function responseRowBefore0008(
  id: string,
  ids: { organization: string; survey: string },
  at: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    organization_id: ids.organization,
    survey_id: ids.survey,
    survey_version: 1,
    channel: 'link',
    language: 'en',
    status: 'complete',
    answers_json: '{}',
    hidden_json: '{}',
    segment_json: '{}',
    segment_key: '',
    started_at: at,
    submitted_at: at,
    day: at.slice(0, 10),
    updated_at: at,
    ...extra,
  };
}

/** The upgraded database of a suite: opened before its tests, dropped after them. */
export interface TUpgradedDatabase {
  storage: () => TStorage;
  db: () => Kysely<unknown>;
  rows: <R>(query: ReturnType<typeof sql<R>>) => Promise<R[]>;
}

/** Registers the suite's setup: open, migrate to `before`, seed, migrate to `after`. */
export function upgradedDatabase(
  database: TTestDatabase,
  before: string,
  seed: (db: Kysely<unknown>) => Promise<void>,
  after: string,
): TUpgradedDatabase {
  let storage: TStorage & { drop(): Promise<void> };
  const db = () => storage.db as unknown as Kysely<unknown>;
  beforeAll(async () => {
    storage = await database.open();
    await migrateTo(storage.db, before, storage.pgSchema);
    await seed(db());
    await migrateTo(storage.db, after, storage.pgSchema);
  });
  afterAll(() => storage.drop());
  return {
    storage: () => storage,
    db,
    rows: async <R>(query: ReturnType<typeof sql<R>>) => (await query.execute(db())).rows,
  };
}
