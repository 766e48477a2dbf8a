/** SQL of the root-cause and resolution taxonomy. */
import type { TCaseCode, TCaseCodeKind, TCaseCodeListQuery } from '@touchstone/core';
import type { Updateable } from 'kysely';
import type { TDb } from '../storage/database.js';
import type { TCaseCodesTable } from '../storage/schema.js';

function toCaseCode(row: TCaseCodesTable): TCaseCode {
  return {
    id: row.id,
    kind: row.kind as TCaseCodeKind,
    label: row.label,
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export async function listCaseCodes(
  db: TDb,
  orgId: string,
  query: TCaseCodeListQuery,
): Promise<TCaseCode[]> {
  let q = db.selectFrom('case_codes').selectAll().where('organization_id', '=', orgId);
  if (query.kind !== undefined) q = q.where('kind', '=', query.kind);
  if (query.archived !== undefined)
    q = q.where('archived_at', query.archived ? 'is not' : 'is', null);
  const rows = await q.orderBy('kind').orderBy('label').orderBy('id').execute();
  return rows.map(toCaseCode);
}

export async function findCaseCode(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TCaseCode | undefined> {
  const row = await db
    .selectFrom('case_codes')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row === undefined ? undefined : toCaseCode(row);
}

export async function findCaseCodeByLabel(
  db: TDb,
  orgId: string,
  kind: TCaseCodeKind,
  label: string,
) {
  return db
    .selectFrom('case_codes')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('kind', '=', kind)
    .where('label', '=', label)
    .executeTakeFirst();
}

export async function insertCaseCode(db: TDb, row: TCaseCodesTable): Promise<void> {
  await db.insertInto('case_codes').values(row).execute();
}

export async function updateCaseCodeRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Updateable<TCaseCodesTable>,
): Promise<void> {
  await db
    .updateTable('case_codes')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** How many cases carry the code, as root cause or resolution. */
export async function countCasesWithCode(db: TDb, orgId: string, id: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .where((eb) => eb.or([eb('root_cause_code_id', '=', id), eb('resolution_code_id', '=', id)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function deleteCaseCodeRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('case_codes')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}
