/**
 * The baseline of figure e: the PostgreSQL bulk writer as it was before COPY, kept here and used
 * by the bench only: the group commit's flush (one `INSERT ... SELECT FROM unnest` of every
 * column as an array, the rollup listener, one event a batch) with batches of 10,000, each
 * response its own unit, one batch stored at a time.
 */
import type {
  TBulkFailure,
  TBulkResponseWriter,
} from '../../packages/server/src/ingest/bulk-response-writer.js';
import { appendImportEvents } from '../../packages/server/src/ingest/outbox.js';
import { postgresFlush } from '../../packages/server/src/ingest/postgres-flush.js';
import { ResponseWriter } from '../../packages/server/src/ingest/response-writer.js';
import { rollupBatchListener } from '../../packages/server/src/ingest/rollup-writes.js';
import type { TStorage } from '../../packages/server/src/storage/database.js';

export function insertBulkResponses(storage: TStorage): TBulkResponseWriter {
  const flush = postgresFlush(storage, [rollupBatchListener()], appendImportEvents);
  const writer = new ResponseWriter(flush, { maxBatch: 10_000 });
  return {
    inFlight: 1,
    async write(responses) {
      const outcomes = await writer.writeEach(responses.map((r) => [r]));
      const failures: TBulkFailure[] = [];
      outcomes.forEach((outcome, index) => {
        if (outcome.status === 'rejected') {
          const reason: unknown = outcome.reason;
          failures.push({
            index,
            error: reason instanceof Error ? reason : new Error(String(reason)),
          });
        }
      });
      return failures;
    },
    close: () => writer.close(),
  };
}
