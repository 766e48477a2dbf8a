/**
 * Recomputes an organization's rollups from its raw rows in one transaction: value cells in SQL
 * (INSERT ... SELECT ... GROUP BY), cross products by streaming the complete responses in id
 * order through the same delta code the writer uses. On PostgreSQL it first takes every writer
 * slot, so no writer adds deltas beside it, and writes the cells in slot 0. The version bump
 * makes every process's cube reload.
 */
import type { TDb, TStorage } from '../storage/database.js';
import { parseJsonColumn } from '../storage/rows.js';
import { RollupDeltaBuilder } from './rollup-deltas.js';
import {
  bumpRollupVersion,
  countRollupCells,
  deleteRollups,
  findCompleteResponsesPage,
  insertCrossCells,
  insertValueRollupsFromRaw,
} from './rollups.repository.js';
import { lockEveryRollupSlot } from './rollup-slots.repository.js';

const PAGE = 20_000;

/** What a rebuild produced. */
export interface TRebuildSummary {
  organizationId: string;
  version: number;
  valueCells: number;
  crossProductCells: number;
  responses: number;
  milliseconds: number;
}

/** Rebuilds one organization's rollups from its complete responses. */
export async function rebuildOrganizationRollups(
  storage: TStorage,
  orgId: string,
  /** More work for the same transaction (the audit entry of an API call). */
  alsoInTransaction?: (trx: TDb, summary: TRebuildSummary) => Promise<void>,
): Promise<TRebuildSummary> {
  const started = performance.now();
  return storage.db.transaction().execute(async (trx) => {
    if (storage.dialect === 'postgres') await lockEveryRollupSlot(trx);
    const version = await bumpRollupVersion(trx, orgId);
    await deleteRollups(trx, orgId);
    await insertValueRollupsFromRaw(trx, orgId);
    const builder = new RollupDeltaBuilder({ valueCells: false });
    let afterId: string | null = null;
    let responses = 0;
    for (;;) {
      const rows = await findCompleteResponsesPage(trx, orgId, afterId, PAGE);
      for (const r of rows) {
        const packed = parseJsonColumn<Record<string, number>>(r.values_json);
        // The builder orders the pattern's keys itself.
        const keys = Object.keys(packed);
        // A response without numeric answers has no cross products.
        if (keys.length === 0) continue;
        const values = keys.map((key) => ({ key, value: Number(packed[key]) }));
        const dims = {
          surveyId: r.survey_id,
          touchpointId: r.touchpoint_id,
          day: r.day,
          segmentKey: r.segment_key,
        };
        builder.add({ organizationId: orgId, ...dims, complete: false, values }, 1);
        responses++;
      }
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || last === undefined) break;
      afterId = last.id;
    }
    await insertCrossCells(trx, builder.build().cross);
    const cells = await countRollupCells(trx, orgId);
    const summary = {
      organizationId: orgId,
      version,
      ...cells,
      responses,
      milliseconds: performance.now() - started,
    };
    await alsoInTransaction?.(trx, summary);
    return summary;
  });
}
