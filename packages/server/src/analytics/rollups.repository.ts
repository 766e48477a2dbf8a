/**
 * SQL of the rollups: SQLite's delta upserts (PostgreSQL's, into writer slots, are in
 * `rollup-slots.repository.ts`), the version counter, and the recomputation from raw rows.
 */
import { sql } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TWriteTx } from '../ingest/stored-response.js';
import type { TDb, TDialectName } from '../storage/database.js';
import { addStoredMoments } from './moments.js';
import { RESPONSE_COUNT_KEY } from './rollup-deltas.js';
import type { TCrossDelta } from './rollup-deltas.js';
import {
  CROSS_COLUMNS,
  CROSS_UPSERT,
  HISTOGRAM_COLUMNS,
  VALUE_COLUMNS,
  VALUE_KEY_COLUMNS,
  VALUE_SUM_COLUMNS,
  crossCellColumns,
  crossProductRecord,
  crossProductRow,
} from '../ingest/rollup-row.js';

/** Rows per multi-row statement: 20 columns each stays far below both databases' limits. */
const CHUNK = 400;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Bumps the organization's rollup version and returns the new value. On PostgreSQL the row is
 * locked until commit, so the organization's versions are in the order its writes commit.
 */
export async function bumpRollupVersion(db: TDb, orgId: string): Promise<number> {
  const row = await db
    .insertInto('rollup_versions')
    .values({ organization_id: orgId, version: 1 })
    .onConflict((oc) =>
      oc
        .column('organization_id')
        .doUpdateSet({ version: sql<number>`rollup_versions.version + 1` }),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/** {@link bumpRollupVersion} as one statement: `?` is the organization id. */
export const BUMP_VERSION_SQL = `INSERT INTO rollup_versions (organization_id, version) VALUES (?, 1)
  ON CONFLICT (organization_id) DO UPDATE SET version = rollup_versions.version + 1
  RETURNING version`;

/**
 * {@link bumpRollupVersion} in the response writer's transaction. Writers bump last, after their
 * cells: another writer of the organization waits for the row only while this one commits.
 */
export async function bumpRollupVersionIn(tx: TWriteTx, orgId: string): Promise<number> {
  const [row] = await tx.query<{ version: number | string }>(BUMP_VERSION_SQL, [orgId]);
  if (row === undefined) throw new Error('the rollup version row was not written');
  return Number(row.version);
}

/** The organization's rollup version inside the writer's transaction (0 before any). */
export async function findRollupVersionIn(tx: TWriteTx, orgId: string): Promise<number> {
  const [row] = await tx.query<{ version: number | string }>(
    'SELECT version FROM rollup_versions WHERE organization_id = ?',
    [orgId],
  );
  return row === undefined ? 0 : Number(row.version);
}

/**
 * `cell_id, moments_json` of an organization's cross-product cells: `?` is the organization id,
 * then the cell ids (a JSON array on SQLite, an array on PostgreSQL). One statement text whatever
 * the number of cells, so SQLite prepares it once.
 */
export function crossCellsSql(dialect: TDialectName): string {
  const cells =
    dialect === 'sqlite' ? 'cell_id IN (SELECT value FROM json_each(?))' : 'cell_id = ANY(?)';
  return `SELECT cell_id, moments_json FROM rollup_cross_products WHERE organization_id = ? AND ${cells}`;
}

/** The cross-product cells of an organization among `cellIds`, with their moments. */
function storedCrossCells(
  tx: TWriteTx,
  orgId: string,
  cellIds: string[],
): Promise<{ cell_id: string; moments_json: string }[]> {
  return tx.query(crossCellsSql(tx.dialect), [
    orgId,
    tx.dialect === 'sqlite' ? JSON.stringify(cellIds) : cellIds,
  ]);
}

/** The organization's rollup version (0 before any rollup write). */
export async function findRollupVersion(db: TDb, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('rollup_versions')
    .select('version')
    .where('organization_id', '=', orgId)
    .executeTakeFirst();
  return row ? Number(row.version) : 0;
}

/** Cross-product deltas by organization, in the order given. */
function byOrganization(deltas: readonly TCrossDelta[]): Map<string, TCrossDelta[]> {
  const byOrg = new Map<string, TCrossDelta[]>();
  for (const d of deltas) {
    const list = byOrg.get(d.organizationId) ?? [];
    list.push(d);
    byOrg.set(d.organizationId, list);
  }
  return byOrg;
}

/**
 * Adds cross-product deltas on SQLite: reads the cells the batch touches, adds in memory and
 * writes them back whole (SQLite cannot add to a JSON array in place). Safe because SQLite has
 * one writer at a time; the rows are written through the writer's prepared upserts.
 */
export async function upsertCrossDeltas(
  tx: TWriteTx,
  deltas: readonly TCrossDelta[],
): Promise<void> {
  for (const [orgId, orgDeltas] of byOrganization(deltas)) {
    for (const chunk of chunks(orgDeltas, CHUNK)) {
      const existing = await storedCrossCells(
        tx,
        orgId,
        chunk.map((d) => d.cellId),
      );
      const current = new Map(existing.map((r) => [r.cell_id, r.moments_json]));
      const rows = chunk.map((d) =>
        crossProductRow(
          orgId,
          crossCellColumns(d),
          addStoredMoments(d.moments, current.get(d.cellId)),
        ),
      );
      // A chunk's cells are distinct (the builder sums one delta per cell).
      await tx.upsertUnique('rollup_cross_products', CROSS_COLUMNS, rows, CROSS_UPSERT);
    }
  }
}

/**
 * Inserts cross-product cells where the organization has none (a rebuild, after
 * `deleteRollups`); one delta per cell, as the builder sums them.
 */
export async function insertCrossCells(db: TDb, deltas: readonly TCrossDelta[]): Promise<void> {
  for (const [orgId, orgDeltas] of byOrganization(deltas)) {
    for (const chunk of chunks(orgDeltas, CHUNK)) {
      await db
        .insertInto('rollup_cross_products')
        .values(
          chunk.map((d) =>
            crossProductRecord(crossProductRow(orgId, crossCellColumns(d), Array.from(d.moments))),
          ),
        )
        .execute();
    }
  }
}

/** Removes every rollup of an organization (before a rebuild). */
export async function deleteRollups(db: TDb, orgId: string): Promise<void> {
  await db.deleteFrom('rollup_values').where('organization_id', '=', orgId).execute();
  await db.deleteFrom('rollup_cross_products').where('organization_id', '=', orgId).execute();
}

type TValueKeyColumn = (typeof VALUE_KEY_COLUMNS)[number];
type TValueSumColumn = (typeof VALUE_SUM_COLUMNS)[number];

/** A key column as the rebuild selects it: the touchpoint is '' for none. */
const rebuiltKey = (column: TValueKeyColumn) =>
  column === 'touchpoint_id' ? sql<string>`COALESCE(touchpoint_id, '')` : sql.ref(column);

/** A sum column over the answers (`value`) of a cell. */
function answerSum(column: TValueSumColumn) {
  if (column === 'n') return sql<number>`COUNT(*)`;
  if (column === 'sum') return sql<number>`SUM(value)`;
  if (column === 'sum_sq') return sql<number>`SUM(value * value)`;
  const bin = HISTOGRAM_COLUMNS.indexOf(column);
  return sql<number>`SUM(CASE WHEN value = ${sql.lit(bin)} THEN 1 ELSE 0 END)`;
}

/**
 * Recomputes an organization's value rollups in SQL: the answers of the `response_values` view
 * grouped by cell, then the complete responses under `RESPONSE_COUNT_KEY` (n only). Both
 * SELECTs give the columns of `VALUE_COLUMNS`, in its order.
 */
export async function insertValueRollupsFromRaw(db: TDb, orgId: string): Promise<void> {
  await db
    .insertInto('rollup_values')
    .columns(VALUE_COLUMNS)
    .expression(
      db
        .selectFrom('response_values')
        .select([
          ...VALUE_KEY_COLUMNS.map((column) => rebuiltKey(column).as(column)),
          ...VALUE_SUM_COLUMNS.map((column) => answerSum(column).as(column)),
        ])
        .where('organization_seq', '=', organizationSeq(orgId))
        .where('organization_id', '=', orgId)
        .groupBy(VALUE_KEY_COLUMNS.map(rebuiltKey)),
    )
    .execute();
  const responseKeys = VALUE_KEY_COLUMNS.filter((column) => column !== 'question_key');
  await db
    .insertInto('rollup_values')
    .columns(VALUE_COLUMNS)
    .expression(
      db
        .selectFrom('responses')
        .select([
          ...VALUE_KEY_COLUMNS.map((column) =>
            (column === 'question_key'
              ? sql<string>`${sql.lit(RESPONSE_COUNT_KEY)}`
              : rebuiltKey(column)
            ).as(column),
          ),
          ...VALUE_SUM_COLUMNS.map((column) =>
            (column === 'n' ? sql<number>`COUNT(*)` : sql<number>`0`).as(column),
          ),
        ])
        .where('organization_seq', '=', organizationSeq(orgId))
        .where('organization_id', '=', orgId)
        .where('status', '=', 'complete')
        .groupBy(responseKeys.map(rebuiltKey)),
    )
    .execute();
}

/** One page of an organization's complete responses in id order, for the cross-product rebuild. */
export function findCompleteResponsesPage(
  db: TDb,
  orgId: string,
  afterId: string | null,
  limit: number,
) {
  let query = db
    .selectFrom('responses')
    .select(['id', 'survey_id', 'touchpoint_id', 'day', 'segment_key', 'values_json'])
    .where('organization_id', '=', orgId)
    .where('status', '=', 'complete');
  if (afterId !== null) query = query.where('id', '>', afterId);
  return query.orderBy('id').limit(limit).execute();
}

/** How many value and cross-product cells an organization has. */
export async function countRollupCells(
  db: TDb,
  orgId: string,
): Promise<{ valueCells: number; crossProductCells: number }> {
  const [values, cross] = await Promise.all([
    db
      .selectFrom('rollup_values')
      .select(sql<number>`COUNT(*)`.as('count'))
      .where('organization_id', '=', orgId)
      .executeTakeFirst(),
    db
      .selectFrom('rollup_cross_products')
      .select(sql<number>`COUNT(*)`.as('count'))
      .where('organization_id', '=', orgId)
      .executeTakeFirst(),
  ]);
  return { valueCells: Number(values?.count ?? 0), crossProductCells: Number(cross?.count ?? 0) };
}
