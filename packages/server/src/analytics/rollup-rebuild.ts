/**
 * Recomputes an organization's rollups from its raw rows in one transaction: value cells in SQL
 * (INSERT ... SELECT ... GROUP BY), cross products by streaming the answers in response order
 * through the same delta code the writer uses. The version bump makes every process's cube reload.
 */
import type { TDb, TStorage } from '../storage/database.js';
import { RollupDeltaBuilder } from './rollup-deltas.js';
import {
  bumpRollupVersion,
  countRollupCells,
  deleteRollups,
  findResponseValuesPage,
  insertValueRollupsFromRaw,
  upsertCrossDeltas,
} from './rollups.repository.js';

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

/** Rebuilds one organization's rollups from `responses` and `response_values`. */
export async function rebuildOrganizationRollups(
  storage: TStorage,
  orgId: string,
  /** More work for the same transaction (the audit entry of an API call). */
  alsoInTransaction?: (trx: TDb, summary: TRebuildSummary) => Promise<void>,
): Promise<TRebuildSummary> {
  const started = performance.now();
  return storage.db.transaction().execute(async (trx) => {
    const version = await bumpRollupVersion(trx, orgId);
    await deleteRollups(trx, orgId);
    await insertValueRollupsFromRaw(trx, orgId);
    const builder = new RollupDeltaBuilder({ valueCells: false });
    let after: { responseId: string; questionKey: string } | null = null;
    let currentId: string | null = null;
    let values: { key: string; value: number }[] = [];
    let dims = { surveyId: '', touchpointId: null as string | null, day: '', segmentKey: '' };
    let responses = 0;
    const flush = () => {
      if (currentId === null) return;
      builder.add({ organizationId: orgId, ...dims, complete: false, values }, 1);
      responses++;
    };
    for (;;) {
      const rows = await findResponseValuesPage(trx, orgId, after, PAGE);
      for (const r of rows) {
        if (currentId !== r.response_id) {
          flush();
          currentId = r.response_id;
          values = [];
          dims = {
            surveyId: r.survey_id,
            touchpointId: r.touchpoint_id,
            day: r.day,
            segmentKey: r.segment_key,
          };
        }
        values.push({ key: r.question_key, value: Number(r.value) });
      }
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || last === undefined) break;
      after = { responseId: last.response_id, questionKey: last.question_key };
    }
    flush();
    await upsertCrossDeltas(trx, builder.build().cross);
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
