/** An organization's themes. */
import type { TTheme } from '@touchstone/core';
import { sql } from 'kysely';
import type { TDb } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TThemesTable } from '../storage/schema.js';

export function toTheme(row: TThemesTable): TTheme {
  return {
    id: row.id,
    name: row.name,
    keywords: parseJsonColumn<string[]>(row.keywords_json),
    source: row.source as TTheme['source'],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Every theme of the organization, by name. */
export async function listThemeRows(db: TDb, organizationId: string): Promise<TThemesTable[]> {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .orderBy(sql`lower(name)`)
    .orderBy('id')
    .execute();
}

export async function findThemeRow(
  db: TDb,
  organizationId: string,
  id: string,
): Promise<TThemesTable | undefined> {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The theme whose name is `name` whatever its case, if any. */
export async function findThemeByName(
  db: TDb,
  organizationId: string,
  name: string,
): Promise<TThemesTable | undefined> {
  return db
    .selectFrom('themes')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where(sql`lower(name)`, '=', name.toLowerCase())
    .executeTakeFirst();
}

export async function insertThemeRow(db: TDb, row: TThemesTable): Promise<void> {
  await db.insertInto('themes').values(row).execute();
}

/** Inserts themes, skipping any whose name the organization already has. */
export async function insertThemeRowsIfNew(db: TDb, rows: readonly TThemesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('themes')
    .values([...rows])
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function updateThemeRow(
  db: TDb,
  organizationId: string,
  id: string,
  changes: Partial<Pick<TThemesTable, 'name' | 'keywords_json' | 'source' | 'updated_at'>>,
): Promise<void> {
  await db
    .updateTable('themes')
    .set(changes)
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}

export async function deleteThemeRow(db: TDb, organizationId: string, id: string): Promise<void> {
  await db
    .deleteFrom('themes')
    .where('organization_id', '=', organizationId)
    .where('id', '=', id)
    .execute();
}
