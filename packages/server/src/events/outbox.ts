/**
 * The write path's side of the outbox: the events of a batch of stored responses, appended in
 * the batch's transaction after its rows and rollups.
 */
import { findRollupVersionIn } from '../analytics/rollups.repository.js';
import type { TStoredResponse, TWriteTx } from '../responses/response-batch.js';
import { responseEvents } from './domain-event.js';
import { appendEvents } from './events.repository.js';

/** Appends one event per written response, inside the writer's transaction. */
export async function appendResponseEvents(
  tx: TWriteTx,
  written: readonly TStoredResponse[],
): Promise<void> {
  if (written.length === 0) return;
  const versions = new Map<string, number>();
  for (const r of written) {
    if (r.status === 'complete' && !versions.has(r.organizationId)) {
      versions.set(r.organizationId, await findRollupVersionIn(tx, r.organizationId));
    }
  }
  await appendEvents(tx, responseEvents(written, versions));
}
