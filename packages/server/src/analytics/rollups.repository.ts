/**
 * SQL of the rollups: delta upserts (the same statements on SQLite and PostgreSQL), the version
 * counter, and the recomputation from raw rows.
 */
import { sql } from 'kysely';
import { organizationSeq } from '../organizations/organizations.repository.js';
import type { TUpsertSpec, TWriteTx } from '../responses/response-batch.js';
import type { TDb, TDialectName } from '../storage/database.js';
import type { TRollupValuesTable } from '../storage/schema.js';
import { addStoredMoments } from './moments.mjs';
import { HISTOGRAM_BINS, RESPONSE_COUNT_KEY } from './rollup-deltas.js';
import type { TCrossDelta } from './rollup-deltas.js';

export const CROSS_UPSERT: TUpsertSpec = {
  key: ['organization_id', 'cell_id'],
  merge: { n: 'replace', moments_json: 'replace' },
};

/** The columns of a cross-product cell, in the order the bulk writer binds them. */
export const CROSS_COLUMNS = [
  'organization_id',
  'cell_id',
  'survey_id',
  'touchpoint_id',
  'month',
  'segment_key',
  'variables',
  'n',
  'moments_json',
] as const;

/** Rows per multi-row statement: 20 columns each stays far below both databases' limits. */
const CHUNK = 400;

const BINS = Array.from({ length: HISTOGRAM_BINS }, (_, i) => i);
type THistColumn = `h${number}` & keyof TRollupValuesTable;
const HIST_COLUMNS = BINS.map((i) => `h${i}` as THistColumn);

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Bumps the organization's rollup version and returns the new value. Called first in a rollup
 * write: on PostgreSQL the row lock it takes serialises the organization's rollup writers until
 * commit, which makes the read-modify-write of cross-product cells safe.
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

/** {@link bumpRollupVersion} in the response writer's transaction. */
export async function bumpRollupVersionIn(tx: TWriteTx, orgId: string): Promise<number> {
  const [row] = await tx.query<{ version: number | string }>(BUMP_VERSION_SQL, [orgId]);
  if (row === undefined) throw new Error('the rollup version row was not written');
  return Number(row.version);
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
async function storedCrossCells(
  db: TDb,
  orgId: string,
  cellIds: string[],
  tx: TWriteTx | undefined,
): Promise<{ cell_id: string; moments_json: string }[]> {
  if (tx === undefined) {
    return db
      .selectFrom('rollup_cross_products')
      .select(['cell_id', 'moments_json'])
      .where('organization_id', '=', orgId)
      .where('cell_id', 'in', cellIds)
      .execute();
  }
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

/**
 * Adds cross-product deltas: reads the cells the batch touches, adds in memory and writes them
 * back whole (a JSON array cannot be added to in portable SQL). Safe because the caller holds the
 * organization's version row lock (see {@link bumpRollupVersion}); SQLite has one writer anyway.
 * With the writer's `tx`, the rows are written through its upsert (`db` must be `tx.db`).
 */
export async function upsertCrossDeltas(
  db: TDb,
  deltas: readonly TCrossDelta[],
  tx?: TWriteTx,
): Promise<void> {
  const byOrg = new Map<string, TCrossDelta[]>();
  for (const d of deltas) {
    const list = byOrg.get(d.organizationId) ?? [];
    list.push(d);
    byOrg.set(d.organizationId, list);
  }
  for (const [orgId, orgDeltas] of byOrg) {
    for (const chunk of chunks(orgDeltas, CHUNK)) {
      const existing = await storedCrossCells(
        db,
        orgId,
        chunk.map((d) => d.cellId),
        tx,
      );
      const current = new Map(existing.map((r) => [r.cell_id, r.moments_json]));
      const rows = chunk.map((d) => {
        const moments = addStoredMoments(d.moments, current.get(d.cellId));
        return {
          organization_id: orgId,
          cell_id: d.cellId,
          survey_id: d.surveyId,
          touchpoint_id: d.touchpointId,
          month: d.month,
          segment_key: d.segmentKey,
          variables: d.variables.join(','),
          n: moments[0] ?? 0,
          moments_json: JSON.stringify(moments),
        };
      });
      // In the writer's transaction: prepared multi-row statements (reused across batches on
      // SQLite) instead of building and compiling a Kysely query per chunk.
      if (tx !== undefined) {
        await tx.upsert('rollup_cross_products', rows, CROSS_UPSERT);
        continue;
      }
      await db
        .insertInto('rollup_cross_products')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['organization_id', 'cell_id']).doUpdateSet((eb) => ({
            n: eb.ref('excluded.n'),
            moments_json: eb.ref('excluded.moments_json'),
          })),
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

/** Recomputes an organization's value rollups in SQL, from the `response_values` view and `responses`. */
export async function insertValueRollupsFromRaw(db: TDb, orgId: string): Promise<void> {
  const histogram = BINS.map(
    (bin) => sql<number>`SUM(CASE WHEN value = ${sql.lit(bin)} THEN 1 ELSE 0 END)`,
  );
  await db
    .insertInto('rollup_values')
    .columns([
      'organization_id',
      'question_key',
      'survey_id',
      'touchpoint_id',
      'day',
      'segment_key',
      'n',
      'sum',
      'sum_sq',
      ...HIST_COLUMNS,
    ])
    .expression(
      db
        .selectFrom('response_values')
        .select([
          'organization_id',
          'question_key',
          'survey_id',
          sql<string>`COALESCE(touchpoint_id, '')`.as('tp'),
          'day',
          'segment_key',
          sql<number>`COUNT(*)`.as('n'),
          sql<number>`SUM(value)`.as('sum'),
          sql<number>`SUM(value * value)`.as('sum_sq'),
          ...histogram.map((h, bin) => h.as(`h${bin}`)),
        ])
        .where('organization_seq', '=', organizationSeq(orgId))
        .where('organization_id', '=', orgId)
        .groupBy([
          'organization_id',
          'question_key',
          'survey_id',
          sql`COALESCE(touchpoint_id, '')`,
          'day',
          'segment_key',
        ]),
    )
    .execute();
  await db
    .insertInto('rollup_values')
    .columns([
      'organization_id',
      'question_key',
      'survey_id',
      'touchpoint_id',
      'day',
      'segment_key',
      'n',
      'sum',
      'sum_sq',
      ...HIST_COLUMNS,
    ])
    .expression(
      db
        .selectFrom('responses')
        .select([
          'organization_id',
          sql<string>`${sql.lit(RESPONSE_COUNT_KEY)}`.as('question_key'),
          'survey_id',
          sql<string>`COALESCE(touchpoint_id, '')`.as('tp'),
          'day',
          'segment_key',
          sql<number>`COUNT(*)`.as('n'),
          sql<number>`0`.as('sum'),
          sql<number>`0`.as('sum_sq'),
          ...BINS.map((bin) => sql<number>`0`.as(`h${bin}`)),
        ])
        .where('organization_seq', '=', organizationSeq(orgId))
        .where('organization_id', '=', orgId)
        .where('status', '=', 'complete')
        .groupBy([
          'organization_id',
          'survey_id',
          sql`COALESCE(touchpoint_id, '')`,
          'day',
          'segment_key',
        ]),
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
