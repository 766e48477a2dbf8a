import type { TJourney, TJourneyListQuery, TStage } from '@touchstone/core';
import type { TDb } from '../storage/database.js';
import { fetchPage, parseSort } from '../storage/pagination.js';
import type { TJourneysTable, TStagesTable } from '../storage/schema.js';
import { containsText } from '../storage/text-search.js';

const SORT_COLUMNS = { name: 'journeys.name', createdAt: 'journeys.created_at' };

function toStage(row: TStagesTable): TStage {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    // Written only from the validated enum.
    phase: row.phase as TStage['phase'],
    position: row.position,
  };
}

function toJourney(row: TJourneysTable, stages: TStage[]): TJourney {
  return {
    id: row.id,
    brandId: row.brand_id,
    name: row.name,
    description: row.description,
    stages,
    archived: row.archived_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The stages of each journey, in journey order, read in one query for a whole page. */
async function stagesByJourney(db: TDb, journeyIds: string[]): Promise<Map<string, TStage[]>> {
  const byJourney = new Map<string, TStage[]>();
  if (journeyIds.length === 0) return byJourney;
  const rows = await db
    .selectFrom('stages')
    .selectAll()
    .where('journey_id', 'in', journeyIds)
    .orderBy('position')
    .orderBy('id')
    .execute();
  for (const row of rows) {
    const list = byJourney.get(row.journey_id) ?? [];
    list.push(toStage(row));
    byJourney.set(row.journey_id, list);
  }
  return byJourney;
}

export async function findJourney(
  db: TDb,
  orgId: string,
  id: string,
): Promise<TJourney | undefined> {
  const row = await db
    .selectFrom('journeys')
    .selectAll()
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const stages = await stagesByJourney(db, [row.id]);
  return toJourney(row, stages.get(row.id) ?? []);
}

export async function findJourneyByName(db: TDb, orgId: string, name: string) {
  return db
    .selectFrom('journeys')
    .select('id')
    .where('organization_id', '=', orgId)
    .where('name', '=', name)
    .executeTakeFirst();
}

export async function listJourneys(
  db: TDb,
  orgId: string,
  query: TJourneyListQuery,
): Promise<{ items: TJourney[]; nextCursor: string | null }> {
  let q = db.selectFrom('journeys').selectAll().where('organization_id', '=', orgId);
  if (query.brandId !== undefined) q = q.where('brand_id', '=', query.brandId);
  if (query.q !== undefined) q = q.where(containsText('journeys.name', query.q));
  if (query.archived !== undefined) {
    q = q.where('archived_at', query.archived ? 'is not' : 'is', null);
  }
  const sort = parseSort(query.sort, SORT_COLUMNS);
  const { rows, nextCursor } = await fetchPage(q, {
    sort,
    idColumn: 'journeys.id',
    cursor: query.cursor,
    limit: query.limit,
    keyOf: (row) => [sort.column === 'journeys.name' ? row.name : row.created_at, row.id],
  });
  const stages = await stagesByJourney(
    db,
    rows.map((r) => r.id),
  );
  return { items: rows.map((r) => toJourney(r, stages.get(r.id) ?? [])), nextCursor };
}

export async function insertJourney(db: TDb, row: TJourneysTable): Promise<void> {
  await db.insertInto('journeys').values(row).execute();
}

export async function updateJourneyRow(
  db: TDb,
  orgId: string,
  id: string,
  changes: Partial<
    Pick<TJourneysTable, 'name' | 'description' | 'brand_id' | 'archived_at' | 'updated_at'>
  >,
): Promise<void> {
  await db
    .updateTable('journeys')
    .set(changes)
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

/** Deletes a journey; the database deletes its stages with it. */
export async function deleteJourneyRow(db: TDb, orgId: string, id: string): Promise<void> {
  await db
    .deleteFrom('journeys')
    .where('organization_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function insertStages(db: TDb, rows: TStagesTable[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('stages').values(rows).execute();
}

export async function updateStageRow(
  db: TDb,
  journeyId: string,
  id: string,
  changes: Pick<TStagesTable, 'name' | 'description' | 'phase' | 'position'>,
): Promise<void> {
  await db
    .updateTable('stages')
    .set(changes)
    .where('journey_id', '=', journeyId)
    .where('id', '=', id)
    .execute();
}

export async function deleteStages(db: TDb, journeyId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .deleteFrom('stages')
    .where('journey_id', '=', journeyId)
    .where('id', 'in', ids)
    .execute();
}

/** How many touchpoints each of the given stages holds; stages without any are left out. */
export async function countTouchpointsByStage(
  db: TDb,
  orgId: string,
  stageIds: string[],
): Promise<Map<string, number>> {
  if (stageIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('touchpoints')
    .select(['stage_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('organization_id', '=', orgId)
    .where('stage_id', 'in', stageIds)
    .groupBy('stage_id')
    .execute();
  // PostgreSQL returns count(*) as a bigint string.
  return new Map(rows.map((r) => [r.stage_id, Number(r.n)]));
}

export async function countJourneyTouchpoints(
  db: TDb,
  orgId: string,
  journeyId: string,
): Promise<number> {
  const row = await db
    .selectFrom('touchpoints')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('organization_id', '=', orgId)
    .where('journey_id', '=', journeyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A stage of the organization with its journey, for rows that point at a stage. */
export async function findStageOfOrganization(db: TDb, orgId: string, stageId: string) {
  return db
    .selectFrom('stages')
    .select(['id', 'journey_id'])
    .where('organization_id', '=', orgId)
    .where('id', '=', stageId)
    .executeTakeFirst();
}
