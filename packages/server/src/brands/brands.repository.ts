import type { TBrand, TBrandListQuery, TExperientialPromise, TStyleGuide } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import { parseJsonColumn } from '../storage/rows.js';
import type { TBrandsTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';

const SORT_COLUMNS = { name: 'brands.name', createdAt: 'brands.created_at' };

function toBrand(row: TBrandsTable): TBrand {
  return {
    id: row.id,
    name: row.name,
    positioning: row.positioning,
    promise: parseJsonColumn<TExperientialPromise>(row.promise_json),
    promiseStatement: row.promise_statement,
    implementationTheme: row.implementation_theme,
    styleGuide: parseJsonColumn<TStyleGuide>(row.style_guide_json),
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function findBrand(db: TDb, orgId: string, id: string): Promise<TBrand | undefined> {
  const row = await db
    .selectFrom('brands')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toBrand(row);
}

export async function findBrandByName(db: TDb, orgId: string, name: string) {
  return db
    .selectFrom('brands')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function listBrands(
  db: TDb,
  orgId: string,
  query: TBrandListQuery,
): Promise<{ items: TBrand[]; nextCursor: string | null }> {
  let q = db.selectFrom('brands').selectAll().where('organization_id', '=', orgId);
  if (query.q !== undefined) q = q.where(containsText('brands.name', query.q));
  if (query.archived !== undefined) {
    q = q.where('archived_at', query.archived ? 'is not' : 'is', null);
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'brands.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sort.column === 'brands.name' ? row.name : row.created_at, row.id],
  });
  return { items: rows.map(toBrand), nextCursor };
}

export async function insertBrand(db: TDb, row: TBrandsTable): Promise<void> {
  await db.insertInto('brands').values(row).execute();
}

export async function updateBrandRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<Omit<TBrandsTable, 'id' | 'organization_id' | 'created_at'>>,
): Promise<void> {
  await db
    .updateTable('brands')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a brand; the database sets its journeys' brand to null. */
export async function deleteBrandRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db.deleteFrom('brands').where('organization_id', '=', orgId).where('id', '=', id).execute();
}

/** Whether a brand of this organization has this id (a survey's brand is checked on save). */
export async function brandExists(db: TDb, orgId: string, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('brands')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row !== undefined;
}

/** A brand's style guide as stored (JSON text), for respondent pages. */
export function findBrandStyleGuideJson(db: TDb, orgId: string, id: string) {
  return db
    .selectFrom('brands')
    .select(['name', 'style_guide_json'])
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * The style guide of the organization's one active brand, when it has exactly one: the brand a
 * survey that names none is seen under. Undefined with no brand or several.
 */
export async function findSoleBrandStyleGuideJson(db: TDb, orgId: string) {
  const rows = await db
    .selectFrom('brands')
    .select(['name', 'style_guide_json'])
    .where('organization_id', '=', orgId)
    .where('archived_at', 'is', null)
    .limit(2)
    .execute();
  return rows.length === 1 ? rows[0] : undefined;
}
