/**
 * The write path's side of the outbox: the events of a batch of stored responses, appended in
 * the batch's transaction after its rows and rollups.
 */
import { findRollupVersionIn } from '../analytics/rollups.repository.js';
import type { TStoredResponse, TWriteTx } from './stored-response.js';
import { batchEvent, responseEvents } from '../events/domain-event.js';
import { appendEvents } from '../events/events.repository.js';

/** How a writer records its batches: an event per response, or one per batch (bulk loads). */
export type TAppendResponseEvents = (
  tx: TWriteTx,
  written: readonly TStoredResponse[],
) => Promise<void>;

/** The rollup versions of the organizations of complete responses: this transaction's bumps. */
async function rollupVersions(tx: TWriteTx, written: readonly TStoredResponse[]) {
  const versions = new Map<string, number>();
  for (const r of written) {
    if (r.status === 'complete' && !versions.has(r.organizationId)) {
      const bumped = tx.rollupVersions.get(r.organizationId);
      versions.set(r.organizationId, bumped ?? (await findRollupVersionIn(tx, r.organizationId)));
    }
  }
  return versions;
}

/** Appends one event per written response, inside the writer's transaction. */
export const appendResponseEvents: TAppendResponseEvents = async (tx, written) => {
  if (written.length === 0) return;
  await appendEvents(tx, responseEvents(written, await rollupVersions(tx, written)));
};

/**
 * Appends one `responses.imported` event per organization naming the batch's rows, as the
 * SQLite bulk thread does: a bulk load records its batches, not every response.
 */
export const appendImportEvents: TAppendResponseEvents = async (tx, written) => {
  if (written.length === 0) return;
  const versions = await rollupVersions(tx, written);
  const byOrganization = new Map<string, string[]>();
  for (const r of written) {
    const ids = byOrganization.get(r.organizationId) ?? [];
    ids.push(r.id);
    byOrganization.set(r.organizationId, ids);
  }
  const at = new Date().toISOString();
  await appendEvents(
    tx,
    [...byOrganization].map(([organizationId, ids]) =>
      batchEvent(
        'responses.imported',
        organizationId,
        ids,
        versions.get(organizationId) ?? null,
        at,
      ),
    ),
  );
};
