/**
 * Rollup maintenance on write. The response writer calls the listener inside each batch's
 * transaction, so rollups commit or roll back with the responses. In-memory cubes follow
 * through the domain events of the same transaction (`cube-events.ts`).
 */
import type { TResponseBatchListener, TStoredResponse, TWriteTx } from './stored-response.js';
import { RollupDeltaBuilder, compareCodeUnits } from '../analytics/rollup-deltas.js';
import type {
  TAppliedRollups,
  TRollupBatch,
  TRollupDeltas,
  TRollupResponse,
} from '../analytics/rollup-deltas.js';
import type { TPackedRollups } from './response-bulk-batch.js';
import { upsertSql } from './write-tx.js';
import {
  CROSS_COLUMNS,
  CROSS_UPSERT,
  VALUE_COLUMNS,
  VALUE_UPSERT,
  appendValueRow,
  compareValueKeys,
  crossCellColumns,
  rollupValueRow,
} from './rollup-row.js';
import {
  BUMP_VERSION_SQL,
  bumpRollupVersionIn,
  crossCellsSql,
  upsertCrossDeltas,
} from '../analytics/rollups.repository.js';
import { addRollupDeltasInSlot } from '../analytics/rollup-slots.repository.js';

/**
 * Adds a batch's contribution to the rollups inside the caller's transaction. Deltas are summed
 * in memory first, so each cell is written once per batch whatever the batch size.
 */
export function applyResponseBatchToRollups(
  tx: TWriteTx,
  batch: TRollupBatch,
): Promise<TAppliedRollups> {
  return applyRollupDeltas(tx, new RollupDeltaBuilder().addBatch(batch).build());
}

/**
 * Writes deltas summed already (of one batch or of many) inside the caller's transaction, then
 * bumps the organizations' rollup versions (kept in `tx.rollupVersions` for the batch's events).
 */
export async function applyRollupDeltas(
  tx: TWriteTx,
  deltas: TRollupDeltas,
): Promise<TAppliedRollups> {
  if (tx.dialect === 'postgres') {
    // Into a writer slot of the transaction's own: no other writer waits for these rows.
    await addRollupDeltasInSlot(tx, deltas);
  } else {
    // The builder sums one delta per cell: unique keys, so no merge is needed.
    await tx.upsertUnique(
      'rollup_values',
      VALUE_COLUMNS,
      deltas.values.map(rollupValueRow),
      VALUE_UPSERT,
    );
    await upsertCrossDeltas(tx, deltas.cross);
  }
  // Version rows last, in a fixed order (so they cannot deadlock): on PostgreSQL a version row
  // is locked until commit, and taken last, another writer of the organization waits for it
  // only while this transaction appends its events and commits, which it would wait for anyway
  // (the outbox's lock), instead of for the whole write.
  const versions = new Map<string, number>();
  for (const orgId of [...deltas.organizationIds].sort(compareCodeUnits)) {
    const version = await bumpRollupVersionIn(tx, orgId);
    versions.set(orgId, version);
    tx.rollupVersions.set(orgId, version);
  }
  return { deltas, versions };
}

/**
 * Deltas as the bulk writer's batch carries them to SQLite (`response-bulk-batch.ts`): the
 * value cells as `rollup_values` rows packed one after another, the cross-product deltas per
 * organization (added to the stored cells inside the batch's transaction, as
 * `upsertCrossDeltas` does).
 */
export function packRollupDeltas(deltas: TRollupDeltas): TPackedRollups {
  const cross = new Map<string, TPackedRollups['cross'][number]['cells']>();
  for (const d of deltas.cross) {
    const cells = cross.get(d.organizationId) ?? [];
    cells.push([...crossCellColumns(d), Array.from(d.moments)]);
    cross.set(d.organizationId, cells);
  }
  const values: (string | number)[] = [];
  // In key order, each upsert lands next to the one before it in the table's B-tree: fewer
  // scattered pages to find and dirty, so less of the writer's time goes to value cells.
  for (const d of [...deltas.values].sort(compareValueKeys)) appendValueRow(values, d);
  return {
    organizationIds: [...deltas.organizationIds].sort(compareCodeUnits),
    valueWidth: VALUE_COLUMNS.length,
    values,
    cross: [...cross].map(([organizationId, cells]) => ({ organizationId, cells })),
  };
}

/** The rollup statements of the bulk writer's batches on SQLite. */
export const ROLLUP_BATCH_SQL = {
  bumpVersion: BUMP_VERSION_SQL,
  upsertValue: upsertSql('sqlite', 'rollup_values', VALUE_COLUMNS, 1, VALUE_UPSERT),
  readCross: crossCellsSql('sqlite'),
  writeCross: upsertSql('sqlite', 'rollup_cross_products', CROSS_COLUMNS, 1, CROSS_UPSERT),
};

/** What a stored response adds: complete responses only (their values are stored only then). */
export function rollupResponseOf(response: TStoredResponse): TRollupResponse {
  const complete = response.status === 'complete';
  return {
    organizationId: response.organizationId,
    surveyId: response.surveyId,
    touchpointId: response.touchpointId,
    day: response.day,
    segmentKey: response.segmentKey,
    complete,
    values: complete ? response.values.map((v) => ({ key: v.questionKey, value: v.value })) : [],
  };
}

/** The response writer's listener that keeps the rollups current in each batch's transaction. */
export function rollupBatchListener(): TResponseBatchListener {
  return {
    name: 'analytics-rollups',
    async apply(batch, tx) {
      const added = batch.filter((r) => r.status === 'complete').map(rollupResponseOf);
      await applyResponseBatchToRollups(tx, { added });
    },
  };
}
