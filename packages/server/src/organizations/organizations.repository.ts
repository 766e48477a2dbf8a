import type { TOrganization } from '@touchstone/core';
import { SqliteAdapter, sql, type RawBuilder } from 'kysely';
import type { TDb } from '../storage/database.js';
import type { TOrganizationsTable } from '../storage/schema.js';

/**
 * The organization's number, as a subquery: the interaction and response time indexes lead with
 * it (migrations 0007 and 0011). Both databases evaluate it once and seek the index with the value.
 */
export function organizationSeq(orgId: string): RawBuilder<number> {
  return sql<number>`(SELECT seq FROM organizations WHERE id = ${orgId})`;
}

function toOrganization(row: Omit<TOrganizationsTable, 'seq'>): TOrganization {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findOrganization(db: TDb, id: string): Promise<TOrganization | undefined> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

export async function findOrganizationBySlug(
  db: TDb,
  slug: string,
): Promise<TOrganization | undefined> {
  const row = await db
    .selectFrom('organizations')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row ? toOrganization(row) : undefined;
}

/**
 * Inserts an organization with the next free number (`seq`): PostgreSQL draws it from a sequence
 * (the column's default); SQLite, with one writer at a time, takes the largest plus one.
 */
export async function insertOrganization(
  db: TDb,
  row: Omit<TOrganizationsTable, 'seq'>,
): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  await db
    .insertInto('organizations')
    .values(
      sqlite
        ? { ...row, seq: sql<number>`(SELECT COALESCE(MAX(seq), 0) + 1 FROM organizations)` }
        : row,
    )
    .execute();
}

export async function updateOrganizationRow(
  db: TDb,
  id: string,
  changes: Partial<Pick<TOrganizationsTable, 'name' | 'updated_at'>>,
): Promise<void> {
  await db.updateTable('organizations').set(changes).where('id', '=', id).execute();
}

/** Deletes the organization; every row it owns goes with it (foreign keys cascade). */
export async function deleteOrganizationRow(db: TDb, id: string): Promise<void> {
  await db.deleteFrom('team_members').where('organization_id', '=', id).execute();
  await db.deleteFrom('stages').where('organization_id', '=', id).execute();
  await db.deleteFrom('organizations').where('id', '=', id).execute();
}

export async function insertMembership(
  db: TDb,
  row: { organization_id: string; user_id: string; role: string; created_at: string },
): Promise<void> {
  await db.insertInto('memberships').values(row).execute();
}

/** True when the database holds at least one organization. */
export async function anyOrganization(db: TDb): Promise<boolean> {
  const row = await db.selectFrom('organizations').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Up to `limit` organizations' ids and slugs, in no particular order (is there one, or several?). */
export function listSomeOrganizations(db: TDb, limit: number) {
  return db.selectFrom('organizations').select(['id', 'slug']).limit(limit).execute();
}

/** Every organization's id and slug, by slug. */
export function listOrganizationSlugs(db: TDb) {
  return db.selectFrom('organizations').select(['id', 'slug']).orderBy('slug').execute();
}
