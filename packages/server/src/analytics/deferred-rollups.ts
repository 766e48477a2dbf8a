/**
 * Rollup maintenance for bulk loads (the demo): the deltas of many writer batches are summed in
 * memory and written in one go, so a rollup cell loaded by many batches is written once and each
 * B-tree page is dirtied once per flush instead of once per batch. Rollups lag the responses
 * until the flush, so only a loader that owns its organization's data meanwhile may use it.
 */
import type { TResponseBatchListener } from '../responses/response-batch.js';
import type { TStorage } from '../storage/database.js';
import { RollupDeltaBuilder } from './rollup-deltas.js';
import {
  applyRollupDeltas,
  publishRollups,
  rollupResponseOf,
  type TAppliedRollups,
} from './rollup-maintenance.js';

/** A rollup listener that writes every `flushEvery` responses, and when told the end is near. */
export interface TDeferredRollups {
  listener: TResponseBatchListener;
  /** The next batch writes everything summed so far (call it before writing the last unit). */
  flushWithNextBatch(): void;
}

/** The deferred rollup listener of one bulk load (the writer must write one unit at a time). */
export function deferredRollups(storage: TStorage, flushEvery: number): TDeferredRollups {
  let builder = new RollupDeltaBuilder();
  let summed = 0;
  let flushNext = false;
  let published: TAppliedRollups | null = null;
  return {
    flushWithNextBatch() {
      flushNext = true;
    },
    listener: {
      name: 'analytics-rollups-deferred',
      async apply(batch, tx) {
        const added = batch.filter((r) => r.status === 'complete').map(rollupResponseOf);
        builder.addBatch({ added });
        summed += added.length;
        published = null;
        if (summed < flushEvery && !flushNext) return;
        // A batch that fails fails the whole load, so what was summed is never needed again.
        const deltas = builder.build();
        builder = new RollupDeltaBuilder();
        summed = 0;
        flushNext = false;
        published = await applyRollupDeltas(tx, deltas);
      },
      afterCommit() {
        const applied = published;
        published = null;
        // A cube that misses this is reloaded by its next read: the version says so.
        if (applied) void publishRollups(storage, applied).catch(() => undefined);
      },
    },
  };
}
