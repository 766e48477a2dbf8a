import { sql } from 'kysely';
import type { TStorage } from '../storage/database.js';
import type { TBulkFailure, TBulkResponseWriter } from './bulk-response-writer.js';
import { appendImportEvents } from './outbox.js';
import { organizationSeqs, postgresFlush, type TKnownSeqs } from './postgres-flush.js';
import { copyRows, createStagingTable, withCopyTransaction } from './postgres-copy.js';
import { RESPONSE_COLUMNS, responseRowValues } from './response-rows.js';
import { rollupBatchListener } from './rollup-writes.js';
import type { TStoredResponse } from './stored-response.js';
import { applyListeners, isRowLevelError } from './write-units.js';
import { postgresWriteTx } from './write-tx.js';

const COPIED_COLUMNS = [...RESPONSE_COLUMNS, 'organization_seq'] as const;
const STAGING = 'response_copy';

/** The refusal of a row whose id or idempotency key is stored already (a unique key's code). */
function storedAlready(response: TStoredResponse): Error {
  const what = response.idempotencyKey === null ? 'id' : 'idempotency key';
  return Object.assign(new Error(`a response with this ${what} is stored already`), {
    code: '23505',
  });
}

/** A response's identity as `INSERT ... RETURNING` gives it back. */
const identity = (id: string, key: string | null) => `${id}\u0000${key ?? ''}`;

/**
 * One batch in one transaction: COPY into the staging table, `INSERT ... SELECT ... ON CONFLICT
 * DO NOTHING` into `responses` (a row whose id or key is stored, or came earlier in the batch,
 * is refused alone), then the rollups and the batch's event for the rows stored.
 */
async function copyBatch(
  storage: TStorage,
  knownSeqs: TKnownSeqs,
  responses: readonly TStoredResponse[],
): Promise<TBulkFailure[]> {
  const listener = rollupBatchListener();
  return withCopyTransaction(storage, async (trx, client) => {
    const seqOf = await organizationSeqs(trx, knownSeqs, responses);
    await createStagingTable(client, STAGING, 'responses', COPIED_COLUMNS);
    await copyRows(
      client,
      STAGING,
      COPIED_COLUMNS,
      responses.map((r) => [...responseRowValues(r), seqOf(r.organizationId)]),
    );
    const columns = sql.raw(COPIED_COLUMNS.join(', '));
    const inserted = await sql<{ id: string; idempotency_key: string | null }>`
      INSERT INTO responses (${columns}) SELECT ${columns} FROM ${sql.raw(STAGING)}
      ON CONFLICT DO NOTHING RETURNING id, idempotency_key`.execute(trx);
    // Each identity stored once; a second row with the same one was refused.
    const stored = new Set(inserted.rows.map((r) => identity(r.id, r.idempotency_key)));
    const written: TStoredResponse[] = [];
    const failures: TBulkFailure[] = [];
    responses.forEach((response, index) => {
      if (stored.delete(identity(response.id, response.idempotencyKey))) written.push(response);
      else failures.push({ index, error: storedAlready(response) });
    });
    const tx = postgresWriteTx(trx);
    await applyListeners([listener], written, tx);
    await appendImportEvents(tx, written);
    return failures;
  });
}

/**
 * PostgreSQL: each batch copied in with COPY (`copyBatch`), in the order given; the next batch
 * may be handed over while one is stored. A batch refused for a reason of one row (a customer or
 * survey removed meanwhile) is written again by the group commit's flush, response by response
 * behind savepoints, so that only that row fails.
 */
export function postgresBulkResponses(storage: TStorage): TBulkResponseWriter {
  const knownSeqs: TKnownSeqs = new Map();
  const rowByRow = postgresFlush(storage, [rollupBatchListener()], appendImportEvents);
  const store = async (responses: readonly TStoredResponse[]): Promise<TBulkFailure[]> => {
    if (responses.length === 0) return [];
    try {
      return await copyBatch(storage, knownSeqs, responses);
    } catch (error) {
      if (!isRowLevelError(error))
        return responses.map((_, index) => ({ index, error: asError(error) }));
    }
    const results = await rowByRow(responses.map((r) => [r]));
    return results.flatMap((result, index) =>
      result.ok ? [] : [{ index, error: asError(result.error) }],
    );
  };
  let last: Promise<unknown> = Promise.resolve();
  return {
    inFlight: 2,
    write(responses) {
      const stored = last.then(() => store(responses));
      last = stored.catch(() => undefined);
      return stored;
    },
    close: () => last.then(() => undefined),
  };
}

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(String(reason));
}
